/**
 * The choices of a select field while its form is open: pure edits of a list of
 * {@link OptionItem}s, unit-tested in options.test.ts. Existing choices (with an id) can be renamed,
 * moved, retired or removed (a removal shows until saved and can be undone); new ones added.
 */
import type { FieldOption } from '../../api/profileSchema';

export interface OptionItem {
  /** The server's id; none for a choice added in this form. */
  id?: string;
  label: string;
  retired: boolean;
  /** An existing choice marked for removal: left out when saved. */
  removed: boolean;
  /** A stable React key. */
  uid: number;
}

/** What is sent: new choices by label, existing ones with id and retired flag. */
export type SentOption = { label: string; id?: string; retired?: boolean };

let uids = 0;
const nextUid = () => (uids += 1);

export function optionItems(options: FieldOption[]): OptionItem[] {
  return options.map((o) => ({ id: o.id, label: o.label, retired: o.retired, removed: false, uid: nextUid() }));
}

/** Adds a choice at the end; a blank label adds nothing. */
export function addOption(items: OptionItem[], label: string): OptionItem[] {
  const trimmed = label.trim();
  return trimmed ? [...items, { label: trimmed, retired: false, removed: false, uid: nextUid() }] : items;
}

/** Moves choice `i` one step up (-1) or down (1); at an end nothing moves. */
export function moveOption(items: OptionItem[], i: number, step: -1 | 1): OptionItem[] {
  const j = i + step;
  if (i < 0 || i >= items.length || j < 0 || j >= items.length) return items;
  const next = [...items];
  [next[i], next[j]] = [next[j], next[i]];
  return next;
}

/** Removes choice `i`: a new one goes at once, an existing one is marked until saved. */
export function removeOption(items: OptionItem[], i: number): OptionItem[] {
  const item = items[i];
  if (!item) return items;
  return item.id ? items.map((o, k) => (k === i ? { ...o, removed: true } : o)) : items.filter((_, k) => k !== i);
}

/** Changes choice `i` (its label, retired or removed flag). */
export function changeOption(items: OptionItem[], i: number, change: Partial<Pick<OptionItem, 'label' | 'retired' | 'removed'>>): OptionItem[] {
  return items.map((o, k) => (k === i ? { ...o, ...change } : o));
}

/**
 * The choices to send, or the problem that keeps the form from sending them. A new field's
 * choices go by label only.
 */
export function collectOptions(items: OptionItem[], editing: boolean): { options: SentOption[]; problem: null } | { options: null; problem: string } {
  const kept = items.filter((o) => !o.removed);
  if (kept.some((o) => !o.label.trim())) return { options: null, problem: 'Every choice needs a label (or remove it).' };
  return { options: kept.map((o) => (editing && o.id ? { id: o.id, label: o.label.trim(), retired: o.retired } : { label: o.label.trim() })), problem: null };
}

/**
 * The index each choice has in what is sent (removed ones are not sent: null), so that the
 * server's `options.N…` problems show next to the right choice.
 */
export function sentIndexes(items: OptionItem[]): Array<number | null> {
  let sent = 0;
  return items.map((o) => (o.removed ? null : sent++));
}

/** "3 choices", "2 choices, 1 retired". */
export function choicesText(options: Array<{ retired: boolean }>): string {
  const active = options.filter((o) => !o.retired).length;
  const retired = options.length - active;
  return `${active === 1 ? '1 choice' : `${active} choices`}${retired ? `, ${retired} retired` : ''}`;
}
