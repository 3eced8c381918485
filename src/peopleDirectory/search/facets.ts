import { QueryTypes } from 'sequelize';
import { Profile } from '../../db/models';
import { printFilter } from '../filter/printer';
import { FACET_TYPES } from '../settings';
import type { DirectoryField } from './fields';
import type { CompiledQuery } from './search';
import { jsonKey, Params } from './sql';

/** A facet's values: the most frequent first, at most this many. */
export const FACET_VALUES = 20;

export interface Facet {
  field: { key: string; label: string };
  /** `value`: the option id (select fields) or the text; `query`: the term that filters by it. */
  values: Array<{ value: string; label: string; count: number; query: string }>;
}

/**
 * The total and the facets of a compiled query, in one statement that reads the matching rows
 * once: for each facet field the viewer may see (text, select, multi-select; the settings' order),
 * how many of the matching people hold each value (text values counted in any case, shown as one
 * of their spellings). Counting only visible fields over a filter of visible fields, a count
 * never reveals a restricted value. One-value fields are grouping sets of one aggregation (hashed,
 * with the total as the empty set); a multi-select field unnests its lists in a branch of its own.
 */
export async function facetsOf(compiled: CompiledQuery, facetKeys: string[]): Promise<{ total: number; facets: Facet[] }> {
  const fields = facetKeys.map((k) => compiled.fields.find((f) => f.key === k)).filter((f): f is DirectoryField => !!f && FACET_TYPES.has(f.type));
  const params = new Params();
  params.values.push(...compiled.params.values);
  const single = fields.map((f, i) => ({ f, i })).filter(({ f }) => f.type !== 'multiselect');
  const multi = fields.map((f, i) => ({ f, i })).filter(({ f }) => f.type === 'multiselect');
  // The grouping key and a label per one-value field: text in any case, options by id.
  const columns = single.flatMap(({ f, i }) => [
    `${f.type === 'text' ? 'lower' : ''}(s."values" ->> ${jsonKey(f.key)}) AS k${i}`,
    `(s."values" ->> ${jsonKey(f.key)}) AS l${i}`,
  ]);
  const sets = ['()', ...single.map(({ i }) => `(k${i})`)];
  const which = single.length > 0 ? `GROUPING(${single.map(({ i }) => `k${i}`).join(', ')})` : '0';
  // Which set a row belongs to: GROUPING's bit of the set's column is 0, the others 1 (the total: all 1).
  const setOf = (position: number) => (1 << single.length) - 1 - (1 << (single.length - 1 - position));
  const singleSql = `
    SELECT ${which} AS grouping_set${single.map(({ i }) => `, k${i}, min(l${i}) AS l${i}`).join('')}, count(*) AS n
    FROM (SELECT 1 AS one${columns.map((c) => `, ${c}`).join('')} FROM people_search s WHERE ${compiled.where}) m
    GROUP BY GROUPING SETS (${sets.join(', ')})`;
  const multiSql = multi.map(
    ({ f, i }) => `
    SELECT ${i} AS facet, v.value, count(*) AS n
    FROM people_search s CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(s."values" -> ${jsonKey(f.key)}) = 'array' THEN s."values" -> ${jsonKey(f.key)} ELSE '[]'::jsonb END) v(value)
    WHERE ${compiled.where}
    GROUP BY v.value`,
  );
  const [grouped, ...unnested] = await Promise.all([
    Profile.sequelize!.query<Record<string, string | number | null>>(singleSql, { bind: params.values, type: QueryTypes.SELECT }),
    ...multiSql.map((sql) => Profile.sequelize!.query<{ facet: number; value: string; n: string }>(sql, { bind: params.values, type: QueryTypes.SELECT })),
  ]);
  const all = (1 << single.length) - 1;
  const total = Number(grouped.find((r) => Number(r.grouping_set) === all)?.n ?? 0);
  const counted = new Map<number, Array<{ value: string; label: string; n: number }>>();
  single.forEach(({ i }, position) => {
    const rows = grouped.filter((r) => Number(r.grouping_set) === setOf(position) && r[`k${i}`] !== null);
    counted.set(i, rows.map((r) => ({ value: String(r[`k${i}`]), label: String(r[`l${i}`]), n: Number(r.n) })));
  });
  multi.forEach(({ i }, position) => counted.set(i, unnested[position].map((r) => ({ value: r.value, label: r.value, n: Number(r.n) }))));
  const facets = fields.map((field, i) => ({
    field: { key: field.key, label: field.label },
    values: (counted.get(i) ?? [])
      .sort((a, b) => b.n - a.n || a.value.localeCompare(b.value))
      .slice(0, FACET_VALUES)
      .map((r) => {
        const label = field.type === 'text' ? r.label : (field.options.find((o) => o.id === r.value)?.label ?? r.value);
        const term = printFilter({ type: 'field', field: { name: field.key, quoted: false, at: 0 }, condition: { kind: 'match', pattern: [{ text: label }], quoted: true, at: 0 }, at: 0 });
        return { value: field.type === 'text' ? r.label : r.value, label, count: r.n, query: term };
      }),
  }));
  return { total, facets };
}
