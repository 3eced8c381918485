import SectionMessage from '@atlaskit/section-message';
import type { ReactNode } from 'react';

export type NoticeAppearance = 'information' | 'warning' | 'error' | 'success' | 'discovery';

export interface NoticeProps {
  appearance: NoticeAppearance;
  title?: string;
  children?: ReactNode;
  testId?: string;
  /** `alert` for an error that appears after an action; `note` for advice. */
  role?: 'alert' | 'note' | 'status';
  /** More attributes of the wrapper (`data-available`, …). */
  attributes?: Record<`data-${string}`, string>;
}

/**
 * A message within the page (Atlaskit's section message). The wrapper carries `data-appearance`,
 * the test id and the role, so the message's kind is visible to tests and assistive technology.
 */
export function Notice({ appearance, title, children, testId, role, attributes }: NoticeProps) {
  return (
    <div data-testid={testId} data-appearance={appearance} role={role} {...attributes}>
      <SectionMessage appearance={appearance} title={title}>
        {children}
      </SectionMessage>
    </div>
  );
}
