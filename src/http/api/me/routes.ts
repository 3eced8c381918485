import { Router } from 'express';
import type { AdminCheck } from '../../../connect/adminCheck';
import type { Addon } from '../../../connect/addon';
import { authenticateRest, confluenceFor } from '../../../connect/auth';
import { handle } from '../../validate';
import { presentMe } from './presenters';
import * as T from './schema';

/** `GET /rest/v1/me`: who the caller is on this site and whether they administer it. */
export function meRouter(addon: Addon, adminCheck: AdminCheck): Router {
  const router = Router();
  router.get(
    '/rest/v1/me',
    ...authenticateRest(addon),
    ...handle(T.Me, async (req, res) => {
      const { tenantId, accountId, hostBaseUrl } = req.auth;
      const isAdmin = await adminCheck.isAdmin(tenantId, accountId, confluenceFor(addon, req.auth));
      res.json(presentMe({ accountId, siteUrl: hostBaseUrl, isAdmin }));
    }),
  );
  return router;
}
