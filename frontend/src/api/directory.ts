/**
 * The People Directory: `/rest/v1/directory` (search with the filter language, facets, paging by
 * cursor), its CSV export and its site settings (docs/openapi.yaml; the contract both directory
 * helpers built to is in the team's briefs, `directory-contract.md`).
 *
 * The types are written from the contract until the server's presenters exist on this branch;
 * once they do, they become type-only imports of them like the other areas.
 */
import { ApiError } from './errors';
import type { Call } from './call';

/** A column of the directory: a field shown in profiles that this viewer may see, in profile order. */
export interface DirectoryColumn {
  key: string;
  label: string;
  /** The field's type (`text`, `select`, `user`, `date`, …): how a value is shown. */
  type: string;
}

/** A value as a profile shows it (the profile view's `value`, `display`, `people`). */
export interface DirectoryValue {
  value: unknown;
  display?: string | string[] | null;
  people?: Array<{ accountId: string; displayName: string | null }>;
}

export interface DirectoryPerson {
  accountId: string;
  displayName: string;
  /** `/rest/v1/profiles/{accountId}/picture?size=…`, or null when they have none. */
  pictureUrl: string | null;
  /** They left the directory (marked; `is:left` finds them). */
  left: boolean;
  /** By column key; a column without a value is left out or null. */
  values: Record<string, DirectoryValue | unknown>;
}

export interface FacetValue {
  /** The option's id or the value. */
  value: string;
  label: string;
  count: number;
  /** The query term that narrows the search to this value (`department:"R&D (Berlin)"`). */
  query: string;
}

export interface Facet {
  field: { key: string; label: string };
  values: FacetValue[];
}

/** One page of the directory for the viewer and the query. */
export interface DirectoryPage {
  columns: DirectoryColumn[];
  people: DirectoryPerson[];
  /** Where the next page starts (stable across changes); null on the last page. */
  nextCursor: string | null;
  /** How many people match, for this viewer. */
  total: number;
  facets: Facet[];
}

/** The site's directory settings (admins). */
export interface DirectorySettings {
  /** Users who are not admins may export too. */
  exportForUsers: boolean;
  /** The select and multi-select fields counted beside the results (by key). */
  facetFields: string[];
}

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
