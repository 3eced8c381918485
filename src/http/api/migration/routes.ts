import { Router } from 'express';
import type { AdminCheck } from '../../../connect/adminCheck';
import type { Addon } from '../../../connect/addon';
import { authenticateRest, requireAdmin, type AuthContext } from '../../../connect/auth';
import type { ViewerResolver } from '../../../connect/viewer';
import type { MigrationAsker, MigrationAssistant, MigrationInput } from '../../../profiles/migrationAssistant';
import type { RateLimits } from '../../rateLimit';
import { bufferedUpload } from '../../uploads';
import { handle, type RouteInput } from '../../validate';
import { presentMigrationPreview, presentMigrationStatus } from './presenters';
import * as T from './schema';

export interface MigrationRouterOptions {
  /** The assistant's state, dry runs and runs (one per app instance). */
  migration: MigrationAssistant;
  /** Who the admin is for the profile policy: the values of categories they may not see are left out. */
  viewers: ViewerResolver;
  /** Limits on dry runs and runs. */
  rateLimits: RateLimits;
}

const inputOf = ({ query, body }: RouteInput<typeof T.MigrationRequest>): MigrationInput => ({
  source: query.source,
  csv: body,
  overwriteSourceFields: query.overwriteSourceFields,
});

/** The Profile Migration assistant's REST calls (admins). */
export function migrationRouter(addon: Addon, adminCheck: AdminCheck, options: MigrationRouterOptions): Router {
  const { migration, viewers, rateLimits } = options;
  const router = Router();
  const admin = [...authenticateRest(addon), requireAdmin(addon, adminCheck)];
  // A CSV file of any content type, up to 50 MB, as bytes (the body, or a form's part "file").
  const csvBody = bufferedUpload(50 * 1024 * 1024);
  const askerOf = (auth: AuthContext): MigrationAsker => ({ tenantId: auth.tenantId, accountId: auth.accountId, viewer: () => viewers.viewerOf(auth) });

  router.get(
    '/rest/v1/migration',
    ...admin,
    ...handle(T.MigrationStatus, async (req, res) => {
      res.json(presentMigrationStatus(await migration.status(askerOf(req.auth))));
    }),
  );

  router.post(
    '/rest/v1/migration/dry-run',
    ...admin,
    rateLimits.limit('migration'),
    csvBody,
    ...handle(T.MigrationRequest, async (req, res) => {
      res.json(presentMigrationPreview(await migration.dryRun(askerOf(req.auth), inputOf(req.input))));
    }),
  );

  router.post(
    '/rest/v1/migration/run',
    ...admin,
    rateLimits.limit('migration'),
    csvBody,
    ...handle(T.MigrationRequest, async (req, res) => {
      const { total } = await migration.run(askerOf(req.auth), inputOf(req.input));
      res.status(202).json({ status: 'running', total });
    }),
  );
  return router;
}
