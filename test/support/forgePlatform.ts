/**
 * A stand-in for Atlassian's Forge platform, for integration tests of the Forge front (src/forge/).
 *
 * It plays every part of Forge a Forge Remote app talks to:
 * - the JWKS of Forge Invocation Tokens (`/.well-known/jwks.json`, its own RSA keys, rotatable);
 * - FITs for a site, user, app and installation, with the claims Forge sends
 *   (https://developer.atlassian.com/platform/forge/remote/essentials/), and every way to break one;
 * - the app system token and user tokens (`x-forge-oauth-system` / `x-forge-oauth-user`);
 * - Forge's calls to the remote: `invokeRemote` (Custom UI → the REST routes), lifecycle event
 *   deliveries (POST to the endpoint's route, retried like Forge) and the pre-uninstall hook;
 * - the product API at `apiBaseUrl` (`/ex/confluence/<cloudId>/wiki/rest/api/…`): the Connect test
 *   host's REST handlers and fixtures (confluenceHost.ts `siteRestApi`), accepting only the
 *   bearer tokens this platform handed out, unexpired, for that site;
 * - Atlassian's personal data reporting API (`POST /app/report-accounts/`, {@link PersonalDataStandIn}),
 *   for Forge installations (their system token) and Connect sites it is told to trust (their JWT).
 */
import { createHmac, generateKeyPairSync, randomBytes, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as jwt from 'atlassian-jwt';
import express from 'express';
import { exportJWK, SignJWT } from 'jose';
import { siteRestApi, startTestHost, type FixtureUser, type TestHost } from './confluenceHost';

/** One installation of the app on one site. */
export interface ForgeSite {
  /** The site's fixtures (users, groups, content), call log and faults: a Connect test host, whose REST API is also served at {@link apiBaseUrl}. */
  host: TestHost;
  cloudId: string;
  /** `ari:cloud:ecosystem::installation/<uuid>` */
  installationId: string;
  /** `ari:cloud:ecosystem::environment/<app uuid>/<uuid>` */
  environmentId: string;
  /** `https://<site>.atlassian.net` as the UI context says it (here the test host's origin). */
  siteUrl: string;
  /** `<platform>/ex/confluence/<cloudId>` */
  apiBaseUrl: string;
  /** The bearer tokens the product API accepted, in order: which kind, for whom, on which path. */
  tokenUse: Array<{ kind: 'system' | 'user'; accountId: string | null; path: string }>;
}

/** Ways to break a FIT (each must be refused by the app). */
export type FitTamper =
  | 'expired'
  | 'notYetValid'
  | 'longLived'
  | 'wrongAudience'
  | 'wrongAppId'
  | 'wrongIssuer'
  | 'hs256'
  | 'none'
  | 'unknownKid'
  | 'otherKey'
  | 'foreignApiBaseUrl'
  | 'contextCloudIdMismatch'
  | 'noInstallation'
  | 'isolatedCloud'
  | 'otherEnvironment'
  | 'badSignature';

export interface FitOptions {
  /** The calling user (`principal`, `context.accountId`); none for events and triggers. */
  accountId?: string;
  /** A UI call's `context` (module key, site URL, cloud id…). Default: present when `accountId` is given. */
  ui?: boolean;
  moduleKey?: string;
  tamper?: FitTamper;
  /** Bytes of macro configuration in `context.extension.config` (large contexts make large tokens). */
  contextPadding?: number;
}

export interface InvokeOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON (as Custom UI sends it), or raw bytes with `headers['content-type']`. */
  body?: unknown;
  headers?: Record<string, string>;
  /** A broken FIT instead of a good one. */
  tamper?: FitTamper;
  /** No `Authorization` at all. */
  noToken?: boolean;
  /** Leave out the OAuth tokens (an endpoint that does not enable them). */
  noOAuthTokens?: boolean;
  moduleKey?: string;
  /** See {@link FitOptions.contextPadding}. */
  contextPadding?: number;
}

export interface RemoteAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One report the personal data reporting API received. */
export interface PersonalDataReport {
  /** The Forge site's cloud id (a system token), or the Connect site's client key (a JWT). */
  from: string;
  accounts: Array<{ accountId: string; updatedAt: string }>;
  /** What it answered. */
  status: number;
}

