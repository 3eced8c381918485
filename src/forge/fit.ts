import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

/**
 * Forge Invocation Tokens (FITs): the RS256 JWT Forge puts in `Authorization: Bearer` of every call
 * it makes to a remote (Custom UI `invokeRemote`, lifecycle events, scheduled triggers).
 * https://developer.atlassian.com/platform/forge/remote/essentials/ — claims as a Confluence FIT
 * carries them (docs/ARCHITECTURE.md, "Forge", lists where each check comes from).
 */

/** `iss` of every FIT. */
export const FIT_ISSUER = 'forge/invocation-token';

/**
 * Longest lifetime (`exp - iat`) a FIT may claim, in seconds. Forge issues them for 25 s; a longer
 * one was not minted by Forge for a single call.
 */
export const MAX_FIT_LIFETIME_SECONDS = 60;

/** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds. */
export const FIT_CLOCK_TOLERANCE_SECONDS = 5;

const INSTALLATION_ARI = /^ari:cloud:ecosystem::installation\/[A-Za-z0-9-]{1,64}$/;
const CLOUD_ID = /^[A-Za-z0-9-]{1,64}$/;
const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;

/** What a verified FIT says about the call. Every value comes from the signed token, never from the request's body or query. */
export interface ForgeInvocation {
  /** The app ARI (= the configured FORGE_APP_ID). */
  appId: string;
  /** `app.installationId`: the installation, i.e. the tenant. */
  installationId: string;
  /** The site, from `app.apiBaseUrl` (and `context.cloudId`, which must agree). */
  cloudId: string;
  /** `app.apiBaseUrl`, e.g. `https://api.atlassian.com/ex/confluence/<cloudId>` (its origin checked). */
  apiBaseUrl: string;
  /** `app.environment.id`, when the token names one. */
  environmentId: string | null;
  /** The calling user (`principal`); null for events and scheduled triggers. */
  accountId: string | null;
  /** `context.siteUrl` of a UI call (`https://x.atlassian.net`); null otherwise. */
  siteUrl: string | null;
  /** `context.moduleKey` of a UI call. */
  moduleKey: string | null;
  /**
   * A call from a page (a UI module's `invokeRemote` or `requestRemote`): the token carries a
   * `context` or a `principal`. Events, scheduled triggers and `preUninstall` carry neither; a
   * page's token (which a user can read in their browser) must never pass for one of those.
   */
  fromUi: boolean;
}

/** Why a FIT was refused. The message is for the logs (at debug); clients only ever see 401 `unauthorized`. */
export class InvalidInvocationError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidInvocationError';
  }
}

/**
 * The signing keys could not be read (the JWKS did not answer, or not with keys): Rollcall's
 * problem, not the caller's — a 500 (logged), which Forge retries for events, never a 401.
 */
