/**
 * The Field mappings form as data: what the admin edits (an attribute and a write-back tick per
 * field), what is sent, how it differs from what was loaded, what the source's write-back
 * settings need saving, and the words after a save.
 */
import type { FieldProblem } from '../../../api/errors';
import type { MappingsInput, SavedMapping, WriteBackUpdate } from '../../../api/mappings';
import type { Field } from '../../../api/profileSchema';
import type { Source } from '../../../api/sources';
import { attributeProblem, canWriteBack, plural, type SourceKindWord } from './rules';

/** One row as edited: the attribute as typed (empty = not mapped) and the write-back tick. */
export interface RowEdit {
  attribute: string;
  writeBack: boolean;
}

/** The form's rows by field key. */
export type Edits = Readonly<Record<string, RowEdit>>;

/** The rows as the server's mappings fill them (a field without a mapping is empty; a tick counts only where the field can be written back). */
export function editsOf(saved: readonly SavedMapping[]): Edits {
  return Object.fromEntries(saved.map((m) => [m.fieldKey, { attribute: m.attribute, writeBack: Boolean(m.writeBack) }]));
}

/** What the form sends: a mapping per field with an attribute, in the fields' order; write-back only where it can be. */
export function mappingsToSend(fields: readonly Pick<Field, 'key' | 'type'>[], edits: Edits, kind: SourceKindWord): MappingsInput['mappings'] {
  return fields.flatMap((field) => {
    const edit = edits[field.key];
    const attribute = edit?.attribute.trim() ?? '';
    if (!attribute) return [];
    return [{ fieldKey: field.key, attribute, writeBack: kind === 'ldap' && canWriteBack(field) && !!edit?.writeBack }];
  });
}

/** How the mappings about to be sent differ from the loaded ones, by field key (attributes compared ignoring case, as LDAP does). */
export interface MappingChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

export function mappingChanges(saved: readonly SavedMapping[], sent: MappingsInput['mappings']): MappingChanges {
  const before = new Map(saved.map((m) => [m.fieldKey, m]));
  const after = new Map(sent.map((m) => [m.fieldKey, m]));
  const changes: MappingChanges = { added: [], changed: [], removed: [] };
  for (const m of sent) {
    const old = before.get(m.fieldKey);
    if (!old) changes.added.push(m.fieldKey);
    else if (old.attribute.toLowerCase() !== m.attribute.toLowerCase() || Boolean(old.writeBack) !== !!m.writeBack) changes.changed.push(m.fieldKey);
  }
  for (const m of saved) if (!after.has(m.fieldKey)) changes.removed.push(m.fieldKey);
  return changes;
}

export function hasChanges(changes: MappingChanges): boolean {
  return changes.added.length + changes.changed.length + changes.removed.length > 0;
}

/** The problems of the rows before anything is sent (attribute names or paths), by field key. */
export function rowProblems(fields: readonly Pick<Field, 'key'>[], edits: Edits, kind: SourceKindWord): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const problem = attributeProblem(kind, edits[field.key]?.attribute ?? '');
    if (problem) problems[field.key] = problem;
  }
  return problems;
}

/** The server's refusal split into rows (`mappings.<i>.…` names the i-th mapping sent) and the rest (the form's). */
export function problemsByRow(problems: readonly FieldProblem[], sent: MappingsInput['mappings']): { rows: Record<string, string>; form: string[] } {
  const rows: Record<string, string> = {};
  const form: string[] = [];
  for (const problem of problems) {
    const [head, index] = problem.path.split('.');
    const mapping = head === 'mappings' && /^\d+$/.test(index ?? '') ? sent[Number(index)] : undefined;
    if (mapping) rows[mapping.fieldKey] = rows[mapping.fieldKey] ? `${rows[mapping.fieldKey]} ${problem.message}` : problem.message;
    else form.push(problem.message);
  }
  return { rows, form };
}

/** The source's settings object, whatever its kind. */
function settingsOf(source: Source): Record<string, unknown> {
  return (source.settings ?? {}) as Record<string, unknown>;
}

/** The attribute an LDAP source reads pictures from, or null. */
export function pictureAttributeOf(source: Source): string | null {
  const attribute = settingsOf(source).pictureAttribute;
  return source.kind === 'ldap' && typeof attribute === 'string' && attribute ? attribute : null;
}

export function pictureWriteBackOf(source: Source): boolean {
  return settingsOf(source).pictureWriteBack === true;
}

/** How an XML source matches records to people. */
export function matchByOf(source: Source): 'email' | 'accountId' {
  return settingsOf(source).matchBy === 'accountId' ? 'accountId' : 'email';
}

/**
 * What the source needs saved for the switch and the picture tick, or null when both are as
 * stored. Settings go whole (the server validates the object for the source's kind).
 */
export function writeBackUpdate(source: Source, wanted: { writeBack: boolean; pictureWriteBack: boolean }): WriteBackUpdate | null {
  const update: WriteBackUpdate = {};
  if (wanted.writeBack !== Boolean(source.writeBack)) update.writeBack = wanted.writeBack;
  if (pictureAttributeOf(source) && wanted.pictureWriteBack !== pictureWriteBackOf(source)) update.settings = { ...settingsOf(source), pictureWriteBack: wanted.pictureWriteBack };
  return Object.keys(update).length > 0 ? update : null;
}

/** The status after a save: how many fields are mapped and, with write-back on, which are written back. */
export function savedStatus(sent: MappingsInput['mappings'], labels: Readonly<Record<string, string>>, sourceWriteBack: boolean): string {
  let words = sent.length > 0 ? `${plural(sent.length, 'field', 'fields')} mapped. Saved.` : 'Saved: no field is mapped.';
  const writing = sent.filter((m) => m.writeBack).map((m) => labels[m.fieldKey] ?? m.fieldKey);
  if (sourceWriteBack && writing.length > 0) words += ` Writes back to LDAP: ${writing.join(', ')}.`;
  else if (sourceWriteBack) words += ' Write-back is on, but no field is ticked.';
  return words;
}

/** The fields the next incremental run fills for everyone (mapped since the last full run); none while incremental is off. */
export function pendingFieldsOf(source: Source): string[] {
  const incremental = 'incremental' in source ? source.incremental : undefined;
  return incremental?.enabled ? incremental.pendingFields : [];
}
