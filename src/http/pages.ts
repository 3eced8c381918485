import { Router } from 'express';
import type { AdminCheck } from '../connect/adminCheck';
import { authenticatePage, requireAdmin } from '../connect/auth';
import type { Addon } from '../connect/addon';

/** A page the descriptor declares: its route, its view and who may open it. */
interface PageSpec {
  path: string;
  view: string;
  title: string;
  admin: boolean;
}

/** The app's pages; their paths are the descriptor modules' URLs (a test keeps the two in step). */
export const PAGES: PageSpec[] = [
  { path: '/admin/profile-editor', view: 'admin/profile-editor', title: 'Profile Editor', admin: true },
  { path: '/admin/data-sources', view: 'admin/data-sources', title: 'Data Sources', admin: true },
  { path: '/admin/profile-migration', view: 'admin/profile-migration', title: 'Profile Migration', admin: true },
  { path: '/pages/profile', view: 'pages/profile', title: 'Profile', admin: false },
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
      });
    });
  }
  return router;
}