/**
 * Atlassian's personal data reporting API as the platform plays it: 1 to 90 accounts per request,
 * each `{accountId, updatedAt}` with an RFC 3339 time (anything else 400), authenticated by a
 * system token this platform issued or by a trusted Connect site's JWT (HS256 with its shared
 * secret, `iss` its app key, the `qsh` of `POST /app/report-accounts/`); 204 when no account needs
 * action, else 200 `{accounts: [{accountId, status}]}` with the closed and updated ones among them.
 */
export interface PersonalDataStandIn {
  /** Accounts the API calls closed, and updated (tests fill them). */
  closed: Set<string>;
  updated: Set<string>;
  reports: PersonalDataReport[];
  /** A `Cycle-Period` header (seconds) on every answer; undefined: none. */
  cyclePeriodSeconds?: number;
  /** The next `count` reports (of the site `from` only, when given) get 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitNext(count: number, retryAfterSeconds: number, from?: string): void;
  /** The next `count` reports (of the site `from` only, when given) get `status` (a 5xx). */
  failNext(count: number, status?: number, from?: string): void;
  /** Accept the JWTs of this Connect site (its client key, shared secret and app key as they are when called). */
  trustConnectSite(host: TestHost): void;
}

/** A running test Forge platform. */
export interface ForgePlatform {
  /** `http://127.0.0.1:<port>`: FORGE_API_ORIGIN. */
  origin: string;
  /** FORGE_JWKS_URL. */
  jwksUrl: string;
  /** The app's uuid (FORGE_APP_ID) and ARI (the FITs' `aud` and `app.id`). */
  appUuid: string;
  appId: string;
  /** The environment an app under test needs: FORGE_APP_ID, FORGE_JWKS_URL, FORGE_API_ORIGIN. */
  env: { FORGE_APP_ID: string; FORGE_JWKS_URL: string; FORGE_API_ORIGIN: string };
  /** How many times the JWKS was fetched. */
  jwksFetches: number;
  /** A new site with the app installed on Forge's side (the app learns it from {@link deliverEvent}). */
  addSite(options?: { users?: FixtureUser[] }): Promise<ForgeSite>;
  /** A FIT as Forge mints it for `site`. */
  fit(site: ForgeSite, options?: FitOptions): Promise<string>;
  /** The app system token of `site` (an hour). */
  systemToken(site: ForgeSite): string;
  /** A user token of `site` for `accountId` (an hour). */
  userToken(site: ForgeSite, accountId: string): string;
  /** Custom UI's `invokeRemote({path, method, body})` as Forge proxies it to the remote: FIT (with UI context), both OAuth tokens, b3 headers. */
  invokeRemote(appUrl: string, site: ForgeSite, accountId: string, path: string, options?: InvokeOptions): Promise<RemoteAnswer>;
  /** A lifecycle event POSTed to `${appUrl}/forge/events`, retried up to 4 times on a 5xx or no answer, as Forge does. */
  deliverEvent(appUrl: string, site: ForgeSite, eventType: 'avi:forge:installed:app' | 'avi:forge:upgraded:app' | 'scheduled', options?: { tamper?: FitTamper; retries?: number }): Promise<RemoteAnswer>;
  /** The `preUninstall` module's call to `${appUrl}/forge/uninstall`. */
  preUninstall(appUrl: string, site: ForgeSite, options?: { tamper?: FitTamper }): Promise<RemoteAnswer>;
  /** A new signing key; the old one leaves the JWKS unless `keepOld`. */
  rotateKey(options?: { keepOld?: boolean }): void;
  /** The personal data reporting API at `${origin}/app/report-accounts/`. */
  personalData: PersonalDataStandIn;
  close(): Promise<void>;
}

const FIT_TTL_SECONDS = 25;
const OAUTH_TTL_SECONDS = 3600;
const EVENT_TIMEOUT_MS = 5_000;
const UI_TIMEOUT_MS = 25_000;

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function newKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: `forge/invocation-token/test-${randomUUID()}`, privateKey, publicKey };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Starts a test Forge platform on 127.0.0.1 at a free port. */
export async function startForgePlatform(): Promise<ForgePlatform> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const platform = new TestForgePlatform(server, origin);
  server.on('request', platform.app);
  return platform;
}

