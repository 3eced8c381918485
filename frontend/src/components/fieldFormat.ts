/**
 * A profile value as people read it, by field type (pure: the FieldValue component renders what
 * these functions describe). Data stays text: links are descriptions, never HTML.
 */

/** The part of a profile field these functions read (`api/profiles.ts`' ProfileField has it). */
export interface ValueSource {
  type: string;
  value: unknown;
  display: string | string[] | null;
  people?: Array<{ accountId: string; displayName: string | null }>;
}

/** A piece of text, or a link in it. */
export interface Segment {
  text: string;
  href?: string;
}

/** What a value shows, by field type. */
export type ValueView =
  | { kind: 'empty' }
  /** Text with its web addresses as links (text, multiline). */
  | { kind: 'text'; segments: Segment[]; multiline: boolean }
  /** A web address (external: opens in a new tab), mail or phone link. */
  | { kind: 'link'; href: string; text: string; external: boolean }
  | { kind: 'date'; dateTime: string; text: string }
  | { kind: 'people'; people: Array<{ accountId: string; name: string }> }
  | { kind: 'choices'; labels: string[] }
  | { kind: 'plain'; text: string };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;

/** Empty: null, undefined, '' or an empty list. */
export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The value as one line of text (lists joined with commas; '' when empty). */
export function displayText(field: Pick<ValueSource, 'display'>): string {
  if (Array.isArray(field.display)) return field.display.join(', ');
  return field.display === null || field.display === undefined ? '' : String(field.display);
}

/** 'Zoë Åström' → 'ZÅ'; one word → its first letter; nothing → '?'. */
export function initialsOf(name: string | null | undefined): string {
  const parts = String(name || '?').split(/\s+/).filter(Boolean);
  return ((parts[0] ?? '?').charAt(0) + (parts.length > 1 ? parts[parts.length - 1].charAt(0) : '')).toUpperCase();
}

/** '2024-02-29' → '29 February 2024' (a calendar day: no time zone applies); anything else as it is. */
export function formatDay(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** A moment in the viewer's time zone: '2 March 2026, 11:00'. */
export function formatMoment(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}, ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** 'just now', '5 minutes ago', 'yesterday', … for a past moment; 'on 2 March 2026' beyond a month. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? 'a minute ago' : `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return hours === 1 ? 'an hour ago' : `${hours} hours ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 31) return `${days} days ago`;
  return `on ${formatMoment(iso).split(',')[0]}`;
}

/** Where a value comes from, for people: "From Corp LDAP · synced 5 minutes ago", "Edited by the person", … */
export function originText(origin: { kind: string; sourceName?: string; syncedAt?: string | null } | null | undefined, now: number = Date.now()): string | null {
  if (!origin) return null;
  if (origin.kind === 'user') return 'Edited by the person';
  if (origin.kind === 'migration') return 'Migrated';
  let text = `From ${origin.sourceName || (origin.kind === 'ldap' ? 'LDAP' : 'XML')}`;
  if (origin.syncedAt) text += ` · synced ${relativeTime(origin.syncedAt, now)}`;
  return text;
}

export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Text with its web addresses as links; trailing punctuation stays text. */
export function linkSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = match[0].replace(/[.,;:!?)\]]+$/, '');
    const start = match.index ?? 0;
    if (start > last) segments.push({ text: text.slice(last, start) });
    segments.push(isWebUrl(url) ? { text: url, href: url } : { text: url });
    last = start + url.length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}

/** A `tel:` link's target: the digits and a leading plus. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}

/** What a field's value shows, by its type. */
export function valueView(field: ValueSource): ValueView {
  if (isEmptyValue(field.value)) return { kind: 'empty' };
  const value = String(field.value);
  switch (field.type) {
    case 'url':
      return isWebUrl(value) ? { kind: 'link', href: value, text: value, external: true } : { kind: 'plain', text: value };
    case 'email':
      return { kind: 'link', href: `mailto:${value}`, text: value, external: false };
    case 'phone':
      return { kind: 'link', href: telHref(value), text: value, external: false };
    case 'date':
      return { kind: 'date', dateTime: value, text: formatDay(value) };
    case 'user':
    case 'multiuser':
      return { kind: 'people', people: (field.people ?? []).map((p) => ({ accountId: p.accountId, name: p.displayName || p.accountId })) };
    case 'multiselect':
      return { kind: 'choices', labels: Array.isArray(field.display) ? field.display : [] };
    case 'text':
    case 'multiline':
      return { kind: 'text', segments: linkSegments(value), multiline: field.type === 'multiline' };
    default:
      return { kind: 'plain', text: displayText(field) };
  }
}
