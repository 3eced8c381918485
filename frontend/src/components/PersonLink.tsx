import { token } from '@atlaskit/tokens';
import type { MouseEvent } from 'react';
import { useServices } from '../app/HostContext';

/** Account ids as Atlassian writes them (a wrong one is never navigated to). */
const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;

export interface PersonLinkProps {
  accountId: string;
  name: string;
  /** The profile's address in Confluence (for a new tab, or copying); `#` when unknown. */
  href: string;
  /** -1 keeps the link out of the tab order (the org chart's cards: one card is the tab stop). */
  tabIndex?: number;
}

/**
 * A link to a person's profile page in the app. A plain click opens it through the host (Connect:
 * the page around the iframe changes, with its history); a click for a new tab follows `href`.
 */
export function PersonLink({ accountId, name, href, tabIndex }: PersonLinkProps) {
  const { host } = useServices();
  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    if (!ACCOUNT_ID.test(accountId)) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    void host.navigate({ moduleKey: 'profile', parameters: { accountId } });
  };
  return (
    <a href={href} target="_top" data-account-id={accountId} data-testid="person-link" onClick={open} tabIndex={tabIndex} style={{ color: token('color.link') }}>
      {name}
    </a>
  );
}

/** The app's profile page of a person, from the page's link prefix (`…/profile?ac.accountId=`); `#` without one. */
export function profileHref(prefix: string | undefined, accountId: string): string {
  return prefix ? `${prefix}${encodeURIComponent(accountId)}` : '#';
}
