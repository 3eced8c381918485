import { linkTarget, type LinkClick } from './links';

/** A click on an element inside a link with these attributes (or on no link at all). */
function click(link: Record<string, string> | null, keys: Partial<LinkClick> = {}): LinkClick {
  const anchor = link && { getAttribute: (name: string) => link[name] ?? null };
  const target = { closest: (selector: string) => (selector === 'a[data-profile-link]' && anchor && 'data-profile-link' in link ? anchor : null) };
  return { target: target as unknown as EventTarget, button: 0, metaKey: false, ctrlKey: false, shiftKey: false, ...keys };
}

describe("the card's profile links", () => {
  it('open the profile of the account a plain click went to', () => {
    expect(linkTarget(click({ 'data-profile-link': '', 'data-account-id': 'user-1' }))).toBe('user-1');
  });

  it('leave a click for a new tab, another link, or a wrong account id to the browser', () => {
    const link = { 'data-profile-link': '', 'data-account-id': 'user-1' };
    expect(linkTarget(click(link, { ctrlKey: true }))).toBeNull();
    expect(linkTarget(click(link, { button: 1 }))).toBeNull();
    expect(linkTarget(click({ href: 'https://zoe.example' }))).toBeNull();
    expect(linkTarget(click({ 'data-profile-link': '', 'data-account-id': '../admin' }))).toBeNull();
    expect(linkTarget(click(null))).toBeNull();
  });
});
