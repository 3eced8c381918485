import type { AdminCheck } from './adminCheck';
import { confluenceFor, type AceAddon, type AuthContext } from './auth';
import { confluenceDirectoryFor } from './connectConfluenceDirectory';
import { Account } from '../db/models';
import type { Viewer } from '../profiles/policy';
import type { ConfluenceUser } from './confluenceClient';

/**
 * Who is looking, for the profile policy: admin (asked of Confluence, cached) and group
 * membership (Confluence's memberof, cached briefly per tenant and account).
 */
export class ViewerResolver {
  private readonly groups = new Map<string, { groups: ReadonlySet<string>; expires: number }>();

  constructor(
    private readonly addon: AceAddon,
    private readonly adminCheck: AdminCheck,
    private readonly ttlMs: number,
  ) {}

  async viewerOf(auth: AuthContext): Promise<Viewer> {
    const confluence = confluenceFor(this.addon, auth);
    const [isAdmin, groups] = await Promise.all([this.adminCheck.isAdmin(auth.tenantId, auth.accountId, confluence), this.groupsOf(auth)]);
    return { accountId: auth.accountId, isAdmin, groups };
  }

  private async groupsOf(auth: AuthContext): Promise<ReadonlySet<string>> {
    const key = `${auth.tenantId}:${auth.accountId}`;
    const cached = this.groups.get(key);
    if (cached && cached.expires > Date.now()) return cached.groups;
    const list = await confluenceDirectoryFor(confluenceFor(this.addon, auth)).memberOf(auth.accountId);
    const groups = new Set(list.flatMap((g) => [g.id, g.name]));
    if (this.ttlMs > 0) {
      if (this.groups.size > 10_000) this.groups.clear();
      this.groups.set(key, { groups, expires: Date.now() + this.ttlMs });
    }
    return groups;
  }
}

/**
 * Makes sure `accounts` knows the person (a site that never synced has no accounts cached yet):
 * asks Confluence once. Returns false when Confluence does not know the account either.
 */
export async function rememberAccount(addon: AceAddon, auth: AuthContext, accountId: string): Promise<boolean> {
  if (await Account.findOne({ attributes: ['accountId'], where: { tenantId: auth.tenantId, accountId } })) return true;
  const user = await confluenceFor(addon, auth).getJson<ConfluenceUser>('/rest/api/user', { accountId });
  if (!user || user.accountType === 'app') return false;
  await Account.upsert({
    tenantId: auth.tenantId,
    accountId,
    displayName: user.displayName ?? user.publicName ?? null,
    email: user.email ?? null,
    pictureUrl: user.profilePicture?.path ?? null,
    accountType: user.accountType ?? null,
    active: true,
    // The database's clock, as the refresh uses (it never overwrites a row written after it began).
    refreshedAt: Account.sequelize!.fn('now') as unknown as Date,
  });
  return true;
}
