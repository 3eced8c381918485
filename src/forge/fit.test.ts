import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, SignJWT } from 'jose';
import { FitVerifier, InvalidInvocationError, JwksUnavailableError } from './fit';

/**
 * The claim checks after the signature (the attacks on the signature itself are
 * test/integration/forgeRouteAuth.test.ts): what a FIT signed with the right key must still say.
 */
const APP = `ari:cloud:ecosystem::app/${randomUUID()}`;
const API = 'https://api.atlassian.com';
const CLOUD = randomUUID();
const INSTALLATION = `ari:cloud:ecosystem::installation/${randomUUID()}`;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'forge/invocation-token/unit';

let server: http.Server;
let verifier: FitVerifier;

beforeAll(async () => {
  const jwk = { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256' };
  server = http.createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  verifier = new FitVerifier({ appId: APP, apiOrigin: API, jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json` });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Claims = Record<string, unknown> & { app: Record<string, unknown> };
const good = (): Claims => ({
  app: { id: APP, installationId: INSTALLATION, apiBaseUrl: `${API}/ex/confluence/${CLOUD}`, environment: { id: 'ari:cloud:ecosystem::environment/x/y' } },
  context: { cloudId: CLOUD, accountId: '557058:abc', siteUrl: 'https://acme.atlassian.net/wiki/x', moduleKey: 'rollcall-profile' },
  principal: '557058:abc',
});

function sign(claims: Claims, lifetime = 25): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: KID }).setIssuer('forge/invocation-token').setAudience(APP).setIssuedAt(now).setNotBefore(now).setExpirationTime(now + lifetime).sign(privateKey);
}

it('reads the installation, site, user and site URL of a good FIT', async () => {
  await expect(verifier.verify(await sign(good()))).resolves.toEqual({
    appId: APP,
    installationId: INSTALLATION,
    cloudId: CLOUD,
    apiBaseUrl: `${API}/ex/confluence/${CLOUD}`,
    environmentId: 'ari:cloud:ecosystem::environment/x/y',
    accountId: '557058:abc',
    siteUrl: 'https://acme.atlassian.net',
    moduleKey: 'rollcall-profile',
    fromUi: true,
  });
});

it('takes an event FIT: no context, no user', async () => {
  const { context: _context, principal: _principal, ...claims } = good();
  await expect(verifier.verify(await sign(claims as Claims))).resolves.toMatchObject({ accountId: null, siteUrl: null, moduleKey: null, fromUi: false });
});

it("tells a page's call by its context or its principal alone (neither may pass for Forge's own delivery)", async () => {
  const { context: _context, ...withPrincipal } = good();
  const { principal: _principal, ...withContext } = good();
  const contextOnly = { ...withContext, context: { ...(withContext.context as object), accountId: undefined } };
  await expect(verifier.verify(await sign(withPrincipal as Claims))).resolves.toMatchObject({ fromUi: true });
  await expect(verifier.verify(await sign(contextOnly as Claims))).resolves.toMatchObject({ fromUi: true, accountId: null });
});

it.each([
  ['another product', (c: Claims) => (c.app.apiBaseUrl = `${API}/ex/jira/${CLOUD}`)],
  ['a look-alike host', (c: Claims) => (c.app.apiBaseUrl = `https://api.atlassian.com.evil.example/ex/confluence/${CLOUD}`)],
  ['credentials in the URL', (c: Claims) => (c.app.apiBaseUrl = `https://x@api.atlassian.com/ex/confluence/${CLOUD}`)],
  ['a query string', (c: Claims) => (c.app.apiBaseUrl = `${API}/ex/confluence/${CLOUD}?next=https://evil.example`)],
  ['more path', (c: Claims) => (c.app.apiBaseUrl = `${API}/ex/confluence/${CLOUD}/../../other`)],
  ['http', (c: Claims) => (c.app.apiBaseUrl = `http://api.atlassian.com/ex/confluence/${CLOUD}`)],
])('refuses an apiBaseUrl with %s', async (_name, change) => {
  const claims = good();
  change(claims);
  await expect(verifier.verify(await sign(claims))).rejects.toThrow(InvalidInvocationError);
});

it.each([
  ['context.accountId is not the principal', (c: Claims) => ((c.context as Record<string, unknown>).accountId = '557058:other')],
  ['the principal is no account id', (c: Claims) => (c.principal = 'a b')],
  ['the installation is no installation ARI', (c: Claims) => (c.app.installationId = 'ari:cloud:ecosystem::app/x')],
  ['the context is not an object', (c: Claims) => (c.context = 'x')],
])('refuses a FIT where %s', async (_name, change) => {
  const claims = good();
  change(claims);
  await expect(verifier.verify(await sign(claims))).rejects.toThrow(InvalidInvocationError);
});

it("is a server problem (not the caller's 401) when the keys cannot be read", async () => {
  const silent = http.createServer((_req, res) => res.writeHead(500).end());
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const broken = new FitVerifier({ appId: APP, apiOrigin: API, jwksUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/jwks.json` });
    await expect(broken.verify(await sign(good()))).rejects.toThrow(JwksUnavailableError);
    const closed = new FitVerifier({ appId: APP, apiOrigin: API, jwksUrl: 'http://127.0.0.1:9/jwks.json' });
    await expect(closed.verify(await sign(good()))).rejects.toThrow(JwksUnavailableError);
  } finally {
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
  // A broken token is still the caller's problem.
  await expect(verifier.verify('not-a-token')).rejects.toThrow(InvalidInvocationError);
});

it('refuses a FIT living longer than a minute, and every FIT while no app id is configured', async () => {
  await expect(verifier.verify(await sign(good(), 61))).rejects.toThrow(/lifetime/);
  const unconfigured = new FitVerifier({ appId: undefined, apiOrigin: API, jwksUrl: 'http://127.0.0.1:9/jwks.json' });
  await expect(unconfigured.verify(await sign(good()))).rejects.toThrow(/not configured/);
});
