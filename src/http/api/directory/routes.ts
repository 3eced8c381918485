import { Router } from 'express';
import type { AdminCheck } from '../../../connect/adminCheck';
import type { Addon } from '../../../connect/addon';
import { authenticateRest, requireAdmin } from '../../../connect/auth';
import type { ViewerResolver } from '../../../connect/viewer';
import { exportNotAllowed } from '../../../errors';
import { exportDirectory } from '../../../peopleDirectory/export';
import { searchDirectory } from '../../../peopleDirectory/search/search';
import { readDirectorySettings, writeDirectorySettings } from '../../../peopleDirectory/settings';
import type { RateLimits } from '../../rateLimit';
import { handle } from '../../validate';
import { presentDirectoryPage, presentDirectorySettings } from './presenters';
import * as T from './schema';

export interface DirectoryRouterOptions {
  /** Who is looking: restricted categories count only for members of their groups. */
  viewers: ViewerResolver;
  rateLimits: RateLimits;
}

/**
 * The People Directory: search (any user), CSV export (admins; users when the site allows it),
 * and its settings (admins). Everything is computed for the viewer: fields of restricted
 * categories they are not in do not exist for them (peopleDirectory/README.md).
 */
export function directoryRouter(addon: Addon, adminCheck: AdminCheck, options: DirectoryRouterOptions): Router {
  const { viewers, rateLimits } = options;
  const router = Router();
  const user = authenticateRest(addon);
  const admin = [...user, requireAdmin(addon, adminCheck)];

  router.get(
    '/rest/v1/directory',
    ...user,
    rateLimits.limit('directorySearch'),
    ...handle(T.DirectorySearch, async (req, res) => {
      const { q, sort, order, cursor, limit } = req.input.query;
      const viewer = await viewers.viewerOf(req.auth);
      const page = await searchDirectory(req.auth.tenantId, viewer, { q, sort: { key: sort, order }, cursor, limit });
      const canExport = viewer.isAdmin || (await readDirectorySettings(req.auth.tenantId)).exportForUsers;
      res.set('Cache-Control', 'no-store');
      res.json(presentDirectoryPage(page, canExport));
    }),
  );

  router.get(
    '/rest/v1/directory/export',
    ...user,
    rateLimits.limit('directoryExport'),
    ...handle(T.DirectoryExport, async (req, res) => {
      const { tenantId } = req.auth;
      const viewer = await viewers.viewerOf(req.auth);
      if (!viewer.isAdmin && !(await readDirectorySettings(tenantId)).exportForUsers) throw exportNotAllowed();
      const { q, sort, order } = req.input.query;
      const chunks = exportDirectory(tenantId, viewer, q, { key: sort, order });
      // The first chunk (BOM and header) comes after the query compiled: a bad query is still a 400.
      const first = await chunks.next();
      res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="people.csv"', 'Cache-Control': 'no-store' });
      try {
        if (!first.done) res.write(first.value);
        for await (const chunk of chunks) {
          if (res.destroyed) return; // the client went away
          if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
        }
        res.end();
      } catch (error) {
        res.destroy(); // a half-written file must not look complete; the error is logged
        throw error;
      }
    }),
  );

  router.get(
    '/rest/v1/directory/settings',
    ...admin,
    ...handle(T.DirectorySettingsGet, async (req, res) => {
      res.json(presentDirectorySettings(await readDirectorySettings(req.auth.tenantId)));
    }),
  );

  router.put(
    '/rest/v1/directory/settings',
    ...admin,
    ...handle(T.DirectorySettingsPut, async (req, res) => {
      res.json(presentDirectorySettings(await writeDirectorySettings(req.auth.tenantId, req.input.body)));
    }),
  );

  return router;
}
