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
 * how many of the matching people hold each value (text values counted in any case, shown as
 * their most common spelling). Counting only visible fields over a filter of visible fields, a
 * count never reveals a restricted value.
 */
export async function facetsOf(compiled: CompiledQuery, facetKeys: string[]): Promise<{ total: number; facets: Facet[] }> {
  const fields = facetKeys.map((k) => compiled.fields.find((f) => f.key === k)).filter((f): f is DirectoryField => !!f && FACET_TYPES.has(f.type));
  const params = new Params();
  params.values.push(...compiled.params.values);
  const columns = fields.map((f, i) => `s."values" -> ${jsonKey(f.key)} AS f${i}`);
  const branches = fields.map(
    (f, i) => `(SELECT ${i + 1} AS facet, ${f.type === 'text' ? 'lower(v.value)' : 'v.value'} AS value, mode() WITHIN GROUP (ORDER BY v.value) AS label, count(*) AS n
      FROM m CROSS JOIN LATERAL jsonb_array_elements_text(CASE jsonb_typeof(m.f${i}) WHEN 'array' THEN m.f${i} WHEN 'null' THEN '[]'::jsonb ELSE coalesce(jsonb_build_array(m.f${i}), '[]'::jsonb) END) v(value)
      WHERE m.f${i} IS NOT NULL
      GROUP BY 2 ORDER BY n DESC, 2 LIMIT ${FACET_VALUES})`,
  );
  const rows = await Profile.sequelize!.query<{ facet: number; value: string | null; label: string | null; n: string }>(
    `WITH m AS MATERIALIZED (SELECT 1 AS one${columns.map((c) => `, ${c}`).join('')} FROM people_search s WHERE ${compiled.where})
     SELECT 0 AS facet, NULL AS value, NULL AS label, count(*) AS n FROM m
     ${branches.map((b) => `UNION ALL ${b}`).join('\n')}`,
    { bind: params.values, type: QueryTypes.SELECT },
  );
  const total = Number(rows.find((r) => Number(r.facet) === 0)?.n ?? 0);
  const facets = fields.map((field, i) => ({
    field: { key: field.key, label: field.label },
    values: rows
      .filter((r) => Number(r.facet) === i + 1 && r.value !== null)
      .sort((a, b) => Number(b.n) - Number(a.n) || String(a.value).localeCompare(String(b.value)))
      .map((r) => {
        const label = field.type === 'text' ? r.label! : (field.options.find((o) => o.id === r.value)?.label ?? r.value!);
        const term = printFilter({ type: 'field', field: { name: field.key, quoted: false, at: 0 }, condition: { kind: 'match', pattern: [{ text: label }], quoted: true, at: 0 }, at: 0 });
        return { value: field.type === 'text' ? r.label! : r.value!, label, count: Number(r.n), query: term };
      }),
  }));
  return { total, facets };
}
