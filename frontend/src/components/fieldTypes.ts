import type { FieldTypeName } from '../api/profileSchema';

/**
 * The field types' names as people read them: the server's `FIELD_TYPE_LABELS`
 * (src/profiles/fieldTypes.ts), which only types may cross into the bundle; fieldTypes.test.ts
 * fails when the two differ. `GET /rest/v1/field-types` answers them too, where a page loads it.
 */
export const FIELD_TYPE_LABELS: Readonly<Record<FieldTypeName, string>> = {
  text: 'Text',
  multiline: 'Multiline text',
  email: 'Email',
  phone: 'Phone',
  url: 'URL',
  number: 'Number',
  date: 'Date',
  select: 'Single select',
  multiselect: 'Multi select',
  user: 'User',
  multiuser: 'Multiple users',
};

/** Whether `type` is a field type this build knows. */
export function isFieldType(type: string): type is FieldTypeName {
  return Object.prototype.hasOwnProperty.call(FIELD_TYPE_LABELS, type);
}

/** A type's name as people read it; a type this build does not know (a newer server's) as it is. */
export function fieldTypeLabel(type: string): string {
  return isFieldType(type) ? FIELD_TYPE_LABELS[type] : type;
}
