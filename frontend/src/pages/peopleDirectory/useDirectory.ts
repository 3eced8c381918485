import { useCallback, useEffect, useRef, useState } from 'react';
import { queryProblemOf, type DirectoryColumn, type DirectoryPerson, type Facet, type QueryProblem } from '../../api/directory';
import { ApiError, messageOf } from '../../api/errors';
import { useServices } from '../../app/HostContext';
import { frameHistory, type PageHistory } from '../../host/host';
import { DEFAULT_SEARCH, parseSearchState, searchStateString, type SearchState } from './searchState';

/** People per page (the server's default; "Load more" asks for the next). */
export const PAGE_SIZE = 50;

export interface DirectoryResult {
  columns: DirectoryColumn[];
  people: DirectoryPerson[];
  facets: Facet[];
  total: number;
  nextCursor: string | null;
  /** The viewer may export the result as CSV (admins; users when the admin allows it). */
  canExport: boolean;
}

export type DirectoryStatus =
  | { kind: 'loading' }
  | { kind: 'ready' }
  /** The query does not parse (400 `invalid_query`): shown under the search box. */
  | { kind: 'invalid'; problem: QueryProblem }
  | { kind: 'error'; error: ApiError };

/**
 * The directory's state: the search (kept in the address through the host's history: a search
 * can be shared, back and forward move between searches), the people found so far with the
 * columns and facets, and "Load more" by cursor. Answers to an older search are dropped.
 * Options: `history: null` for none (a macro), `queryParameter` the page parameter holding the
 * first query when the address has none (`q`; the macro's `query`).
 */
export function useDirectory(options: { limit?: number; history?: PageHistory | null; queryParameter?: string } = {}) {
  const { host, api } = useServices();
  const limit = options.limit ?? PAGE_SIZE;
  const [search, setSearch] = useState<SearchState | null>(null);
  const [result, setResult] = useState<DirectoryResult | null>(null);
  const [status, setStatus] = useState<DirectoryStatus>({ kind: 'loading' });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const generation = useRef(0);
  const history = useRef<PageHistory | null>(null);

  // The first search: the address's, else the page's parameters (a macro's query); then follow back/forward.
  useEffect(() => {
    let live = true;
    const pageHistory = options.history === null ? null : (options.history ?? host.history ?? frameHistory(window));
    history.current = pageHistory;
    void (async () => {
      const { parameters } = await host.context();
      const state = pageHistory ? await pageHistory.current() : '';
      if (!live) return;
      setSearch(state ? parseSearchState(state) : { ...DEFAULT_SEARCH, q: parameters[options.queryParameter ?? 'q'] ?? '' });
      // The same search again (a host that also tells of its own pushes) keeps the state: no second load.
      pageHistory?.listen((next) => live && setSearch((now) => (now && searchStateString(now) === searchStateString(parseSearchState(next)) ? now : parseSearchState(next))));
    })();
    return () => void (live = false);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per page: the history is the page's
  }, [host]);

  const load = useCallback(async () => {
    if (!search) return;
    const mine = ++generation.current;
    setStatus({ kind: 'loading' });
    setMoreError(null);
    try {
      const page = await api.directory.search({ q: search.q, sort: search.sort, order: search.order, limit });
      if (mine !== generation.current) return;
      setResult({ columns: page.columns, people: page.people, facets: page.facets, total: page.total, nextCursor: page.nextCursor, canExport: page.canExport });
      setStatus({ kind: 'ready' });
    } catch (error) {
      if (mine !== generation.current) return;
      const problem = queryProblemOf(error);
      if (problem) setStatus({ kind: 'invalid', problem });
      else setStatus({ kind: 'error', error: error instanceof ApiError ? error : new ApiError(0, 'unknown', messageOf(error)) });
    }
  }, [api, search, limit]);

  useEffect(() => {
    void load();
  }, [load]);

  const loadMore = useCallback(async () => {
    if (!search || !result?.nextCursor || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.directory.search({ q: search.q, sort: search.sort, order: search.order, cursor: result.nextCursor, limit });
      if (mine !== generation.current) return;
      setResult((r) => r && { ...r, people: [...r.people, ...page.people], nextCursor: page.nextCursor, total: page.total });
    } catch (error) {
      if (mine === generation.current) setMoreError(messageOf(error));
    } finally {
      setLoadingMore(false);
    }
  }, [api, search, result, limit, loadingMore]);

  /** A new search: a new entry in the address's history (the same search again just reloads). */
  const submit = useCallback(
    (next: SearchState) => {
      const state = searchStateString(next);
      if (search && state === searchStateString(search)) return void load();
      history.current?.push(state);
      setSearch(next);
    },
    [search, load],
  );

  return { search, result, status, load, loadMore, loadingMore, moreError, submit };
}

export type DirectoryState = ReturnType<typeof useDirectory>;
