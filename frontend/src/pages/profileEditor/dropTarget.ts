/**
 * Drag and drop (HTML5) of fields within and between categories, and of categories among
 * themselves: where a drag over the list would land, read from the elements under the pointer.
 * The index arithmetic is pure (`dropIndex`, unit-tested in order.test.ts).
 */
import type { FieldPlace } from './order';

/** What is being dragged. */
export type Dragged = { kind: 'field'; key: string } | { kind: 'category'; id: string };

/** The mark that shows where a drop lands: a line before or after a row or category, or a highlighted empty list. */
export type DropMark = { kind: 'field'; key: string; where: 'before' | 'after' } | { kind: 'category'; id: string; where: 'before' | 'after' } | { kind: 'inside'; categoryId: string };

/** A drop: where it lands, and its mark; `none` when it lands where the dragged item already is. */
export type DropTarget = { none: true } | { none: false; mark: DropMark; field?: FieldPlace; categoryIndex?: number };

/** The index among the other items: that of the item under the pointer, plus one in its lower half. */
export function dropIndex(others: string[], over: string, before: boolean): number {
  return others.indexOf(over) + (before ? 0 : 1);
}

function isBefore(clientY: number, el: Element): boolean {
  const rect = el.getBoundingClientRect();
  return clientY < rect.top + rect.height / 2;
}

const ROW = '[data-testid="field-row"][data-field-key]';
const CATEGORY = '[data-testid="category"][data-category-id]';

function fieldTarget(key: string, target: Element, clientY: number): DropTarget | null {
  const categoryEl = target.closest(CATEGORY);
  if (!categoryEl) return null;
  const categoryId = categoryEl.getAttribute('data-category-id') ?? '';
  const others = Array.from(categoryEl.querySelectorAll(ROW)).map((r) => r.getAttribute('data-field-key') ?? '').filter((k) => k !== key);
  const row = target.closest(ROW);
  const over = row?.getAttribute('data-field-key');
  if (over === key) return { none: true };
  if (row && over) {
    const before = isBefore(clientY, row);
    return { none: false, field: { categoryId, index: dropIndex(others, over, before) }, mark: { kind: 'field', key: over, where: before ? 'before' : 'after' } };
  }
  const inside: DropMark = { kind: 'inside', categoryId };
  // Over the category's header: its first place; anywhere else in it: its last.
  if (target.closest('[data-testid="category-header"]')) {
    return { none: false, field: { categoryId, index: 0 }, mark: others.length ? { kind: 'field', key: others[0], where: 'before' } : inside };
  }
  return { none: false, field: { categoryId, index: others.length }, mark: others.length ? { kind: 'field', key: others[others.length - 1], where: 'after' } : inside };
}

function categoryTarget(id: string, target: Element, clientY: number, list: Element): DropTarget | null {
  const categoryEl = target.closest(CATEGORY);
  if (!categoryEl) return null;
  const over = categoryEl.getAttribute('data-category-id') ?? '';
  if (over === id) return { none: true };
  const others = Array.from(list.querySelectorAll(CATEGORY)).map((c) => c.getAttribute('data-category-id') ?? '').filter((c) => c !== id);
  const before = isBefore(clientY, categoryEl);
  return { none: false, categoryIndex: dropIndex(others, over, before), mark: { kind: 'category', id: over, where: before ? 'before' : 'after' } };
}

/** Where a drag over `target` (an element of `list`, the category list) would land; null: not a place to drop. */
export function dropTarget(dragged: Dragged, target: EventTarget | null, clientY: number, list: Element): DropTarget | null {
  if (!(target instanceof Element) || !list.contains(target)) return null;
  return dragged.kind === 'field' ? fieldTarget(dragged.key, target, clientY) : categoryTarget(dragged.id, target, clientY, list);
}

/** Two marks are the same (to set state only when the mark moves). */
export function sameMark(a: DropMark | null, b: DropMark | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
