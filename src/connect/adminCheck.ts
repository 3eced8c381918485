import type { ConfluenceClient } from './confluenceClient';

/**
 * "Is this account a Confluence administrator?", asked of Confluence and cached briefly per
 * tenant and account. Descriptor conditions only hide links; every admin route asks this.
 */
export class AdminCheck {
  private readonly cache = new Map<string, { isAdmin: boolean; expires: number }>();

  /** @param ttlMs how long an answer is kept; 0 asks Confluence every time. */
  constructor(private readonly ttlMs: number) {}

  async isAdmin(tenantId: string, accountId: string, confluence: ConfluenceClient): Promise<boolean> {
    const key = `${tenantId}:${accountId}`;
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && cached.expires > now) return cached.isAdmin;
    const isAdmin = await confluence.isAdmin(accountId);
    if (this.ttlMs > 0) {
      if (this.cache.size > 10_000) this.cache.clear(); // bounded; a miss only costs one REST call
      this.cache.set(key, { isAdmin, expires: now + this.ttlMs });
    }
    return isAdmin;
  }
}
