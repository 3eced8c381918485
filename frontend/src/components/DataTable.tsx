import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { useId, type CSSProperties, type ReactNode } from 'react';

/** A header cell's look: Atlassian's table header (subtle, bold, a bottom border). */
export const headerCell: CSSProperties = {
  textAlign: 'left',
  padding: `${token('space.050')} ${token('space.100')}`,
  color: token('color.text.subtle'),
  fontWeight: token('font.weight.semibold'),
  borderBottom: `2px solid ${token('color.border')}`,
  verticalAlign: 'bottom',
};

/** A body cell's look. */
export const bodyCell: CSSProperties = {
  padding: `${token('space.050')} ${token('space.100')}`,
  borderBottom: `1px solid ${token('color.border')}`,
  verticalAlign: 'top',
  overflowWrap: 'anywhere',
};

export interface TableSectionProps {
  title: string;
  intro?: string;
  testId: string;
  /** The `<thead>` and `<tbody>` of the table. */
  children: ReactNode;
}

/** A titled table of results (a section named by its heading; the table scrolls sideways when narrow). */
export function TableSection({ title, intro, testId, children }: TableSectionProps) {
  const headingId = useId();
  return (
    <section data-testid={testId} aria-labelledby={headingId} style={{ display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
      <Heading size="small" as="h3" id={headingId}>
        {title}
      </Heading>
      {intro && <p style={{ margin: 0, color: token('color.text.subtle') }}>{intro}</p>}
      <div style={{ overflowX: 'auto' }}>
        <table style={{ borderCollapse: 'collapse', width: '100%' }}>{children}</table>
      </div>
    </section>
  );
}
