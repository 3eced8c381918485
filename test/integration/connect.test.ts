import crypto from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { startTestHost, type TestHost } from '../support/confluenceHost';
import { DESCRIPTOR_PATH } from '../../src/connect/addon';
import { MAX_TOKEN_LIFETIME_SECONDS } from '../../src/connect/auth';
import { Tenant } from '../../src/db/models';

const ADMIN = { accountId: 'admin-1', displayName: 'Ada Admin', email: 'ada@example.com', groups: ['confluence-administrators'], siteAdmin: true };
const USER = { accountId: 'user-1', displayName: 'Bo User', email: 'bo@example.com', groups: ['confluence-users'] };

let app: TestApp;
let host: TestHost;

beforeAll(async () => {
  host = await startTestHost({ users: [ADMIN, USER] });
  app = await startTestApp({ host });
});

afterAll(async () => {
  await app?.close();
  await host?.close();
});

/** The path and query of the signed iframe URL the host would frame for `accountId`. */
function signedPath(accountId: string, path: string): string {
  const url = new URL(host.signedUrl(app.url, accountId, path));
  return url.pathname + url.search;
}

/** A fresh site per test: its own client key and secret, installed through the signed hook. */
async function installFreshSite(): Promise<TestHost> {
  host.clientKey = `site-${crypto.randomUUID()}`;
  host.rotateSecret();
  const result = await host.install(app.url);
  expect(result.status).toBe(204);
  return host;
}

describe('the descriptor', () => {
  it('is served with the configured base URL, JWT authentication and the API migrations', async () => {
    const res = await request(app.url).get('/atlassian-connect.json').expect(200);
    expect(res.body).toMatchObject({
      key: 'rollcall',
      name: 'Rollcall',
      baseUrl: app.url,
      authentication: { type: 'jwt' },
      apiMigrations: { 'signed-install': true, gdpr: true, 'context-qsh': true },
      scopes: ['READ', 'ACCESS_EMAIL_ADDRESSES'],
      lifecycle: { installed: '/installed', uninstalled: '/uninstalled' },
    });
  });

  it('is not served at its path on disk, and no route names a directory of the server', async () => {
    await request(app.url).get(DESCRIPTOR_PATH).expect(404);
    const root = path.dirname(DESCRIPTOR_PATH);
    type Layer = { route?: { path: string }; handle?: { stack?: Layer[] } };
    const paths: string[] = [];
    const walk = (stack: Layer[]) => stack.forEach((l) => (l.route ? paths.push(l.route.path) : l.handle?.stack && walk(l.handle.stack)));
    walk((app.app as unknown as { _router: { stack: Layer[] } })._router.stack);
    expect(paths).toContain('/atlassian-connect.json');
    expect(paths.filter((p) => p.includes(root))).toEqual([]);
  });
});

describe('installation', () => {
  it('a signed install stores the tenant with its secret encrypted, and never logs the secret', async () => {
    await installFreshSite();
    const tenant = await Tenant.findOne({ where: { clientKey: host.clientKey } });
    expect(tenant).not.toBeNull();
    expect(tenant!.status).toBe('installed');
    expect(tenant!.baseUrl).toBe(host.baseUrl);
    expect(tenant!.sharedSecretEncrypted).not.toContain(host.sharedSecret);
    expect(app.logs.join('\n')).not.toContain(host.sharedSecret);
  });

  it('a re-install with a rotated secret updates the tenant: the old secret stops working', async () => {
    await installFreshSite();
    const oldSecret = host.sharedSecret;
    host.rotateSecret();
    expect((await host.install(app.url)).status).toBe(204);
    expect(await Tenant.count({ where: { clientKey: host.clientKey } })).toBe(1);
    await request(app.url).get('/rest/v1/me').set('Authorization', `JWT ${host.contextToken(USER.accountId)}`).expect(200);
    await request(app.url)
      .get('/rest/v1/me')
      .set('Authorization', `JWT ${host.contextToken(USER.accountId, { secret: oldSecret })}`)
      .expect(401);
  });

  it.each(['signature', 'audience', 'keyId', 'expired'] as const)('an install with a bad %s is refused and stores nothing', async (tamper) => {
    host.clientKey = `site-${crypto.randomUUID()}`;
    host.rotateSecret();
    const result = await host.install(app.url, { tamper });
    expect(result.status).toBe(401);
    expect(await Tenant.count({ where: { clientKey: host.clientKey } })).toBe(0);
  });

  it('an unsigned install is refused', async () => {
    const res = await request(app.url)
      .post('/installed')
      .send({ key: 'rollcall', clientKey: 'forged', sharedSecret: 's', baseUrl: host.baseUrl, productType: 'confluence', eventType: 'installed' })
      .expect(401);
    expect(res.body.error).toBe('unauthorized');
    expect(await Tenant.count({ where: { clientKey: 'forged' } })).toBe(0);
  });

  it('a signed uninstall marks the tenant uninstalled and its tokens stop working', async () => {
    await installFreshSite();
    const token = host.contextToken(USER.accountId);
    await request(app.url).get('/rest/v1/me').set('Authorization', `JWT ${token}`).expect(200);
    expect((await host.uninstall(app.url)).status).toBe(204);
    const tenant = await Tenant.findOne({ where: { clientKey: host.clientKey } });
    expect(tenant!.status).toBe('uninstalled');
    expect(tenant!.uninstalledAt).not.toBeNull();
    await request(app.url).get('/rest/v1/me').set('Authorization', `JWT ${token}`).expect(401);
  });

  it('an uninstall with a bad signature changes nothing', async () => {
    await installFreshSite();
    expect((await host.uninstall(app.url, { tamper: 'signature' })).status).toBe(401);
    expect((await Tenant.findOne({ where: { clientKey: host.clientKey } }))!.status).toBe('installed');
  });
});

