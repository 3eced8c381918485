import { z } from 'zod';
import { ProfileField, TenantSetting } from '../db/models';
import { unprocessable } from '../errors';
import { safeString } from '../safeText';

/** The tenant_settings key of the directory's settings. */
export const DIRECTORY_SETTINGS_KEY = 'directory';

/** The field types the directory can count values of (facets): one value or a list of options. */
export const FACET_TYPES: ReadonlySet<string> = new Set(['text', 'select', 'multiselect']);

/** At most this many facet fields. */
export const MAX_FACET_FIELDS = 10;

/**
 * A site's People Directory settings (admins change them):
 * - `exportForUsers`: whether everyone may export the CSV (admins always may). Default false.
 * - `facetFields`: the fields whose values are counted beside the results, in this order. Never
 *   stored: the fields keyed `department` and `location` that exist.
 */
export interface DirectorySettings {
  exportForUsers: boolean;
  facetFields: string[];
}

const stored = z.object({ exportForUsers: z.boolean().optional(), facetFields: z.array(safeString()).optional() }).passthrough();

export async function readDirectorySettings(tenantId: string): Promise<DirectorySettings> {
  const row = await TenantSetting.findOne({ where: { tenantId, key: DIRECTORY_SETTINGS_KEY } });
  const value = stored.safeParse(row?.value ?? {});
  const settings = value.success ? value.data : {};
  let facetFields = settings.facetFields;
  if (!facetFields) {
    const defaults = await ProfileField.findAll({ attributes: ['key'], where: { tenantId, key: ['department', 'location'] } });
    facetFields = ['department', 'location'].filter((k) => defaults.some((f) => f.key === k));
  }
  return { exportForUsers: settings.exportForUsers ?? false, facetFields };
}

/**
 * Stores the settings. Facet fields must exist and be text, select or multi-select fields
 * (422 `invalid_values` otherwise); duplicates are dropped. A field deleted later is skipped.
 */
export async function writeDirectorySettings(tenantId: string, settings: DirectorySettings): Promise<DirectorySettings> {
  const keys = [...new Set(settings.facetFields)];
  const fields = await ProfileField.findAll({ attributes: ['key', 'type', 'label'], where: { tenantId, key: keys } });
  const problems = keys.flatMap((key, i) => {
    const field = fields.find((f) => f.key === key);
    if (!field) return [{ path: `facetFields.${i}`, message: `There is no field "${key}"` }];
    if (!FACET_TYPES.has(field.type)) return [{ path: `facetFields.${i}`, message: `${field.label} is not a text, select or multi-select field: its values cannot be counted` }];
    return [];
  });
  if (problems.length > 0) throw unprocessable(problems.map((p) => p.message).join('; '), problems);
  const value = { exportForUsers: settings.exportForUsers, facetFields: keys };
  await TenantSetting.upsert({ tenantId, key: DIRECTORY_SETTINGS_KEY, value });
  return value;
}
