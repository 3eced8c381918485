import { Tenant } from '../../src/db/models';
import { useForgeApp, type TestApp } from '../support/app';
import type { ForgePlatform } from '../support/forgePlatform';
import { ADMIN, installForgeSite, installSite, USER, type ForgeInstalledSite, type Site } from '../support/sites';

/**
 * Rollcall as a Forge Remote app: installations become tenants through Forge's lifecycle events,
 * Custom UI's invokeRemote calls reach the same REST v1 routes with the same answers as Connect's,
 * Confluence is called at the installation's apiBaseUrl with Forge's tokens, and an uninstalled
 * installation's tokens are refused. The Forge side is test/support/forgePlatform.ts.
 */
let platform: ForgePlatform;
let app: TestApp;
const sites: Array<{ close(): Promise<void> }> = [];

useForgeApp({ sites }, (started) => ({ platform, app } = started));

async function forgeSite(): Promise<ForgeInstalledSite> {
  const site = await installForgeSite(app, platform);
  sites.push(site);
  return site;
}

describe('installation', () => {
  it("Forge's installed event makes the installation a tenant, with the default fields; a retried event makes no second one", async () => {
    const site = await forgeSite();
    const tenant = (await Tenant.findByPk(site.tenantId))!;
    expect(tenant).toMatchObject({ kind: 'forge', status: 'installed', clientKey: null, sharedSecretEncrypted: null, cloudId: site.forge.cloudId, apiBaseUrl: site.forge.apiBaseUrl, forgeEnvironmentId: site.forge.environmentId });
    // The event's system token is kept (encrypted) for background calls.
    expect(tenant.forgeSystemTokenEncrypted).toMatch(/^v2\./);
    expect(tenant.forgeSystemTokenEncrypted).not.toContain(platform.systemToken(site.forge).split('.')[1]);
    expect((await platform.deliverEvent(app.url, site.forge, 'avi:forge:installed:app')).status).toBe(200);
    expect((await platform.deliverEvent(app.url, site.forge, 'avi:forge:upgraded:app')).status).toBe(200);
    expect(await Tenant.count({ where: { forgeInstallationId: site.forge.installationId } })).toBe(1);
    const fields = (await site.as(USER.accountId).get('/rest/v1/fields')).body.fields.map((f: { key: string }) => f.key);
    expect(fields).toEqual(expect.arrayContaining(['phone', 'im', 'website', 'position', 'department', 'location']));
  });

  it('refuses an event with a forged token (401) and records nothing', async () => {
    const forge = await platform.addSite();
    sites.push(forge.host);
    for (const tamper of ['otherKey', 'wrongAudience', 'expired', 'none'] as const) {
      const answer = await platform.deliverEvent(app.url, forge, 'avi:forge:installed:app', { tamper });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: 'unauthorized', message: 'Missing, expired or invalid Forge invocation token.' });
    }
    expect(await Tenant.count({ where: { forgeInstallationId: forge.installationId } })).toBe(0);
  });

  it('an installation whose installed event never arrived is refused until a scheduled delivery records it', async () => {
    const forge = await platform.addSite({ users: [ADMIN, USER] });
    sites.push(forge.host);
    expect((await platform.invokeRemote(app.url, forge, USER.accountId, '/rest/v1/me')).status).toBe(401);
    expect((await platform.deliverEvent(app.url, forge, 'scheduled')).status).toBe(200);
    expect((await platform.invokeRemote(app.url, forge, USER.accountId, '/rest/v1/me')).status).toBe(200);
  });

  it('a Forge installation and a Connect install of the same site are two tenants with their own data', async () => {
    const connect: Site = await installSite(app);
    sites.push(connect);
    const forge = await forgeSite();
    await forge.as(ADMIN.accountId).post('/rest/v1/categories', { name: 'Forge only' });
    const connectCategories = (await connect.as(ADMIN.accountId).get('/rest/v1/categories').expect(200)).body.categories.map((c: { name: string }) => c.name);
    expect(connectCategories).not.toContain('Forge only');
    expect(connect.tenantId).not.toBe(forge.tenantId);
  });
});

