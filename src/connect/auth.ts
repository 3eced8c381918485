import type { NextFunction, Request, RequestHandler, Response } from 'express';
import * as jwt from 'atlassian-jwt';
import { asyncHandler } from '../asyncHandler';
import { forbidden, unauthorized } from '../errors';
import { unsafeTextProblem } from '../safeText';
import type { AdminCheck } from './adminCheck';
import { ConfluenceClient, type ConfluenceClientOptions, type HostHttpClient } from './confluenceClient';
import { findInstalledTenantId } from './tenantStore';

/** Who is calling: set on `req.auth` once the JWT is verified. */
export interface AuthContext {
  tenantId: string;
  /** Connect's client key; for a Forge call, the installation id (`forge/`). */
  clientKey: string;
  accountId: string;
  /** Base URL of the Confluence site (e.g. https://example.atlassian.net/wiki); empty when the front does not say. */
  hostBaseUrl: string;
  /**
   * How this caller's site is reached when not through ACE's host client: set by the Forge front
   * (`forge/auth.ts`) with Forge's tokens. Unset for Connect.
   */
  site?: SiteAccess;
}

/** Confluence REST of the caller's site as the app and as the caller (Forge's system and user tokens). */
export interface SiteAccess {
  asApp: HostHttpClient;
  /** The admin check asks with the caller's own token. */
  asCaller: HostHttpClient;
}

declare module 'express-serve-static-core' {
  interface Request {
    auth?: AuthContext;
  }
}

/** The slice of ACE's addon the auth middlewares need. */
export interface AceAddon {
  authenticate(skipQshVerification?: boolean): RequestHandler;
  httpClient(options: { clientKey: string }): HostHttpClient;
  /** How {@link confluenceFor}'s clients call this add-on's sites (timeout, retries); set by `createConnectAddon`. */
  confluenceClientOptions?: ConfluenceClientOptions;
}

/** Connect's context tokens (AP.context.getToken) carry this instead of a query hash. */
export const CONTEXT_QSH = 'context-qsh';

