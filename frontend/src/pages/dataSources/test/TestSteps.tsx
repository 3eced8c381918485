import { token } from '@atlaskit/tokens';
import type { CheckItem } from '../kinds';

export type StepState = 'ok' | 'failed' | 'skipped';

/** One step of a test: passed, failed, or not run; its time when it ran. */
export function StepItem({ step, label, state, detail, ms }: { step: string; label: string; state: StepState; detail: string | null; ms: string | null }) {
  const mark = state === 'ok' ? '✓' : state === 'failed' ? '✗' : '–';
  const color = state === 'ok' ? token('color.text.success') : state === 'failed' ? token('color.text.danger') : token('color.text.subtlest');
  return (
    <li data-testid="test-step" data-step={step} data-ok={state === 'skipped' ? undefined : String(state === 'ok')} style={{ display: 'grid', gridTemplateColumns: '1.5em 1fr', gap: token('space.050'), padding: `${token('space.050')} 0` }}>
      <span aria-hidden="true" style={{ color, fontWeight: token('font.weight.bold') }}>
        {mark}
      </span>
      <span style={{ display: 'flex', flexDirection: 'column' }}>
        <span style={{ display: 'flex', gap: token('space.100'), alignItems: 'baseline' }}>
          <strong data-testid="test-step-label">{label}</strong>
          <span className="rc-assistive">{state === 'ok' ? ' passed' : state === 'failed' ? ' failed' : ' not run'}</span>
          {ms !== null && (
            <span data-testid="test-step-ms" style={{ color: token('color.text.subtlest'), font: token('font.body.small') }}>
              {ms}
            </span>
          )}
        </span>
        <span data-testid="test-step-detail" style={{ color: token('color.text.subtle'), overflowWrap: 'anywhere' }}>
          {state === 'skipped' ? 'Not run: an earlier step failed.' : detail}
        </span>
      </span>
    </li>
  );
}

/** A checklist under a failure: topic, then what to check (the connection test's, the write-access test's). */
export function Checklist({ title, items, testId = 'test-checklist' }: { title: string; items: readonly CheckItem[]; testId?: string }) {
  return (
    <div data-testid={testId}>
      <p style={{ margin: `${token('space.100')} 0 0` }}>
        <strong>{title}</strong>
      </p>
      <ul style={{ margin: 0 }}>
        {items.map(([topic, text]) => (
          <li key={topic}>
            <strong>{`${topic}: `}</strong>
            {text}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A DN as code text that may wrap after each comma (never inside an RDN). */
export function DnCode({ dn, testId }: { dn: string; testId?: string }) {
  const parts = dn.split(',');
  return (
    <code data-testid={testId}>
      {parts.map((part, i) => (
        <span key={i}>
          {i > 0 && <wbr />}
          {i < parts.length - 1 ? `${part},` : part}
        </span>
      ))}
    </code>
  );
}
