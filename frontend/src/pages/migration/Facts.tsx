import { token } from '@atlaskit/tokens';

export interface Fact {
  count: number;
  label: string;
  testId: string;
  /** The colour of a count above zero: good news, a problem, or a note. */
  tone?: 'good' | 'bad' | 'note';
  help?: string;
}

const TONES = { good: token('color.text.success'), bad: token('color.text.danger'), note: token('color.text.discovery') };

/** The counts of a dry run or a report, as a definition list of big numbers. */
export function Facts({ facts, testId }: { facts: Fact[]; testId: string }) {
  return (
    <dl data-testid={testId} style={{ display: 'flex', flexWrap: 'wrap', gap: token('space.200'), margin: 0 }}>
      {facts.map((fact) => (
        <div key={fact.testId} data-testid={fact.testId} data-count={String(fact.count)} title={fact.help} style={{ minWidth: '120px', padding: token('space.150'), borderRadius: token('radius.medium'), backgroundColor: token('color.background.neutral'), display: 'flex', flexDirection: 'column-reverse' }}>
          <dt style={{ color: token('color.text.subtle') }}>{fact.label}</dt>
          <dd style={{ margin: 0, font: token('font.heading.large'), color: fact.tone && fact.count > 0 ? TONES[fact.tone] : token('color.text') }}>{String(fact.count)}</dd>
        </div>
      ))}
    </dl>
  );
}
