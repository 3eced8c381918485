import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';

/** A test's title, Passed or Failed, and what it read. */
export function TestHeader({ title, ok, children }: { title: string; ok: boolean; children?: ReactNode }) {
  return (
    <div style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', flexWrap: 'wrap' }}>
      <Heading size="small" as="h3">
        {title}
      </Heading>
      <span data-testid="test-outcome">
        <Lozenge appearance={ok ? 'success' : 'removed'}>{ok ? 'Passed' : 'Failed'}</Lozenge>
      </span>
      {children && <span style={{ color: token('color.text.subtle') }}>{children}</span>}
    </div>
  );
}

/** The frame of a test's result. */
export function TestFrame({ state, label, children }: { state: 'passed' | 'failed'; label: string; children: ReactNode }) {
  return (
    <section data-testid="test-result" data-state={state} aria-label={label} style={{ display: 'flex', flexDirection: 'column', gap: token('space.150'), padding: token('space.200'), border: `1px solid ${state === 'passed' ? token('color.border.success') : token('color.border.danger')}`, borderRadius: token('radius.medium', '6px') }}>
      {children}
    </section>
  );
}
