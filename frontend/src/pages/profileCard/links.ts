/** Account ids as Atlassian writes them (a link naming anything else is left to its href). */
const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;

/** What links.ts reads of a click (a MouseEvent has it). */
export interface LinkClick {
  target: EventTarget | null;
  button: number;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
}

/**
 * The account id of the profile link a plain click went to (`a[data-profile-link]`), which the
 * host then opens; null for any other click, or one meant for a new tab (its href does that).
 */
export function linkTarget(event: LinkClick): string | null {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return null;
  const element = event.target as Element | null;
  const link = typeof element?.closest === 'function' ? element.closest('a[data-profile-link]') : null;
  const accountId = link?.getAttribute('data-account-id') ?? '';
  return ACCOUNT_ID.test(accountId) ? accountId : null;
}