class TestForgePlatform implements ForgePlatform {
  readonly app = express();
  readonly jwksUrl: string;
  readonly appUuid = randomUUID();
  readonly appId = `ari:cloud:ecosystem::app/${this.appUuid}`;
  jwksFetches = 0;
  private keys: SigningKey[] = [newKey()];
  private rogue?: SigningKey;
  /** Signs the OAuth tokens this platform hands out (they are opaque to the app). */
  private readonly oauthSecret = randomBytes(32);
  private readonly sites = new Map<string, { site: ForgeSite; api: express.Router }>();

  constructor(
    private readonly server: http.Server,
    readonly origin: string,
  ) {
    this.jwksUrl = `${origin}/.well-known/jwks.json`;
    this.app.disable('x-powered-by');
    this.app.get('/.well-known/jwks.json', (_req, res, next) => {
      this.jwksFetches++;
      Promise.all(this.keys.map(async (k) => ({ ...(await exportJWK(k.publicKey)), kid: k.kid, alg: 'RS256', use: 'sig' })))
        .then((keys) => res.json({ keys }))
        .catch(next);
    });
    this.app.post('/app/report-accounts/', express.json({ limit: '1mb' }), (req, res) => this.reportAccounts(req, res));
    this.app.use('/ex/confluence/:cloudId/wiki/rest/api', (req, res, next) => {
      const entry = this.sites.get(req.params.cloudId);
      if (!entry) return res.status(404).json({ message: 'no such site' });
      return entry.api(req, res, next);
    });
  }

  get env() {
    return { FORGE_APP_ID: this.appUuid, FORGE_JWKS_URL: this.jwksUrl, FORGE_API_ORIGIN: this.origin };
  }

  async addSite(options: { users?: FixtureUser[] } = {}): Promise<ForgeSite> {
    const host = await startTestHost({ users: options.users });
    const cloudId = randomUUID();
    const site: ForgeSite = {
      host,
      cloudId,
      installationId: `ari:cloud:ecosystem::installation/${randomUUID()}`,
      environmentId: `ari:cloud:ecosystem::environment/${this.appUuid}/${randomUUID()}`,
      siteUrl: host.origin,
      apiBaseUrl: `${this.origin}/ex/confluence/${cloudId}`,
      tokenUse: [],
    };
    this.sites.set(cloudId, { site, api: siteRestApi(host, this.bearerCheck(site)) });
    return site;
  }

