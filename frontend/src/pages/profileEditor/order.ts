/**
 * The order of categories and fields, and the moves the editor makes (drag and drop, the arrow
 * buttons): pure functions over a {@link Schema}, unit-tested in order.test.ts. A move returns a
 * new schema with positions 0..n-1 in every list, as the server keeps them.
 */
import type { Category, Field } from '../../api/profileSchema';

/** The categories in order, and the fields in category order, then by position within each. */
export interface Schema {
  categories: Category[];
  fields: Field[];
}

/** Where a field goes: a category, and its index among that category's other fields. */
export interface FieldPlace {
  categoryId: string;
  index: number;
}

/** The fields of one category, in order. */
export function fieldsOf(schema: Schema, categoryId: string): Field[] {
  return schema.fields.filter((f) => f.categoryId === categoryId);
}

/**
 * Keeps the fields grouped by category in the categories' order, renumbers positions and counts.
 * Fields of a category the schema does not have (none, normally) stay at the end.
 */
export function normalise(categories: Category[], fields: Field[]): Schema {
  const known = new Set(categories.map((c) => c.id));
  const grouped = categories.map((c) => fields.filter((f) => f.categoryId === c.id).map((f, position) => (f.position === position ? f : { ...f, position })));
  return {
    categories: categories.map((c, position) => (c.position === position && c.fieldCount === grouped[position].length ? c : { ...c, position, fieldCount: grouped[position].length })),
    fields: [...grouped.flat(), ...fields.filter((f) => !known.has(f.categoryId))],
  };
}

/** The server's lists as the editor shows them: sorted by position (fields within their category). */
export function sortSchema(categories: Category[], fields: Field[]): Schema {
  const sorted = [...categories].sort((a, b) => a.position - b.position);
  const order = new Map(sorted.map((c, i) => [c.id, i]));
  const rank = (f: Field) => order.get(f.categoryId) ?? sorted.length;
  return normalise(sorted, [...fields].sort((a, b) => rank(a) - rank(b) || a.position - b.position));
}

/** The schema with field `key` at `place` (an index past the end puts it last). */
export function moveField(schema: Schema, key: string, place: FieldPlace): Schema {
  const field = schema.fields.find((f) => f.key === key);
  if (!field) return schema;
  const moved = { ...field, categoryId: place.categoryId };
  const rest = schema.fields.filter((f) => f.key !== key);
  const siblings = rest.filter((f) => f.categoryId === place.categoryId);
  // normalise() groups by category: only the order among the siblings matters.
  const at = place.index < siblings.length ? rest.indexOf(siblings[Math.max(0, place.index)]) : rest.length;
  return normalise(schema.categories, [...rest.slice(0, at), moved, ...rest.slice(at)]);
}

/** The schema with category `id` at `index` (clamped to the list). */
export function moveCategory(schema: Schema, id: string, index: number): Schema {
  const category = schema.categories.find((c) => c.id === id);
  if (!category) return schema;
  const rest = schema.categories.filter((c) => c.id !== id);
  const at = Math.max(0, Math.min(index, rest.length));
  return normalise([...rest.slice(0, at), category, ...rest.slice(at)], schema.fields);
}

/** Whether a field is already at `place` (a drop there changes nothing). */
export function isAt(schema: Schema, key: string, place: FieldPlace): boolean {
  const field = schema.fields.find((f) => f.key === key);
  if (!field || field.categoryId !== place.categoryId) return false;
  const count = fieldsOf(schema, place.categoryId).length;
  return field.position === Math.min(place.index, count - 1);
}

/**
 * Where the arrow buttons move a field one step: within its category, and past either end into
 * the neighbouring category (its end going up, its start going down; an empty one too). Null at
 * the very top or bottom.
 */
export function stepPlace(schema: Schema, key: string, direction: -1 | 1): FieldPlace | null {
  const field = schema.fields.find((f) => f.key === key);
  if (!field) return null;
  const siblings = fieldsOf(schema, field.categoryId);
  const index = siblings.indexOf(field);
  const next = index + direction;
  if (next >= 0 && next < siblings.length) return { categoryId: field.categoryId, index: next };
  const categoryIndex = schema.categories.findIndex((c) => c.id === field.categoryId);
  const neighbour = categoryIndex < 0 ? undefined : schema.categories[categoryIndex + direction];
  if (!neighbour) return null;
  return { categoryId: neighbour.id, index: direction < 0 ? fieldsOf(schema, neighbour.id).length : 0 };
}
