import type { Transaction } from 'sequelize';
import { FieldCategory, ProfileField } from '../db/models';
import type { FieldType } from './fieldTypes';

/**
 * The six default fields every tenant has from installation on (as in Confluence Server's user
 * profile): they can be renamed, moved and re-categorised, never deleted. Their keys are stable:
 * migration and LDAP mappings address them by key, whatever their labels become.
 */
export const DEFAULT_CATEGORIES = [{ name: 'Contact' }, { name: 'Work' }] as const;

export const DEFAULT_FIELDS: ReadonlyArray<{ key: string; label: string; type: FieldType; category: string; position: number }> = [
  { key: 'phone', label: 'Phone', type: 'phone', category: 'Contact', position: 0 },
  { key: 'im', label: 'IM', type: 'text', category: 'Contact', position: 1 },
  { key: 'website', label: 'Website', type: 'url', category: 'Contact', position: 2 },
  { key: 'position', label: 'Position', type: 'text', category: 'Work', position: 0 },
  { key: 'department', label: 'Department', type: 'text', category: 'Work', position: 1 },
  { key: 'location', label: 'Location', type: 'text', category: 'Work', position: 2 },
];

/**
 * Creates the default categories and fields for a tenant that has none of the default fields yet
 * (a first install). A re-install keeps whatever the admin made of them.
 */
export async function ensureDefaultFields(tenantId: string, transaction?: Transaction): Promise<void> {
  const existing = await ProfileField.count({ where: { tenantId, builtin: true }, transaction });
  if (existing > 0) return;
  const categoryIds = new Map<string, string>();
  let position = await FieldCategory.count({ where: { tenantId }, transaction });
  for (const category of DEFAULT_CATEGORIES) {
    const [row] = await FieldCategory.findOrCreate({
      where: { tenantId, name: category.name },
      defaults: { tenantId, name: category.name, position: position++, restrictedToGroups: [] },
      transaction,
    });
    categoryIds.set(category.name, String(row.id));
  }
  await ProfileField.bulkCreate(
    DEFAULT_FIELDS.map((f) => ({
      tenantId,
      key: f.key,
      label: f.label,
      type: f.type,
      categoryId: categoryIds.get(f.category)!,
      position: f.position,
      builtin: true,
    })),
    { transaction },
  );
}