describe('REST v1 through invokeRemote', () => {
  it('answers /me with the caller, the site and whether they administer it, asked of Confluence with their own user token', async () => {
    const site = await forgeSite();
    const me = await site.as(ADMIN.accountId).get('/rest/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ accountId: ADMIN.accountId, siteUrl: `${site.forge.siteUrl}/wiki`, isAdmin: true });
    expect((await site.as(USER.accountId).get('/rest/v1/me')).body.isAdmin).toBe(false);
    const adminChecks = site.forge.tokenUse.filter((u) => u.path === '/user');
    expect(adminChecks).toEqual([
      { kind: 'user', accountId: ADMIN.accountId, path: '/user' },
      { kind: 'user', accountId: USER.accountId, path: '/user' },
    ]);
  });

  it('lets an admin change the profile schema and a person save their own profile, exactly as on Connect', async () => {
    const site = await forgeSite();
    const admin = site.as(ADMIN.accountId);
    const category = await admin.post('/rest/v1/categories', { name: 'Team' });
    expect(category.status).toBe(201);
    const field = await admin.post('/rest/v1/fields', { label: 'Desk', type: 'text', categoryId: category.body.id });
    expect(field.status).toBe(201);
    const user = site.as(USER.accountId);
    const saved = await user.put(`/rest/v1/profiles/${USER.accountId}`, { version: 0, values: { [field.body.key]: 'B-12' } });
    expect(saved.status).toBe(200);
    const read = await admin.get(`/rest/v1/profiles/${USER.accountId}`);
    expect(JSON.stringify(read.body)).toContain('B-12');
    // People and groups were read as the app, with the system token.
    expect(site.forge.tokenUse.some((u) => u.kind === 'system')).toBe(true);
  });

  it('refuses admin routes to a non-admin with 403, and lets them read what every user reads', async () => {
    const site = await forgeSite();
    const user = site.as(USER.accountId);
    expect((await user.post('/rest/v1/categories', { name: 'Mine' })).status).toBe(403);
    expect((await user.get('/rest/v1/sources')).status).toBe(403);
    expect((await user.get('/rest/v1/categories')).status).toBe(200);
  });

  it("reads the site's people in the background with the stored system token (the migration dry run)", async () => {
    const site = await forgeSite();
    // A site that still answers the old profile details.
    site.forge.host.userDetails = true;
    site.forge.host.users.find((u) => u.accountId === USER.accountId)!.details = { business: { position: 'Archivist' } };
    const before = site.forge.tokenUse.length;
    const answer = await site.as(ADMIN.accountId).post('/rest/v1/migration/dry-run?source=confluence');
    expect(answer.status).toBe(200);
    const used = site.forge.tokenUse.slice(before).filter((u) => u.path !== '/user' && u.path !== '/user/memberof');
    expect(used.length).toBeGreaterThan(0);
    expect(used.every((u) => u.kind === 'system')).toBe(true);
  });

  it('takes a FIT with a large UI context (a 24 KB macro configuration: over Node\'s default header limit)', async () => {
    const site = await forgeSite();
    const answer = await site.as(USER.accountId).get('/rest/v1/me', { contextPadding: 24 * 1024 });
    expect(answer.status).toBe(200);
  });

  it("a call without Forge's OAuth tokens (requestRemote) uses the installation's stored system token", async () => {
    const site = await forgeSite();
    const before = site.forge.tokenUse.length;
    expect((await site.as(ADMIN.accountId).get('/rest/v1/me', { noOAuthTokens: true })).body.isAdmin).toBe(true);
    expect(site.forge.tokenUse.slice(before).map((u) => u.kind)).toEqual(['system']);
    expect((await site.as(USER.accountId).get('/rest/v1/sources', { noOAuthTokens: true })).status).toBe(403);
  });

  it("never stores a system token a page's call brings (requestRemote's headers are the browser's): it serves that call only", async () => {
    const site = await forgeSite();
    const before = (await Tenant.findByPk(site.tenantId))!;
    // A made-up token claiming to live for ever, sent the way a browser could send it.
    const planted = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"exp":99999999999}').toString('base64url')}.`;
    await site.as(ADMIN.accountId).get('/rest/v1/me', { noOAuthTokens: true, headers: { 'x-forge-oauth-system': planted } });
    const after = (await Tenant.findByPk(site.tenantId))!;
    expect(after.forgeSystemTokenEncrypted).toBe(before.forgeSystemTokenEncrypted);
    expect(after.forgeSystemTokenExpiresAt).toEqual(before.forgeSystemTokenExpiresAt);
    // The installation's own token still serves the calls that bring none.
    expect((await site.as(ADMIN.accountId).get('/rest/v1/me', { noOAuthTokens: true })).body.isAdmin).toBe(true);
  });

  it('a Confluence that fails is a 502, never a yes to the admin check', async () => {
    const site = await forgeSite();
    site.forge.host.failNext(10, 401);
    const answer = await site.as(ADMIN.accountId).get('/rest/v1/sources');
    expect(answer.status).toBe(502);
    expect(answer.body.error).toBe('confluence_unavailable');
  });
});

