/**
 * A stand-in for a Confluence Cloud site, for integration and browser tests.
 *
 * It plays every part of Confluence the app talks to:
 * - the Connect key server that publishes the RSA keys of signed installs (ACE's CONNECT_KEYS_CDN_URL),
 * - the lifecycle callbacks (`installed` / `uninstalled`) signed with RS256 like Connect's signed-install,
 * - the v1 REST API for users, groups, user search and pages' authors (`/wiki/rest/api/...`), checking the app's HS256 JWTs,
 * - a host page that frames the app's pages, plus an `all.js` (ACE's AC_HOST_SCRIPT_URL) speaking to it.
 *
 * Response shapes follow the OpenAPI descriptions in shared/reference/confluence-rest/. Deliberate
 * simplifications are noted where they happen (search only understands `type=user`, paging is index based).
 */
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'crypto';
import http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';
import express, { type NextFunction, type Request, type Response } from 'express';
import * as jwt from 'atlassian-jwt';

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/** A user of the fake site. */
export interface FixtureUser {
  accountId: string;
  displayName: string;
  /** Omitted from REST answers when missing, as Cloud does for users who hide their email. */
  email?: string;
  /** Group names (or group ids) the user belongs to. */
  groups: string[];
  /** Confluence administrator: `expand=operations` lists `administer` on `application`. Default false. */
  siteAdmin?: boolean;
  /** Default true. Inactive users have no operations and are left out of `/search/user` (licensed users only). */
  active?: boolean;
  /** Default 'atlassian'. */
  accountType?: 'atlassian' | 'app';
  /**
   * The profile details Confluence kept before its privacy changes (`expand=details.personal,
   * details.business`); answered only on a host started with `userDetails: true`.
   */
  details?: { personal?: { phone?: string; im?: string; website?: string }; business?: { position?: string; department?: string; location?: string } };
}

/** A page of the fake site: only what `GET /content/{id}?expand=history` tells of it. */
export interface FixtureContent {
  id: string;
  title: string;
  /** Account id of the creator (`history.createdBy`); a user of the host. */
  createdBy: string;
}

/** A group of the fake site. */
export interface FixtureGroup {
  id: string;
  name: string;
}

/** Options of {@link startTestHost}. */
export interface TestHostOptions {
  /** Default: no users. The array is copied; mutate `host.users` afterwards. */
  users?: FixtureUser[];
  /** Default: one group per distinct name in `users[].groups`, with an id derived from the name. */
  groups?: FixtureGroup[];
  /** Default: random per host. */
  clientKey?: string;
  /** Default: random per host. */
  sharedSecret?: string;
  /**
   * Issuer the REST API expects in the app's JWTs until an install reads the real key from the
   * app's descriptor. Default 'rollcall'.
   */
  appKey?: string;
  /**
   * Whether the site still answers `details.personal` / `details.business` (Cloud withdrew them;
   * sites migrated from Server may still have them). Default false: the expansions give nothing.
   */
  userDetails?: boolean;
}

/** One REST call the app made, in arrival order. */
export interface RecordedRequest {
  method: string;
  /** Full path as received, without the query, e.g. `/wiki/rest/api/search/user`. */
  path: string;
  query: Record<string, unknown>;
  /** HTTP status the host answered with. */
  status: number;
}

/** Options of {@link TestHost.install} and {@link TestHost.uninstall}. */
export interface InstallOptions {
  /**
   * Break the install JWT on purpose:
   * 'signature' signs with another private key (same kid), 'audience' uses aud = ['https://evil.example'],
   * 'keyId' uses a kid the key server does not know, 'expired' sets exp in the past.
   */
  tamper?: 'signature' | 'audience' | 'keyId' | 'expired';
  /** `eventType` of the payload. Default: 'installed' for install(), 'uninstalled' for uninstall(). */
  eventType?: 'installed' | 'uninstalled';
}

/** Options of the HS256 tokens Confluence gives to iframes. */
export interface TokenOptions {
  /** Default 180 (Confluence's iframe tokens). Negative: the token is already expired. */
  expiresInSeconds?: number;
  /** Sign with another secret (e.g. another tenant's). Default: the host's current sharedSecret. */
  secret?: string;
  /** Default: the host's clientKey. */
  issuer?: string;
  /** Replace the computed query string hash. */
  qsh?: string;
  /** Leave a claim out, as no token Confluence issues does (`exp`: a token that never expires). */
  omit?: 'exp' | 'iat';
}

