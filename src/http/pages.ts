import { Router } from 'express';
import { z } from 'zod';
import type { AdminCheck } from '../connect/adminCheck';
import { authenticatePage, requireAdmin } from '../connect/auth';
import type { Addon } from '../connect/addon';
import { isAccountId } from '../directory/accountId';
import type { FrontendBuild } from './frontend/manifest';
import { moduleParameter } from './moduleParameter';
import { handle, type AuthenticatedRequest, type RouteSchema } from './validate';

/** A page the descriptor declares: its route, its view and who may open it. */
interface PageSpec {
  path: string;
  view: string;
  title: string;
  admin: boolean;
  /**
   * The front-end entry (frontend/entries.json) of a page moved onto the React
   * front-end: rendered as the shell `views/shell.hbs`, not as `view`. Pages without one keep
   * their AUI view until they move.
   */
  entry?: string;
  /** The page's query parameters (none by default). */
  schema: RouteSchema;
  /** What the view needs beyond title and caller, from the validated request. */
  locals(req: AuthenticatedRequest, addon: Addon): Record<string, unknown>;
}

/** A {@link PageSpec} whose `locals` read the input its own schema types. */
function pageSpec<S extends RouteSchema>(
  spec: Omit<PageSpec, 'schema' | 'locals'> & { schema?: S; locals?: (req: AuthenticatedRequest<S>, addon: Addon) => Record<string, unknown> },
): PageSpec {
  const { schema, locals, ...rest } = spec;
  // The router validates with `schema` before it calls `locals`: the input has this shape.
  return { ...rest, schema: schema ?? {}, locals: (req, addon) => locals?.(req as AuthenticatedRequest<S>, addon) ?? {} };
}

/** `/pages/profile?accountId=`: the descriptor passes `ac.accountId` through; empty or absent is the caller's own profile. */
const ProfilePage = { query: z.object({ accountId: moduleParameter() }) };

/**
 * The profile page shows the person asked for, or the caller; a value that is no account id is
 * shown as such by the page (it says so). Links to other profiles need the site and the app key.
 */
function profileLocals(req: AuthenticatedRequest<typeof ProfilePage>, addon: Addon): Record<string, unknown> {
  const requested = req.input.query.accountId;
  return {
    profileAccountId: requested || req.auth.accountId,
    profileAccountIdValid: !requested || isAccountId(requested),
    addonKey: addon.descriptor.key,
    hostBaseUrl: req.auth.hostBaseUrl,
  };
}

/** The app's pages; their paths are the descriptor modules' URLs (a test keeps the two in step). */
export const PAGES: PageSpec[] = [
  pageSpec({ path: '/admin/profile-editor', view: 'admin/profile-editor', title: 'Profile Editor', admin: true }),
  pageSpec({ path: '/admin/data-sources', view: 'shell', entry: 'data-sources', title: 'Data Sources', admin: true }),
  pageSpec({ path: '/admin/profile-migration', view: 'shell', entry: 'profile-migration', title: 'Profile Migration', admin: true }),
  pageSpec({ path: '/pages/profile', view: 'pages/profile', title: 'Profile', admin: false, schema: ProfilePage, locals: profileLocals }),
  pageSpec({ path: '/pages/people-directory', view: 'pages/people-directory', title: 'People Directory', admin: false }),
  pageSpec({ path: '/pages/org-chart', view: 'pages/org-chart', title: 'Org Chart', admin: false }),
];

/**
 * What the front-end's bundle reads from its shell (frontend/src/host/shellConfig.ts has the
 * type): the page, the host, the viewer and the page's parameters. No token: REST v1 takes only
 * Connect's context tokens (qsh `context-qsh`), which AP gives the page; a token for standalone
 * use (a page opened outside Confluence) needs the server to issue one, which it does not yet.
 */
function shellConfig(page: PageSpec, req: AuthenticatedRequest, addon: Addon): string {
  return JSON.stringify({ page: page.entry, host: 'connect', addonKey: addon.descriptor.key, accountId: req.auth.accountId, parameters: {} });
}

/**
 * The pages shown in Confluence iframes; each needs a page JWT (qsh-checked). A page with an
 * `entry` is the front-end's shell (its scripts and styles from the build's manifest, the
 * response's CSP nonce); the others are server-rendered AUI views.
 */
export function pagesRouter(addon: Addon, adminCheck: AdminCheck, frontend: FrontendBuild): Router {
  const router = Router();
  for (const page of PAGES) {
    const guards = page.admin ? [...authenticatePage(addon), requireAdmin(addon, adminCheck)] : authenticatePage(addon);
    router.get(
      page.path,
      ...guards,
      ...handle(page.schema, async (req, res) => {
        if (page.entry) {
          res.render('shell', {
            layout: false,
            title: page.title,
            nonce: res.locals.cspNonce,
            assets: frontend.assets(page.entry),
            shell: shellConfig(page, req, addon),
            hostScriptUrl: addon.config.hostScriptUrl(),
          });
          return;
        }
        res.render(page.view, {
          title: page.title,
          hostScriptUrl: addon.config.hostScriptUrl(),
          accountId: req.auth.accountId,
          layout: 'layout',
          ...page.locals(req, addon),
        });
      }),
    );
  }
  return router;
}
