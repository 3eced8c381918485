/**
 * Checks the test Confluence host itself (test/support/confluenceHost.ts).
 *
 * Where it matters, the host is checked against ACE's own code rather than against our reading of
 * it: install callbacks go through ACE's verify-installation middleware, iframe tokens through ACE's
 * authentication middleware, and REST paging through ACE's host client. These are ACE internals
 * (lib/...), wired to a minimal fake addon, so an ACE upgrade that moves them breaks this file and
 * not the host.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import express, { type Request, type Response } from 'express';
import * as jwt from 'atlassian-jwt';
import { startTestHost, type FixtureUser, type TestHost } from '../support/confluenceHost';

/* eslint-disable @typescript-eslint/no-require-imports -- ACE ships no types for its internals */
const verifyInstallation = require('atlassian-connect-express/lib/middleware/verify-installation');
const authentication = require('atlassian-connect-express/lib/middleware/authentication');
const HostClient = require('atlassian-connect-express/lib/internal/host-request');
/* eslint-enable @typescript-eslint/no-require-imports */

const USERS: FixtureUser[] = [
  {
    accountId: '557058:ada',
    displayName: 'Ada Admin',
    email: 'ada@example.com',
    groups: ['confluence-administrators', 'confluence-users'],
    siteAdmin: true,
  },
  { accountId: '557058:bob', displayName: 'Bob Builder', email: 'bob@example.com', groups: ['confluence-users', 'Engineering'] },
  { accountId: '557058:cleo', displayName: 'Cleo Hidden', groups: ['confluence-users', 'Engineering'] },
  {
    accountId: '557058:dan',
    displayName: 'Dan Departed',
    email: 'dan@example.com',
    groups: ['confluence-users', 'engineering-leads'],
    active: false,
  },
  { accountId: '557058:bot', displayName: 'Rollcall', groups: [], accountType: 'app' },
];

const PRODUCT = { id: 'confluence', isConfluence: true, isJIRA: false, isBitbucket: false };
const silentLogger = { info() {}, warn() {}, error() {}, debug() {} };

// -----------------------------------------------------------------------------------------------
// A fake app built from ACE's middleware
// -----------------------------------------------------------------------------------------------

