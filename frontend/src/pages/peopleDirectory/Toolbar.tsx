import { token } from '@atlaskit/tokens';
import type { DirectoryColumn } from '../../api/directory';
import { Select } from '../../components/inputs';
import type { SearchState } from './searchState';
import type { ViewMode } from './viewMode';

export interface ToolbarProps {
  total: number | null;
  search: SearchState;
  columns: DirectoryColumn[];
  onSort: (sort: string, order: SearchState['order']) => void;
  view: ViewMode;
  onView: (view: ViewMode) => void;
  /** The export button, for who may export. */
  exportButton?: React.ReactNode;
}

const segment = (pressed: boolean) => ({
  padding: `${token('space.050')} ${token('space.150')}`,
  border: `1px solid ${token('color.border')}`,
  backgroundColor: pressed ? token('color.background.selected') : token('color.background.neutral.subtle'),
  color: pressed ? token('color.text.selected') : token('color.text'),
  font: 'inherit',
  cursor: 'pointer',
});

/** Above the results: how many, the sort, table or cards, and the export. */
export function Toolbar({ total, search, columns, onSort, view, onView, exportButton }: ToolbarProps) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: token('space.150'), alignItems: 'center' }}>
      <span data-testid="directory-total" style={{ color: token('color.text.subtle'), marginRight: 'auto' }}>
        {total === null ? '' : total === 1 ? '1 person' : `${total.toLocaleString('en')} people`}
      </span>
      <label style={{ display: 'inline-flex', alignItems: 'center', gap: token('space.075') }}>
        <span style={{ color: token('color.text.subtle') }}>Sort by</span>
        <Select value={search.sort} onChange={(e) => onSort(e.target.value, search.order)} testId="directory-sort" style={{ width: 'auto' }}>
          <option value="name">Name</option>
          {columns.map((c) => (
            <option key={c.key} value={c.key}>
              {c.label}
            </option>
          ))}
        </Select>
        <Select value={search.order} onChange={(e) => onSort(search.sort, e.target.value === 'desc' ? 'desc' : 'asc')} testId="directory-order" aria-label="Order" style={{ width: 'auto' }}>
          <option value="asc">A to Z</option>
          <option value="desc">Z to A</option>
        </Select>
      </label>
      <div role="group" aria-label="Show as" style={{ display: 'inline-flex' }}>
        <button type="button" aria-pressed={view === 'table'} onClick={() => onView('table')} data-testid="view-table" style={{ ...segment(view === 'table'), borderRadius: `${token('radius.medium', '6px')} 0 0 ${token('radius.medium', '6px')}` }}>
          Table
        </button>
        <button type="button" aria-pressed={view === 'cards'} onClick={() => onView('cards')} data-testid="view-cards" style={{ ...segment(view === 'cards'), borderLeft: 'none', borderRadius: `0 ${token('radius.medium', '6px')} ${token('radius.medium', '6px')} 0` }}>
          Cards
        </button>
      </div>
      {exportButton}
    </div>
  );
}
