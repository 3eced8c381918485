import { findMarkup, keyFromLabel } from './text';

describe('keyFromLabel', () => {
  it.each([
    ['Cost center', 'cost_center'],
    ['Kostenstelle (Zürich)', 'kostenstelle_zurich'],
    ['  Ünïcödé  Nämé ', 'unicode_name'],
    ['2nd phone', 'f_2nd_phone'],
    ['日本語', 'field'],
    ['A'.repeat(80), 'a'.repeat(40)],
  ])('%j → %s', (label, key) => {
    expect(keyFromLabel(label, new Set())).toBe(key);
  });

  it('adds a suffix when the key is taken', () => {
    expect(keyFromLabel('Phone', new Set(['phone', 'phone_2']))).toBe('phone_3');
  });
});

describe('findMarkup', () => {
  it.each(['<b>bold</b>', 'a <script>x</script>', '<!-- c -->', '<a href="x">', 'see javascript:alert(1)', '< img src=x>'])('finds markup in %j', (text) => {
    expect(findMarkup(text)).toBeDefined();
  });

  it.each(['2 < 3 and 5 > 4', 'Ask finance & HR', 'email me: a@b.c', ''])('lets plain text %j through', (text) => {
    expect(findMarkup(text)).toBeUndefined();
  });
});
