import type { SortOrder } from '../../api/directory';

/** A search as the address keeps it: the query, and the sort when it is not by name ascending. */
export interface SearchState {
  q: string;
  /** `name` (the default) or a column's key. */
  sort: string;
  order: SortOrder;
}

export const DEFAULT_SEARCH: SearchState = { q: '', sort: 'name', order: 'asc' };

/** Column keys as the server names fields (anything else in an address is ignored). */
const SORT_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/** The search of a page state (`q=department%3A%22R%26D%22&sort=location&order=desc`); what is missing or wrong is the default. */
export function parseSearchState(state: string): SearchState {
  const params = new URLSearchParams(state);
  const sort = params.get('sort') ?? '';
  const order = params.get('order');
  return {
    q: (params.get('q') ?? '').slice(0, 2000),
    sort: SORT_KEY.test(sort) ? sort : 'name',
    order: order === 'desc' ? 'desc' : 'asc',
  };
}

/** The page state of a search: only what differs from the default, so an address stays short ('' for everyone by name). */
export function searchStateString(search: SearchState): string {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  if (search.sort !== 'name') params.set('sort', search.sort);
  if (search.order !== 'asc') params.set('order', search.order);
  return params.toString();
}

/**
 * The query with a term added (a facet's `department:"R&D (Berlin)"`): nothing when the query
 * already holds it; a query with a top-level OR is put in parentheses first, since the added term
 * must narrow the whole search (`a OR b` + `t` → `(a OR b) t`, not `a OR (b t)`).
 */
export function addTerm(query: string, term: string): string {
  const q = query.trim();
  if (!q) return term;
  if (containsTerm(q, term)) return q;
  return `${hasTopLevelOr(q) ? `(${q})` : q} ${term}`;
}

/** Whether `term` stands in the query as a whole term (not inside a quoted value or a longer word). */
export function containsTerm(query: string, term: string): boolean {
  let at = query.indexOf(term);
  while (at >= 0) {
    const before = at === 0 ? ' ' : query[at - 1];
    const after = query[at + term.length] ?? ' ';
    if (/[\s(]/.test(before) && /[\s)]/.test(after) && !insideQuotes(query, at)) return true;
    at = query.indexOf(term, at + 1);
  }
  return false;
}

/** Whether position `at` is inside a quoted value (`"…"`, with `\"` escaped). */
function insideQuotes(query: string, at: number): boolean {
  let inside = false;
  for (let i = 0; i < at; i++) {
    if (inside && query[i] === '\\') i++;
    else if (query[i] === '"') inside = !inside;
  }
  return inside;
}

/** Whether the query has an `OR` outside quotes and parentheses. */
export function hasTopLevelOr(query: string): boolean {
  let depth = 0;
  let inside = false;
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (inside) {
      if (c === '\\') i++;
      else if (c === '"') inside = false;
    } else if (c === '"') inside = true;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && query.startsWith('OR', i) && /\s/.test(query[i - 1] ?? ' ') && /\s/.test(query[i + 2] ?? ' ')) return true;
  }
  return false;
}

/** The query split at a 1-based column, for showing where a syntax error is: before, the character there, after. */
export function splitAtColumn(query: string, column: number): { before: string; at: string; after: string } {
  const index = Math.min(Math.max(column - 1, 0), query.length);
  return { before: query.slice(0, index), at: query.slice(index, index + 1), after: query.slice(index + 1) };
}
