/**
 * Who may call what, for every route the app serves: one row per route. routeAuth.test.ts fails
 * when a route is served without a row (or a row names no route) and tries Connect's token
 * attacks, roles and other sites' ids against each row; forgeRouteAuth.test.ts tries Forge's.
 */
export type Access =
  /** No token: the health check and the descriptor. */
  | 'public'
  /** Connect's lifecycle hooks: an RS256 install token (test/integration/connect.test.ts). */
  | 'lifecycle'
  /** Forge's lifecycle, trigger and pre-uninstall deliveries: a Forge Invocation Token (test/integration/forge.test.ts). */
  | 'forgeLifecycle'
  /** REST for every user of the site. */
  | 'user'
  /** REST for the person the path names, or an admin. */
  | 'owner'
  /** REST for Confluence administrators. */
  | 'admin'
  /** A page or macro with a page token (qsh of that very URL). */
  | 'page'
  | 'adminPage';

export const ROUTES: Record<string, Access> = {
  'GET /healthz': 'public',
  'GET /atlassian-connect.json': 'public',
  'POST /installed': 'lifecycle',
  'POST /uninstalled': 'lifecycle',
  'POST /forge/events': 'forgeLifecycle',
  'POST /forge/uninstall': 'forgeLifecycle',
  'GET /admin/profile-editor': 'adminPage',
  'GET /admin/data-sources': 'adminPage',
  'GET /admin/profile-migration': 'adminPage',
  'GET /admin/audit-log': 'adminPage',
  'GET /pages/profile': 'page',
  'GET /pages/people-directory': 'page',
  'GET /pages/org-chart': 'page',
  'GET /macros/profile-card': 'page',
  'GET /macros/author-card': 'page',
  'GET /macros/people-list': 'page',
  'GET /macros/people-list-editor': 'page',
  'GET /macros/org-chart': 'page',
  'GET /rest/v1/me': 'user',
  'GET /rest/v1/categories': 'user',
  'POST /rest/v1/categories': 'admin',
  'GET /rest/v1/categories/{id}': 'user',
  'PATCH /rest/v1/categories/{id}': 'admin',
  'DELETE /rest/v1/categories/{id}': 'admin',
  'GET /rest/v1/fields': 'user',
  'POST /rest/v1/fields': 'admin',
  'GET /rest/v1/fields/{key}': 'user',
  'PATCH /rest/v1/fields/{key}': 'admin',
  'DELETE /rest/v1/fields/{key}': 'admin',
  'GET /rest/v1/field-types': 'user',
  'GET /rest/v1/groups': 'admin',
  'GET /rest/v1/sources': 'admin',
  'POST /rest/v1/sources': 'admin',
  'GET /rest/v1/sources/{id}': 'admin',
  'PATCH /rest/v1/sources/{id}': 'admin',
  'DELETE /rest/v1/sources/{id}': 'admin',
  'GET /rest/v1/sources/{id}/mappings': 'admin',
  'PUT /rest/v1/sources/{id}/mappings': 'admin',
  'POST /rest/v1/sources/{id}/test': 'admin',
  'PUT /rest/v1/sources/{id}/file': 'admin',
  'POST /rest/v1/sources/{id}/sync': 'admin',
  'GET /rest/v1/sources/{id}/runs': 'admin',
  'GET /rest/v1/sync-runs/{runId}': 'admin',
  'GET /rest/v1/sync-runs/{runId}/errors': 'admin',
  'GET /rest/v1/profiles/{accountId}': 'user',
  'PUT /rest/v1/profiles/{accountId}': 'owner',
  'GET /rest/v1/profiles/{accountId}/picture': 'user',
  'PUT /rest/v1/profiles/{accountId}/picture': 'owner',
  'DELETE /rest/v1/profiles/{accountId}/picture': 'owner',
  'GET /rest/v1/people': 'user',
  'GET /rest/v1/audit': 'admin',
  'GET /rest/v1/profiles/{accountId}/history': 'owner',
  'GET /rest/v1/profiles/{accountId}/export': 'owner',
  'GET /rest/v1/migration': 'admin',
  'POST /rest/v1/migration/dry-run': 'admin',
  'POST /rest/v1/migration/run': 'admin',
  'GET /rest/v1/directory': 'user',
  'GET /rest/v1/directory/export': 'user',
  'GET /rest/v1/directory/settings': 'admin',
  'PUT /rest/v1/directory/settings': 'admin',
  'GET /rest/v1/org-chart/people/{accountId}': 'user',
  'GET /rest/v1/org-chart/people/{accountId}/reports': 'user',
  'GET /rest/v1/org-chart/roots': 'user',
  'GET /rest/v1/org-chart/quality': 'admin',
};

/** Ids of one site's resources that a route's path can name. */
export interface RouteIds {
  /** By collection: `categories`, `sources`. */
  id: Record<string, string>;
  key: string;
  runId: string;
  accountId: string;
}

/** The route's path with these ids in it (site A's, in the tests). */
export function concrete(route: string, ids: RouteIds): string {
  const [, path] = route.split(' ');
  const collection = path.split('/')[3];
  return path
    .replace('{id}', ids.id[collection] ?? '1')
    .replace('{key}', ids.key)
    .replace('{runId}', ids.runId)
    .replace('{accountId}', ids.accountId);
}

/** A well-formed body for each write, so that a refusal is about who calls, not about the body. */
export function bodyFor(route: string, ids: RouteIds): object | Buffer | undefined {
  const table: Record<string, object | Buffer> = {
    'POST /rest/v1/categories': { name: 'Intruders' },
    'PATCH /rest/v1/categories/{id}': { name: 'Renamed by an outsider' },
    'POST /rest/v1/fields': { label: 'Intruder field', type: 'text', categoryId: ids.id.categories },
    'PATCH /rest/v1/fields/{key}': { label: 'Renamed by an outsider' },
    'POST /rest/v1/sources': { kind: 'xml', name: 'Intruder source', settings: { location: { kind: 'upload' }, recordPath: 'a/b' } },
    'PATCH /rest/v1/sources/{id}': { name: 'Renamed by an outsider' },
    'PUT /rest/v1/sources/{id}/mappings': { mappings: [] },
    'POST /rest/v1/sources/{id}/test': {},
    'PUT /rest/v1/sources/{id}/file': Buffer.from('<people/>'),
    'POST /rest/v1/sources/{id}/sync': { mode: 'full' },
    'PUT /rest/v1/profiles/{accountId}': { version: 1, values: { position: 'Written by an outsider' } },
    'PUT /rest/v1/profiles/{accountId}/picture': Buffer.from('not an image'),
    'POST /rest/v1/migration/dry-run': { source: 'confluence' },
    'POST /rest/v1/migration/run': { source: 'confluence' },
    'PUT /rest/v1/directory/settings': { exportForUsers: true, facetFields: [] },
  };
  return table[route];
}


/** The REST rows: `[route, access]` for user, owner and admin routes. */
export const restRoutesByAccess = (): Array<[string, Access]> => Object.entries(ROUTES).filter(([, access]) => access === 'user' || access === 'owner' || access === 'admin');
