import { Router } from 'express';
import type { AdminCheck } from '../../connect/adminCheck';
import { authenticateRest, confluenceFor } from '../../connect/auth';
import type { Addon } from '../../connect/addon';
import { asyncHandler } from '../../asyncHandler';

/** `GET /rest/v1/me`: who the caller is on this site and whether they administer it. */
export function meRouter(addon: Addon, adminCheck: AdminCheck): Router {
  const router = Router();
  router.get(
    '/rest/v1/me',
    ...authenticateRest(addon),
    asyncHandler(async (req, res) => {
      const auth = req.auth!;
      const isAdmin = await adminCheck.isAdmin(auth.tenantId, auth.accountId, confluenceFor(addon, auth));
      res.json(presentMe({ accountId: auth.accountId, siteUrl: auth.hostBaseUrl, isAdmin }));
    }),
  );
  return router;
}

/** Lists every field that leaves the server. */
function presentMe(me: { accountId: string; siteUrl: string; isAdmin: boolean }) {
  return { accountId: me.accountId, siteUrl: me.siteUrl, isAdmin: me.isAdmin };
}