describe('uninstall', () => {
  it("preUninstall marks the tenant uninstalled (data kept), its tokens are refused, and Forge's installed event brings it back", async () => {
    const site = await forgeSite();
    const admin = site.as(ADMIN.accountId);
    expect((await admin.post('/rest/v1/categories', { name: 'Kept' })).status).toBe(201);
    expect((await platform.preUninstall(app.url, site.forge)).status).toBe(200);
    const tenant = (await Tenant.findByPk(site.tenantId))!;
    expect(tenant.status).toBe('uninstalled');
    expect(tenant.forgeSystemTokenEncrypted).toBeNull();
    for (const path of ['/rest/v1/me', '/rest/v1/categories', `/rest/v1/profiles/${USER.accountId}`]) {
      const answer = await admin.get(path);
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('unauthorized');
    }
    // A scheduled delivery does not bring it back; only an install does.
    await platform.deliverEvent(app.url, site.forge, 'scheduled');
    expect((await admin.get('/rest/v1/me')).status).toBe(401);
    await platform.deliverEvent(app.url, site.forge, 'avi:forge:installed:app');
    const categories = (await admin.get('/rest/v1/categories')).body.categories.map((c: { name: string }) => c.name);
    expect(categories).toContain('Kept');
  });

  it('refuses a forged pre-uninstall and leaves the tenant installed', async () => {
    const site = await forgeSite();
    expect((await platform.preUninstall(app.url, site.forge, { tamper: 'otherKey' })).status).toBe(401);
    expect((await Tenant.findByPk(site.tenantId))!.status).toBe('installed');
  });

  it("refuses a page's valid token on the lifecycle routes (a user can send one with invokeRemote to any path): nothing uninstalled or reinstalled", async () => {
    const site = await forgeSite();
    const tokenBefore = (await Tenant.findByPk(site.tenantId))!.forgeSystemTokenEncrypted;
    for (const accountId of [ADMIN.accountId, USER.accountId]) {
      for (const [path, body] of [['/forge/uninstall', {}], ['/forge/events', { eventType: 'avi:forge:installed:app' }], ['/forge/events', { eventType: 'scheduled' }]] as const) {
        const answer = await platform.invokeRemote(app.url, site.forge, accountId, path, { method: 'POST', body });
        expect({ accountId, path, status: answer.status, error: answer.body.error }).toEqual({ accountId, path, status: 401, error: 'unauthorized' });
      }
    }
    const tenant = (await Tenant.findByPk(site.tenantId))!;
    expect(tenant.status).toBe('installed');
    expect(tenant.forgeSystemTokenEncrypted).toBe(tokenBefore);
    expect((await site.as(USER.accountId).get('/rest/v1/me')).status).toBe(200);
  });
});

describe('keys and secrets', () => {
  it('follows a key rotation (an unknown kid refetches the JWKS) but fetches it at most once per cooldown for made-up kids', async () => {
    const site = await forgeSite();
    const fetches = platform.jwksFetches;
    // Made-up kids right after a fetch: refused, and no fetch each (the 30 s cooldown).
    for (let i = 0; i < 10; i++) expect((await site.as(USER.accountId).get('/rest/v1/me', { tamper: 'unknownKid' })).status).toBe(401);
    expect(platform.jwksFetches - fetches).toBeLessThanOrEqual(1);
    // Forge rotates its key; once the cooldown has passed, the new kid makes the app fetch the keys again.
    platform.rotateKey();
    // Only the clock moves on (31 s); timers stay real, so the sockets and the database work.
    jest.useFakeTimers({ now: Date.now() + 31_000, doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback'] });
    try {
      expect((await site.as(USER.accountId).get('/rest/v1/me')).status).toBe(200);
      expect(platform.jwksFetches).toBeGreaterThan(fetches);
    } finally {
      jest.useRealTimers();
    }
    // The old key is gone from the JWKS: a token signed with it no longer passes.
    expect((await site.as(USER.accountId).get('/rest/v1/me', { tamper: 'otherKey' })).status).toBe(401);
  });

  it('never writes a token to the logs, accepted or refused', async () => {
    const site = await forgeSite();
    const from = app.logs.length;
    expect((await platform.invokeRemote(app.url, site.forge, USER.accountId, '/rest/v1/me')).status).toBe(200);
    expect((await platform.invokeRemote(app.url, site.forge, USER.accountId, '/rest/v1/me', { tamper: 'expired' })).status).toBe(401);
    await platform.deliverEvent(app.url, site.forge, 'avi:forge:upgraded:app');
    const logs = app.logs.slice(from).join('\n');
    expect(logs).toContain('Forge invocation token refused');
    // Every token here is a JWT: none may appear, whole or in part.
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}/);
  });
});