interface FakeApp {
  baseUrl: string;
  /** Lifecycle payloads ACE accepted, by clientKey (what ACE would save as clientInfo). */
  clientInfo: Map<string, Record<string, unknown>>;
  received: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

interface AceContext {
  userAccountId?: string;
  clientKey?: string;
  hostBaseUrl?: string;
}

function fakeAddon(app: express.Express, baseUrl: () => string, clientInfo: FakeApp['clientInfo']) {
  const addon = {
    key: 'rollcall-fake',
    name: 'Rollcall (fake)',
    app,
    logger: silentLogger,
    descriptor: {
      get baseUrl() {
        return baseUrl();
      },
    },
    settings: { get: async (_name: string, clientKey: string) => clientInfo.get(clientKey) ?? null },
    config: {
      baseUrl: {
        get href() {
          return baseUrl();
        },
      },
      whitelist: () => ['127.0.0.1'],
      whitelistRegexp: () => [/^127\.0\.0\.1$/],
      allowedBaseUrls: () => [],
      expressErrorHandling: () => false,
      errorTemplate: () => false,
      maxTokenAge: () => 15 * 60 * 1000,
      product: () => PRODUCT,
      localBaseUrl: () => baseUrl(),
      hostScriptUrl: () => undefined,
    },
    authenticateInstall: () => verifyInstallation.authenticateInstall(addon),
    authenticateAsymmetric: () => verifyInstallation.authenticateAsymmetric(addon),
  };
  return addon;
}

function echoContext(req: Request, res: Response): void {
  const context = (req as unknown as { context: AceContext }).context;
  res.json({ userAccountId: context.userAccountId, clientKey: context.clientKey, hostBaseUrl: context.hostBaseUrl });
}

async function startFakeApp(): Promise<FakeApp> {
  const app = express();
  const clientInfo: FakeApp['clientInfo'] = new Map();
  const received: FakeApp['received'] = [];
  let baseUrl = '';
  const addon = fakeAddon(app, () => baseUrl, clientInfo);
  app.use(express.json());
  app.get('/atlassian-connect.json', (_req, res) => {
    res.json({ key: 'rollcall-fake', baseUrl });
  });
  app.post(['/installed', '/uninstalled'], verifyInstallation.verify(addon), (req: Request, res: Response) => {
    received.push(req.body);
    clientInfo.set(req.body.clientKey, req.body);
    res.status(204).end();
  });
  app.get('/page', authentication.authenticate(addon), echoContext);
  // Context tokens carry qsh 'context-qsh': ACE checks them with qsh verification skipped.
  app.get('/api/me', authentication.authenticate(addon, true), echoContext);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    clientInfo,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// -----------------------------------------------------------------------------------------------
// Calling the host's REST API
// -----------------------------------------------------------------------------------------------

interface HostResponse {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
}

interface RestTokenOptions {
  secret?: string;
  issuer?: string;
  qsh?: string;
  expiresInSeconds?: number;
}

/** A JWT like ACE's host client makes: qsh over the path relative to the site's /wiki. */
function restToken(host: TestHost, pathAndQuery: string, opts: RestTokenOptions = {}): string {
  const iat = Math.floor(Date.now() / 1000);
  const claims = {
    iss: opts.issuer ?? host.appKey,
    aud: [host.clientKey],
    iat,
    exp: iat + (opts.expiresInSeconds ?? 180),
    qsh: opts.qsh ?? jwt.createQueryStringHash(jwt.fromMethodAndUrl('GET', pathAndQuery)),
  };
  return jwt.encodeSymmetric(claims, opts.secret ?? host.sharedSecret, jwt.SymmetricAlgorithm.HS256);
}

/** GET `${host.baseUrl}${pathAndQuery}` signed like the app would, or with the given flaws. */
async function hostGet(host: TestHost, pathAndQuery: string, opts: RestTokenOptions & { noAuth?: boolean } = {}) {
  const headers: Record<string, string> = opts.noAuth ? {} : { Authorization: `JWT ${restToken(host, pathAndQuery, opts)}` };
  const res = await fetch(`${host.baseUrl}${pathAndQuery}`, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined } as HostResponse;
}

function rest(path: string, query: Record<string, string | string[]> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    (Array.isArray(value) ? value : [value]).forEach((v) => params.append(name, v));
  }
  const qs = params.toString();
  return `/rest/api${path}${qs ? `?${qs}` : ''}`;
}

interface AceHostClient {
  get(
    options: { uri: string; json: boolean },
    callback: (err: unknown, res: { statusCode: number }, body: unknown) => void,
  ): Promise<unknown>;
}

/** ACE's real host client, for a tenant already "installed" with the host's current values. */
function aceHostClient(host: TestHost): (uri: string) => Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const addon = {
    key: host.appKey,
    logger: silentLogger,
    settings: {
      get: async () => ({ baseUrl: host.baseUrl, sharedSecret: host.sharedSecret, key: host.appKey, clientKey: host.clientKey }),
    },
    config: { jwt: () => ({ validityInMinutes: 3 }), userAgent: () => 'rollcall-test', product: () => PRODUCT },
  };
  const client: AceHostClient = new HostClient(addon, {}, host.clientKey);
  return (uri) =>
    new Promise((resolve, reject) => {
      client
        .get({ uri, json: true }, (err, res, body) => (err ? reject(err) : resolve({ status: res.statusCode, body })))
        .catch(reject);
    });
}

function manyUsers(count: number): FixtureUser[] {
  return Array.from({ length: count }, (_, i) => ({
    accountId: `557058:user-${String(i).padStart(5, '0')}`,
    displayName: `User ${i}`,
    groups: ['confluence-users'],
  }));
}

// -----------------------------------------------------------------------------------------------
// Tests
// -----------------------------------------------------------------------------------------------