/** A running fake Confluence site. */
export interface TestHost {
  /** Whether the site answers `details.personal` / `details.business` (mutable). */
  userDetails: boolean;
  /** `http://127.0.0.1:<port>/wiki`: the site's baseUrl, as sent in the install payload. */
  baseUrl: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `http://127.0.0.1:<port>/connect-keys`: set it as CONNECT_KEYS_CDN_URL; keys are at `${keysUrl}/${kid}`. */
  keysUrl: string;
  /** `http://127.0.0.1:<port>/atlassian-connect/all.js`: set it as AC_HOST_SCRIPT_URL. */
  hostScriptUrl: string;
  /** kid of the host's install-signing key. */
  keyId: string;
  /** cloudId sent in lifecycle payloads. */
  cloudId: string;
  clientKey: string;
  /** The current secret: REST calls must be signed with it, iframe tokens are signed with it. */
  sharedSecret: string;
  /** Key of the app: 'rollcall' (or options.appKey) until install() reads the app's descriptor. */
  appKey: string;
  /** Mutable: tests may push or alter users and groups at any time. */
  users: FixtureUser[];
  groups: FixtureGroup[];
  /** Pages of the site (none at start; push some): `GET /content/{id}` answers 404 for any other id. */
  content: FixtureContent[];
  /** Log of the REST calls the app made (not the key server, host page or assets). */
  requests: RecordedRequest[];
  /** The next `count` REST calls get 429 with `Retry-After: retryAfterSeconds` (default 1). */
  rateLimitNext(count: number, retryAfterSeconds?: number): void;
  /** The next `count` REST calls get `status` (default 503), as an overloaded site answers. */
  failNext(count: number, status?: number): void;
  /**
   * REST calls whose path (below `/wiki/rest/api`, e.g. `/user`) starts with `pathPrefix` (default:
   * every call) get no answer at all until `hang(null)` or close(), as a site that hangs.
   */
  hang(pathPrefix?: string | null): void;
  /**
   * POST the signed `installed` lifecycle event to `${appBaseUrl}/installed`. First reads the app
   * key from `${appBaseUrl}/atlassian-connect.json` (and keeps it as `appKey`); throws if it cannot.
   * Resolves with the app's answer whatever its status.
   */
  install(appBaseUrl: string, opts?: InstallOptions): Promise<{ status: number; body: string }>;
  /** POST the signed `uninstalled` lifecycle event to `${appBaseUrl}/uninstalled`. */
  uninstall(appBaseUrl: string, opts?: InstallOptions): Promise<{ status: number; body: string }>;
  /** Switch to a new random sharedSecret and return it; the next install() sends it. */
  rotateSecret(): string;
  /** HS256 iframe token for `method pathAndQuery` (path relative to the app's baseUrl), with its real qsh. */
  pageToken(accountId: string, method: string, pathAndQuery: string, opts?: TokenOptions): string;
  /** HS256 token with qsh 'context-qsh', like AP.context.getToken() returns. */
  contextToken(accountId: string, opts?: TokenOptions): string;
  /** App URL as Confluence frames it: the Connect parameters (xdm_e, xdm_c, cp, lic, cv, ...) and `jwt`. */
  signedUrl(appBaseUrl: string, accountId: string, pathAndQuery: string): string;
  /** URL of a host page that frames `modulePath` of the app for `accountId`, with the AP stand-in. */
  pageUrl(appBaseUrl: string, modulePath: string, accountId: string): string;
  close(): Promise<void>;
}

/**
 * Start a fake Confluence site on 127.0.0.1 at a free port.
 * Every value in {@link TestHostOptions} has a default, so `startTestHost()` works on its own.
 */
export async function startTestHost(opts: TestHostOptions = {}): Promise<TestHost> {
  const server = http.createServer();
  const origin = await listen(server);
  const host = new ConfluenceTestHost(server, origin, opts);
  server.on('request', buildApp(host));
  return host;
}

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

const CONTEXT_PATH = '/wiki';
const TOKEN_TTL_SECONDS = 180;
const CONTEXT_QSH = 'context-qsh';
const CONNECT_VERSION = '1001.0.0-SNAPSHOT';
const SERVER_VERSION = '6452';
/** sub of install tokens: Connect signs lifecycle events as a system account, not as a person. */
const INSTALL_SUBJECT = '557058:00000000-0000-0000-0000-000000000000';
const EVIL_AUDIENCE = 'https://evil.example';
/** Real CQL search never returns hits beyond the first 10,000 ("cql=type=user will return up to 10k users"). */
const SEARCH_RESULT_WINDOW = 10_000;
/**
 * Page sizes. The spec gives the defaults but only says limits "may be restricted by fixed system
 * limits"; the host clamps silently like Cloud does, so an app must follow `_links.next`.
 */
const SEARCH_PAGING: Paging = { defaultLimit: 25, maxLimit: 50 };
const GROUP_PAGING: Paging = { defaultLimit: 200, maxLimit: 200 };
/** "Currently this API returns a maximum of 100 results." (GET /user/bulk) */
const BULK_MAX = 100;
const ASSETS_DIR = path.join(__dirname, 'host-assets');

// ---------------------------------------------------------------------------------------------
// The host object
// ---------------------------------------------------------------------------------------------

interface SigningKey {
  privateKeyPem: string;
  publicKeyPem: string;
}

class ConfluenceTestHost implements TestHost {
  readonly baseUrl: string;
  readonly keysUrl: string;
  readonly hostScriptUrl: string;
  readonly keyId = randomUUID();
  readonly cloudId = randomUUID();
  readonly startedAt = new Date().toISOString();
  clientKey: string;
  sharedSecret: string;
  appKey: string;
  users: FixtureUser[];
  groups: FixtureGroup[];
  content: FixtureContent[] = [];
  userDetails: boolean;
  requests: RecordedRequest[] = [];
  /** Calls still to be refused with 429, and the Retry-After they get. */
  readonly rateLimit = { remaining: 0, retryAfterSeconds: 1 };
  /** Calls still to be failed with `status`; the path prefix that hangs (null: none). */
  readonly faults: { failRemaining: number; failStatus: number; hangPrefix: string | null } = { failRemaining: 0, failStatus: 503, hangPrefix: null };
  readonly signingKey = createSigningKey();
  /** Only made for tamper: 'signature', as RSA key generation is slow-ish. */
  private rogueKey?: SigningKey;

