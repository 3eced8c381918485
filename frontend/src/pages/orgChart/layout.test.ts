import { CARD_HEIGHT, CARD_WIDTH, GAP_Y, ROW_LENGTH, cardsWithin, layoutChart, neighbour } from './layout';

const tree = (edges: Record<string, string[]>, roots: string[]) => layoutChart({ roots, childrenOf: (id) => edges[id] });

describe('layoutChart', () => {
  it('puts reports under their superior, centred, one level lower', () => {
    const layout = tree({ ceo: ['a', 'b'] }, ['ceo']);
    const [ceo, a, b] = ['ceo', 'a', 'b'].map((id) => layout.byId.get(id)!);
    expect(a.y).toBe(CARD_HEIGHT + GAP_Y);
    expect(a.parent).toBe('ceo');
    expect(ceo.x + CARD_WIDTH / 2).toBe((a.x + b.x + CARD_WIDTH) / 2);
    expect(layout.connectors).toHaveLength(2);
  });

  it('wraps a large team into rows, so 2,000 reports are a block, not a line', () => {
    const reports = Array.from({ length: 2000 }, (_, i) => `r${i}`);
    const layout = tree({ boss: reports }, ['boss']);
    expect(layout.cards).toHaveLength(2001);
    expect(new Set(layout.cards.filter((c) => c.parent === 'boss').map((c) => c.y)).size).toBe(2000 / ROW_LENGTH);
    expect(layout.width).toBeLessThan(CARD_WIDTH * (ROW_LENGTH + 1) * 1.2);
    // Only what is in view is drawn.
    expect(cardsWithin(layout, { x: 0, y: 0, width: 1200, height: 800 }).length).toBeLessThan(60);
  });

  it('draws a person met twice (a cycle in the data) once, and ends', () => {
    const layout = tree({ a: ['b'], b: ['c'], c: ['a'] }, ['a']);
    expect(layout.cards.map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });

  it('sets several roots side by side', () => {
    const layout = tree({ one: ['x'], two: ['y'] }, ['one', 'two']);
    expect(layout.byId.get('two')!.x).toBeGreaterThan(layout.byId.get('one')!.x + CARD_WIDTH);
    expect(layout.byId.get('two')!.y).toBe(0);
  });
});

describe('neighbour', () => {
  const layout = tree({ ceo: ['a', 'b', 'c'], b: ['b1'] }, ['ceo']);
  it('moves up to the superior, down to the first report, and sideways along the level', () => {
    expect(neighbour(layout, 'b', 'ArrowUp')).toBe('ceo');
    expect(neighbour(layout, 'ceo', 'ArrowDown')).toBe('a');
    expect(neighbour(layout, 'b', 'ArrowLeft')).toBe('a');
    expect(neighbour(layout, 'b', 'ArrowRight')).toBe('c');
    expect(neighbour(layout, 'c', 'ArrowRight')).toBeNull();
    expect(neighbour(layout, 'ceo', 'ArrowUp')).toBeNull();
  });
});