describe('test Confluence host', () => {
  const savedKeysUrl = process.env.CONNECT_KEYS_CDN_URL;
  let fakeApp: FakeApp;

  beforeAll(async () => {
    fakeApp = await startFakeApp();
  });

  afterAll(async () => {
    await fakeApp.close();
    if (savedKeysUrl === undefined) {
      delete process.env.CONNECT_KEYS_CDN_URL;
    } else {
      process.env.CONNECT_KEYS_CDN_URL = savedKeysUrl;
    }
  });

  describe('key server', () => {
    let host: TestHost;
    beforeAll(async () => {
      host = await startTestHost();
    });
    afterAll(() => host.close());

    it('serves the public key PEM for its kid', async () => {
      const res = await fetch(`${host.keysUrl}/${host.keyId}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    });

    it('answers 404 "Not Found" for another kid', async () => {
      const res = await fetch(`${host.keysUrl}/not-${host.keyId}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('Not Found');
    });
  });

  describe('signed install, verified by ACE', () => {
    let host: TestHost;
    beforeAll(async () => {
      host = await startTestHost({ users: USERS });
      process.env.CONNECT_KEYS_CDN_URL = host.keysUrl;
    });
    afterAll(() => host.close());

    it('installs with the lifecycle payload Confluence sends', async () => {
      const res = await host.install(fakeApp.baseUrl);
      expect(res).toEqual({ status: 204, body: '' });
      expect(host.appKey).toBe('rollcall-fake');
      expect(fakeApp.clientInfo.get(host.clientKey)).toEqual({
        key: 'rollcall-fake',
        clientKey: host.clientKey,
        sharedSecret: host.sharedSecret,
        serverVersion: expect.any(String),
        pluginsVersion: expect.any(String),
        baseUrl: host.baseUrl,
        displayUrl: host.baseUrl,
        productType: 'confluence',
        description: `Atlassian Confluence at ${host.baseUrl}`,
        eventType: 'installed',
        cloudId: host.cloudId,
      });
    });

    // ACE answers 400 when the signature does not verify against the key it fetched (a wrong key, or
    // the "Not Found" body of an unknown kid), 401 for the other failures.
    it.each([
      ['signature', 400],
      ['keyId', 400],
      ['audience', 401],
      ['expired', 401],
    ] as const)('is refused by ACE when tampered: %s', async (tamper, status) => {
      const installsBefore = fakeApp.received.length;
      const res = await host.install(fakeApp.baseUrl, { tamper });
      expect(res.status).toBe(status);
      expect(fakeApp.received).toHaveLength(installsBefore);
    });

    it('sends the rotated secret with the next install', async () => {
      const before = host.sharedSecret;
      const rotated = host.rotateSecret();
      expect(rotated).not.toBe(before);
      expect(host.sharedSecret).toBe(rotated);
      expect((await host.install(fakeApp.baseUrl)).status).toBe(204);
      expect(fakeApp.clientInfo.get(host.clientKey)?.sharedSecret).toBe(rotated);
    });

    it('uninstalls without sending the secret', async () => {
      const res = await host.uninstall(fakeApp.baseUrl);
      expect(res.status).toBe(204);
      const payload = fakeApp.received[fakeApp.received.length - 1];
      expect(payload).toMatchObject({ eventType: 'uninstalled', clientKey: host.clientKey, key: 'rollcall-fake' });
      expect(payload).not.toHaveProperty('sharedSecret');
    });
  });

  describe('iframe tokens, verified by ACE', () => {
    let host: TestHost;
    beforeAll(async () => {
      host = await startTestHost({ users: USERS });
      process.env.CONNECT_KEYS_CDN_URL = host.keysUrl;
      expect((await host.install(fakeApp.baseUrl)).status).toBe(204);
    });
    afterAll(() => host.close());

    it('signs app URLs with the Connect parameters and a qsh ACE accepts', async () => {
      const url = host.signedUrl(fakeApp.baseUrl, '557058:bob', '/page?tab=people');
      const params = new URL(url).searchParams;
      expect(params.get('tab')).toBe('people');
      expect(params.get('xdm_e')).toBe(host.origin);
      expect(params.get('cp')).toBe('/wiki');
      expect(params.get('lic')).toBe('none');
      expect(params.get('cv')).toBeTruthy();
      expect(params.get('xdm_c')).toBeTruthy();

      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ userAccountId: '557058:bob', clientKey: host.clientKey, hostBaseUrl: host.baseUrl });
    });

    it('makes page tokens ACE refuses when expired or signed with another secret', async () => {
      const expired = host.pageToken('557058:bob', 'GET', '/page', { expiresInSeconds: -10 });
      expect((await fetch(`${fakeApp.baseUrl}/page?jwt=${expired}`)).status).toBe(401);
      const foreign = host.pageToken('557058:bob', 'GET', '/page', { secret: 'another-tenant-secret' });
      // ACE answers 400 for a bad signature, 401 for the other failures.
      expect((await fetch(`${fakeApp.baseUrl}/page?jwt=${foreign}`)).status).toBeGreaterThanOrEqual(400);
      const good = host.pageToken('557058:bob', 'GET', '/page');
      expect((await fetch(`${fakeApp.baseUrl}/page?jwt=${good}`)).status).toBe(200);
    });

    it('makes context tokens with qsh "context-qsh"', async () => {
      const token = host.contextToken('557058:ada');
      expect(jwt.decodeSymmetric(token, host.sharedSecret, jwt.SymmetricAlgorithm.HS256)).toMatchObject({
        iss: host.clientKey,
        sub: '557058:ada',
        qsh: 'context-qsh',
      });
      const res = await fetch(`${fakeApp.baseUrl}/api/me`, { headers: { Authorization: `JWT ${token}` } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ userAccountId: '557058:ada', clientKey: host.clientKey });
    });
  });

  describe('REST API', () => {
    let host: TestHost;
    beforeEach(async () => {
      host = await startTestHost({ users: [...USERS, ...manyUsers(60)] });
    });
    afterEach(() => host.close());

    it('pages /search/user through _links.next until the end, as ACE follows it', async () => {
      const get = aceHostClient(host);
      const seen: string[] = [];
      const limits: number[] = [];
      let next: string | undefined = rest('/search/user', { cql: 'type=user', limit: '200' });
      while (next) {
        const res = await get(next);
        expect(res.status).toBe(200);
        expect(res.body._links).toMatchObject({ base: host.baseUrl, context: '/wiki' });
        seen.push(...res.body.results.map((r: { user: { accountId: string } }) => r.user.accountId));
        limits.push(res.body.limit);
        next = res.body._links.next;
      }
      const active = host.users.filter((u) => u.active !== false).map((u) => u.accountId);
      expect(seen).toEqual(active);
      expect(seen).not.toContain('557058:dan');
      expect(limits).toEqual([50, 50]); // 64 active users; limit=200 is clamped to 50
      expect(host.requests.map((r) => [r.path, r.status])).toEqual([
        ['/wiki/rest/api/search/user', 200],
        ['/wiki/rest/api/search/user', 200],
      ]);
      expect(host.requests[1].query).toMatchObject({ cql: 'type=user', start: '50', limit: '50' });
    });

    it('answers search results in the shape of the spec', async () => {
      const res = await hostGet(host, rest('/search/user', { cql: 'type=user' }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ start: 0, limit: 25, size: 25, totalSize: 64, cqlQuery: 'type=user' });
      expect(res.body._links.next).toBe('/rest/api/search/user?cql=type%3Duser&start=25&limit=25');
      expect(res.body.results[0]).toMatchObject({
        entityType: 'user',
        title: 'Ada Admin',
        user: {
          type: 'known',
          accountId: '557058:ada',
          accountType: 'atlassian',
          email: 'ada@example.com',
          publicName: 'Ada Admin',
          displayName: 'Ada Admin',
          profilePicture: { path: '/wiki/aa-avatar/557058:ada', width: 48, height: 48, isDefault: false },
          isExternalCollaborator: false,
          _links: { base: host.baseUrl },
        },
      });
      expect(res.body.results[2].user).not.toHaveProperty('email'); // Cleo hides hers
    });

    it('stops at 10,000 search results like Cloud', async () => {
      host.users.push(...manyUsers(10_050).slice(60));
      const res = await hostGet(host, rest('/search/user', { cql: 'type=user', start: '9975', limit: '50' }));
      expect(res.status).toBe(200);
      expect(res.body.size).toBe(25);
      expect(res.body.totalSize).toBe(10_054);
      expect(res.body._links.next).toBeUndefined();
    });

    it('refuses CQL other than type=user', async () => {
      const res = await hostGet(host, rest('/search/user', { cql: 'user.fullname~ada' }));
      expect(res.status).toBe(400);
      expect(res.body.statusCode).toBe(400);
    });

    it('answers 429 with Retry-After, then succeeds', async () => {
      host.rateLimitNext(2, 7);
      const path = rest('/user', { accountId: '557058:bob' });
      for (let i = 0; i < 2; i += 1) {
        const limited = await hostGet(host, path);
        expect(limited.status).toBe(429);
        expect(limited.headers.get('retry-after')).toBe('7');
      }
      const ok = await hostGet(host, path);
      expect(ok.status).toBe(200);
      expect(ok.body.accountId).toBe('557058:bob');
      expect(host.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    });

    it('rate limits with Retry-After: 1 by default', async () => {
      host.rateLimitNext(1);
      const res = await hostGet(host, rest('/group'));
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('1');
    });

    it.each([
      ['a wrong qsh', { qsh: 'not-the-hash' }],
      ['another secret', { secret: 'another-tenant-secret' }],
      ['another issuer', { issuer: 'someone-else' }],
      ['an expired token', { expiresInSeconds: -5 }],
      ['no Authorization header', { noAuth: true }],
    ])('answers 401 like Confluence for %s', async (_label, flaw) => {
      const res = await hostGet(host, rest('/user', { accountId: '557058:bob' }), flaw);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, message: expect.any(String) });
      expect(host.requests).toEqual([
        { method: 'GET', path: '/wiki/rest/api/user', query: { accountId: '557058:bob' }, status: 401 },
      ]);
    });

    it('refuses a qsh computed on the /wiki path (ACE hashes the path relative to /wiki)', async () => {
      const path = rest('/user', { accountId: '557058:bob' });
      const qsh = jwt.createQueryStringHash(jwt.fromMethodAndUrl('GET', `/wiki${path}`));
      expect((await hostGet(host, path, { qsh })).status).toBe(401);
    });

    it('GET /user lists operations: administer for site admins, use for others', async () => {
      const admin = await hostGet(host, rest('/user', { accountId: '557058:ada', expand: 'operations' }));
      expect(admin.body.operations).toEqual([
        { operation: 'administer', targetType: 'application' },
        { operation: 'use', targetType: 'application' },
      ]);
      const user = await hostGet(host, rest('/user', { accountId: '557058:bob', expand: 'operations' }));
      expect(user.body.operations).toEqual([{ operation: 'use', targetType: 'application' }]);
      const plain = await hostGet(host, rest('/user', { accountId: '557058:bob' }));
      expect(plain.body).not.toHaveProperty('operations');
      expect(plain.body._expandable).toHaveProperty('operations');
      expect((await hostGet(host, rest('/user', { accountId: '557058:nobody' }))).status).toBe(404);
    });

    it('GET /user/bulk and /user/email/bulk answer known users only', async () => {
      const ids = ['557058:ada', '557058:nobody', '557058:cleo'];
      const bulk = await hostGet(host, rest('/user/bulk', { accountId: ids }));
      expect(bulk.status).toBe(200);
      expect(bulk.body).toMatchObject({ start: 0, size: 2 });
      expect(bulk.body.results.map((u: { accountId: string }) => u.accountId)).toEqual(['557058:ada', '557058:cleo']);
      const emails = await hostGet(host, rest('/user/email/bulk', { accountId: ids }));
      expect(emails.body).toEqual([{ accountId: '557058:ada', email: 'ada@example.com' }]);
    });

    it('GET /user/memberof answers the fixture groups of the user', async () => {
      const res = await hostGet(host, rest('/user/memberof', { accountId: '557058:bob' }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ start: 0, limit: 200, size: 2, _links: { base: host.baseUrl } });
      expect(res.body.results.map((g: { name: string }) => g.name)).toEqual(['confluence-users', 'Engineering']);
      expect(res.body.results[0]).toEqual({
        type: 'group',
        name: 'confluence-users',
        id: expect.any(String),
        _links: { self: expect.stringContaining(`${host.baseUrl}/rest/api/group/by-id?id=`) },
      });
      const bot = await hostGet(host, rest('/user/memberof', { accountId: '557058:bot' }));
      expect(bot.body).toMatchObject({ results: [], size: 0 });
    });

    it('GET /group/picker matches names case-insensitively', async () => {
      const res = await hostGet(host, rest('/group/picker', { query: 'ENGIN' }));
      expect(res.status).toBe(200);
      expect(res.body.results.map((g: { name: string }) => g.name)).toEqual(['Engineering', 'engineering-leads']);
      expect(res.body).toMatchObject({ start: 0, size: 2, totalSize: 2 });
    });

    it('GET /group pages all groups, /group/{id}/membersByGroupId pages members', async () => {
      const first = await hostGet(host, rest('/group', { limit: '2' }));
      expect(first.body).toMatchObject({ size: 2, totalSize: 4, _links: { next: '/rest/api/group?limit=2&start=2' } });
      const second = await hostGet(host, first.body._links.next);
      expect(second.body).toMatchObject({ start: 2, size: 2 });
      expect(second.body._links.next).toBeUndefined();

      const engineering = host.groups.find((g) => g.name === 'Engineering');
      const members = await hostGet(host, rest(`/group/${engineering?.id}/membersByGroupId`));
      expect(members.body.results.map((u: { accountId: string }) => u.accountId)).toEqual(['557058:bob', '557058:cleo']);
      expect((await hostGet(host, rest('/group/no-such-group/membersByGroupId'))).status).toBe(404);
    });

    it('reflects fixture changes made by the test', async () => {
      host.users.push({ accountId: '557058:eve', displayName: 'Eve New', groups: ['Engineering'] });
      host.users[1].groups = [];
      const eve = await hostGet(host, rest('/user/memberof', { accountId: '557058:eve' }));
      expect(eve.body.results.map((g: { name: string }) => g.name)).toEqual(['Engineering']);
      const bob = await hostGet(host, rest('/user/memberof', { accountId: '557058:bob' }));
      expect(bob.body.results).toEqual([]);
    });
  });

  describe('host page and AP stand-in', () => {
    let host: TestHost;
    beforeAll(async () => {
      host = await startTestHost({ users: USERS });
    });
    afterAll(() => host.close());

    it('serves a page framing the signed app URL', async () => {
      const res = await fetch(host.pageUrl('http://127.0.0.1:9/base/', '/profiles?tab=all', '557058:ada'));
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('id="app-frame"');
      expect(html).toContain('name="rollcall-frame"');
      expect(html).toContain('Ada Admin');
      const src = /<iframe[^>]* src="([^"]+)"/.exec(html)?.[1].replace(/&amp;/g, '&') ?? '';
      expect(src.startsWith('http://127.0.0.1:9/base/profiles?tab=all&xdm_e=')).toBe(true);
      // The token's qsh is the one the app computes for the URL relative to its baseUrl.
      const url = new URL(src);
      const token = url.searchParams.get('jwt') ?? '';
      const claims = jwt.decodeSymmetric(token, host.sharedSecret, jwt.SymmetricAlgorithm.HS256);
      const relative = { method: 'GET', pathname: url.pathname, query: Object.fromEntries(url.searchParams) };
      expect(claims.qsh).toBe(jwt.createQueryStringHash(relative, false, 'http://127.0.0.1:9/base'));
      expect(claims).toMatchObject({ iss: host.clientKey, sub: '557058:ada' });
    });

    it('serves all.js and the context token the host page hands to AP.context.getToken', async () => {
      const script = await fetch(host.hostScriptUrl);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/javascript/);
      expect(await script.text()).toContain('window.AP');

      const res = await fetch(`${host.baseUrl}/__test/context-token?as=557058:bob`);
      const claims = jwt.decodeSymmetric(await res.text(), host.sharedSecret, jwt.SymmetricAlgorithm.HS256);
      expect(claims).toMatchObject({ sub: '557058:bob', qsh: 'context-qsh' });
    });
  });
});