  constructor(
    private readonly server: http.Server,
    readonly origin: string,
    opts: TestHostOptions,
  ) {
    this.baseUrl = `${origin}${CONTEXT_PATH}`;
    this.userDetails = opts.userDetails ?? false;
    this.keysUrl = `${origin}/connect-keys`;
    this.hostScriptUrl = `${origin}/atlassian-connect/all.js`;
    this.clientKey = opts.clientKey ?? randomUUID();
    this.sharedSecret = opts.sharedSecret ?? randomSecret();
    this.appKey = opts.appKey ?? 'rollcall';
    // Copies, so that a test altering its host never alters the fixtures another test starts from.
    this.users = (opts.users ?? []).map((u) => structuredClone(u));
    this.groups = (opts.groups ?? groupsNamedBy(this.users)).map((g) => ({ ...g }));
  }

  rateLimitNext(count: number, retryAfterSeconds = 1): void {
    this.rateLimit.remaining = count;
    this.rateLimit.retryAfterSeconds = retryAfterSeconds;
  }

  failNext(count: number, status = 503): void {
    this.faults.failRemaining = count;
    this.faults.failStatus = status;
  }

  hang(pathPrefix: string | null = ''): void {
    this.faults.hangPrefix = pathPrefix;
  }

  install(appBaseUrl: string, opts: InstallOptions = {}): Promise<{ status: number; body: string }> {
    return this.sendLifecycleEvent(appBaseUrl, '/installed', opts.eventType ?? 'installed', opts.tamper);
  }

  uninstall(appBaseUrl: string, opts: InstallOptions = {}): Promise<{ status: number; body: string }> {
    return this.sendLifecycleEvent(appBaseUrl, '/uninstalled', opts.eventType ?? 'uninstalled', opts.tamper);
  }

  rotateSecret(): string {
    this.sharedSecret = randomSecret();
    return this.sharedSecret;
  }

  pageToken(accountId: string, method: string, pathAndQuery: string, opts: TokenOptions = {}): string {
    const qsh = opts.qsh ?? jwt.createQueryStringHash(jwt.fromMethodAndUrl(method, pathAndQuery));
    return this.iframeToken(accountId, qsh, opts);
  }

  contextToken(accountId: string, opts: TokenOptions = {}): string {
    return this.iframeToken(accountId, opts.qsh ?? CONTEXT_QSH, opts);
  }

  signedUrl(appBaseUrl: string, accountId: string, pathAndQuery: string): string {
    // The qsh covers the Connect parameters too: the app hashes every query parameter but `jwt`.
    const relative = appendQuery(pathAndQuery, this.connectParams());
    const token = this.pageToken(accountId, 'GET', relative);
    return `${trimSlash(appBaseUrl)}${relative}&jwt=${encodeURIComponent(token)}`;
  }

  pageUrl(appBaseUrl: string, modulePath: string, accountId: string): string {
    const query = new URLSearchParams({ app: trimSlash(appBaseUrl), path: modulePath, as: accountId });
    return `${this.baseUrl}/plugins/servlet/ac/frame?${query}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      // Resolve even if already closed: close() is called from afterAll hooks that may run twice.
      this.server.close(() => resolve());
      // Keep-alive sockets (fetch keeps them) would otherwise hold close() open.
      this.server.closeAllConnections();
    });
  }

  /** The rogue key of tamper: 'signature', made on first use. */
  roguePrivateKey(): string {
    this.rogueKey ??= createSigningKey();
    return this.rogueKey.privateKeyPem;
  }

  /** Query parameters Confluence adds to every iframe URL of a Connect app. */
  private connectParams(): Record<string, string> {
    return {
      xdm_e: this.origin,
      xdm_c: `channel-${this.appKey}__page`,
      cp: CONTEXT_PATH,
      xdm_deprecated_addon_key_do_not_use: this.appKey,
      lic: 'none',
      cv: CONNECT_VERSION,
    };
  }

  private iframeToken(accountId: string, qsh: string, opts: TokenOptions): string {
    const { iat, exp } = tokenTimes(opts.expiresInSeconds ?? TOKEN_TTL_SECONDS);
    // No `context.user`: Connect stopped sending it, apps must read the account id from `sub`.
    const claims: Record<string, unknown> = { iss: opts.issuer ?? this.clientKey, sub: accountId, iat, exp, qsh };
    if (opts.omit) delete claims[opts.omit];
    return jwt.encodeSymmetric(claims, opts.secret ?? this.sharedSecret, jwt.SymmetricAlgorithm.HS256);
  }

  private async sendLifecycleEvent(
    appBaseUrl: string,
    endpoint: '/installed' | '/uninstalled',
    eventType: 'installed' | 'uninstalled',
    tamper: InstallOptions['tamper'],
  ): Promise<{ status: number; body: string }> {
    const app = trimSlash(appBaseUrl);
    this.appKey = await fetchAppKey(app);
    const token = installToken(this, app, endpoint, tamper);
    const res = await fetch(`${app}${endpoint}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `JWT ${token}`,
        'User-Agent': `Atlassian Connect/${CONNECT_VERSION} (test host)`,
      },
      body: JSON.stringify(lifecyclePayload(this, eventType)),
    });
    return { status: res.status, body: await res.text() };
  }
}

