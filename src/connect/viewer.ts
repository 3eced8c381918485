import type { AdminCheck } from './adminCheck';
import { confluenceFor, type AceAddon, type AuthContext } from './auth';
import { siteDirectory } from './connectConfluenceDirectory';
import type { Viewer } from '../profiles/policy';

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
    const list = await siteDirectory(this.addon, auth).memberOf(auth.accountId);
    const groups = new Set(list.flatMap((g) => [g.id, g.name]));
    if (this.ttlMs > 0) {
      if (this.groups.size > 10_000) this.groups.clear();
      this.groups.set(key, { groups, expires: Date.now() + this.ttlMs });
    }
    return groups;
  }
}
