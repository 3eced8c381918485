import type { ProfileFieldView, ProfileView } from '../../profiles/profiles';

/**
 * Everything the card view receives, as plain text pieces: the view escapes them all, and a value
 * becomes links only where its type says so (web addresses, mail, phone, people).
 */

/** What a card shows when the macro names no fields: the subtitle is the position. */
const DEFAULT_FIELDS = ['department', 'location', 'phone', 'im', 'website'];

/** A piece of a value: text, or a link (http(s), mailto:, tel: or a profile of this app). */
export interface Segment {
  text: string;
  href?: string;
  /** Set on links to a person's profile (the page script opens them with AP.navigator). */
  accountId?: string;
}

/** Where links of a card point: the viewer's Confluence site and this app's key there. */
export interface Links {
  hostBaseUrl: string;
  addonKey: string;
}

/** The app's profile page in Confluence for a person: a general page with `ac.accountId`. */
export function profilePageUrl(links: Links, accountId: string): string {
  return `${links.hostBaseUrl}/plugins/servlet/ac/${encodeURIComponent(links.addonKey)}/profile?ac.accountId=${encodeURIComponent(accountId)}`;
}

/**
 * A person's card for the viewer: name, initials, picture (a data URI, or null), the position as
 * subtitle when the macro names no fields, and the fields `requested` (or the default ones) that the
 * viewer may see and that hold a value, in the order asked.
 */
export function presentCard(view: ProfileView, requested: string[] | null, picture: string | null, links: Links) {
  const visible = new Map(view.categories.flatMap((c) => c.fields).map((f) => [f.key, f]));
  const filled = (f: ProfileFieldView | undefined): f is ProfileFieldView => !!f && f.display !== null && !(Array.isArray(f.display) && f.display.length === 0);
  const position = visible.get('position');
  const chosen = (requested ?? DEFAULT_FIELDS).map((key) => visible.get(key)).filter(filled);
  const name = view.displayName ?? view.accountId;
  return {
    accountId: view.accountId,
    displayName: name,
    initials: initialsOf(name),
    picture,
    subtitle: !requested && filled(position) ? String(position.display) : null,
    leftDirectoryOn: view.leftDirectoryAt ? formatDate(view.leftDirectoryAt.slice(0, 10)) : null,
    profileUrl: profilePageUrl(links, view.accountId),
    fields: chosen.map((f) => ({ key: f.key, label: f.label, helpText: f.helpText || null, multiline: f.type === 'multiline', segments: segmentsOf(f, links) })),
    requestedButHidden: !!requested && chosen.length === 0,
  };
}

function initialsOf(name: string): string {
  const parts = name.split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Text with its web addresses as links (trailing punctuation stays text). */
function linkify(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = match[0].replace(/[.,;:!?)\]]+$/, '');
    const start = match.index!;
    if (start > last) segments.push({ text: text.slice(last, start) });
    segments.push(isWebUrl(url) ? { text: url, href: url } : { text: url });
    last = start + url.length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}

function joined(items: Segment[]): Segment[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [{ text: ', ' }, item]));
}

function formatDate(value: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function segmentsOf(field: ProfileFieldView, links: Links): Segment[] {
  const value = field.value;
  const display = field.display;
  switch (field.type) {
    case 'url':
      return isWebUrl(String(value)) ? [{ text: String(value), href: String(value) }] : [{ text: String(value) }];
    case 'email':
      return [{ text: String(value), href: `mailto:${String(value)}` }];
    case 'phone':
      return [{ text: String(value), href: `tel:${String(value).replace(/[^0-9+]/g, '')}` }];
    case 'date':
      return [{ text: formatDate(String(value)) }];
    case 'user':
    case 'multiuser':
      return joined((field.people ?? []).map((p) => ({ text: p.displayName ?? p.accountId, href: profilePageUrl(links, p.accountId), accountId: p.accountId })));
    case 'multiselect':
      return [{ text: (display as string[]).join(', ') }];
    case 'text':
    case 'multiline':
      return linkify(String(display));
    default:
      return [{ text: String(display) }];
  }
}
