/**
 * Where each card of the chart sits, computed from the data (pure; the page draws only the cards
 * in view, and the SVG export draws from the same positions). A tree's children sit side by side
 * under their superior; a large team wraps into rows of {@link ROW_LENGTH}, so a manager with
 * 2,000 reports is a block 10 cards wide, not a line 2,000 cards long.
 */

export const CARD_WIDTH = 232;
export const CARD_HEIGHT = 84;
/** Horizontal space between cards, vertical space between levels (room for the connectors). */
export const GAP_X = 24;
export const GAP_Y = 48;
/** Most cards in one row under a superior. */
export const ROW_LENGTH = 10;

/** The tree to lay out: roots side by side, and the children shown under each person (expanded ones only). */
export interface LayoutInput {
  roots: string[];
  childrenOf(id: string): readonly string[] | undefined;
}

export interface PlacedCard {
  id: string;
  /** The card's top-left corner in chart coordinates. */
  x: number;
  y: number;
  /** The card it hangs from (none for a root). */
  parent: string | null;
  depth: number;
}

/** A connector: an orthogonal polyline in chart coordinates. */
export type Connector = Array<[number, number]>;

export interface ChartLayout {
  cards: PlacedCard[];
  byId: Map<string, PlacedCard>;
  connectors: Connector[];
  width: number;
  height: number;
}

interface Box {
  id: string;
  width: number;
  height: number;
  rows: Box[][];
}

/**
 * Lays the tree out. A person reached twice (a cycle in the data, or the same person under two
 * roots) is drawn once, at their first place: the walk keeps the set of people placed.
 */
export function layoutChart(input: LayoutInput): ChartLayout {
  const seen = new Set<string>();
  const measure = (id: string): Box | null => {
    if (seen.has(id)) return null;
    seen.add(id);
    const boxes = (input.childrenOf(id) ?? []).map(measure).filter((b): b is Box => b !== null);
    const rows: Box[][] = [];
    for (let i = 0; i < boxes.length; i += ROW_LENGTH) rows.push(boxes.slice(i, i + ROW_LENGTH));
    const rowWidth = (row: Box[]) => row.reduce((sum, b) => sum + b.width, 0) + GAP_X * (row.length - 1);
    const rowHeight = (row: Box[]) => Math.max(...row.map((b) => b.height));
    const width = Math.max(CARD_WIDTH, ...rows.map(rowWidth));
    const height = CARD_HEIGHT + rows.reduce((sum, row) => sum + GAP_Y + rowHeight(row), 0);
    return { id, width, height, rows };
  };
  const boxes = input.roots.map(measure).filter((b): b is Box => b !== null);

  const cards: PlacedCard[] = [];
  const connectors: Connector[] = [];
  const place = (box: Box, left: number, top: number, parent: string | null, depth: number) => {
    const x = left + (box.width - CARD_WIDTH) / 2;
    cards.push({ id: box.id, x, y: top, parent, depth });
    const fromX = x + CARD_WIDTH / 2;
    let y = top + CARD_HEIGHT;
    for (const row of box.rows) {
      const width = row.reduce((sum, b) => sum + b.width, 0) + GAP_X * (row.length - 1);
      let childLeft = left + (box.width - width) / 2;
      const busY = y + GAP_Y / 2;
      for (const child of row) {
        const childX = childLeft + child.width / 2;
        connectors.push([
          [fromX, top + CARD_HEIGHT],
          [fromX, busY],
          [childX, busY],
          [childX, y + GAP_Y],
        ]);
        place(child, childLeft, y + GAP_Y, box.id, depth + 1);
        childLeft += child.width + GAP_X;
      }
      y += GAP_Y + Math.max(...row.map((b) => b.height));
    }
  };
  let left = 0;
  for (const box of boxes) {
    place(box, left, 0, null, 0);
    left += box.width + GAP_X * 2;
  }
  return {
    cards,
    byId: new Map(cards.map((c) => [c.id, c])),
    connectors,
    width: Math.max(0, left - GAP_X * 2),
    height: Math.max(0, ...boxes.map((b) => b.height)),
  };
}

/** The cards that overlap a rectangle of the chart (what to draw, what to export). */
export function cardsWithin(layout: ChartLayout, view: { x: number; y: number; width: number; height: number }): PlacedCard[] {
  return layout.cards.filter((c) => c.x + CARD_WIDTH >= view.x && c.x <= view.x + view.width && c.y + CARD_HEIGHT >= view.y && c.y <= view.y + view.height);
}

/**
 * The card an arrow key moves to from `id`: up to the superior, down to the first person below,
 * left and right to the neighbours on the same level (nearest by position).
 */
export function neighbour(layout: ChartLayout, id: string, key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight'): string | null {
  const card = layout.byId.get(id);
  if (!card) return null;
  if (key === 'ArrowUp') return card.parent;
  if (key === 'ArrowDown') {
    const below = layout.cards.filter((c) => c.parent === id);
    return below.length > 0 ? below.reduce((a, b) => (a.y < b.y || (a.y === b.y && a.x < b.x) ? a : b)).id : null;
  }
  const sameRow = layout.cards.filter((c) => c.y === card.y && (key === 'ArrowLeft' ? c.x < card.x : c.x > card.x));
  if (sameRow.length === 0) return null;
  return sameRow.reduce((a, b) => (Math.abs(a.x - card.x) < Math.abs(b.x - card.x) ? a : b)).id;
}
