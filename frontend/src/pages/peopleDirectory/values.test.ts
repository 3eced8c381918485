import { valueSourceOf } from './values';

it('takes a value of the directory as a profile view value, and an absent one as empty', () => {
  const department = { key: 'department', type: 'select' as const };
  expect(valueSourceOf(department, { values: { department: { type: 'select', value: 'o1', display: 'R&D (Berlin)' } } })).toEqual({ type: 'select', value: 'o1', display: 'R&D (Berlin)', people: undefined });
  const people = [{ accountId: 'acc-1', displayName: 'Ada' }];
  expect(valueSourceOf({ key: 'manager', type: 'user' }, { values: { manager: { type: 'user', value: 'acc-1', display: 'Ada', people } } })).toMatchObject({ people });
  expect(valueSourceOf(department, { values: {} })).toEqual({ type: 'select', value: null, display: null });
});