  async fit(site: ForgeSite, options: FitOptions = {}): Promise<string> {
    const tamper = options.tamper;
    const now = nowSeconds();
    const iat = tamper === 'expired' ? now - 120 : tamper === 'notYetValid' ? now + 120 : now;
    const exp = tamper === 'longLived' ? iat + 24 * 3600 : iat + FIT_TTL_SECONDS;
    const ui = options.ui ?? options.accountId !== undefined;
    const apiBaseUrl = tamper === 'foreignApiBaseUrl' ? `https://evil.example/ex/confluence/${site.cloudId}` : site.apiBaseUrl;
    const claims: Record<string, unknown> = {
      app: {
        id: tamper === 'wrongAppId' ? `ari:cloud:ecosystem::app/${randomUUID()}` : this.appId,
        version: '3',
        appVersion: '3.1.0',
        ...(tamper === 'noInstallation' ? {} : { installationId: site.installationId }),
        apiBaseUrl,
        environment: { type: 'DEVELOPMENT', id: tamper === 'otherEnvironment' ? `ari:cloud:ecosystem::environment/${this.appUuid}/${randomUUID()}` : site.environmentId },
        module: { type: ui ? 'xen:macro' : 'core:endpoint', key: options.moduleKey ?? (ui ? 'rollcall-profile' : 'rollcall-events') },
        installation: { id: site.installationId, contexts: [{ name: 'confluence', apiBaseUrl }] },
      },
      ...(ui
        ? {
            context: {
              cloudId: tamper === 'contextCloudIdMismatch' ? randomUUID() : site.cloudId,
              localId: randomUUID(),
              environmentId: site.environmentId.split('/').pop(),
              environmentType: 'DEVELOPMENT',
              moduleKey: options.moduleKey ?? 'rollcall-profile',
              siteUrl: site.siteUrl,
              accountId: options.accountId,
              accountType: 'licensed',
              extension: { type: 'confluence:globalPage', ...(options.contextPadding ? { config: { padding: 'x'.repeat(options.contextPadding) } } : {}) },
            },
          }
        : {}),
      ...(options.accountId ? { principal: options.accountId } : {}),
      ...(tamper === 'isolatedCloud' ? { icLabel: 'ic-test' } : {}),
      jti: randomUUID(),
    };
    const builder = () =>
      new SignJWT(claims)
        .setIssuer(tamper === 'wrongIssuer' ? 'forge/something-else' : 'forge/invocation-token')
        .setAudience(tamper === 'wrongAudience' ? `ari:cloud:ecosystem::app/${randomUUID()}` : this.appId)
        .setIssuedAt(iat)
        .setNotBefore(iat)
        .setExpirationTime(exp);
    const key = this.keys[this.keys.length - 1];
    switch (tamper) {
      case 'none': {
        const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        return `${part({ alg: 'none', typ: 'JWT', kid: key.kid })}.${part({ ...claims, iss: 'forge/invocation-token', aud: this.appId, iat, nbf: iat, exp })}.`;
      }
      case 'hs256':
        // The classic confusion: HMAC keyed with the public key, as a verifier trusting `alg` would accept.
        return builder().setProtectedHeader({ alg: 'HS256', kid: key.kid }).sign(new Uint8Array(Buffer.from(key.publicKey.export({ type: 'spki', format: 'pem' }) as string)));
      case 'unknownKid':
        return builder().setProtectedHeader({ alg: 'RS256', kid: `forge/invocation-token/test-${randomUUID()}` }).sign(key.privateKey);
      case 'otherKey':
        this.rogue ??= newKey();
        return builder().setProtectedHeader({ alg: 'RS256', kid: key.kid }).sign(this.rogue.privateKey);
      case 'badSignature': {
        const token = await builder().setProtectedHeader({ alg: 'RS256', kid: key.kid }).sign(key.privateKey);
        const [h, p, s] = token.split('.');
        return `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      }
      default:
        return builder().setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
    }
  }

  systemToken(site: ForgeSite): string {
    return this.oauthToken({ kind: 'system', cloudId: site.cloudId, accountId: null });
  }

  userToken(site: ForgeSite, accountId: string): string {
    return this.oauthToken({ kind: 'user', cloudId: site.cloudId, accountId });
  }

  async invokeRemote(appUrl: string, site: ForgeSite, accountId: string, path: string, options: InvokeOptions = {}): Promise<RemoteAnswer> {
    const headers: Record<string, string> = { ...this.b3(), ...options.headers };
    if (!options.noToken) headers.authorization = `Bearer ${await this.fit(site, { accountId, moduleKey: options.moduleKey, tamper: options.tamper, contextPadding: options.contextPadding })}`;
    if (!options.noOAuthTokens) {
      headers['x-forge-oauth-system'] = this.systemToken(site);
      headers['x-forge-oauth-user'] = this.userToken(site, accountId);
    }
    let body: string | Buffer | undefined;
    if (Buffer.isBuffer(options.body)) {
      body = options.body;
      headers['content-type'] ??= 'application/octet-stream';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    return this.send(`${appUrl}${path}`, options.method ?? 'GET', headers, body, UI_TIMEOUT_MS);
  }

  async deliverEvent(appUrl: string, site: ForgeSite, eventType: 'avi:forge:installed:app' | 'avi:forge:upgraded:app' | 'scheduled', options: { tamper?: FitTamper; retries?: number } = {}): Promise<RemoteAnswer> {
    const body =
      eventType === 'scheduled'
        ? { context: { cloudId: site.cloudId, moduleKey: 'rollcall-token-refresh' }, contextToken: randomUUID() }
        : {
            eventType,
            id: randomUUID(),
            context: `ari:cloud:confluence::site/${site.cloudId}`,
            app: { id: this.appId, version: '3' },
            environment: { id: site.environmentId },
            [eventType === 'avi:forge:installed:app' ? 'installerAccountId' : 'upgraderAccountId']: '557058:installer',
          };
    const retries = options.retries ?? 4;
    for (let attempt = 0; ; attempt++) {
      const headers = { ...this.b3(), authorization: `Bearer ${await this.fit(site, { tamper: options.tamper })}`, 'x-forge-oauth-system': this.systemToken(site), 'content-type': 'application/json' };
      try {
        const answer = await this.send(`${appUrl}/forge/events`, 'POST', headers, JSON.stringify(body), EVENT_TIMEOUT_MS);
        if (answer.status < 500 || attempt >= retries) return answer;
      } catch (err) {
        if (attempt >= retries) throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }

  async preUninstall(appUrl: string, site: ForgeSite, options: { tamper?: FitTamper } = {}): Promise<RemoteAnswer> {
    const headers = { ...this.b3(), authorization: `Bearer ${await this.fit(site, { tamper: options.tamper })}`, 'content-type': 'application/json' };
    const body = { context: { cloudId: site.cloudId, moduleKey: 'rollcall-pre-uninstall' }, contextToken: randomUUID() };
    return this.send(`${appUrl}/forge/uninstall`, 'POST', headers, JSON.stringify(body), 55_000);
  }

  rotateKey(options: { keepOld?: boolean } = {}): void {
    this.keys = options.keepOld ? [...this.keys, newKey()] : [newKey()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.sites.values()].map((s) => s.site.host.close()));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private b3(): Record<string, string> {
    return { 'x-b3-traceid': randomBytes(16).toString('hex'), 'x-b3-spanid': randomBytes(8).toString('hex') };
  }

  private async send(url: string, method: string, headers: Record<string, string>, body: string | Buffer | undefined, timeoutMs: number): Promise<RemoteAnswer> {
    const res = await fetch(url, { method, headers, body: Buffer.isBuffer(body) ? new Uint8Array(body) : body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed };
  }

  /** `<payload>.<hmac>`: opaque to the app, checkable here. */
  private oauthToken(claims: { kind: 'system' | 'user'; cloudId: string; accountId: string | null }): string {
    const payload = Buffer.from(JSON.stringify({ ...claims, exp: nowSeconds() + OAUTH_TTL_SECONDS, jti: randomUUID() })).toString('base64url');
    // JWT-shaped (the app reads `exp` to know how long to keep a system token).
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    return `${header}.${payload}.${createHmac('sha256', this.oauthSecret).update(`${header}.${payload}`).digest('base64url')}`;
  }

  readonly personalData: PersonalDataStandIn = (() => {
    const faults = { limited: 0, retryAfter: 1, limitedFrom: undefined as string | undefined, failing: 0, failStatus: 503, failingFrom: undefined as string | undefined };
    const connectSites: TestHost[] = [];
    return {
      closed: new Set<string>(),
      updated: new Set<string>(),
      reports: [] as PersonalDataReport[],
      cyclePeriodSeconds: undefined as number | undefined,
      faults,
      connectSites,
      rateLimitNext(count: number, retryAfterSeconds: number, from?: string) {
        Object.assign(faults, { limited: count, retryAfter: retryAfterSeconds, limitedFrom: from });
      },
      failNext(count: number, status = 503, from?: string) {
        Object.assign(faults, { failing: count, failStatus: status, failingFrom: from });
      },
      trustConnectSite(host: TestHost) {
        connectSites.push(host);
      },
    };
  })();

  private reportAccounts(req: express.Request, res: express.Response): void {
    const api = this.personalData as PersonalDataStandIn & {
      faults: { limited: number; retryAfter: number; limitedFrom?: string; failing: number; failStatus: number; failingFrom?: string };
      connectSites: TestHost[];
    };
    const error = (status: number, errorMessage: string) => res.status(status).json({ errorType: status === 401 ? 'UNAUTHORIZED' : status === 400 ? 'BAD_REQUEST' : 'SERVICE_UNAVAILABLE', errorMessage });
    const from = this.reporter(req.get('authorization') ?? '', api.connectSites);
    if (!from) return void error(401, 'Unauthorized');
    const accounts = (req.body as { accounts?: unknown })?.accounts;
    const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
    const valid =
      Array.isArray(accounts) &&
      accounts.length >= 1 &&
      accounts.length <= 90 &&
      accounts.every((a: { accountId?: unknown; updatedAt?: unknown }) => typeof a?.accountId === 'string' && /^[A-Za-z0-9:_-]{1,128}$/.test(a.accountId) && typeof a.updatedAt === 'string' && rfc3339.test(a.updatedAt));
    const record = (status: number) => api.reports.push({ from, accounts: valid ? (accounts as PersonalDataReport['accounts']) : [], status });
    if (!valid) {
      record(400);
      return void error(400, 'accounts must be 1 to 90 of {accountId, updatedAt (RFC 3339)}');
    }
    if (api.faults.limited > 0 && (api.faults.limitedFrom ?? from) === from) {
      api.faults.limited--;
      record(429);
      return void res.status(429).set('Retry-After', String(api.faults.retryAfter)).json({ errorType: 'RATE_LIMITED', errorMessage: 'Too many requests' });
    }
    if (api.faults.failing > 0 && (api.faults.failingFrom ?? from) === from) {
      api.faults.failing--;
      record(api.faults.failStatus);
      return void error(api.faults.failStatus, 'Service unavailable');
    }
    if (api.cyclePeriodSeconds) res.set('Cycle-Period', String(api.cyclePeriodSeconds));
    const actions = (accounts as PersonalDataReport['accounts']).flatMap(({ accountId }) =>
      api.closed.has(accountId) ? [{ accountId, status: 'closed' }] : api.updated.has(accountId) ? [{ accountId, status: 'updated' }] : [],
    );
    record(actions.length ? 200 : 204);
    if (!actions.length) return void res.status(204).end();
    res.json({ accounts: actions });
  }

  /** Who is reporting: a Forge site by its system token, a trusted Connect site by its JWT; null for anything else. */
  private reporter(header: string, connectSites: TestHost[]): string | null {
    if (header.startsWith('Bearer ')) {
      const [h, p, s] = header.slice(7).split('.');
      const expected = createHmac('sha256', this.oauthSecret).update(`${h}.${p}`).digest();
      const given = Buffer.from(s ?? '', 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { kind: string; cloudId: string; exp: number };
      return claims.kind === 'system' && claims.exp > nowSeconds() ? claims.cloudId : null;
    }
    if (!header.startsWith('JWT ')) return null;
    const token = header.slice(4);
    try {
      const unverified = jwt.decodeSymmetric(token, '', jwt.SymmetricAlgorithm.HS256, true) as { aud?: string[]; iss?: string };
      const host = connectSites.find((h) => unverified.aud?.[0] === h.clientKey);
      if (!host) return null;
      const claims = jwt.decodeSymmetric(token, host.sharedSecret, jwt.SymmetricAlgorithm.HS256) as { iss: string; exp: number; qsh: string };
      if (claims.iss !== host.appKey || claims.exp <= nowSeconds()) return null;
      if (claims.qsh !== jwt.createQueryStringHash(jwt.fromMethodAndUrl('POST', '/app/report-accounts/'))) return null;
      return host.clientKey;
    } catch {
      return null;
    }
  }

  /** Only this platform's tokens, unexpired, for this very site. */
  private bearerCheck(site: ForgeSite): express.RequestHandler {
    return (req, res, next) => {
      const refuse = (message: string) => res.status(401).json({ statusCode: 401, message });
      const header = req.get('authorization') ?? '';
      if (!header.startsWith('Bearer ')) return refuse('Unauthorized; scope does not match');
      const [h, p, s] = header.slice(7).split('.');
      const expected = createHmac('sha256', this.oauthSecret).update(`${h}.${p}`).digest();
      const given = Buffer.from(s ?? '', 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse('Unauthorized: not a token Forge issued');
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { kind: 'system' | 'user'; cloudId: string; accountId: string | null; exp: number };
      if (claims.exp <= nowSeconds()) return refuse('Unauthorized: token expired');
      if (claims.cloudId !== site.cloudId) return refuse('Unauthorized: token for another site');
      site.tokenUse.push({ kind: claims.kind, accountId: claims.accountId, path: req.path });
      next();
    };
  }
}
