import { token } from '@atlaskit/tokens';
import { FieldValue } from '../../components/FieldValue';
import { isEmptyValue } from '../../components/fieldFormat';
import { PersonName } from './PersonName';
import type { ResultsProps } from './ResultsTable';
import { valueSourceOf } from './values';

/** Fields a card shows at most (the filled ones, in column order): a card stays a card. */
const CARD_FIELDS = 4;

/** The results as cards: picture, name and the first filled fields of each person. */
export function ResultCards({ columns, people, pictures, personHref }: ResultsProps) {
  return (
    <ul data-testid="directory-cards" style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', alignItems: 'start', gap: token('space.200') }}>
      {people.map((person) => {
        const filled = columns.map((c) => ({ column: c, value: valueSourceOf(c, person) })).filter((f) => !isEmptyValue(f.value.value)).slice(0, CARD_FIELDS);
        return (
          <li
            key={person.accountId}
            data-testid="directory-card"
            data-account-id={person.accountId}
            style={{
              display: 'flex',
              flexDirection: 'column',
              gap: token('space.100'),
              padding: token('space.200'),
              borderRadius: token('radius.large', '8px'),
              border: `1px solid ${token('color.border')}`,
              backgroundColor: token('elevation.surface.raised'),
              boxShadow: token('elevation.shadow.raised'),
              opacity: person.left ? 0.85 : undefined,
            }}
          >
            <PersonName person={person} picture={pictures[person.accountId]} href={personHref(person.accountId)} size="medium" />
            {filled.length > 0 && (
              <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: token('space.100'), rowGap: token('space.050') }}>
                {filled.map(({ column, value }) => (
                  <div key={column.key} style={{ display: 'contents' }}>
                    <dt style={{ color: token('color.text.subtle') }}>{column.label}</dt>
                    <dd style={{ margin: 0, overflowWrap: 'anywhere' }}>
                      <FieldValue field={value} personHref={personHref} />
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </li>
        );
      })}
    </ul>
  );
}