// ---------------------------------------------------------------------------------------------
// Keys, tokens and lifecycle events
// ---------------------------------------------------------------------------------------------

function createSigningKey(): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** iat/exp of a token living `ttl` seconds; an expired one (ttl <= 0) was issued a full lifetime earlier. */
function tokenTimes(ttl: number): { iat: number; exp: number } {
  const now = nowSeconds();
  const exp = now + ttl;
  return { iat: ttl > 0 ? now : exp - TOKEN_TTL_SECONDS, exp };
}

async function fetchAppKey(appBaseUrl: string): Promise<string> {
  const res = await fetch(`${appBaseUrl}/atlassian-connect.json`);
  if (!res.ok) {
    throw new Error(`test host: GET ${appBaseUrl}/atlassian-connect.json answered ${res.status}`);
  }
  const descriptor = (await res.json()) as { key?: unknown };
  if (typeof descriptor.key !== 'string') {
    throw new Error(`test host: the descriptor at ${appBaseUrl}/atlassian-connect.json has no key`);
  }
  return descriptor.key;
}

/**
 * RS256 token of a signed lifecycle event. The qsh is computed on the path relative to the app's
 * baseUrl, because ACE strips its own baseUrl path before hashing the request it receives.
 */
function installToken(
  host: ConfluenceTestHost,
  appBaseUrl: string,
  endpoint: string,
  tamper: InstallOptions['tamper'],
): string {
  const { iat, exp } = tokenTimes(tamper === 'expired' ? -TOKEN_TTL_SECONDS : TOKEN_TTL_SECONDS);
  const claims = {
    iss: host.clientKey,
    sub: INSTALL_SUBJECT,
    aud: [tamper === 'audience' ? EVIL_AUDIENCE : appBaseUrl],
    iat,
    exp,
    qsh: jwt.createQueryStringHash(jwt.fromMethodAndUrl('POST', endpoint)),
  };
  const key = tamper === 'signature' ? host.roguePrivateKey() : host.signingKey.privateKeyPem;
  const kid = tamper === 'keyId' ? randomUUID() : host.keyId;
  return jwt.encodeAsymmetric(claims, key, jwt.AsymmetricAlgorithm.RS256, { kid });
}

