import { QueryTypes } from 'sequelize';
import { Profile } from '../../db/models';
import { USER_TYPES, type DirectoryField } from './fields';

/**
 * One value as the profile page shows it (ProfileView's field values, so the front-end's
 * FieldValue renders it): the stored value, its text for people (option labels, names), and for
 * user fields the people named.
 */
export interface DirectoryValue {
  type: string;
  value: unknown;
  display: string | string[] | null;
  people?: Array<{ accountId: string; displayName: string | null }>;
}

const toList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);

/** The names of the people a page's user fields name (one query for the page). */
export async function namesOf(tenantId: string, fields: DirectoryField[], rows: Array<{ values: Record<string, unknown> }>): Promise<Map<string, string | null>> {
  const ids = [...new Set(rows.flatMap((r) => fields.filter((f) => USER_TYPES.has(f.type)).flatMap((f) => toList(r.values[f.key]))))];
  if (ids.length === 0) return new Map();
  const found = await Profile.sequelize!.query<{ account_id: string; display_name: string | null }>(
    'SELECT account_id, display_name FROM people_search WHERE tenant_id = :tenantId AND account_id IN (:ids)',
    { replacements: { tenantId, ids }, type: QueryTypes.SELECT },
  );
  return new Map(found.map((r) => [r.account_id, r.display_name]));
}

/** The visible fields' values of one person (empty fields left out). */
export function valuesOf(fields: DirectoryField[], values: Record<string, unknown>, names: Map<string, string | null>): Record<string, DirectoryValue> {
  const out: Record<string, DirectoryValue> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0) || value === '') continue;
    out[field.key] = { type: field.type, value, display: displayOf(field, value, names), ...(USER_TYPES.has(field.type) ? { people: toList(value).map((id) => ({ accountId: id, displayName: names.get(id) ?? null })) } : {}) };
  }
  return out;
}

/** The value as text: what a CSV cell and `display` hold. */
export function displayOf(field: DirectoryField, value: unknown, names: Map<string, string | null>): string | string[] | null {
  switch (field.type) {
    case 'select':
      return field.options.find((o) => o.id === value)?.label ?? null;
    case 'multiselect':
      return toList(value).map((id) => field.options.find((o) => o.id === id)?.label ?? id);
    case 'user':
      return names.get(value as string) ?? (value as string);
    case 'multiuser':
      return toList(value).map((id) => names.get(id) ?? id);
    default:
      return String(value);
  }
}
