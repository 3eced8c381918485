/**
 * What the Field mappings tab knows of fields and attributes: which fields may be
 * written back, the suggestions for each kind of source, the check of an attribute name or record
 * path (the server's own rules, so that a typo is shown before the request), and each row's hint.
 */
import type { Field } from '../../../api/profileSchema';

export type SourceKindWord = 'ldap' | 'xml';

/** Field types whose values may be written back to LDAP (the server's WRITE_BACK_TYPES; it refuses the others). */
export const WRITE_BACK_TYPES: readonly string[] = ['text', 'multiline', 'email', 'phone', 'url', 'number', 'date'];

/** Whether a field's values may be written back to an LDAP attribute: text-like types only. */
export function canWriteBack(field: Pick<Field, 'type'> | null | undefined): boolean {
  return !!field && WRITE_BACK_TYPES.includes(field.type);
}

/** LDAP attributes that usually hold profile data (OpenLDAP's inetOrgPerson and Active Directory). */
export const ATTRIBUTE_SUGGESTIONS: readonly string[] = [
  'title',
  'departmentNumber',
  'department',
  'ou',
  'telephoneNumber',
  'mobile',
  'ipPhone',
  'l',
  'physicalDeliveryOfficeName',
  'street',
  'postalCode',
  'st',
  'co',
  'company',
  'manager',
  'secretary',
  'mail',
  'labeledURI',
  'wWWHomePage',
  'employeeNumber',
  'employeeType',
  'businessCategory',
  'description',
  'displayName',
  'givenName',
  'sn',
];

/** Record paths that HR exports usually have. */
export const XML_PATH_SUGGESTIONS: readonly string[] = ['mail', 'email', 'department', 'team', 'title', 'jobTitle', 'phone', 'mobile', 'manager', 'location', 'city', 'address/city', 'address/country', 'company', 'employeeNumber', '@id'];

/**
 * The suggestions offered for an input: the kind's list, without what other rows map already
 * (`used`, any case) unless the input holds it itself.
 */
export function suggestionsFor(kind: SourceKindWord, used: readonly string[] = [], own = ''): string[] {
  const taken = new Set(used.map((u) => u.trim().toLowerCase()).filter((u) => u && u !== own.trim().toLowerCase()));
  return (kind === 'ldap' ? ATTRIBUTE_SUGGESTIONS : XML_PATH_SUGGESTIONS).filter((s) => !taken.has(s.toLowerCase()));
}

// The server's rules (src/sync/sources/sourceSettings.ts: ATTRIBUTE and XML_PATH), with its messages.
const LDAP_ATTRIBUTE = /^([A-Za-z][A-Za-z0-9-]{0,127}|[0-9]+(\.[0-9]+)+)$/;
const XML_PATH = /^(?:@[A-Za-z_][\w.:-]*|[A-Za-z_][\w.:-]*(?:\/[A-Za-z_][\w.:-]*)*(?:\/@[A-Za-z_][\w.:-]*)?)$/;
const MAX_ATTRIBUTE_LENGTH = 300;

/**
 * Why an attribute (LDAP: a name or a numeric OID) or a record path (XML: `mail`, `address/city`,
 * `@id`) cannot be mapped, in the server's words; null when it can, or when it is empty (empty =
 * not mapped).
 */
export function attributeProblem(kind: SourceKindWord, value: string): string | null {
  const attribute = value.trim();
  if (!attribute) return null;
  if (attribute.length > MAX_ATTRIBUTE_LENGTH) return `"${attribute.slice(0, 40)}…" is longer than ${MAX_ATTRIBUTE_LENGTH} characters`;
  if (kind === 'ldap') return LDAP_ATTRIBUTE.test(attribute) ? null : `"${attribute}" must be an LDAP attribute name like mail or telephoneNumber`;
  return XML_PATH.test(attribute) ? null : `"${attribute}" must be an element path like mail, address/city or @id`;
}

/** What a row says under its input: how user and select fields take their values; null for the others. */
export function rowHint(field: Pick<Field, 'type'>, kind: SourceKindWord, matchBy: 'email' | 'accountId'): string | null {
  if (field.type === 'user' || field.type === 'multiuser') {
    return kind === 'ldap' ? 'A DN-valued attribute, e.g. manager' : `An element holding ${matchWords(matchBy)}, e.g. manager`;
  }
  if (field.type === 'select' || field.type === 'multiselect') return 'Values match the option labels';
  return null;
}

/** How an XML source's records name people (as its Settings tab matches them). */
export function matchWords(matchBy: 'email' | 'accountId'): string {
  return matchBy === 'accountId' ? 'an Atlassian account id' : 'an email address';
}

/** "Phone", "Phone and Department", "Phone, IM and Department". */
export function fieldList(labels: readonly string[]): string {
  if (labels.length < 2) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/** "1 field", "2 fields". */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
