/**
 * The edit form's values, pure: a field's draft (what its control holds), the value it sends,
 * which values changed, how a value reads in a conflict, and the texts about directory changes.
 */
import type { LdapConflict, ProfileField } from '../../api/profiles';
import { isEmptyValue } from '../../components/fieldFormat';
import type { Person } from '../../components/PersonPicker';

/** What a control holds: text (text-like fields, a select's option id), option ids, or people. */
export type Draft = { kind: 'text'; text: string } | { kind: 'options'; ids: string[] } | { kind: 'people'; people: Person[] };

/** The field the form edits, as the form view has it. */
export type FormField = Pick<ProfileField, 'key' | 'label' | 'type' | 'value' | 'editable' | 'writesBack' | 'origin' | 'people' | 'options' | 'refreshed'>;

const isPeople = (type: string) => type === 'user' || type === 'multiuser';

/** A value sent or received as a draft of the field's control. */
export function draftOf(field: Pick<FormField, 'type' | 'people'>, value: unknown): Draft {
  const list = Array.isArray(value) ? value.map(String) : isEmptyValue(value) ? [] : [String(value)];
  if (isPeople(field.type)) {
    const names = new Map((field.people ?? []).map((p) => [p.accountId, p.displayName]));
    return { kind: 'people', people: list.map((accountId) => ({ accountId, displayName: names.get(accountId) || accountId })) };
  }
  if (field.type === 'multiselect') return { kind: 'options', ids: list };
  return { kind: 'text', text: isEmptyValue(value) ? '' : String(value) };
}

/** The value a draft sends: trimmed text (multiline keeps its spaces), ids; null when empty. */
export function valueOf(field: Pick<FormField, 'type'>, draft: Draft): string | string[] | null {
  switch (draft.kind) {
    case 'text': {
      const text = field.type === 'multiline' ? draft.text : draft.text.trim();
      return text === '' ? null : text;
    }
    case 'options':
      return draft.ids.length ? draft.ids : null;
    case 'people': {
      const ids = draft.people.map((p) => p.accountId);
      if (field.type === 'multiuser') return ids.length ? ids : null;
      return ids[0] ?? null;
    }
  }
}

/** A value in a form to compare: empty is null, lists are sorted, numbers are text, line ends are \n. */
export function comparable(value: unknown, type: string): string {
  if (isEmptyValue(value)) return 'null';
  if (Array.isArray(value)) return JSON.stringify(value.map(String).sort());
  if (type === 'multiline') return JSON.stringify(String(value).replace(/\r\n/g, '\n'));
  return JSON.stringify(String(value));
}

/** The editable fields whose draft differs from the value the form was opened with, as the values to send. */
export function changedValues(fields: FormField[], drafts: Record<string, Draft>): Record<string, string | string[] | null> {
  const values: Record<string, string | string[] | null> = {};
  for (const field of fields) {
    const draft = drafts[field.key];
    if (!field.editable || !draft) continue;
    const now = valueOf(field, draft);
    if (comparable(now, field.type) !== comparable(field.value, field.type)) values[field.key] = now;
  }
  return values;
}

/** A value as a conflict shows it: option labels for select fields, '(empty)' for nothing. */
export function valueLabel(field: Pick<FormField, 'type' | 'options'>, value: unknown): string {
  if (isEmptyValue(value)) return '(empty)';
  if (field.type === 'select' || field.type === 'multiselect') {
    const ids = Array.isArray(value) ? value : [value];
    return ids.map((id) => field.options?.find((o) => o.id === id)?.label ?? String(id)).join(', ');
  }
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** The source a field's value comes from, in words. */
export function sourceNameOf(field: Pick<FormField, 'origin'>): string {
  return field.origin?.sourceName || 'the directory';
}

/** 'a', 'a and b', 'a, b and c'. */
export function listText(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const unique = (items: string[]) => items.filter((item, i) => items.indexOf(item) === i);

/** The directories of the fields whose value changed there since the last sync. */
export function refreshSources(fields: Array<Pick<FormField, 'refreshed'>>): string[] {
  return unique(fields.filter((f) => f.refreshed).map((f) => f.refreshed?.sourceName || 'the directory'));
}

/** The form's notice when a directory changed values since the last sync; null when none did. */
export function refreshNotice(fields: Array<Pick<FormField, 'label' | 'refreshed'>>): { title: string; text: string } | null {
  const changed = fields.filter((f) => f.refreshed);
  if (!changed.length) return null;
  const sources = refreshSources(changed).join(' and ');
  return {
    title: `${sources} has newer values`,
    text: `${listText(changed.map((f) => f.label))} changed in ${sources} since the last sync. The form shows the new ${changed.length === 1 ? 'value' : 'values'}: click Save to accept these changes.`,
  };
}

/** Under a field the directory changed: what it was (what Save replaces). */
export function refreshedNoteText(refreshed: NonNullable<FormField['refreshed']>): string {
  const previous = refreshed.previous;
  const was = isEmptyValue(previous) ? 'empty' : `“${Array.isArray(previous) ? previous.join(', ') : String(previous)}”`;
  return `Changed in ${refreshed.sourceName || 'the directory'} since the last sync; was ${was}.`;
}

/** The "Profile saved" flag's text: what was saved, where it was written, and the directory's new values. */
export function savedText(options: { own: boolean; writtenTo: string[]; refreshedFrom: string[] }): string {
  const sources = unique(options.writtenTo);
  let body = sources.length ? `Your changes are saved, and written to ${sources.join(' and ')}.` : options.own ? 'Your changes are saved.' : '';
  if (options.refreshedFrom.length) body += `${body ? ' ' : ''}The new values from ${options.refreshedFrom.join(' and ')} are saved${options.own ? ' too.' : '.'}`;
  return body;
}

/** The conflicts of a 409 `ldap_conflict`'s details (entries that are not one are left out). */
export function conflictsOf(details: unknown): LdapConflict[] {
  if (!Array.isArray(details)) return [];
  return details.filter((d): d is LdapConflict => !!d && typeof d === 'object' && typeof (d as LdapConflict).field === 'string');
}

/** The field a problem's path names (`values.<key>`), or null. */
export function fieldOfPath(path: string): string | null {
  return path.startsWith('values.') ? path.slice('values.'.length) : null;
}
