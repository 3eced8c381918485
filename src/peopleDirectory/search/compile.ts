import type { Condition, FieldRef, FilterNode, PatternPart } from '../filter/ast';
import { literalOf } from '../filter/ast';
import { FilterError } from '../filter/errors';
import { SELECT_TYPES, TEXT_TYPES, USER_TYPES, type DirectoryField } from './fields';
import { patternRegExp, patternRegex } from './patterns';
import { ENTRY, IN_ENTRY, KEY_END, jsonKey, regexLiteral, type Params } from './sql';

/**
 * Turns a filter tree into a SQL condition over `people_search s`, for one viewer: `fields` are
 * the fields that viewer may see ({@link directoryFields}); any other field is unknown, so a
 * restricted value can neither match nor be asked about. Values become bound parameters.
 */
export interface CompileContext {
  fields: DirectoryField[];
  params: Params;
  /** The placeholder of the tenant id (for lookups of people by name). */
  tenant: string;
}

/** The pseudo-field `name:` — the person's display name — unless a real field is keyed so. */
const NAME_FIELD: DirectoryField = { key: '@name', label: 'Name', type: 'text', options: [], restricted: false };

export function compileFilter(node: FilterNode, ctx: CompileContext): string {
  switch (node.type) {
    case 'and':
      return `(${node.items.map((n) => compileFilter(n, ctx)).join(' AND ')})`;
    case 'or':
      return `(${node.items.map((n) => compileFilter(n, ctx)).join(' OR ')})`;
    case 'not':
      return `NOT ${compileFilter(node.item, ctx)}`;
    case 'text':
      return freeText(node.pattern, ctx);
    case 'is':
      return '(s.left_at IS NOT NULL)';
    case 'has': {
      const field = resolveField(node.field, ctx.fields);
      if (USER_TYPES.has(field.type) || SELECT_TYPES.has(field.type) || TEXT_TYPES.has(field.type)) {
        return `(s.document ~ ${ctx.params.add(`${ENTRY}${field.key}${KEY_END}${IN_ENTRY}`)})`;
      }
      return 'FALSE';
    }
    case 'field':
      return fieldTerm(resolveField(node.field, ctx.fields), node.condition, ctx);
  }
}

/** A field by key, or by label (any case); anything else is an unknown field at the name's column. */
export function resolveField(ref: FieldRef, fields: DirectoryField[]): DirectoryField {
  const name = ref.name.toLowerCase();
  const byKey = fields.find((f) => f.key === name);
  const byLabel = fields.find((f) => f.label.toLowerCase() === name);
  const found = ref.quoted ? (byLabel ?? byKey) : (byKey ?? byLabel);
  if (found) return found;
  if (name === 'name') return NAME_FIELD;
  const column = ref.at + 1;
  throw new FilterError(`Unknown field '${ref.name}' at column ${column}`, column, { unknownField: ref.name });
}

/**
 * Free text: a part of the name or of any visible text-like field's value, an option label of a
 * visible select field, or a whole email address (never a part of one: the app may read
 * addresses that people's privacy settings hide). What everyone may read is in the open document
 * (ILIKE, or a regular expression with wildcards); a member of restricted categories also
 * searches their fields in the full document, by key.
 */
function freeText(pattern: PatternPart[], ctx: CompileContext): string {
  const literal = literalOf(pattern);
  const conditions = [literal !== null ? `s.open_document ILIKE ${ctx.params.add(`%${likeLiteral(literal)}%`)}` : `s.open_document ~* ${ctx.params.add(patternRegex(pattern))}`];
  const restricted = ctx.fields.filter((f) => f.restricted);
  const textKeys = restricted.filter((f) => TEXT_TYPES.has(f.type)).map((f) => f.key);
  if (textKeys.length > 0) {
    // A member's restricted text fields, by key in the full document; a cheap ILIKE first.
    const re = `s.document ~* ${ctx.params.add(`${ENTRY}(?:${textKeys.join('|')})${KEY_END}${IN_ENTRY}*${patternRegex(pattern)}`)}`;
    const pre = prefilter(pattern);
    conditions.push(pre ? `(s.document ILIKE ${ctx.params.add(pre)} AND ${re})` : re);
  }
  const inLabel = patternRegExp(pattern, false);
  const options = restricted.filter((f) => SELECT_TYPES.has(f.type)).flatMap((field) => {
    const ids = field.options.filter((o) => inLabel.test(o.label)).map((o) => o.id);
    return ids.length > 0 ? [optionEntries(field, ids)] : [];
  });
  if (options.length > 0) conditions.push(`s.document ~ ${ctx.params.add(options.map((b) => `(?:${b})`).join('|'))}`);
  if (literal && literal.includes('@')) conditions.push(`coalesce(s.email = ${ctx.params.add(literal.toLowerCase())}, FALSE)`);
  return `(${conditions.join(' OR ')})`;
}

/** Text for an ILIKE pattern that matches it literally (`%`, `_` and the escape `\\` escaped). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The longest run of literal text in a pattern, as an ILIKE pre-filter (`%ber%`), or null when shorter than 3. */
function prefilter(pattern: PatternPart[]): string | null {
  const longest = pattern.reduce((best, p) => ('text' in p && p.text.length > best.length ? p.text : best), '');
  return longest.length >= 3 ? `%${likeLiteral(longest)}%` : null;
}

function optionEntries(field: DirectoryField, ids: string[]): string {
  return `${ENTRY}${field.key}${KEY_END}(?:${ids.map(regexLiteral).join('|')})${ENTRY}`;
}