/** Body of the lifecycle callback, as Confluence Cloud sends it. */
function lifecyclePayload(host: ConfluenceTestHost, eventType: 'installed' | 'uninstalled'): Record<string, unknown> {
  return {
    key: host.appKey,
    clientKey: host.clientKey,
    // Confluence only hands the secret over when installing.
    ...(eventType === 'installed' ? { sharedSecret: host.sharedSecret } : {}),
    serverVersion: SERVER_VERSION,
    pluginsVersion: CONNECT_VERSION,
    baseUrl: host.baseUrl,
    displayUrl: host.baseUrl,
    productType: 'confluence',
    description: `Atlassian Confluence at ${host.baseUrl}`,
    eventType,
    cloudId: host.cloudId,
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP server
// ---------------------------------------------------------------------------------------------

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}`);
    });
  });
}

function buildApp(host: ConfluenceTestHost): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Node's querystring: repeated keys become arrays, nothing else is nested. This is what ACE's
  // host client (urijs) hashes, so the qsh check sees the same parameters the app signed.
  app.set('query parser', 'simple');
  app.get('/connect-keys/:kid', (req, res) => servePublicKey(host, req, res));
  app.get('/atlassian-connect/all.js', (_req, res) => sendAsset(res, 'all.js'));
  app.get(`${CONTEXT_PATH}/__test/host-page.js`, (_req, res) => sendAsset(res, 'host-page.js'));
  app.get(`${CONTEXT_PATH}/__test/context-token`, (req, res) => serveContextToken(host, req, res));
  app.get(`${CONTEXT_PATH}/plugins/servlet/ac/frame`, (req, res) => serveFramePage(host, req, res));
  app.get(`${CONTEXT_PATH}/aa-avatar/:accountId`, (req, res) => serveAvatar(host, req, res));
  app.use(`${CONTEXT_PATH}/rest/api`, restApi(host));
  // Browsers ask for it; a 404 would be console noise in tests that watch for errors.
  app.get('/favicon.ico', (_req, res) => res.status(204).end());
  return app;
}

function servePublicKey(host: ConfluenceTestHost, req: Request, res: Response): void {
  res.type('text/plain');
  if (req.params.kid !== host.keyId) {
    res.status(404).send('Not Found');
    return;
  }
  res.send(host.signingKey.publicKeyPem);
}

function sendAsset(res: Response, file: string): void {
  // no-store: a browser test must always run the asset as it is on disk.
  res.set('Cache-Control', 'no-store');
  res.sendFile(path.join(ASSETS_DIR, file));
}

// ---------------------------------------------------------------------------------------------
// REST API (/wiki/rest/api)
// ---------------------------------------------------------------------------------------------

/**
 * The site's REST API (what is mounted at `/wiki/rest/api`: its fixtures, paging, faults, rate
 * limits and call log) behind another authentication than the app's Connect JWT: the test Forge
 * platform (forgePlatform.ts) serves it under an `apiBaseUrl` with its own bearer tokens.
 */
export function siteRestApi(host: TestHost, authenticate: express.RequestHandler): express.Router {
  return restApi(host as ConfluenceTestHost, authenticate);
}

function restApi(host: ConfluenceTestHost, authenticate: express.RequestHandler = requireAppJwt(host)): express.Router {
  const router = express.Router();
  router.use(recordCall(host));
  router.use(faults(host));
  router.use(rateLimiter(host));
  router.use(authenticate);
  router.get('/search/user', (req, res) => searchUsers(host, req, res));
  router.get('/user', (req, res) => getUser(host, req, res));
  router.get('/user/bulk', (req, res) => getUsersBulk(host, req, res));
  router.get('/user/email/bulk', (req, res) => getEmailsBulk(host, req, res));
  router.get('/user/memberof', (req, res) => getMemberOf(host, req, res));
  router.get('/group', (req, res) => getGroups(host, req, res));
  router.get('/group/picker', (req, res) => pickGroups(host, req, res));
  router.get('/group/:groupId/membersByGroupId', (req, res) => getGroupMembers(host, req, res));
  router.get('/content/:id', (req, res) => getContent(host, req, res));
  router.use((req, res) => sendError(res, 404, `null for uri: ${host.origin}${req.originalUrl}`));
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    sendError(res, 500, err instanceof Error ? err.message : String(err));
  });
  return router;
}

/** Log the call; its status is filled in as the response ends, before the client can see it. */
function recordCall(host: ConfluenceTestHost): express.RequestHandler {
  return (req, res, next) => {
    const entry: RecordedRequest = {
      method: req.method,
      path: req.originalUrl.split('?')[0],
      query: { ...req.query },
      status: 0,
    };
    host.requests.push(entry);
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      entry.status = res.statusCode;
      return end(...args);
    }) as Response['end'];
    next();
  };
}

/** Failures a test asked for: a hang answers nothing (the socket stays open), a failure answers its status. */
function faults(host: ConfluenceTestHost): express.RequestHandler {
  return (req, res, next) => {
    if (host.faults.hangPrefix !== null && req.path.startsWith(host.faults.hangPrefix)) return;
    if (host.faults.failRemaining > 0) {
      host.faults.failRemaining -= 1;
      sendError(res, host.faults.failStatus, 'The site is having trouble.');
      return;
    }
    next();
  };
}

/** 429s come before authentication, as Atlassian's edge rate limits before the product sees the call. */
function rateLimiter(host: ConfluenceTestHost): express.RequestHandler {
  return (_req, res, next) => {
    if (host.rateLimit.remaining <= 0) {
      next();
      return;
    }
    host.rateLimit.remaining -= 1;
    res.set('Retry-After', String(host.rateLimit.retryAfterSeconds));
    sendError(res, 429, 'Rate limit exceeded.');
  };
}

function requireAppJwt(host: ConfluenceTestHost): express.RequestHandler {
  return (req, res, next) => {
    const problem = appJwtProblem(host, req);
    if (problem) {
      sendError(res, 401, problem);
      return;
    }
    next();
  };
}

/** Why the app's `Authorization: JWT` is refused, or undefined when it is good. */
function appJwtProblem(host: ConfluenceTestHost, req: Request): string | undefined {
  const header = req.get('authorization') ?? '';
  if (!header.startsWith('JWT ')) {
    return 'Authentication required: no JWT in the Authorization header';
  }
  const token = header.slice(4);
  let claims: { iss?: unknown; exp?: unknown; qsh?: unknown };
  try {
    claims = jwt.decodeSymmetric(token, '', jwt.SymmetricAlgorithm.HS256, true);
    if (claims.iss !== host.appKey) {
      return `JWT issuer ${String(claims.iss)} is not an app installed on this site`;
    }
    claims = jwt.decodeSymmetric(token, host.sharedSecret, jwt.SymmetricAlgorithm.HS256);
  } catch (err) {
    return `Invalid JWT: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds()) {
    return 'JWT expired';
  }
  // The app hashes the path relative to the site's baseUrl (/rest/api/...); passing the baseUrl
  // makes atlassian-jwt strip /wiki from the path we received.
  const expected = jwt.createQueryStringHash(jwt.fromExpressRequest(req), false, host.baseUrl);
  return claims.qsh === expected ? undefined : 'JWT query string hash (qsh) does not match the request';
}

function searchUsers(host: ConfluenceTestHost, req: Request, res: Response): void {
  const cql = queryValue(req, 'cql');
  if (cql === undefined) {
    sendError(res, 400, 'cql is required');
    return;
  }
  if (!isTypeUserCql(cql)) {
    sendError(res, 400, `The test host only understands cql=type=user, got: ${cql}`);
    return;
  }
  const page = readPage(req, SEARCH_PAGING);
  if (typeof page === 'string') {
    sendError(res, 400, page);
    return;
  }
  // Licensed users only, like the default sitePermissionTypeFilter=none.
  const matches = host.users.filter(isActive);
  const { results, hasNext } = pageOf(matches, page, SEARCH_RESULT_WINDOW);
  const expand = expansions(req);
  res.json({
    results: results.map((u) => searchResultJson(host, u, expand)),
    start: page.start,
    limit: page.limit,
    size: results.length,
    totalSize: matches.length,
    cqlQuery: cql,
    searchDuration: 1,
    _links: listLinks(host, req, page, hasNext),
  });
}

