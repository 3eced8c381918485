/** Builders for the editor's unit tests: a category and a field as the server presents them. */
import type { Category, Field } from '../../api/profileSchema';

export function buildCategory(overrides: Partial<Category> = {}): Category {
  return { id: '1', name: 'Contact', position: 0, restrictedToGroups: [], fieldCount: 0, ...overrides };
}

export function buildField(overrides: Partial<Field> = {}): Field {
  return { key: 'phone', label: 'Phone', type: 'text', categoryId: '1', helpText: '', position: 0, required: false, shownInProfile: true, options: [], builtin: false, orgChartSuperior: false, ...overrides };
}
