import type { DirectoryColumn } from '../../api/directory';

/** What the macro keeps: the search and the columns (field keys separated by commas). */
export interface PeopleListConfig {
  query: string;
  columns: string;
}

/** The macro's column names: `position, department ,phone` → ['position', 'department', 'phone'] (empty: every column). */
export function columnNames(columns: string): string[] {
  return columns
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
}

/**
 * The directory's columns the macro shows, in the macro's order: each name matches a column's key,
 * or its label (any case); names matching no column the viewer sees are `missing` (a field that
 * was deleted, mistyped, or in a category the viewer may not see: the macro cannot tell, and does
 * not say which). No names: every column.
 */
export function chooseColumns(all: DirectoryColumn[], columns: string): { shown: DirectoryColumn[]; missing: string[] } {
  const names = columnNames(columns);
  if (names.length === 0) return { shown: all, missing: [] };
  const shown: DirectoryColumn[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    const column = all.find((c) => c.key === name) ?? all.find((c) => c.key.toLowerCase() === lower || c.label.toLowerCase() === lower);
    if (!column) missing.push(name);
    else if (!shown.includes(column)) shown.push(column);
  }
  return { shown, missing };
}
