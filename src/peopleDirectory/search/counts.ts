import { QueryTypes } from 'sequelize';
import { Profile } from '../../db/models';
import { facetsOf, type Facet } from './facets';
import type { CompiledQuery } from './search';

/** How many query results this process keeps (least recently used first out). */
export const COUNTS_CACHE_SIZE = 1000;

const cache = new Map<string, { total: number; facets: Facet[] }>();

/**
 * The total and facets of a compiled query ({@link facetsOf}), cached in this process per site
 * data version: `people_search_versions`, which the search triggers bump with every statement
 * that changes the site's documents, fields or categories. Counting reads every matching row
 * (100,000 for the unfiltered directory), while the same query comes back again and again: the
 * next pages of a result, everyone opening the directory, every view of a page with a people list
 * macro. The key holds the compiled SQL and its parameters and the viewer's visible fields, so a
 * viewer never gets counts computed over fields they may not see; a changed site never gets old
 * counts (a new version is a new key). Several instances each keep their own.
 */
export async function countsOf(tenantId: string, compiled: CompiledQuery, facetKeys: string[]): Promise<{ total: number; facets: Facet[] }> {
  const [row] = await Profile.sequelize!.query<{ version: string }>('SELECT version FROM people_search_versions WHERE tenant_id = :tenantId', {
    replacements: { tenantId },
    type: QueryTypes.SELECT,
  });
  const key = JSON.stringify([tenantId, row?.version ?? '0', compiled.fields.map((f) => f.key), facetKeys, compiled.where, compiled.params.values]);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // most recently used last
    cache.set(key, hit);
    return hit;
  }
  const counts = await facetsOf(compiled, facetKeys);
  cache.set(key, counts);
  if (cache.size > COUNTS_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return counts;
}
