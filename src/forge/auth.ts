import type { Request, RequestHandler } from 'express';
import { asyncHandler } from '../asyncHandler';
import type { AuthContext } from '../connect/auth';
import { unauthorized } from '../errors';
import type { Logger } from '../logger';
import { forgeHostClient } from './confluence';
import { InvalidInvocationError, type FitVerifier, type ForgeInvocation } from './fit';
import type { ForgeTenants } from './tenants';

/** Header of the app's system token (endpoint `auth.appSystemToken`). */
export const SYSTEM_TOKEN_HEADER = 'x-forge-oauth-system';
/** Header of the calling user's token (endpoint `auth.appUserToken`). */
export const USER_TOKEN_HEADER = 'x-forge-oauth-user';

/** The one answer to every refused token: nothing about which check failed. */
const REFUSED = 'Missing, expired or invalid Forge invocation token.';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by {@link verifyInvocation} on the Forge lifecycle routes. */
    forgeInvocation?: ForgeInvocation;
  }
}

/** The FIT of `Authorization: Bearer <token>`, or undefined for any other scheme. */
export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header && /^Bearer /i.test(header) ? header.slice(7).trim() : undefined;
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * Verifies the FIT or throws 401 `unauthorized`. Why it was refused goes to the log at debug,
 * without the token (tokens are never logged).
 */
async function verified(verifier: FitVerifier, logger: Logger, token: string | undefined): Promise<ForgeInvocation> {
  if (!token) throw unauthorized(REFUSED);
  try {
    return await verifier.verify(token);
  } catch (err) {
    if (!(err instanceof InvalidInvocationError)) throw err;
    logger.debug({ reason: err.message }, 'Forge invocation token refused');
    throw unauthorized(REFUSED);
  }
}

/**
 * The lifecycle and trigger routes: a valid FIT for this app that Forge itself sent — no page's
 * token (one with a `context` or a `principal`, which a user can take from their browser or send
 * with `invokeRemote` to any path) may install, uninstall or hand in a system token. The
 * invocation goes to `req.forgeInvocation`.
 */
export function verifyInvocation(verifier: FitVerifier, logger: Logger): RequestHandler {
  return asyncHandler(async (req, _res, next) => {
    const invocation = await verified(verifier, logger, bearerToken(req));
    if (invocation.fromUi) {
      logger.debug({ installationId: invocation.installationId }, "a page's Forge token sent to a lifecycle route");
      throw unauthorized(REFUSED);
    }
    req.forgeInvocation = invocation;
    next();
  });
}

export interface ForgeRestAuthOptions {
  verifier: FitVerifier;
  tenants: ForgeTenants;
  logger: Logger;
}

/**
 * In front of the REST v1 routers: a call with `Authorization: Bearer <FIT>` (Custom UI's
 * `invokeRemote`, through Forge) is verified here and leaves with the same `req.auth`
 * ({@link AuthContext}) Connect's chain produces — the installation's tenant, the caller
 * (`principal`), the site — plus {@link AuthContext.site}: Confluence with the call's system and
 * user tokens. Connect's chain then stands aside (`connect/auth.ts`). Any other scheme passes on
 * untouched to Connect; a Bearer token that does not verify, names no user, or belongs to an
 * installation that is not installed is 401 here and never reaches Connect.
 */
export function forgeRestAuth(options: ForgeRestAuthOptions): RequestHandler {
  return asyncHandler(async (req, _res, next) => {
    const token = bearerToken(req);
    if (token === undefined) return next();
    const invocation = await verified(options.verifier, options.logger, token);
    if (!invocation.accountId) throw unauthorized(REFUSED);
    const tenant = await options.tenants.findInstalled(invocation);
    if (!tenant) {
      options.logger.debug({ installationId: invocation.installationId }, 'Forge call for an installation that is not installed');
      throw unauthorized(REFUSED);
    }
    // The call's tokens serve this call only: `requestRemote` comes straight from the browser, so
    // its headers are the caller's to choose. Only Forge's own deliveries (routes.ts) store a
    // system token for later; a call records only a changed site URL.
    const systemToken = header(req, SYSTEM_TOKEN_HEADER);
    await options.tenants.remember(tenant, invocation, undefined);
    // `requestRemote` calls carry a FIT but no OAuth tokens (Atlassian's docs): they use the
    // installation's stored system token, and the admin check then asks as the app, like Connect's.
    const asApp = forgeHostClient(invocation.apiBaseUrl, systemToken ?? (await options.tenants.systemToken(tenant))?.token);
    const userToken = header(req, USER_TOKEN_HEADER);
    const auth: AuthContext = {
      tenantId: String(tenant.id),
      clientKey: invocation.installationId,
      accountId: invocation.accountId,
      hostBaseUrl: invocation.siteUrl ? `${invocation.siteUrl}/wiki` : (tenant.baseUrl ?? ''),
      site: { asApp, asCaller: userToken ? forgeHostClient(invocation.apiBaseUrl, userToken) : asApp },
    };
    req.auth = auth;
    next();
  });
}
