import { Router, type Request } from 'express';
import type { AdminCheck } from '../connect/adminCheck';
import { authenticatePage, requireAdmin } from '../connect/auth';
import type { Addon } from '../connect/addon';

/** A page the descriptor declares: its route, its view and who may open it. */
interface PageSpec {
  path: string;
  view: string;
  title: string;
  admin: boolean;
  /** What the view needs beyond title and caller (read from the request, e.g. a query parameter). */
  locals?: (req: Request, addon: Addon) => Record<string, unknown>;
}

/** Atlassian account ids as the REST routes accept them. */
const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;

/**
 * The profile page shows `?accountId=` (the descriptor passes `ac.accountId` through; empty or
 * absent: the caller's own profile). Links to other profiles need the site and the app key.
 */
function profileLocals(req: Request, addon: Addon): Record<string, unknown> {
  const requested = typeof req.query.accountId === 'string' ? req.query.accountId.trim() : '';
  return {
    profileAccountId: requested || req.auth!.accountId,
    profileAccountIdValid: !requested || ACCOUNT_ID.test(requested),
    addonKey: addon.descriptor.key,
    hostBaseUrl: req.auth!.hostBaseUrl,
  };
}

/** The app's pages; their paths are the descriptor modules' URLs (a test keeps the two in step). */
export const PAGES: PageSpec[] = [
  { path: '/admin/profile-editor', view: 'admin/profile-editor', title: 'Profile Editor', admin: true },
  { path: '/admin/data-sources', view: 'admin/data-sources', title: 'Data Sources', admin: true },
  { path: '/admin/profile-migration', view: 'admin/profile-migration', title: 'Profile Migration', admin: true },
  { path: '/pages/profile', view: 'pages/profile', title: 'Profile', admin: false, locals: profileLocals },
  { path: '/pages/people-directory', view: 'pages/people-directory', title: 'People Directory', admin: false },
  { path: '/pages/org-chart', view: 'pages/org-chart', title: 'Org Chart', admin: false },
];

/** Server-rendered AUI pages shown in Confluence iframes; each needs a page JWT (qsh-checked). */
export function pagesRouter(addon: Addon, adminCheck: AdminCheck): Router {
  const router = Router();
  for (const page of PAGES) {
    const guards = page.admin ? [...authenticatePage(addon), requireAdmin(addon, adminCheck)] : authenticatePage(addon);
    router.get(page.path, ...guards, (req, res) => {
      res.render(page.view, {
        title: page.title,
        hostScriptUrl: addon.config.hostScriptUrl(),
        accountId: req.auth!.accountId,
        layout: 'layout',
        ...page.locals?.(req, addon),
      });
    });
  }
  return router;
}
