import { dropIndex } from './dropTarget';
import { isAt, moveCategory, moveField, sortSchema, stepPlace, type Schema } from './order';
import { buildCategory, buildField } from './testBuilders';

/** Two categories: A (a1, a2, a3) and B (b1), and an empty C. */
function schema(): Schema {
  return sortSchema(
    [buildCategory({ id: 'c', name: 'C', position: 2 }), buildCategory({ id: 'a', name: 'A', position: 0 }), buildCategory({ id: 'b', name: 'B', position: 1 })],
    [
      buildField({ key: 'b1', categoryId: 'b', position: 0 }),
      buildField({ key: 'a3', categoryId: 'a', position: 2 }),
      buildField({ key: 'a1', categoryId: 'a', position: 0 }),
      buildField({ key: 'a2', categoryId: 'a', position: 1 }),
    ],
  );
}
const keysOf = (s: Schema, categoryId: string) => s.fields.filter((f) => f.categoryId === categoryId).map((f) => `${f.key}@${f.position}`);

describe('the order of categories and fields', () => {
  it('sorts what the server sends by position, fields within their category, and counts them', () => {
    const s = schema();
    expect(s.categories.map((c) => [c.id, c.position, c.fieldCount])).toEqual([['a', 0, 3], ['b', 1, 1], ['c', 2, 0]]);
    expect(s.fields.map((f) => f.key)).toEqual(['a1', 'a2', 'a3', 'b1']);
  });

  it('moves a field within its category and renumbers the positions', () => {
    const s = moveField(schema(), 'a3', { categoryId: 'a', index: 0 });
    expect(keysOf(s, 'a')).toEqual(['a3@0', 'a1@1', 'a2@2']);
    expect(keysOf(moveField(schema(), 'a1', { categoryId: 'a', index: 99 }), 'a')).toEqual(['a2@0', 'a3@1', 'a1@2']);
  });

  it('moves a field into another category, an empty one too, and keeps the counts right', () => {
    const s = moveField(schema(), 'a2', { categoryId: 'b', index: 0 });
    expect(keysOf(s, 'a')).toEqual(['a1@0', 'a3@1']);
    expect(keysOf(s, 'b')).toEqual(['a2@0', 'b1@1']);
    const empty = moveField(schema(), 'b1', { categoryId: 'c', index: 0 });
    expect(keysOf(empty, 'c')).toEqual(['b1@0']);
    expect(empty.categories.map((c) => c.fieldCount)).toEqual([3, 0, 1]);
  });

  it('moves a category, clamped to the list', () => {
    expect(moveCategory(schema(), 'c', 0).categories.map((c) => `${c.id}@${c.position}`)).toEqual(['c@0', 'a@1', 'b@2']);
    expect(moveCategory(schema(), 'a', 10).categories.map((c) => c.id)).toEqual(['b', 'c', 'a']);
    expect(moveCategory(schema(), 'nope', 0)).toEqual(schema());
  });

  it('steps a field with the arrow buttons, past the ends into the neighbouring category', () => {
    const s = schema();
    expect(stepPlace(s, 'a1', -1)).toBeNull();
    expect(stepPlace(s, 'a1', 1)).toEqual({ categoryId: 'a', index: 1 });
    expect(stepPlace(s, 'a3', 1)).toEqual({ categoryId: 'b', index: 0 });
    expect(stepPlace(s, 'b1', -1)).toEqual({ categoryId: 'a', index: 3 });
    // Into the empty last category, then no further.
    expect(stepPlace(s, 'b1', 1)).toEqual({ categoryId: 'c', index: 0 });
    expect(stepPlace(moveField(s, 'b1', { categoryId: 'c', index: 0 }), 'b1', 1)).toBeNull();
  });

  it('knows a drop where the field already is', () => {
    const s = schema();
    expect(isAt(s, 'a2', { categoryId: 'a', index: 1 })).toBe(true);
    expect(isAt(s, 'a3', { categoryId: 'a', index: 99 })).toBe(true);
    expect(isAt(s, 'a2', { categoryId: 'b', index: 1 })).toBe(false);
  });

  it('finds the index of a drop among the other items: before the one under the pointer, or after it', () => {
    expect(dropIndex(['a1', 'a3'], 'a1', true)).toBe(0);
    expect(dropIndex(['a1', 'a3'], 'a1', false)).toBe(1);
    expect(dropIndex(['a1', 'a3'], 'a3', false)).toBe(2);
  });
});
