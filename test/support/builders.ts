import crypto from 'node:crypto';
import { Account, Profile } from '../../src/db/models';

/** A stored profile with the given values (as a sync or an edit would leave it). */
export async function buildProfile(tenantId: string, values: Record<string, unknown>, overrides: Partial<{ accountId: string; valueSources: Record<string, string> }> = {}) {
  return Profile.create({
    tenantId,
    accountId: overrides.accountId ?? `acc-${crypto.randomUUID()}`,
    values,
    valueSources: overrides.valueSources ?? Object.fromEntries(Object.keys(values).map((k) => [k, 'user'])),
  });
}

/** A field-creation body with sensible defaults. */
export function buildField(categoryId: string, overrides: Record<string, unknown> = {}) {
  return { label: `Field ${crypto.randomBytes(3).toString('hex')}`, type: 'text', categoryId, ...overrides };
}

/** A Confluence account the site knows (as a sync's refresh leaves it): the People Directory lists active ones. */
export async function buildAccount(tenantId: string, overrides: Partial<{ accountId: string; displayName: string; email: string | null; active: boolean }> = {}) {
  return Account.create({
    tenantId,
    accountId: overrides.accountId ?? `acc-${crypto.randomUUID()}`,
    displayName: overrides.displayName ?? 'Someone',
    email: overrides.email ?? null,
    pictureUrl: null,
    accountType: 'atlassian',
    active: overrides.active ?? true,
  });
}
