import type { FieldCategory, ProfileField } from '../db/models';

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

/** A person found by the people search: every field that leaves the server (no email: see `searchPeople`). */
export function presentPersonFound(person: { accountId: string; displayName: string | null; pictureUrl: string | null }) {
  return { accountId: person.accountId, displayName: person.displayName, pictureUrl: person.pictureUrl };
}
