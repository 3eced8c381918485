import { addOption, changeOption, choicesText, collectOptions, moveOption, optionItems, removeOption, sentIndexes } from './options';

const existing = () => optionItems([{ id: 'o1', label: 'Ground', retired: false }, { id: 'o2', label: 'First', retired: true }]);
const labels = (items: Array<{ label: string }>) => items.map((o) => o.label);

describe("a select field's choices while its form is open", () => {
  it('adds a choice at the end, and nothing for a blank label', () => {
    const items = addOption(existing(), '  Second  ');
    expect(labels(items)).toEqual(['Ground', 'First', 'Second']);
    expect(items[2].id).toBeUndefined();
    expect(addOption(items, '   ')).toBe(items);
  });

  it('moves a choice one step, and not past either end', () => {
    const items = existing();
    expect(labels(moveOption(items, 1, -1))).toEqual(['First', 'Ground']);
    expect(moveOption(items, 0, -1)).toBe(items);
    expect(moveOption(items, 1, 1)).toBe(items);
  });

  it('removes a new choice at once, and marks an existing one until saved (undo clears the mark)', () => {
    const items = addOption(existing(), 'New');
    expect(labels(removeOption(items, 2))).toEqual(['Ground', 'First']);
    const marked = removeOption(items, 0);
    expect(marked.map((o) => o.removed)).toEqual([true, false, false]);
    expect(changeOption(marked, 0, { removed: false })[0].removed).toBe(false);
  });

  it('sends existing choices with id and retired flag, new ones by label, and leaves removed ones out', () => {
    let items = addOption(existing(), 'Second');
    items = changeOption(items, 0, { label: ' Ground floor ', retired: true });
    items = removeOption(items, 1);
    expect(collectOptions(items, true)).toEqual({ options: [{ id: 'o1', label: 'Ground floor', retired: true }, { label: 'Second' }], problem: null });
    // A new field's choices go by label only.
    expect(collectOptions(items, false).options).toEqual([{ label: 'Ground floor' }, { label: 'Second' }]);
  });

  it('refuses a choice without a label', () => {
    expect(collectOptions(changeOption(existing(), 1, { label: ' ' }), true)).toEqual({ options: null, problem: 'Every choice needs a label (or remove it).' });
  });

  it("maps each choice to its index in what is sent, so the server's options.N problems land next to it", () => {
    expect(sentIndexes(removeOption(addOption(existing(), 'New'), 0))).toEqual([null, 0, 1]);
  });

  it('counts choices offered and retired', () => {
    expect(choicesText([{ retired: false }])).toBe('1 choice');
    expect(choicesText([{ retired: false }, { retired: false }, { retired: true }])).toBe('2 choices, 1 retired');
    expect(choicesText([])).toBe('0 choices');
  });
});
