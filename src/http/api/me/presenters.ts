/** Who the caller is: every field that leaves the server. */
export function presentMe(me: { accountId: string; siteUrl: string; isAdmin: boolean }) {
  return { accountId: me.accountId, siteUrl: me.siteUrl, isAdmin: me.isAdmin };
}