export class JwksUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`Forge's signing keys cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'JwksUnavailableError';
  }
}

/** jose's errors about the key set itself, and network errors while fetching it (a token's own faults are other codes). */
function keysUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JWKS_INVALID') return true;
  if (code === 'ERR_JOSE_GENERIC') return /JSON Web Key Set/.test((err as Error).message);
  return typeof code !== 'string' || !code.startsWith('ERR_J');
}

export interface FitVerifierOptions {
  /** The app ARI every FIT must be for (FORGE_APP_ID); undefined refuses every token. */
  appId: string | undefined;
  /** Where the signing keys are (FORGE_JWKS_URL): fixed by configuration, never read from a token. */
  jwksUrl: string;
  /** The origin `app.apiBaseUrl` must have (FORGE_API_ORIGIN). */
  apiOrigin: string;
  /**
   * Least time between two JWKS fetches caused by an unknown `kid`, in ms (a key rotation is picked
   * up at once; a flood of made-up kids costs one fetch per interval). Default 30 000.
   */
  jwksCooldownMs?: number;
  /** How long fetched keys are kept without a refetch, in ms. Default 10 minutes. */
  jwksMaxAgeMs?: number;
  /** Longest wait for the JWKS, in ms. Default 5 000. */
  jwksTimeoutMs?: number;
}

/**
 * Verifies FITs: RS256 only, against the configured JWKS (cached by `jose`: an unknown `kid`
 * refetches, at most once per cooldown), `iss`, `aud` = the app, `exp`/`nbf`/`iat` with a small
 * tolerance and a bounded lifetime, then the claims Rollcall relies on: `app.id`, an installation
 * ARI, an `apiBaseUrl` at the configured origin naming the site, a `context.cloudId` that agrees,
 * a well-formed `principal`. Isolated Cloud tokens (`icLabel`, signed with other keys) are refused.
 */
export class FitVerifier {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly options: FitVerifierOptions) {
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl), {
      cooldownDuration: options.jwksCooldownMs ?? 30_000,
      cacheMaxAge: options.jwksMaxAgeMs ?? 10 * 60_000,
      timeoutDuration: options.jwksTimeoutMs ?? 5_000,
    });
  }

  /** @throws InvalidInvocationError for any token that is not a valid FIT for this app. */
  async verify(token: string): Promise<ForgeInvocation> {
    const appId = this.options.appId;
    if (!appId) throw new InvalidInvocationError('Forge is not configured (FORGE_APP_ID)');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: ['RS256'],
        issuer: FIT_ISSUER,
        audience: appId,
        requiredClaims: ['exp', 'iat'],
        clockTolerance: FIT_CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (err) {
      if (keysUnavailable(err)) throw new JwksUnavailableError(err);
      throw new InvalidInvocationError(`token refused: ${(err as { code?: string }).code ?? (err as Error).message}`);
    }
    return this.claims(payload, appId);
  }

  private claims(payload: JWTPayload, appId: string): ForgeInvocation {
    const fail = (reason: string): never => {
      throw new InvalidInvocationError(reason);
    };
    const { exp, iat } = payload as { exp: number; iat: number };
    if (exp - iat > MAX_FIT_LIFETIME_SECONDS) fail(`lifetime ${exp - iat} s exceeds ${MAX_FIT_LIFETIME_SECONDS} s`);
    if (iat > Date.now() / 1000 + FIT_CLOCK_TOLERANCE_SECONDS) fail('issued in the future');
    if ('icLabel' in payload) fail('an Isolated Cloud token');
    const app = record(payload.app) ?? fail('no app claim');
    if (app.id !== appId) fail('app.id is not this app');
    const installationId = typeof app.installationId === 'string' && INSTALLATION_ARI.test(app.installationId) ? app.installationId : fail('no installation');
    const apiBaseUrl = typeof app.apiBaseUrl === 'string' ? app.apiBaseUrl : fail('no apiBaseUrl');
    const cloudId = this.cloudIdOf(apiBaseUrl) ?? fail('apiBaseUrl is not a Confluence API of the configured origin');
    const environment = record(app.environment);
    const environmentId = typeof environment?.id === 'string' ? environment.id : null;

    const context = payload.context === undefined ? undefined : (record(payload.context) ?? fail('context is not an object'));
    if (context?.cloudId !== undefined && context.cloudId !== cloudId) fail('context.cloudId differs from the apiBaseUrl');
    const principal = payload.principal;
    if (principal !== undefined && (typeof principal !== 'string' || !ACCOUNT_ID.test(principal))) fail('principal is not an account id');
    if (context?.accountId !== undefined && context.accountId !== principal) fail('context.accountId differs from principal');
    const siteUrl = typeof context?.siteUrl === 'string' ? siteUrlOf(context.siteUrl) : null;
    return {
      appId,
      installationId,
      cloudId,
      apiBaseUrl: apiBaseUrl.replace(/\/+$/, ''),
      environmentId,
      accountId: (principal as string | undefined) ?? null,
      siteUrl,
      moduleKey: typeof context?.moduleKey === 'string' ? context.moduleKey : null,
      fromUi: context !== undefined || principal !== undefined,
    };
  }

  /** `<apiOrigin>/ex/confluence/<cloudId>` → the cloud id; anything else → undefined. */
  private cloudIdOf(apiBaseUrl: string): string | undefined {
    let url: URL;
    try {
      url = new URL(apiBaseUrl);
    } catch {
      return undefined;
    }
    if (url.origin !== this.options.apiOrigin || url.search || url.hash || url.username || url.password) return undefined;
    const match = /^\/ex\/confluence\/([^/]+)\/?$/.exec(url.pathname);
    return match && CLOUD_ID.test(match[1]) ? match[1] : undefined;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** An https (or, in tests, http) origin only; anything else is dropped rather than shown to users. */
function siteUrlOf(value: string): string | null {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password ? url.origin : null;
  } catch {
    return null;
  }
}
