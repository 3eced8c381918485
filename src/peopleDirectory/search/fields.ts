import { FieldCategory, type FieldOption, ProfileField } from '../../db/models';
import type { FieldType } from '../../profiles/fieldTypes';
import { canSeeCategory, type Viewer } from '../../profiles/policy';

/** A field as the directory knows it: one shown in profiles, in a category the viewer may see. */
export interface DirectoryField {
  key: string;
  label: string;
  type: FieldType;
  options: FieldOption[];
  /** In a category restricted to groups (so not in the open document: see the people_search migration). */
  restricted: boolean;
}

/** Types whose value is one string the directory matches as text (free text looks in them). */
export const TEXT_TYPES: ReadonlySet<FieldType> = new Set(['text', 'multiline', 'email', 'phone', 'url', 'number', 'date']);
export const SELECT_TYPES: ReadonlySet<FieldType> = new Set(['select', 'multiselect']);
export const USER_TYPES: ReadonlySet<FieldType> = new Set(['user', 'multiuser']);

/**
 * The fields the directory shows `viewer`, in profile order (category, then field position): those
 * shown in profiles (a field hidden from profiles is only in the edit form), of the categories the
 * viewer may see (profiles/policy.ts). Every other field does not exist for this viewer's search:
 * not matched, sorted, counted, shown or exported, and named in a query it is an unknown field —
 * the same answer as for a field that does not exist, so the answer reveals nothing.
 */
export async function directoryFields(tenantId: string, viewer: Viewer): Promise<DirectoryField[]> {
  const [categories, fields] = await Promise.all([
    FieldCategory.findAll({ where: { tenantId }, order: [['position', 'ASC'], ['id', 'ASC']] }),
    ProfileField.findAll({ where: { tenantId, shownInProfile: true }, order: [['position', 'ASC'], ['id', 'ASC']] }),
  ]);
  return categories
    .filter((c) => canSeeCategory(viewer, c))
    .flatMap((c) => fields.filter((f) => String(f.categoryId) === String(c.id)).map((f) => ({ field: f, restricted: c.restrictedToGroups.length > 0 })))
    .map(({ field: f, restricted }) => ({ key: f.key, label: f.label, type: f.type as FieldType, options: f.options, restricted }));
}