describe('REST authentication', () => {
  beforeEach(installFreshSite);

  it('answers a valid context token with the caller', async () => {
    const res = await request(app.url).get('/rest/v1/me').set('Authorization', `JWT ${host.contextToken(USER.accountId)}`).expect(200);
    expect(res.body).toEqual({ accountId: USER.accountId, siteUrl: host.baseUrl, isAdmin: false });
  });

  const badTokens: Array<[string, () => string | undefined]> = [
    ['a missing token', () => undefined],
    ['an expired token', () => host.contextToken(USER.accountId, { expiresInSeconds: -60 })],
    ['a token living longer than Confluence issues them (1 hour)', () => host.contextToken(USER.accountId, { expiresInSeconds: 3600 })],
    ['a token just over the maximum lifetime', () => host.contextToken(USER.accountId, { expiresInSeconds: MAX_TOKEN_LIFETIME_SECONDS + 1 })],
    ['a token without exp', () => host.contextToken(USER.accountId, { omit: 'exp' })],
    ['a token without iat', () => host.contextToken(USER.accountId, { omit: 'iat' })],
    ['a forged token (wrong secret)', () => host.contextToken(USER.accountId, { secret: crypto.randomBytes(32).toString('hex') })],
    ['another tenant\'s token for this site', () => host.contextToken(USER.accountId, { issuer: 'some-other-site' })],
    ['a page token (wrong qsh)', () => host.pageToken(USER.accountId, 'GET', '/admin/profile-editor')],
    ['garbage', () => 'not.a.jwt'],
  ];
  it.each(badTokens)('refuses %s with 401', async (_name, makeToken) => {
    const token = makeToken();
    const req = request(app.url).get('/rest/v1/me');
    if (token) req.set('Authorization', `JWT ${token}`);
    const res = await req.expect(401);
    expect(res.body.error).toBe('unauthorized');
    expect(typeof res.body.message).toBe('string');
  });

  it('takes a token of the longest lifetime Confluence issues (15 minutes)', async () => {
    await request(app.url).get('/rest/v1/me').set('Authorization', `JWT ${host.contextToken(USER.accountId, { expiresInSeconds: MAX_TOKEN_LIFETIME_SECONDS })}`).expect(200);
  });

  it('refuses a token in the query string of a REST call', async () => {
    await request(app.url)
      .get(`/rest/v1/me?jwt=${host.pageToken(USER.accountId, 'GET', '/rest/v1/me')}`)
      .set('Authorization', `JWT ${host.contextToken(USER.accountId)}`)
      .expect(401);
  });
});