function getUser(host: ConfluenceTestHost, req: Request, res: Response): void {
  const accountId = queryValue(req, 'accountId');
  if (!accountId) {
    sendError(res, 400, 'accountId is required');
    return;
  }
  const user = findUser(host, accountId);
  if (!user) {
    sendError(res, 404, `No user found with accountId: ${accountId}`);
    return;
  }
  res.json(userJson(host, user, expansions(req)));
}

/** A page with its `history` when expanded (`createdBy` is a User, as the spec's ContentHistory says). */
function getContent(host: ConfluenceTestHost, req: Request, res: Response): void {
  const content = host.content.find((c) => c.id === req.params.id);
  if (!content) {
    sendError(res, 404, `No content found with id: ${req.params.id}`);
    return;
  }
  const creator = findUser(host, content.createdBy);
  const json: Record<string, unknown> = { id: content.id, type: 'page', status: 'current', title: content.title, _expandable: { history: `/rest/api/content/${content.id}/history` } };
  if (expansions(req).has('history')) json.history = { latest: true, ...(creator ? { createdBy: userJson(host, creator, new Set()) } : {}) };
  res.json(json);
}

function getUsersBulk(host: ConfluenceTestHost, req: Request, res: Response): void {
  const ids = accountIdsParam(req);
  if (ids.length === 0) {
    sendError(res, 400, 'accountId is required');
    return;
  }
  const limit = Math.min(intParam(req, 'limit', BULK_MAX) ?? BULK_MAX, BULK_MAX);
  const found = ids.slice(0, BULK_MAX).flatMap((id) => findUser(host, id) ?? []);
  const results = found.slice(0, limit).map((u) => userJson(host, u, expansions(req)));
  res.json({ results, start: 0, limit, size: results.length, _links: listLinks(host, req) });
}

function getEmailsBulk(host: ConfluenceTestHost, req: Request, res: Response): void {
  const ids = accountIdsParam(req);
  if (ids.length === 0) {
    sendError(res, 400, 'accountId is required');
    return;
  }
  // "Any accounts which are not available will not be included in the result."
  const records = ids.flatMap((id) => {
    const email = findUser(host, id)?.email;
    return email ? [{ accountId: id, email }] : [];
  });
  res.json(records);
}

function getMemberOf(host: ConfluenceTestHost, req: Request, res: Response): void {
  const accountId = queryValue(req, 'accountId');
  if (!accountId) {
    sendError(res, 400, 'accountId is required');
    return;
  }
  const user = findUser(host, accountId);
  if (!user) {
    // The spec lists no 404 here; answering one makes a wrong id fail loudly in tests.
    sendError(res, 404, `No user found with accountId: ${accountId}`);
    return;
  }
  sendGroupPage(host, req, res, host.groups.filter((g) => isMember(user, g)));
}

function getGroups(host: ConfluenceTestHost, req: Request, res: Response): void {
  sendGroupPage(host, req, res, host.groups);
}

function pickGroups(host: ConfluenceTestHost, req: Request, res: Response): void {
  const query = queryValue(req, 'query');
  if (query === undefined) {
    sendError(res, 400, 'query is required');
    return;
  }
  const needle = query.toLowerCase();
  sendGroupPage(host, req, res, host.groups.filter((g) => g.name.toLowerCase().includes(needle)));
}

function getGroupMembers(host: ConfluenceTestHost, req: Request, res: Response): void {
  const group = host.groups.find((g) => g.id === req.params.groupId);
  if (!group) {
    sendError(res, 404, `No group found with id: ${req.params.groupId}`);
    return;
  }
  const page = readPage(req, GROUP_PAGING);
  if (typeof page === 'string') {
    sendError(res, 400, page);
    return;
  }
  // Membership is a directory fact: deactivated members are still listed.
  const members = host.users.filter((u) => isMember(u, group));
  const { results, hasNext } = pageOf(members, page);
  const expand = expansions(req);
  res.json({
    results: results.map((u) => userJson(host, u, expand)),
    start: page.start,
    limit: page.limit,
    size: results.length,
    totalSize: members.length,
    _links: listLinks(host, req, page, hasNext),
  });
}

function sendGroupPage(host: ConfluenceTestHost, req: Request, res: Response, groups: FixtureGroup[]): void {
  const page = readPage(req, GROUP_PAGING);
  if (typeof page === 'string') {
    sendError(res, 400, page);
    return;
  }
  const { results, hasNext } = pageOf(groups, page);
  res.json({
    results: results.map((g) => groupJson(host, g)),
    start: page.start,
    limit: page.limit,
    size: results.length,
    totalSize: groups.length,
    _links: listLinks(host, req, page, hasNext),
  });
}

/** Error body of Confluence's REST API (see "Status codes" in the OpenAPI narrative). */
function sendError(res: Response, statusCode: number, message: string): void {
  res.status(statusCode).json({
    statusCode,
    data: { authorized: statusCode !== 401, valid: false, errors: [], successful: false },
    message,
  });
}

// ---------------------------------------------------------------------------------------------
// Fixture look-ups and JSON shapes
// ---------------------------------------------------------------------------------------------

