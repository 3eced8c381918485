/**
 * The People Directory: `/rest/v1/directory` (search with the filter language, facets, paging by
 * cursor), its CSV export and its site settings (docs/openapi.yaml, docs/DIRECTORY.md). Types
 * from the server's presenters (type-only imports).
 */
import type { presentDirectoryPage, presentDirectorySettings } from '../../../src/http/api/directory/presenters';
import type { Call } from './call';
import { ApiError } from './errors';
import type { Json } from './json';

/** One page of the directory for the viewer and the query (the server's presenter). */
export type DirectoryPage = Json<ReturnType<typeof presentDirectoryPage>>;
/** A column: a field shown in profiles that this viewer may see, in profile order (`key`, `label`, `type`). */
export type DirectoryColumn = DirectoryPage['columns'][number];
/** A person found: picture URL, `left` (they left the directory), values by column key. */
export type DirectoryPerson = DirectoryPage['people'][number];
/** A value as a profile shows it (`type`, `value`, `display`, `people` for user fields). */
export type DirectoryValue = DirectoryPerson['values'][string];
/** The counts per value of a facet field; each value's `query` is the term that narrows to it. */
export type Facet = DirectoryPage['facets'][number];
export type FacetValue = Facet['values'][number];
/** The site's directory settings (admins): whether users may export, the facet fields by key. */
export type DirectorySettings = Json<ReturnType<typeof presentDirectorySettings>>;

export type SortOrder = 'asc' | 'desc';

export interface DirectorySearch {
  /** The filter (empty: everyone). */
  q: string;
  /** `name` or a column's key. */
  sort?: string;
  order?: SortOrder;
  cursor?: string | null;
  /** 1..100 (the server's default: 50). */
  limit?: number;
}

/** What a 400 `invalid_query` says about the query: the message, and where (1-based column). */
export interface QueryProblem {
  message: string;
  column: number | null;
  expected: string[];
  unknownField: string | null;
}

/** The query's problem when `error` is the server's 400 `invalid_query`; null for any other failure. */
export function queryProblemOf(error: unknown): QueryProblem | null {
  if (!(error instanceof ApiError) || error.status !== 400 || error.code !== 'invalid_query') return null;
  const details = (error.details && typeof error.details === 'object' ? error.details : {}) as { column?: unknown; expected?: unknown; unknownField?: unknown };
  return {
    message: error.message,
    column: typeof details.column === 'number' && details.column >= 1 ? details.column : null,
    expected: Array.isArray(details.expected) ? details.expected.filter((e): e is string => typeof e === 'string') : [],
    unknownField: typeof details.unknownField === 'string' ? details.unknownField : null,
  };
}

function searchQuery(search: DirectorySearch): Record<string, string | undefined> {
  return {
    q: search.q,
    sort: search.sort || undefined,
    order: search.order || undefined,
    cursor: search.cursor || undefined,
    limit: search.limit === undefined ? undefined : String(search.limit),
  };
}

/** The query of a picture URL the directory gave (`size`, `v`), so the picture call asks for the same rendition. */
function pictureQuery(pictureUrl: string): Record<string, string> {
  const query: Record<string, string> = {};
  const at = pictureUrl.indexOf('?');
  if (at >= 0) for (const [name, value] of new URLSearchParams(pictureUrl.slice(at + 1))) if (name === 'size' || name === 'v') query[name] = value;
  return query;
}

// Paths are written out whole: test/integration/frontendRoutes.test.ts checks each against the server's routes.
export function directoryApi(call: Call) {
  return {
    /** One page of people matching `q`; a malformed query fails with 400 `invalid_query` ({@link queryProblemOf}). */
    search: (search: DirectorySearch) => call<DirectoryPage>({ method: 'GET', path: '/rest/v1/directory', query: searchQuery(search) }),
    /** The whole result as CSV (UTF-8 with a BOM, the name and the visible columns), as a Blob: admins, and users when the site allows it. */
    exportCsv: (search: Pick<DirectorySearch, 'q' | 'sort' | 'order'>) =>
      call<Blob>({ method: 'GET', path: '/rest/v1/directory/export', query: searchQuery(search), responseType: 'blob' }),
    settings: () => call<DirectorySettings>({ method: 'GET', path: '/rest/v1/directory/settings' }),
    saveSettings: (settings: DirectorySettings) => call<DirectorySettings>({ method: 'PUT', path: '/rest/v1/directory/settings', body: { json: settings } }),
    /** A person's picture as the directory names it (`pictureUrl`: its size and version), as a Blob. */
    picture: (accountId: string, pictureUrl: string) =>
      call<Blob>({ method: 'GET', path: `/rest/v1/profiles/${encodeURIComponent(accountId)}/picture`, query: pictureQuery(pictureUrl), responseType: 'blob' }),
  };
}
