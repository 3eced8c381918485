import type { RequestHandler, Router } from 'express';
import { ConfluenceClient, type ConfluenceClientOptions } from '../connect/confluenceClient';
import { confluenceDirectoryFor } from '../connect/connectConfluenceDirectory';
import type { Tenant } from '../db/models';
import type { ConfluenceDirectory } from '../directory/confluenceDirectory';
import type { Logger } from '../logger';
import { httpPersonalDataApi, type PersonalDataApi } from '../privacy/personalDataApi';
import type { SecretBox } from '../secrets';
import { forgeRestAuth } from './auth';
import { forgeHostClient } from './confluence';
import { FitVerifier } from './fit';
import { forgeRouter } from './routes';
import { ForgeTenants } from './tenants';

export interface ForgeFrontOptions {
  /** The app ARI (FORGE_APP_ID); undefined: every Forge token is refused. */
  appId: string | undefined;
  /** FORGE_JWKS_URL (Atlassian's unless a test overrides it). */
  jwksUrl: string;
  /** FORGE_API_ORIGIN (`https://api.atlassian.com` unless a test overrides it). */
  apiOrigin: string;
  secrets: SecretBox;
  logger: Logger;
  /** Timeout and retries of Confluence calls, as for Connect. */
  confluence: ConfluenceClientOptions;
}

/** The Forge front, as `http/app.ts` mounts it. */
export interface ForgeFront {
  /** `POST /forge/events`, `POST /forge/uninstall`. */
  router: Router;
  /** Mount before the REST v1 routers: Bearer FITs become `req.auth`. */
  restAuth: RequestHandler;
  /** A Forge tenant's Confluence people and groups as the app, with the stored system token (sync runs, the migration assistant). */
  directoryFor(tenant: Tenant): Promise<ConfluenceDirectory>;
  /** The personal data reporting API as a Forge tenant's app calls it (its stored system token, at Forge's API origin); null without a current token. */
  reportingApi(tenant: Tenant): Promise<PersonalDataApi | null>;
}

/** Builds the Forge front: FIT verification, Forge tenants, the lifecycle routes and Confluence with Forge's tokens. */
export function createForgeFront(options: ForgeFrontOptions): ForgeFront {
  const logger = options.logger.child({ component: 'forge' });
  const verifier = new FitVerifier({ appId: options.appId, jwksUrl: options.jwksUrl, apiOrigin: options.apiOrigin });
  const tenants = new ForgeTenants(options.secrets);
  return {
    router: forgeRouter({ verifier, tenants, logger }),
    restAuth: forgeRestAuth({ verifier, tenants, logger }),
    async directoryFor(tenant) {
      const stored = await tenants.systemToken(tenant);
      // Forge hands the app a system token with each invocation (an hour's worth); the hourly
      // scheduled trigger keeps one fresh. Without one, a background call cannot be made.
      if (!stored) throw new Error(`Forge tenant ${tenant.id} has no current system token: no invocation from Forge in the last hour`);
      return confluenceDirectoryFor(new ConfluenceClient(forgeHostClient(stored.apiBaseUrl, stored.token), options.confluence));
    },
    async reportingApi(tenant) {
      const stored = await tenants.systemToken(tenant);
      // The hourly scheduled trigger brings a token; a round without one waits for the next.
      if (!stored) return null;
      return httpPersonalDataApi(options.apiOrigin, async () => `Bearer ${stored.token}`);
    },
  };
}