function findUser(host: ConfluenceTestHost, accountId: string): FixtureUser | undefined {
  return host.users.find((u) => u.accountId === accountId);
}

function isActive(user: FixtureUser): boolean {
  return user.active !== false;
}

function isMember(user: FixtureUser, group: FixtureGroup): boolean {
  return user.groups.includes(group.name) || user.groups.includes(group.id);
}

/** One group per distinct name, with an id derived from the name so it is the same on every run. */
function groupsNamedBy(users: FixtureUser[]): FixtureGroup[] {
  const names = [...new Set(users.flatMap((u) => u.groups))];
  return names.map((name) => ({ id: stableUuid(name), name }));
}

function stableUuid(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join('-');
}

function isTypeUserCql(cql: string): boolean {
  const compact = cql.replace(/\s+/g, '');
  return compact === 'type=user' || compact === 'type="user"';
}

function operationsOf(user: FixtureUser): Array<{ operation: string; targetType: string }> {
  if (!isActive(user)) {
    return [];
  }
  const use = { operation: 'use', targetType: 'application' };
  return user.siteAdmin ? [{ operation: 'administer', targetType: 'application' }, use] : [use];
}

function userJson(host: ConfluenceTestHost, user: FixtureUser, expand: Set<string>): Record<string, unknown> {
  const expandable: Record<string, string> = { operations: '', personalSpace: '' };
  const json: Record<string, unknown> = {
    type: 'known',
    accountId: user.accountId,
    accountType: user.accountType ?? 'atlassian',
    ...(user.email ? { email: user.email } : {}),
    publicName: user.displayName,
    displayName: user.displayName,
    profilePicture: { path: `${CONTEXT_PATH}/aa-avatar/${user.accountId}`, width: 48, height: 48, isDefault: false },
    isExternalCollaborator: false,
    isGuest: false,
  };
  if (expand.has('operations')) {
    json.operations = operationsOf(user);
    delete expandable.operations;
  }
  if (host.userDetails && (expand.has('details.personal') || expand.has('details.business'))) {
    json.details = {
      ...(expand.has('details.personal') ? { personal: { ...user.details?.personal } } : {}),
      ...(expand.has('details.business') ? { business: { ...user.details?.business } } : {}),
    };
  }
  json._expandable = expandable;
  json._links = {
    self: `${host.baseUrl}/rest/api/user?accountId=${encodeURIComponent(user.accountId)}`,
    base: host.baseUrl,
  };
  return json;
}

function searchResultJson(host: ConfluenceTestHost, user: FixtureUser, expand: Set<string>): Record<string, unknown> {
  return {
    user: userJson(host, user, expand),
    title: user.displayName,
    excerpt: '',
    url: `/people/${user.accountId}`,
    breadcrumbs: [],
    entityType: 'user',
    iconCssClass: 'aui-icon content-type-profile',
    lastModified: host.startedAt,
    score: 0,
  };
}

function groupJson(host: ConfluenceTestHost, group: FixtureGroup): Record<string, unknown> {
  return {
    type: 'group',
    name: group.name,
    id: group.id,
    _links: { self: `${host.baseUrl}/rest/api/group/by-id?id=${encodeURIComponent(group.id)}` },
  };
}

// ---------------------------------------------------------------------------------------------
// Query parameters, paging and links
// ---------------------------------------------------------------------------------------------

interface Paging {
  defaultLimit: number;
  maxLimit: number;
}

interface PageRequest {
  start: number;
  limit: number;
}

function queryValues(req: Request, name: string): string[] {
  const raw = req.query[name];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((v): v is string => typeof v === 'string');
}

function queryValue(req: Request, name: string): string | undefined {
  return queryValues(req, name)[0];
}

/** Non-negative integer parameter: the fallback when absent, undefined when malformed. */
function intParam(req: Request, name: string, fallback: number): number | undefined {
  const raw = queryValue(req, name);
  if (raw === undefined || raw === '') {
    return fallback;
  }
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/** `accountId=a&accountId=b` and the spec's comma-separated form `accountId=a,b` both work. */
function accountIdsParam(req: Request): string[] {
  return queryValues(req, 'accountId')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** `expand` is a comma-separated multi-value parameter (style: form, explode: false). */
function expansions(req: Request): Set<string> {
  return new Set(queryValues(req, 'expand').flatMap((v) => v.split(',')).map((v) => v.trim()));
}

/** start/limit of a paged call, or the message of a 400. */
function readPage(req: Request, paging: Paging): PageRequest | string {
  const start = intParam(req, 'start', 0);
  const limit = intParam(req, 'limit', paging.defaultLimit);
  if (start === undefined || limit === undefined) {
    return 'start and limit must be non-negative integers';
  }
  // limit=0 would make a `next` link that never advances; answer at least one item per page.
  return { start, limit: Math.min(Math.max(limit, 1), paging.maxLimit) };
}

/** The page's items, and whether a next page exists within the first `windowSize` items. */
function pageOf<T>(items: T[], page: PageRequest, windowSize = Infinity): { results: T[]; hasNext: boolean } {
  const end = Math.min(items.length, windowSize);
  const results = page.start < end ? items.slice(page.start, Math.min(page.start + page.limit, end)) : [];
  return { results, hasNext: page.start + page.limit < end };
}

/**
 * `_links` of a list answer. `next` is relative to `base` (which includes /wiki), as Confluence
 * gives it, so the app can hand it straight to ACE's host client.
 */
function listLinks(
  host: ConfluenceTestHost,
  req: Request,
  page?: PageRequest,
  hasNext = false,
): Record<string, string> {
  const links: Record<string, string> = { base: host.baseUrl, context: CONTEXT_PATH, self: `${host.origin}${req.originalUrl}` };
  if (page && hasNext) {
    const query = searchParamsOf(req);
    query.set('start', String(page.start + page.limit));
    query.set('limit', String(page.limit));
    links.next = `${(req.baseUrl + req.path).slice(CONTEXT_PATH.length)}?${query}`;
  }
  return links;
}

function searchParamsOf(req: Request): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of Object.keys(req.query)) {
    queryValues(req, name).forEach((v) => params.append(name, v));
  }
  return params;
}

