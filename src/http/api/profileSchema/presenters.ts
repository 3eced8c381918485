import type { DirectoryGroup } from '../../../directory/confluenceDirectory';
import type { FieldCategory, ProfileField } from '../../../db/models';
import { convertibleTypes, FIELD_TYPE_LABELS, OPTION_TYPES, type FieldType } from '../../../profiles/fieldTypes';

/** Every field of a category that leaves the server. */
export function presentCategory(category: FieldCategory, fieldCount: number) {
  return {
    id: String(category.id),
    name: category.name,
    position: category.position,
    restrictedToGroups: category.restrictedToGroups.map((g) => ({ id: g.id, name: g.name })),
    fieldCount,
  };
}

/** Every field of a profile field definition that leaves the server. */
export function presentField(field: ProfileField) {
  return {
    key: field.key,
    label: field.label,
    type: field.type,
    categoryId: String(field.categoryId),
    helpText: field.helpText,
    position: field.position,
    required: field.required,
    shownInProfile: field.shownInProfile,
    options: field.options.map((o) => ({ id: o.id, label: o.label, retired: o.retired })),
    builtin: field.builtin,
    orgChartSuperior: field.orgChartSuperior,
  };
}

/** A field type for the editor: its label, whether it has options, and the types a field of it may change to. */
export function presentFieldType(type: FieldType) {
  return { type, label: FIELD_TYPE_LABELS[type], hasOptions: OPTION_TYPES.has(type), convertsTo: convertibleTypes(type) };
}

/** A Confluence group as the group picker offers it. */
export function presentGroup(group: DirectoryGroup) {
  return { id: group.id, name: group.name };
}