/**
 * The longest lifetime (`exp - iat`) a Connect token may claim, in seconds. Confluence issues
 * iframe tokens for 3 minutes and context tokens (AP.context.getToken) for 15 minutes; ACE checks
 * only that `exp` has not passed, so a token minted for days (by anyone who ever held a shared
 * secret, e.g. from an old backup) would stay good for days. Nothing Confluence signs lives longer.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 15 * 60;

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('JWT ') ? header.slice(4).trim() : undefined;
}

/** Unverified claims, only to route a token to the right check; ACE verifies the signature after. */
function peekClaims(token: string): Record<string, unknown> | undefined {
  try {
    return jwt.decodeSymmetric(token, '', jwt.SymmetricAlgorithm.HS256, true) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Checks what ACE leaves open: every token must expire (ACE accepts a token without `exp`) within
 * {@link MAX_TOKEN_LIFETIME_SECONDS} of its issue, and name a user (`sub`), and REST calls take
 * only the context token. The claims are read before ACE verifies the signature; a token that
 * passes here still has to pass ACE, so a forged claim gains nothing.
 */
function precheck(kind: 'page' | 'rest'): RequestHandler {
  return (req, _res, next) => {
    // ACE prefers a `jwt` query or body parameter over the header: on REST routes only the header counts.
    if (kind === 'rest' && (req.query.jwt !== undefined || (req.body as { jwt?: unknown } | undefined)?.jwt !== undefined)) {
      next(unauthorized('REST calls take the token in the Authorization header only.'));
      return;
    }
    const token = kind === 'rest' ? bearerToken(req) : typeof req.query.jwt === 'string' ? req.query.jwt : undefined;
    if (!token) {
      next(unauthorized(kind === 'rest' ? 'Missing "Authorization: JWT <token>" header.' : 'Missing jwt parameter: open this page from Confluence.'));
      return;
    }
    const claims = peekClaims(token);
    if (!claims) return next(unauthorized('The token is not a valid JWT.'));
    // ACE looks the issuer (or audience) up in the database before it checks the signature: text
    // PostgreSQL cannot take (NUL, a lone surrogate) must not get that far.
    const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if ([claims.iss, claims.sub, ...audience].some((c) => typeof c === 'string' && unsafeTextProblem(c))) {
      return next(unauthorized('The token is not a valid JWT.'));
    }
    if (typeof claims.exp !== 'number') return next(unauthorized('The token has no expiry (exp).'));
    if (typeof claims.iat !== 'number') return next(unauthorized('The token has no issue time (iat).'));
    if (claims.exp - claims.iat > MAX_TOKEN_LIFETIME_SECONDS) {
      return next(unauthorized(`The token lives longer than ${MAX_TOKEN_LIFETIME_SECONDS / 60} minutes (exp - iat); Confluence never issues such tokens.`));
    }
    if (typeof claims.sub !== 'string' || !claims.sub) return next(unauthorized('The token names no user (sub): log in to Confluence.'));
    if (kind === 'rest' && claims.qsh !== CONTEXT_QSH) {
      return next(unauthorized('REST calls need the context token from AP.context.getToken() (qsh "context-qsh").'));
    }
    next();
  };
}

/** After ACE: resolve the tenant (installed only) and put {@link AuthContext} on the request. */
const attachAuthContext: RequestHandler = asyncHandler(async (req: Request, _res: Response, next: NextFunction) => {
  const context = (req as Request & { context?: { clientKey?: string; userAccountId?: string; hostBaseUrl?: string } }).context;
  const clientKey = context?.clientKey;
  const accountId = context?.userAccountId;
  if (!clientKey || !accountId) throw unauthorized('The token names no site or user.');
  const tenantId = await findInstalledTenantId(clientKey);
  if (!tenantId) throw unauthorized('This Confluence site has not installed Rollcall.');
  req.auth = { tenantId, clientKey, accountId, hostBaseUrl: context.hostBaseUrl ?? '' };
  next();
});

/** Page routes: the iframe URL's JWT, with its query hash checked against this request (ACE). */
export function authenticatePage(addon: AceAddon): RequestHandler[] {
  return [precheck('page'), addon.authenticate(false), attachAuthContext];
}

/**
 * A step of Connect's REST chain, skipped for a request another front already verified: the Forge
 * front (`forge/auth.ts`, mounted before the REST routers) sets `req.auth` from a verified Forge
 * Invocation Token and refuses any `Authorization: Bearer` it cannot verify, so a request reaches
 * here with `req.auth` only when its token passed. Without it, every step runs.
 */
function unlessVerifiedByAnotherFront(step: RequestHandler): RequestHandler {
  return (req, res, next) => (req.auth ? next() : step(req, res, next));
}

/**
 * REST routes: `Authorization: JWT <context token>`; the signature and expiry are checked by ACE.
 * A call the Forge front verified arrives authenticated and passes (see above).
 */
export function authenticateRest(addon: AceAddon): RequestHandler[] {
  return [precheck('rest'), addon.authenticate(true), attachAuthContext].map(unlessVerifiedByAnotherFront);
}

/** The Confluence REST client for the caller's tenant (through ACE, or with Forge's tokens when the Forge front set {@link AuthContext.site}). */
export function confluenceFor(addon: AceAddon, auth: AuthContext): ConfluenceClient {
  if (auth.site) return new ConfluenceClient(auth.site.asApp, { ...addon.confluenceClientOptions, asCaller: auth.site.asCaller });
  return new ConfluenceClient(addon.httpClient({ clientKey: auth.clientKey }), addon.confluenceClientOptions);
}

/**
 * Admin routes: the caller must be a Confluence administrator, asked of Confluence on the server
 * (cached briefly), since descriptor conditions only hide links.
 */
export function requireAdmin(addon: AceAddon, adminCheck: AdminCheck): RequestHandler {
  return asyncHandler(async (req, _res, next) => {
    const auth = req.auth;
    if (!auth) throw unauthorized('Not authenticated.');
    if (!(await adminCheck.isAdmin(auth.tenantId, auth.accountId, confluenceFor(addon, auth)))) {
      throw forbidden('Only Confluence administrators may do this.');
    }
    next();
  });
}
