import { valueSourceOf } from './values';

it('takes a profile view value as it is, and wraps a bare value', () => {
  const department = { key: 'department', type: 'select' };
  expect(valueSourceOf(department, { values: { department: { value: 'o1', display: 'R&D (Berlin)' } } })).toEqual({ type: 'select', value: 'o1', display: 'R&D (Berlin)', people: undefined });
  expect(valueSourceOf({ key: 'phone', type: 'phone' }, { values: { phone: '+49 30 1' } })).toEqual({ type: 'phone', value: '+49 30 1', display: '+49 30 1' });
  expect(valueSourceOf(department, { values: {} })).toEqual({ type: 'select', value: null, display: null });
});