function fieldTerm(field: DirectoryField, condition: Condition, ctx: CompileContext): string {
  if (condition.kind !== 'match') return comparison(field, condition, ctx);
  const literal = literalOf(condition.pattern);
  if (field.type === 'number' && literal !== null) return comparison(field, { kind: 'range', from: literal, to: literal, at: condition.at }, ctx);
  if (field.type === 'date' && literal !== null) return comparison(field, { kind: 'range', from: literal, to: literal, at: condition.at }, ctx);
  if (SELECT_TYPES.has(field.type)) {
    const whole = patternRegExp(condition.pattern, true);
    const ids = field.options.filter((o) => whole.test(o.label) || o.id === literal).map((o) => o.id);
    return ids.length === 0 ? 'FALSE' : `(s.document ~ ${ctx.params.add(optionEntries(field, ids))})`;
  }
  if (USER_TYPES.has(field.type)) {
    // The people named: by display name (the pattern, whole) or by account id.
    const named = `${ENTRY}@name${KEY_END}${patternRegex(condition.pattern)}${ENTRY}`;
    const people = `ARRAY(SELECT u.account_id FROM people_search u WHERE u.tenant_id = ${ctx.tenant} AND (u.document ~* ${ctx.params.add(named)} OR u.account_id = ${ctx.params.add(literal ?? '')}))`;
    return `coalesce((s."values" -> ${jsonKey(field.key)}) ?| ${people}, FALSE)`;
  }
  // Text: the whole value, any case, with its wildcards; a cheap ILIKE first (a regular expression costs more per row).
  const pre = prefilter(condition.pattern);
  const re = `s.document ~* ${ctx.params.add(`${ENTRY}${field.key}${KEY_END}${patternRegex(condition.pattern)}${ENTRY}`)}`;
  return pre ? `(s.document ILIKE ${ctx.params.add(pre)} AND ${re})` : `(${re})`;
}

type Bounded = Exclude<Condition, { kind: 'match' }>;

/** `>`, `>=`, `<`, `<=` and ranges: numbers as numbers, dates as days (a year or a month is its days). */
function comparison(field: DirectoryField, condition: Bounded, ctx: CompileContext): string {
  const column = condition.at + 1;
  if (field.type !== 'number' && field.type !== 'date') {
    throw new FilterError(`'${field.label}' is not a number or a date field: >, <, >=, <= and ranges apply to numbers and dates (column ${column})`, column, {});
  }
  const value =
    field.type === 'number'
      ? `(CASE WHEN jsonb_typeof(s."values" -> ${jsonKey(field.key)}) = 'number' THEN (s."values" ->> ${jsonKey(field.key)})::numeric END)`
      : `(CASE WHEN (s."values" ->> ${jsonKey(field.key)}) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN s."values" ->> ${jsonKey(field.key)} END)`;
  // Each bound as [first, after-last): a number is itself at both ends; a day, month or year its days.
  const bound = (text: string): { first: string; after: string; cast: string } => {
    if (field.type === 'number') {
      if (!/^-?\d+(\.\d+)?$/.test(text)) throw new FilterError(`Expected a number at column ${column}, not '${text}'`, column, { expected: ['a number'] });
      return { first: text, after: text, cast: '::numeric' };
    }
    const period = datePeriod(text);
    if (!period) throw new FilterError(`Expected a date like 2024-01-31, 2024-01 or 2024 at column ${column}, not '${text}'`, column, { expected: ['a date'] });
    return { ...period, cast: '::text' };
  };
  const p = (v: string, cast: string) => `${ctx.params.add(v)}${cast}`;
  const parts: string[] = [];
  if (condition.kind === 'compare') {
    const b = bound(condition.value);
    const number = field.type === 'number';
    if (condition.op === '>') parts.push(number ? `${value} > ${p(b.first, b.cast)}` : `${value} >= ${p(b.after, b.cast)}`);
    if (condition.op === '>=') parts.push(`${value} >= ${p(b.first, b.cast)}`);
    if (condition.op === '<') parts.push(`${value} < ${p(b.first, b.cast)}`);
    if (condition.op === '<=') parts.push(number ? `${value} <= ${p(b.after, b.cast)}` : `${value} < ${p(b.after, b.cast)}`);
  } else {
    if (condition.from !== null) {
      const b = bound(condition.from);
      parts.push(`${value} >= ${p(b.first, b.cast)}`);
    }
    if (condition.to !== null) {
      const b = bound(condition.to);
      parts.push(field.type === 'number' ? `${value} <= ${p(b.after, b.cast)}` : `${value} < ${p(b.after, b.cast)}`);
    }
  }
  return `coalesce(${parts.join(' AND ')}, FALSE)`;
}

/** `2024-02-29` → that day; `2024-02` → its days; `2024` → its days: [first, day after the last). */
export function datePeriod(text: string): { first: string; after: string } | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), m[2] ? Number(m[2]) : null, m[3] ? Number(m[3]) : null];
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  if (month === null) return { first: `${m[1]}-01-01`, after: iso(new Date(Date.UTC(year + 1, 0, 1))) };
  if (month < 1 || month > 12) return null;
  if (day === null) return { first: `${m[1]}-${m[2]}-01`, after: iso(new Date(Date.UTC(year, month, 1))) };
  const first = new Date(Date.UTC(year, month - 1, day));
  if (first.getUTCMonth() !== month - 1 || first.getUTCDate() !== day) return null;
  return { first: iso(first), after: iso(new Date(Date.UTC(year, month - 1, day + 1))) };
}
