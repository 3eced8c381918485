import { Router } from 'express';
import { z } from 'zod';
import { asyncHandler } from '../asyncHandler';
import { unauthorized } from '../errors';
import type { Logger } from '../logger';
import { safeString } from '../safeText';
import { SYSTEM_TOKEN_HEADER, verifyInvocation } from './auth';
import type { FitVerifier } from './fit';
import type { ForgeTenants } from './tenants';

/** The manifest's `endpoint` routes (forge/manifest.yml): lifecycle and scheduled triggers, and the pre-uninstall hook. */
export const FORGE_EVENTS_PATH = '/forge/events';
export const FORGE_UNINSTALL_PATH = '/forge/uninstall';

/** Lifecycle events that (re)install: https://developer.atlassian.com/platform/forge/events-reference/life-cycle/ */
export const INSTALL_EVENTS = ['avi:forge:installed:app', 'avi:forge:upgraded:app'] as const;

/**
 * What Rollcall reads of an event's body: only its type. Who installed what, where, comes from the
 * verified token, never from the body.
 */
const EventBody = z.object({ eventType: safeString().max(200).optional() }).passthrough();

export interface ForgeRouterOptions {
  verifier: FitVerifier;
  tenants: ForgeTenants;
  logger: Logger;
}

/**
 * `POST /forge/events` (the `installed`/`upgraded` triggers and the hourly scheduled trigger) and
 * `POST /forge/uninstall` (the `preUninstall` module), each behind a verified FIT. Forge retries
 * an event 4 times and waits 5 s: handlers only write the tenant row and answer.
 */
export function forgeRouter(options: ForgeRouterOptions): Router {
  const router = Router();
  const verify = verifyInvocation(options.verifier, options.logger);

  router.post(
    FORGE_EVENTS_PATH,
    verify,
    asyncHandler(async (req, res) => {
      const invocation = req.forgeInvocation!;
      const { eventType } = EventBody.parse(req.body ?? {});
      const installs = (INSTALL_EVENTS as readonly string[]).includes(eventType ?? '');
      // An install or upgrade (re)installs; any other delivery (the scheduled trigger) only adopts
      // an installation whose `installed` event never got through, and refreshes the system token.
      const tenant = installs ? await options.tenants.install(invocation) : await options.tenants.adopt(invocation);
      if (tenant) await options.tenants.remember(tenant, invocation, req.get(SYSTEM_TOKEN_HEADER) || undefined);
      if (installs && !tenant) throw unauthorized('Missing, expired or invalid Forge invocation token.');
      if (installs) options.logger.info({ tenantId: String(tenant!.id), installationId: invocation.installationId, cloudId: invocation.cloudId, eventType }, 'Forge installation recorded');
      res.json({ ok: true });
    }),
  );

  router.post(
    FORGE_UNINSTALL_PATH,
    verify,
    asyncHandler(async (req, res) => {
      const invocation = req.forgeInvocation!;
      const marked = await options.tenants.uninstall(invocation);
      options.logger.info({ installationId: invocation.installationId, marked }, 'Forge installation uninstalled');
      res.json({ ok: true });
    }),
  );

  return router;
}
