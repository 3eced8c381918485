import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import type { Facet } from '../../api/directory';

/** Counts per value of the facet fields beside the results; a value adds its term to the search. */
export function Facets({ facets, onChoose }: { facets: Facet[]; onChoose: (term: string) => void }) {
  const shown = facets.filter((f) => f.values.length > 0);
  if (shown.length === 0) return null;
  return (
    <aside aria-label="Narrow the search" data-testid="directory-facets" style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }}>
      {shown.map((facet) => (
        <section key={facet.field.key} data-testid="facet" data-field={facet.field.key} aria-label={facet.field.label}>
          <Heading size="xsmall" as="h2">
            {facet.field.label}
          </Heading>
          <ul style={{ listStyle: 'none', margin: `${token('space.075')} 0 0`, padding: 0, display: 'flex', flexDirection: 'column', gap: token('space.025') }}>
            {facet.values.map((v) => (
              <li key={v.value}>
                <button
                  type="button"
                  data-testid="facet-value"
                  data-query={v.query}
                  onClick={() => onChoose(v.query)}
                  title={`Add ${v.query} to the search`}
                  style={{ display: 'flex', width: '100%', justifyContent: 'space-between', gap: token('space.100'), background: 'none', border: 'none', padding: `${token('space.025')} ${token('space.050')}`, borderRadius: token('radius.small', '3px'), cursor: 'pointer', color: token('color.link'), font: 'inherit', textAlign: 'left' }}
                >
                  <span style={{ overflowWrap: 'anywhere' }}>{v.label}</span>
                  <span style={{ color: token('color.text.subtle') }} aria-label={`${v.count} people`}>
                    {v.count}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
