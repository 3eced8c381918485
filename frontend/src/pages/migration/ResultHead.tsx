import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import { forwardRef } from 'react';

export interface ResultHeadProps {
  id: string;
  title: string;
  status: { text: string; appearance: 'default' | 'success' | 'removed' | 'inprogress'; testId: string; value?: string };
}

/** A result's heading (focusable: the page moves focus there when the result arrives) and its status lozenge. */
export const ResultHead = forwardRef<HTMLHeadingElement, ResultHeadProps>(function ResultHead({ id, title, status }, ref) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: token('space.100') }}>
      <h2 ref={ref} id={id} tabIndex={-1} data-testid="result-title" style={{ margin: 0, outline: 'none' }}>
        <Heading size="medium" as="span">
          {title}
        </Heading>
      </h2>
      <span data-testid={status.testId} data-status={status.value}>
        <Lozenge appearance={status.appearance}>{status.text}</Lozenge>
      </span>
    </div>
  );
});