describe('page authentication', () => {
  beforeEach(installFreshSite);

  it('serves a general page for a valid page token', async () => {
    const res = await request(app.url).get(signedPath(USER.accountId, '/pages/profile')).expect(200);
    // The Profile page is the front-end's shell: its title, its configuration for the bundle, all.js.
    expect(res.text).toContain('<title>Profile · Rollcall</title>');
    expect(res.text).toContain('<meta name="rollcall-shell"');
    expect(res.text).toContain(host.hostScriptUrl);
  });

  it("gives the Profile page its parameters: the person (the caller's own by default), whether the link names an account, where profile links point", async () => {
    const shellOf = async (path: string) => {
      const res = await request(app.url).get(signedPath(USER.accountId, path)).expect(200);
      const content = /<meta name="rollcall-shell" content="([^"]*)"/.exec(res.text)![1];
      const entities: Record<string, string> = { '&quot;': '"', '&#x3D;': '=', '&amp;': '&', '&#x27;': "'", '&#x60;': '`', '&lt;': '<', '&gt;': '>' };
      return JSON.parse(content.replace(/&(quot|#x3D|amp|#x27|#x60|lt|gt);/g, (entity) => entities[entity])) as { page: string; accountId: string; parameters: Record<string, string> };
    };
    const own = await shellOf('/pages/profile');
    expect(own).toMatchObject({ page: 'profile', accountId: USER.accountId });
    expect(own.parameters).toEqual({ accountId: USER.accountId, accountIdValid: 'true', profileLink: `${host.baseUrl}/plugins/servlet/ac/rollcall/profile?ac.accountId=`, siteUrl: host.baseUrl });
    expect((await shellOf(`/pages/profile?accountId=${ADMIN.accountId}`)).parameters).toMatchObject({ accountId: ADMIN.accountId, accountIdValid: 'true' });
    expect((await shellOf('/pages/profile?accountId=not%20an%20id')).parameters).toMatchObject({ accountId: 'not an id', accountIdValid: 'false' });
  });

  const badPageTokens: Array<[string, () => string]> = [
    ['an expired token', () => host.pageToken(USER.accountId, 'GET', '/pages/profile', { expiresInSeconds: -60 })],
    ['a long-lived token (1 day)', () => host.pageToken(USER.accountId, 'GET', '/pages/profile', { expiresInSeconds: 86_400 })],
    ['a token without exp', () => host.pageToken(USER.accountId, 'GET', '/pages/profile', { omit: 'exp' })],
    ['a forged token', () => host.pageToken(USER.accountId, 'GET', '/pages/profile', { secret: 'wrong' })],
    ['another tenant\'s token', () => host.pageToken(USER.accountId, 'GET', '/pages/profile', { issuer: 'some-other-site' })],
    ['a token for another page (wrong qsh)', () => host.pageToken(USER.accountId, 'GET', '/pages/org-chart')],
    ['a context token (qsh "context-qsh")', () => host.contextToken(USER.accountId)],
  ];
  it.each(badPageTokens)('refuses %s with 401', async (_name, makeToken) => {
    const res = await request(app.url).get(`/pages/profile?jwt=${makeToken()}`).set('Accept', 'text/html').expect(401);
    expect(res.text).toContain('This page cannot be shown (401)');
  });

  it('refuses a page without a token', async () => {
    await request(app.url).get('/pages/profile').expect(401);
  });
});

describe('admin pages', () => {
  beforeEach(installFreshSite);

  it('open for a Confluence administrator, as Confluence says', async () => {
    const res = await request(app.url).get(signedPath(ADMIN.accountId, '/admin/profile-editor')).expect(200);
    // The React page's shell: the page itself renders in the browser.
    expect(res.text).toContain('<title>Profile Editor · Rollcall</title>');
    expect(host.requests.some((r) => r.path === '/wiki/rest/api/user' && r.query.accountId === ADMIN.accountId)).toBe(true);
  });

  it.each(['/admin/profile-editor', '/admin/data-sources', '/admin/profile-migration', '/admin/audit-log'])('%s is refused to a non-admin with 403', async (path) => {
    const res = await request(app.url).get(signedPath(USER.accountId, path)).set('Accept', 'text/html').expect(403);
    expect(res.text).toContain('Only Confluence administrators');
  });

  it('answers 502 when Confluence cannot say whether the caller is an admin', async () => {
    host.rateLimitNext(10, 0);
    await request(app.url).get(signedPath(ADMIN.accountId, '/admin/profile-editor')).set('Accept', 'application/json').expect(502);
    host.rateLimitNext(0);
  });

  it('waits out one 429 from Confluence and then answers', async () => {
    host.rateLimitNext(1, 0);
    await request(app.url).get(signedPath(ADMIN.accountId, '/admin/profile-editor')).expect(200);
  });
});

describe('health', () => {
  it('reports the database reachable and the migrations current', async () => {
    const res = await request(app.url).get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok', migrations: { current: true } });
  });
});
