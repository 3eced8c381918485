import { Router } from 'express';
import { z } from 'zod';
import type { AdminCheck } from '../connect/adminCheck';
import { authenticatePage, requireAdmin, type AuthContext } from '../connect/auth';
import type { Addon } from '../connect/addon';
import { isAccountId } from '../directory/accountId';
import type { FrontendBuild } from './frontend/manifest';
import { moduleParameter } from './moduleParameter';
import { handle, type AuthenticatedRequest, type RouteSchema } from './validate';

/** A page the descriptor declares: its route, its front-end entry and who may open it. */
interface PageSpec {
  path: string;
  /** The page's entry in frontend/entries.json; the route renders the shell `views/shell.hbs` that loads it. */
  entry: string;
  title: string;
  admin: boolean;
  /** The page's query parameters (none by default). */
  schema: RouteSchema;
  /** The page's parameters (the shell's `parameters`), from the validated request. */
  parameters(req: AuthenticatedRequest, addon: Addon): Record<string, string>;
}

/** A {@link PageSpec} whose `parameters` read the input its own schema types. */
function pageSpec<S extends RouteSchema>(
  spec: Omit<PageSpec, 'schema' | 'parameters'> & {
    schema?: S;
    parameters?: (req: AuthenticatedRequest<S>, addon: Addon) => Record<string, string>;
  },
): PageSpec {
  const { schema, parameters, ...rest } = spec;
  // The router validates with `schema` before it calls `parameters`: the input has this shape.
  return { ...rest, schema: schema ?? {}, parameters: (req, addon) => parameters?.(req as AuthenticatedRequest<S>, addon) ?? {} };
}

/** `/pages/profile?accountId=` (and `/pages/org-chart`): the descriptor passes `ac.accountId` through; empty or absent is the caller. */
const ProfilePage = { query: z.object({ accountId: moduleParameter() }) };

/**
 * The profile page's parameters: the person asked for, or the caller; whether the value names an
 * account at all (the page says so when not); and where links to other profiles point (the site's
 * general page of this app, `ac.accountId` passed through).
 */
function profileParameters(req: AuthenticatedRequest<typeof ProfilePage>, addon: Addon): Record<string, string> {
  const requested = req.input.query.accountId;
  return {
    accountId: requested || req.auth.accountId,
    accountIdValid: String(!requested || isAccountId(requested)),
    profileLink: profileLinkOf(req.auth, addon),
    siteUrl: req.auth.hostBaseUrl,
  };
}

/** Where links to a profile point: the site's general page of this app, `ac.accountId` passed through (the id is appended). */
export function profileLinkOf(auth: Pick<AuthContext, 'hostBaseUrl'>, addon: Addon): string {
  return `${auth.hostBaseUrl}/plugins/servlet/ac/${encodeURIComponent(addon.descriptor.key)}/profile?ac.accountId=`;
}

/** Where links to profiles point from a page (the site's general page of this app, `ac.accountId` passed through), and the site. */
function linkParameters(req: AuthenticatedRequest, addon: Addon): Record<string, string> {
  return { profileLink: profileLinkOf(req.auth, addon), siteUrl: req.auth.hostBaseUrl };
}

/** `/macros/people-list?query=&columns=`: the People list macro's parameters, as Confluence fills them in; the page says what is wrong with them. */
const PeopleListMacro = { query: z.object({ query: moduleParameter(), columns: moduleParameter() }) };

/** The app's pages; their paths are the descriptor modules' URLs (a test keeps the two in step). */
export const PAGES: PageSpec[] = [
  pageSpec({ path: '/admin/profile-editor', entry: 'profile-editor', title: 'Profile Editor', admin: true }),
  pageSpec({ path: '/admin/data-sources', entry: 'data-sources', title: 'Data Sources', admin: true }),
  pageSpec({ path: '/admin/profile-migration', entry: 'profile-migration', title: 'Profile Migration', admin: true }),
  pageSpec({ path: '/admin/audit-log', entry: 'audit-log', title: 'Audit log', admin: true }),
  pageSpec({ path: '/pages/profile', entry: 'profile', title: 'Profile', admin: false, schema: ProfilePage, parameters: profileParameters }),
  pageSpec({ path: '/pages/people-directory', entry: 'people-directory', title: 'People Directory', admin: false, parameters: linkParameters }),
  pageSpec({ path: '/pages/org-chart', entry: 'org-chart', title: 'Org Chart', admin: false, schema: ProfilePage, parameters: profileParameters }),
];

/**
 * The macros drawn by the front-end (the shell, like a page): the People list macro
 * (`dynamicContentMacros`, key `people-list`) and its editor (the macro's `editor` page, which
 * reads and saves the macro's parameters through `AP.confluence`). The profile and author cards
 * are server-rendered (`macros/`).
 */
export const MACRO_PAGES: PageSpec[] = [
  pageSpec({
    path: '/macros/people-list',
    entry: 'people-list',
    title: 'People list',
    admin: false,
    schema: PeopleListMacro,
    parameters: (req, addon) => ({ ...linkParameters(req, addon), query: req.input.query.query, columns: req.input.query.columns }),
  }),
  pageSpec({ path: '/macros/people-list-editor', entry: 'people-list-editor', title: 'People list', admin: false, parameters: linkParameters }),
];

/**
 * What the front-end's bundle reads from its shell (frontend/src/host/shellConfig.ts has the
 * type): the page, the host, the viewer and the page's parameters (its row's `parameters`, e.g.
 * the profile's `accountId`; the page reads them through its host's `context()`). No token: REST v1 takes only
 * Connect's context tokens (qsh `context-qsh`), which AP gives the page; a token for standalone
 * use (a page opened outside Confluence) needs the server to issue one, which it does not yet.
 */
export function shellConfig(entry: string, auth: Pick<AuthContext, 'accountId'>, addon: Addon, parameters: Record<string, string> = {}): string {
  return JSON.stringify({ page: entry, host: 'connect', addonKey: addon.descriptor.key, accountId: auth.accountId, parameters });
}

/**
 * The pages shown in Confluence iframes; each needs a page JWT (qsh-checked) and is the
 * front-end's shell: its entry's scripts and styles from the build's manifest, the response's
 * CSP nonce, and what the bundle reads from {@link shellConfig}.
 */
export function pagesRouter(addon: Addon, adminCheck: AdminCheck, frontend: FrontendBuild): Router {
  const router = Router();
  for (const page of [...PAGES, ...MACRO_PAGES]) {
    const guards = page.admin ? [...authenticatePage(addon), requireAdmin(addon, adminCheck)] : authenticatePage(addon);
    router.get(
      page.path,
      ...guards,
      ...handle(page.schema, async (req, res) => {
        res.render('shell', {
          layout: false,
          title: page.title,
          nonce: res.locals.cspNonce,
          assets: frontend.assets(page.entry),
          shell: shellConfig(page.entry, req.auth, addon, page.parameters(req, addon)),
          hostScriptUrl: addon.config.hostScriptUrl(),
        });
      }),
    );
  }
  return router;
}
