import { token } from '@atlaskit/tokens';
import type { DirectoryColumn, DirectoryPerson } from '../../api/directory';
import { bodyCell, headerCell } from '../../components/DataTable';
import { FieldValue } from '../../components/FieldValue';
import { PersonName } from './PersonName';
import type { SearchState } from './searchState';
import { valueSourceOf } from './values';

export interface ResultsProps {
  columns: DirectoryColumn[];
  people: DirectoryPerson[];
  pictures: Record<string, string>;
  personHref: (accountId: string) => string;
}

export interface ResultsTableProps extends ResultsProps {
  /** The sort now; without it the headers are not buttons (the macro). */
  sort?: Pick<SearchState, 'sort' | 'order'>;
  onSort?: (key: string) => void;
  caption: string;
}

const sortButton = {
  background: 'none',
  border: 'none',
  padding: 0,
  cursor: 'pointer',
  display: 'inline-flex',
  gap: token('space.050'),
  alignItems: 'center',
  color: 'inherit',
  font: 'inherit',
  borderRadius: token('radius.small', '3px'),
} as const;

/** The results as a table: the name, then one column per visible field; a header sorts by its column (again: the other way). */
export function ResultsTable({ columns, people, pictures, personHref, sort, onSort, caption }: ResultsTableProps) {
  const header = (key: string, label: string) => {
    const active = sort?.sort === key;
    const ariaSort = active ? (sort?.order === 'desc' ? 'descending' : 'ascending') : undefined;
    return (
      <th key={key} scope="col" style={headerCell} aria-sort={ariaSort} data-column={key}>
        {onSort ? (
          <button type="button" style={sortButton} onClick={() => onSort(key)} data-testid={`sort-${key}`}>
            {label}
            <span aria-hidden="true" style={{ color: active ? token('color.text') : token('color.text.subtlest') }}>
              {active ? (sort?.order === 'desc' ? '▼' : '▲') : '↕'}
            </span>
          </button>
        ) : (
          label
        )}
      </th>
    );
  };
  return (
    <div style={{ overflowX: 'auto' }}>
      <table data-testid="directory-table" style={{ borderCollapse: 'collapse', width: '100%' }}>
        <caption className="rc-assistive">{caption}</caption>
        <thead>
          <tr>
            {header('name', 'Name')}
            {columns.map((c) => header(c.key, c.label))}
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.accountId} data-testid="directory-row" data-account-id={person.accountId} data-left={person.left ? 'true' : undefined}>
              <th scope="row" style={{ ...bodyCell, textAlign: 'left', fontWeight: 'inherit' }}>
                <PersonName person={person} picture={pictures[person.accountId]} href={personHref(person.accountId)} />
              </th>
              {columns.map((c) => (
                <td key={c.key} style={bodyCell} data-column={c.key}>
                  <FieldValue field={valueSourceOf(c, person)} personHref={personHref} emptyText="" />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
