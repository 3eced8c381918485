import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';

export interface EmptyStateProps {
  title: string;
  description?: ReactNode;
  /** The one next step (a button), if there is one. */
  action?: ReactNode;
  testId?: string;
}

/** Nothing to show yet: what the place is for, and the next step (Atlassian's empty-state pattern, compact). */
export function EmptyState({ title, description, action, testId }: EmptyStateProps) {
  return (
    <div data-testid={testId} style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: token('space.100'), padding: token('space.200'), borderRadius: token('radius.medium'), backgroundColor: token('color.background.neutral.subtle.hovered') }}>
      <Heading size="small" as="h3">
        {title}
      </Heading>
      {description && <div style={{ color: token('color.text.subtle') }}>{description}</div>}
      {action}
    </div>
  );
}
