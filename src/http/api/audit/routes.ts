import { Router } from 'express';
import type { AdminCheck } from '../../../connect/adminCheck';
import type { Addon } from '../../../connect/addon';
import { authenticateRest, requireAdmin } from '../../../connect/auth';
import type { ViewerResolver } from '../../../connect/viewer';
import { ACCOUNT_ID_PATTERN } from '../../../directory/accountId';
import { forbidden } from '../../../errors';
import { readAuditLog } from '../../../privacy/auditLog';
import { exportPersonalData } from '../../../privacy/personalExport';
import { canEditProfile } from '../../../profiles/policy';
import { handle } from '../../validate';
import { presentAuditPage, presentPersonalExport } from './presenters';
import * as T from './schema';

/**
 * The audit log (admins: every event of the site), a profile's history (the person and admins)
 * and "Download my profile data" (the person and admins). Values of fields in restricted categories
 * show only to members of their groups, admins included (privacy/auditLog.ts).
 */
const PROFILE = `/rest/v1/profiles/:accountId(${ACCOUNT_ID_PATTERN})`;

export function auditRouter(addon: Addon, adminCheck: AdminCheck, viewers: ViewerResolver): Router {
  const router = Router();
  const user = authenticateRest(addon);

  router.get(
    '/rest/v1/audit',
    ...user,
    requireAdmin(addon, adminCheck),
    ...handle(T.AuditList, async (req, res) => {
      const { person, actor, action, from, to, cursor, limit } = req.input.query;
      const page = await readAuditLog(req.auth.tenantId, await viewers.viewerOf(req.auth), { person, actor, actions: action, from, to, cursor, limit });
      res.set('Cache-Control', 'no-store');
      res.json(presentAuditPage(page));
    }),
  );

  router.get(
    `${PROFILE}/history`,
    ...user,
    ...handle(T.ProfileHistory, async (req, res) => {
      const { accountId } = req.input.params;
      const viewer = await viewers.viewerOf(req.auth);
      if (!canEditProfile(viewer, accountId)) throw forbidden("Only the person and the site's admins see the history of a profile.");
      const page = await readAuditLog(req.auth.tenantId, viewer, { person: accountId, cursor: req.input.query.cursor, limit: req.input.query.limit });
      res.set('Cache-Control', 'no-store');
      res.json(presentAuditPage(page));
    }),
  );

  router.get(
    `${PROFILE}/export`,
    ...user,
    ...handle(T.ProfileExport, async (req, res) => {
      const { accountId } = req.input.params;
      const viewer = await viewers.viewerOf(req.auth);
      // The person, or an admin answering the person's request (each sees what they may see).
      if (!canEditProfile(viewer, accountId)) throw forbidden("Only the person and the site's admins download the data Rollcall holds of a person.");
      const data = await exportPersonalData(req.auth.tenantId, viewer, accountId);
      res.set({ 'Cache-Control': 'no-store', 'Content-Disposition': 'attachment; filename="my-profile-data.json"' });
      res.type('application/json').send(JSON.stringify(presentPersonalExport(data), null, 2));
    }),
  );
  return router;
}
