import type { DirectoryColumn } from '../../api/directory';
import { chooseColumns, columnNames } from './columns';

const ALL: DirectoryColumn[] = [
  { key: 'position', label: 'Job title', type: 'text' },
  { key: 'department', label: 'Department', type: 'select' },
  { key: 'phone', label: 'Phone', type: 'phone' },
];

it('splits the macro columns at commas', () => {
  expect(columnNames(' position, department ,,phone ')).toEqual(['position', 'department', 'phone']);
  expect(columnNames('')).toEqual([]);
});

it('shows every column without names, else the named ones in the macro order, by key or label', () => {
  expect(chooseColumns(ALL, '').shown).toEqual(ALL);
  expect(chooseColumns(ALL, 'phone, job title, department, phone').shown.map((c) => c.key)).toEqual(['phone', 'position', 'department']);
});

it('names the columns it cannot show', () => {
  expect(chooseColumns(ALL, 'position, salary')).toEqual({ shown: [ALL[0]], missing: ['salary'] });
});
