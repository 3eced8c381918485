import { Router } from 'express';
import type { AdminCheck } from '../../../connect/adminCheck';
import type { Addon } from '../../../connect/addon';
import { authenticateRest, requireAdmin } from '../../../connect/auth';
import { siteDirectory } from '../../../connect/connectConfluenceDirectory';
import type { ViewerResolver } from '../../../connect/viewer';
import { ACCOUNT_ID_PATTERN } from '../../../directory/accountId';
import { requireAccount } from '../../../directory/accounts';
import { chartAround, chartReports, chartRoots } from '../../../profiles/orgChart';
import { chartQuality } from '../../../profiles/orgChartQuality';
import type { RateLimits } from '../../rateLimit';
import { handle } from '../../validate';
import { presentChartAround, presentChartReports, presentChartRoots, presentQualityReport } from './presenters';
import * as T from './schema';

const PERSON = `/rest/v1/org-chart/people/:accountId(${ACCOUNT_ID_PATTERN})`;

/**
 * The org chart (any user; restricted categories apply through `profiles/orgChart.ts`) and its
 * data quality report (admins), rate limited together (`orgChart`).
 */
export function orgChartRouter(addon: Addon, adminCheck: AdminCheck, viewers: ViewerResolver, rateLimits: RateLimits): Router {
  const router = Router();
  const user = authenticateRest(addon);
  const limit = rateLimits.limit('orgChart');

  router.get(
    PERSON,
    ...user,
    limit,
    ...handle(T.ChartAround, async (req, res) => {
      const { tenantId } = req.auth;
      const { accountId } = req.input.params;
      // A person Rollcall has not cached yet (a site that never synced) is asked of Confluence once.
      await requireAccount(tenantId, accountId, siteDirectory(addon, req.auth));
      const chart = await chartAround(tenantId, await viewers.viewerOf(req.auth), accountId, req.input.query.fields);
      res.set('Cache-Control', 'no-store');
      res.json(presentChartAround(chart));
    }),
  );

  router.get(
    `${PERSON}/reports`,
    ...user,
    limit,
    ...handle(T.ChartReports, async (req, res) => {
      const chart = await chartReports(req.auth.tenantId, await viewers.viewerOf(req.auth), req.input.params.accountId, req.input.query.fields);
      res.set('Cache-Control', 'no-store');
      res.json(presentChartReports(chart));
    }),
  );

  router.get(
    '/rest/v1/org-chart/roots',
    ...user,
    limit,
    ...handle(T.ChartRoots, async (req, res) => {
      const chart = await chartRoots(req.auth.tenantId, await viewers.viewerOf(req.auth), req.input.query.fields);
      res.set('Cache-Control', 'no-store');
      res.json(presentChartRoots(chart));
    }),
  );

  router.get(
    '/rest/v1/org-chart/quality',
    ...user,
    requireAdmin(addon, adminCheck),
    limit,
    ...handle(T.ChartQuality, async (req, res) => {
      res.set('Cache-Control', 'no-store');
      res.json(presentQualityReport(await chartQuality(req.auth.tenantId, await viewers.viewerOf(req.auth))));
    }),
  );
  return router;
}
