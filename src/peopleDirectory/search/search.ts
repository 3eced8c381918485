import { QueryTypes } from 'sequelize';
import { Profile, ProfilePicture } from '../../db/models';
import { invalidQuery } from '../../errors';
import type { Viewer } from '../../profiles/policy';
import { FilterError } from '../filter/errors';
import { parseFilter } from '../filter/parser';
import { readDirectorySettings } from '../settings';
import { compileFilter } from './compile';
import { countsOf } from './counts';
import type { Facet } from './facets';
import { directoryFields, type DirectoryField } from './fields';
import { decodeCursor, encodeCursor, keyset, sortExpression, type Sort } from './sorting';
import { Params } from './sql';
import { namesOf, valuesOf, type DirectoryValue } from './values';

/** What a directory search asks: the filter query, the sort, where the last page ended, the page size. */
export interface DirectoryQuery {
  q: string;
  sort: Sort;
  cursor?: string | null;
  limit: number;
}

export interface DirectoryPerson {
  accountId: string;
  displayName: string | null;
  /** The profile picture's rendition route, or null without one. */
  pictureUrl: string | null;
  /** The person left the directory (every source that filled the profile no longer has them). */
  left: boolean;
  values: Record<string, DirectoryValue>;
}

export interface DirectoryPage {
  columns: DirectoryField[];
  people: DirectoryPerson[];
  nextCursor: string | null;
  total: number;
  facets: Facet[];
}

/** A query compiled for one viewer: the WHERE over `people_search s`, its parameters, the visible fields. */
export interface CompiledQuery {
  fields: DirectoryField[];
  params: Params;
  where: string;
}

/**
 * Compiles `q` for `viewer`: the fields they may see (the others do not exist for them), the
 * filter as SQL with bound parameters. A bad query is a 400 `invalid_query` with the column.
 */
export async function compileQuery(tenantId: string, viewer: Viewer, q: string): Promise<CompiledQuery> {
  const fields = await directoryFields(tenantId, viewer);
  const params = new Params();
  const tenant = params.add(tenantId);
  try {
    const tree = parseFilter(q);
    const filter = tree ? compileFilter(tree, { fields, params, tenant }) : null;
    return { fields, params, where: `s.tenant_id = ${tenant} AND s.listed${filter ? ` AND ${filter}` : ''}` };
  } catch (error) {
    if (error instanceof FilterError) throw invalidQuery(error.message, { column: error.column, ...error.detail });
    throw error;
  }
}

interface Row {
  account_id: string;
  display_name: string | null;
  left_at: Date | null;
  values: Record<string, unknown>;
  sort_value: string | null;
}

/**
 * One page of the directory for `viewer`: the people matching the query (everyone the site knows
 * with an active account, people who left included and marked), ordered by the sort then account
 * id, after the cursor; the total and the facets for this viewer and query. Restricted fields the
 * viewer may not see take no part in anything: match, sort, facets, columns or values.
 */
export async function searchDirectory(tenantId: string, viewer: Viewer, query: DirectoryQuery): Promise<DirectoryPage> {
  const [compiled, settings] = await Promise.all([compileQuery(tenantId, viewer, query.q), readDirectorySettings(tenantId)]);
  const [page, counts] = await Promise.all([
    pageOf(tenantId, compiled, query),
    countsOf(tenantId, compiled, settings.facetFields),
  ]);
  return { columns: compiled.fields, ...page, ...counts };
}

/** The people of one page and the next page's cursor. */
export async function pageOf(tenantId: string, compiled: CompiledQuery, query: DirectoryQuery): Promise<{ people: DirectoryPerson[]; nextCursor: string | null }> {
  const params = new Params();
  params.values.push(...compiled.params.values); // the WHERE's placeholders keep their numbers
  const expr = sortExpression(query.sort, compiled.fields, params);
  const cursor = query.cursor ? decodeCursor(query.cursor, query.sort) : null;
  const { after, orderBy } = keyset(query.sort, expr, cursor, params);
  const rows = await Profile.sequelize!.query<Row>(
    `SELECT s.account_id, s.display_name, s.left_at, s."values", (${expr.sql})::text AS sort_value
     FROM people_search s
     WHERE ${compiled.where}${after ? ` AND ${after}` : ''}
     ORDER BY ${orderBy}
     LIMIT ${params.add(query.limit + 1)}`,
    { bind: params.values, type: QueryTypes.SELECT },
  );
  const more = rows.length > query.limit;
  const shown = rows.slice(0, query.limit);
  const [names, pictures] = await Promise.all([
    namesOf(tenantId, compiled.fields, shown),
    shown.length === 0
      ? Promise.resolve([])
      : ProfilePicture.findAll({ attributes: ['accountId', 'originalHash'], where: { tenantId, accountId: shown.map((r) => r.account_id) } }),
  ]);
  const pictureOf = new Map(pictures.map((p) => [p.accountId, p.originalHash]));
  const last = shown[shown.length - 1];
  return {
    people: shown.map((r) => ({
      accountId: r.account_id,
      displayName: r.display_name,
      pictureUrl: pictureOf.has(r.account_id) ? `/rest/v1/profiles/${encodeURIComponent(r.account_id)}/picture?size=128&v=${pictureOf.get(r.account_id)!.slice(0, 12)}` : null,
      left: r.left_at !== null,
      values: valuesOf(compiled.fields, r.values, names),
    })),
    nextCursor: more && last ? encodeCursor(query.sort, last.sort_value, last.account_id) : null,
  };
}
