/**
 * What the write-access test offers and says: the attributes mapped in the form (and the picture
 * attribute), which one it picks, and the checks before it asks the server.
 */
import type { Field } from '../../../api/profileSchema';
import type { Edits } from './edits';
import { attributeProblem } from './rules';

/** An attribute the test offers: the attribute, the field it fills, and whether it is written back. */
export interface TestAttribute {
  attribute: string;
  label: string;
  writeBack: boolean;
}

/**
 * The attributes mapped in the form right now, in the fields' order, then the picture's; each
 * attribute once (LDAP names ignore case), with the first field that maps it.
 */
export function testAttributes(
  fields: readonly Pick<Field, 'key' | 'label'>[],
  edits: Edits,
  writable: (key: string) => boolean,
  picture: { attribute: string; writeBack: boolean } | null,
): TestAttribute[] {
  const list: TestAttribute[] = [];
  for (const field of fields) {
    const edit = edits[field.key];
    const attribute = edit?.attribute.trim() ?? '';
    if (attribute) list.push({ attribute, label: field.label, writeBack: !!edit?.writeBack && writable(field.key) });
  }
  if (picture) list.push({ attribute: picture.attribute, label: 'Picture', writeBack: picture.writeBack });
  const seen = new Set<string>();
  return list.filter((a) => {
    const key = a.attribute.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "telephoneNumber (Phone, written back)". */
export function attributeOptionText(a: TestAttribute): string {
  return `${a.attribute} (${a.label}${a.writeBack ? ', written back' : ''})`;
}

/**
 * The attribute the select shows: the admin's choice while it is offered (`''` = another
 * attribute, typed), else the first one written back, else the first one, else another.
 */
export function chosenAttribute(list: readonly TestAttribute[], picked: string | null): string {
  if (picked !== null && (picked === '' || list.some((a) => a.attribute === picked))) return picked;
  return (list.find((a) => a.writeBack) ?? list[0])?.attribute ?? '';
}

/** The problems of the test's two inputs before it asks the server: a person chosen from the list, an attribute that is a name. */
export function testProblems(person: unknown, attribute: string): { person?: string; attribute?: string } {
  const problems: { person?: string; attribute?: string } = {};
  if (!person) problems.person = 'Choose a Confluence user from the list.';
  if (!attribute.trim()) problems.attribute = 'Choose a mapped attribute, or enter one.';
  else {
    const problem = attributeProblem('ldap', attribute);
    if (problem) problems.attribute = problem;
  }
  return problems;
}

/** The first letter of a usual cause in upper case: the server writes them as phrases ("a local user …"). */
export function causeText(cause: string): string {
  return cause.charAt(0).toUpperCase() + cause.slice(1);
}

/** What to check when the write-access test fails, whatever the cause. */
export const WRITE_CHECKLIST: readonly (readonly [string, string])[] = [
  ['Bind rights', 'The bind DN (Settings tab) must be allowed to write the attribute: an ACL on OpenLDAP, delegated permissions on Active Directory. A read-only service account is refused with result code 50.'],
  ['The DN', 'Rollcall writes to the entry at the DN the last sync found; if the person moved in the directory, run a sync first.'],
  ['A local user', 'A Confluence user with no entry in this directory (a local account, or one the user filter or the additional user DN leaves out) has nothing to write to.'],
  ['The schema', 'The attribute must exist in the schema of the entry’s object classes; otherwise LDAP answers with result code 17 (undefinedAttributeType) or 21 (invalidAttributeSyntax).'],
];
