import { z } from 'zod';
import { invalidQuery } from '../../errors';
import { safeString } from '../../safeText';
import { SELECT_TYPES, USER_TYPES, type DirectoryField } from './fields';
import { jsonKey, type Params } from './sql';

/** How a page is ordered: by name or a visible field's key, ascending or descending. */
export interface Sort {
  key: string;
  order: 'asc' | 'desc';
}

/** How much of a text value its sort reads. */
export const SORT_PREFIX = 256;

/** Where the last page ended: its last row's sort value and account id (with the sort it belongs to). */
const cursorSchema = z.object({ k: safeString().max(100), o: z.enum(['asc', 'desc']), v: safeString().max(5000).nullable(), a: safeString().max(200) }).strict();
export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(sort: Sort, value: string | null, accountId: string): string {
  return Buffer.from(JSON.stringify({ k: sort.key, o: sort.order, v: value, a: accountId })).toString('base64url');
}

/** The cursor a page gave, for the same sort; anything else is a 400 `invalid_query`. */
export function decodeCursor(text: string, sort: Sort): Cursor {
  let parsed: Cursor;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw invalidQuery('The cursor is not one this directory gave: start again from the first page.', { parameter: 'cursor' });
  }
  if (parsed.k !== sort.key || parsed.o !== sort.order) throw invalidQuery('The cursor belongs to another sort order: start again from the first page.', { parameter: 'cursor' });
  return parsed;
}

/**
 * The SQL value a sort orders by (NULL for an empty value; those come last either way), and its
 * cast for comparing with a cursor's value. Select fields sort by option label, user fields by the
 * person's name; multi-value fields by their first value.
 */
export function sortExpression(sort: Sort, fields: DirectoryField[], params: Params): { sql: string; cast: string } {
  if (sort.key === 'name') return { sql: 's.sort_name', cast: '::text' };
  const field = fields.find((f) => f.key === sort.key);
  if (!field) throw invalidQuery(`There is no field '${sort.key}' to sort by.`, { parameter: 'sort', unknownField: sort.key });
  const k = jsonKey(field.key);
  const first = field.type === 'multiselect' || field.type === 'multiuser' ? `(s."values" -> ${k} ->> 0)` : `(s."values" ->> ${k})`;
  if (field.type === 'number') {
    return { sql: `(CASE WHEN jsonb_typeof(s."values" -> ${k}) = 'number' THEN (s."values" ->> ${k})::numeric END)`, cast: '::numeric' };
  }
  if (SELECT_TYPES.has(field.type)) {
    if (field.options.length === 0) return { sql: 'NULL::text', cast: '::text' };
    const cases = field.options.map((o) => `WHEN ${params.add(o.id)} THEN ${params.add(o.label.toLowerCase())}`).join(' ');
    return { sql: `(CASE ${first} ${cases} END)`, cast: '::text' };
  }
  if (USER_TYPES.has(field.type)) {
    return { sql: `(SELECT u.sort_name FROM people_search u WHERE u.tenant_id = s.tenant_id AND u.account_id = ${first})`, cast: '::text' };
  }
  // Text sorts on its first 256 characters (ties are ordered by account id): a cursor carries the
  // sort value, and a multiline value may be 10,000 characters (more from a directory).
  return { sql: field.type === 'date' ? first : `lower(left(${first}, ${SORT_PREFIX}))`, cast: '::text' };
}

/** The condition "after the cursor" and the ORDER BY of a sort, over a unique (value, account id) order. */
export function keyset(sort: Sort, expr: { sql: string; cast: string }, cursor: Cursor | null, params: Params): { after: string | null; orderBy: string } {
  const dir = sort.order === 'asc' ? 'ASC' : 'DESC';
  const cmp = sort.order === 'asc' ? '>' : '<';
  if (sort.key === 'name') {
    // Never NULL: a row comparison the (tenant, sort_name, account_id) index serves.
    const after = cursor ? `(s.sort_name, s.account_id) ${cmp} (${params.add(cursor.v ?? '')}, ${params.add(cursor.a)})` : null;
    return { after, orderBy: `s.sort_name ${dir}, s.account_id ${dir}` };
  }
  const orderBy = `(${expr.sql}) IS NULL, ${expr.sql} ${dir}, s.account_id ${dir}`;
  if (!cursor) return { after: null, orderBy };
  const id = params.add(cursor.a);
  if (cursor.v === null) return { after: `(${expr.sql} IS NULL AND s.account_id ${cmp} ${id})`, orderBy };
  if (expr.cast === '::numeric' && !/^-?\d+(\.\d+)?$/.test(cursor.v)) throw invalidQuery('The cursor is not one this directory gave: start again from the first page.', { parameter: 'cursor' });
  const v = `${params.add(cursor.v)}${expr.cast}`;
  return { after: `(${expr.sql} IS NULL OR ${expr.sql} ${cmp} ${v} OR (${expr.sql} = ${v} AND s.account_id ${cmp} ${id}))`, orderBy };
}