function appendQuery(pathAndQuery: string, params: Record<string, string>): string {
  const separator = pathAndQuery.includes('?') ? '&' : '?';
  return `${pathAndQuery}${separator}${new URLSearchParams(params)}`;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

// ---------------------------------------------------------------------------------------------
// Browser side: host page, context tokens, avatars
// ---------------------------------------------------------------------------------------------

function serveContextToken(host: ConfluenceTestHost, req: Request, res: Response): void {
  const accountId = queryValue(req, 'as');
  if (!accountId) {
    res.status(400).type('text/plain').send('as is required');
    return;
  }
  res.set('Cache-Control', 'no-store').type('text/plain').send(host.contextToken(accountId));
}

function serveFramePage(host: ConfluenceTestHost, req: Request, res: Response): void {
  const app = queryValue(req, 'app');
  const modulePath = queryValue(req, 'path');
  const accountId = queryValue(req, 'as');
  if (!app || !/^https?:\/\//.test(app) || !modulePath?.startsWith('/') || !accountId) {
    res.status(400).type('text/plain').send('app (http URL), path (starting with /) and as are required');
    return;
  }
  // A new signed URL on every load: iframe tokens live 180 s, like Confluence's.
  const frame = {
    src: host.signedUrl(app, accountId, modulePath),
    appOrigin: new URL(app).origin,
    accountId,
    tokenUrl: `${CONTEXT_PATH}/__test/context-token?${new URLSearchParams({ as: accountId })}`,
  };
  const displayName = findUser(host, accountId)?.displayName ?? accountId;
  res.set('Cache-Control', 'no-store').type('html').send(framePageHtml(frame, displayName));
}

interface FrameSpec {
  src: string;
  appOrigin: string;
  accountId: string;
  tokenUrl: string;
}

/**
 * The host page. host-page.js is loaded in <head>, before the iframe exists, so its message
 * listener is in place before the app's all.js can post anything.
 */
function framePageHtml(frame: FrameSpec, displayName: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Rollcall - Confluence</title>
<style>
  body { margin: 0; font-family: -apple-system, "Segoe UI", Roboto, sans-serif; color: #172b4d; }
  .test-host-header { display: flex; align-items: center; gap: 24px; height: 56px; padding: 0 16px;
    background: #fff; border-bottom: 1px solid #dfe1e6; }
  .test-host-header .logo { font-weight: 600; color: #0052cc; }
  .test-host-header .user { margin-left: auto; }
  #app-frame { display: block; width: 100%; height: 600px; border: 0; }
  #test-host-flags { position: fixed; top: 72px; right: 16px; display: flex; flex-direction: column; gap: 8px; }
  .test-host-flag { width: 320px; padding: 12px 16px; background: #fff; border-radius: 3px;
    box-shadow: 0 4px 8px rgba(9, 30, 66, 0.25); }
  .test-host-flag[data-type="error"] { border-left: 4px solid #de350b; }
  .test-host-flag[data-type="success"] { border-left: 4px solid #00875a; }
</style>
<script src="${CONTEXT_PATH}/__test/host-page.js"></script>
</head>
<body>
<header class="test-host-header">
  <span class="logo">Confluence</span>
  <nav>Home &middot; Spaces &middot; People &middot; Apps</nav>
  <span class="user">${escapeHtml(displayName)}</span>
</header>
<main>
  <iframe id="app-frame" name="rollcall-frame" src="${escapeHtml(frame.src)}"
    data-app-origin="${escapeHtml(frame.appOrigin)}" data-account-id="${escapeHtml(frame.accountId)}"
    data-token-url="${escapeHtml(frame.tokenUrl)}"></iframe>
</main>
<div id="test-host-flags" aria-live="polite"></div>
</body>
</html>
`;
}

/** Initials on a coloured square, so pages with avatars render without broken images. */
function serveAvatar(host: ConfluenceTestHost, req: Request, res: Response): void {
  const name = findUser(host, req.params.accountId)?.displayName ?? '?';
  const initials = name
    .split(/\s+/)
    .map((part) => part.charAt(0))
    .join('')
    .slice(0, 2)
    .toUpperCase();
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48">' +
    '<rect width="48" height="48" fill="#0052cc"/>' +
    `<text x="24" y="30" font-size="18" text-anchor="middle" fill="#fff" font-family="sans-serif">${escapeHtml(initials)}</text>` +
    '</svg>';
  res.type('image/svg+xml').send(svg);
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
