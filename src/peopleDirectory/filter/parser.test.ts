import fc from 'fast-check';
import type { FilterNode, PatternPart } from './ast';
import { FilterError } from './errors';
import { MAX_QUERY_LENGTH, parseFilter } from './parser';
import { printFilter } from './printer';

/** The tree without offsets, to compare shapes. */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'at').map(([k, v]) => [k, shape(v)]));
  return node;
}
const parsed = (q: string) => shape(parseFilter(q));
const text = (t: string, quoted = false) => ({ type: 'text', pattern: [{ text: t }], quoted });
const field = (name: string, value: string, quoted = false) => ({ type: 'field', field: { name, quoted: false }, condition: { kind: 'match', pattern: [{ text: value }], quoted } });

function errorOf(query: string): FilterError {
  try {
    parseFilter(query);
  } catch (e) {
    if (e instanceof FilterError) return e;
    throw e;
  }
  throw new Error(`${query} parsed`);
}

describe('the filter language', () => {
  it('an empty or blank query is everyone', () => {
    expect(parseFilter('')).toBeNull();
    expect(parseFilter('   ')).toBeNull();
  });

  it('free text: words side by side are ANDed', () => {
    expect(parsed('ada berlin')).toEqual({ type: 'and', items: [text('ada'), text('berlin')] });
  });

  it('a quoted phrase is one term', () => {
    expect(parsed('"ada lovelace"')).toEqual(text('ada lovelace', true));
  });

  it('field terms by key and by quoted label', () => {
    expect(parsed('location:Berlin')).toEqual(field('location', 'Berlin'));
    expect(parsed('"Job title":Engineer')).toEqual({ type: 'field', field: { name: 'Job title', quoted: true }, condition: { kind: 'match', pattern: [{ text: 'Engineer' }], quoted: false } });
  });

  it('the LUP case: a quoted value holding parentheses, a colon and escaped quotes', () => {
    expect(parsed('department:"R&D (Berlin)"')).toEqual(field('department', 'R&D (Berlin)', true));
    expect(parsed('department:"Ops: \\"Night\\" (2)"')).toEqual(field('department', 'Ops: "Night" (2)', true));
    expect(parsed('(department:"R&D (Berlin)" OR department:"QA (Paris)") -has:phone')).toEqual({
      type: 'and',
      items: [
        { type: 'or', items: [field('department', 'R&D (Berlin)', true), field('department', 'QA (Paris)', true)] },
        { type: 'not', item: { type: 'has', field: { name: 'phone', quoted: false } } },
      ],
    });
  });

  it('a bare value may hold colons and escaped parentheses', () => {
    expect(parsed('time:12:30')).toEqual(field('time', '12:30'));
    expect(parsed('department:R&D\\ \\(Berlin\\)')).toEqual(field('department', 'R&D (Berlin)'));
  });

  it('wildcards * and ?, and escaped ones are literal', () => {
    const w = (pattern: PatternPart[]) => ({ type: 'field', field: { name: 'location', quoted: false }, condition: { kind: 'match', pattern, quoted: false } });
    expect(parsed('location:Ber*')).toEqual(w([{ text: 'Ber' }, { wildcard: '*' }]));
    expect(parsed('location:?erlin')).toEqual(w([{ wildcard: '?' }, { text: 'erlin' }]));
    expect(parsed('location:Ber\\*')).toEqual(w([{ text: 'Ber*' }]));
    expect(shape(parseFilter('"a*b\\?"'))).toEqual({ type: 'text', pattern: [{ text: 'a' }, { wildcard: '*' }, { text: 'b?' }], quoted: true });
  });

  it('comparisons and ranges', () => {
    const c = (condition: object) => ({ type: 'field', field: { name: 'start', quoted: false }, condition });
    expect(parsed('start:>2020-01-01')).toEqual(c({ kind: 'compare', op: '>', value: '2020-01-01' }));
    expect(parsed('start:>=2020')).toEqual(c({ kind: 'compare', op: '>=', value: '2020' }));
    expect(parsed('start:<5')).toEqual(c({ kind: 'compare', op: '<', value: '5' }));
    expect(parsed('start:<=5.5')).toEqual(c({ kind: 'compare', op: '<=', value: '5.5' }));
    expect(parsed('start:2020-01-01..2020-12-31')).toEqual(c({ kind: 'range', from: '2020-01-01', to: '2020-12-31' }));
    expect(parsed('start:1.5..')).toEqual(c({ kind: 'range', from: '1.5', to: null }));
    expect(parsed('start:..10')).toEqual(c({ kind: 'range', from: null, to: '10' }));
  });

  it('has:, -has: and is:left', () => {
    expect(parsed('has:phone')).toEqual({ type: 'has', field: { name: 'phone', quoted: false } });
    expect(parsed('has:"Mobile phone"')).toEqual({ type: 'has', field: { name: 'Mobile phone', quoted: true } });
    expect(parsed('-has:phone')).toEqual({ type: 'not', item: { type: 'has', field: { name: 'phone', quoted: false } } });
    expect(parsed('is:left')).toEqual({ type: 'is', state: 'left' });
    expect(parsed('-is:left')).toEqual({ type: 'not', item: { type: 'is', state: 'left' } });
  });

  describe('operators and precedence', () => {
    it('NOT binds tighter than AND, AND tighter than OR', () => {
      expect(parsed('a OR b c')).toEqual({ type: 'or', items: [text('a'), { type: 'and', items: [text('b'), text('c')] }] });
      expect(parsed('a b OR c')).toEqual({ type: 'or', items: [{ type: 'and', items: [text('a'), text('b')] }, text('c')] });
      expect(parsed('a AND b OR c AND d')).toEqual({
        type: 'or',
        items: [
          { type: 'and', items: [text('a'), text('b')] },
          { type: 'and', items: [text('c'), text('d')] },
        ],
      });
      expect(parsed('NOT a b')).toEqual({ type: 'and', items: [{ type: 'not', item: text('a') }, text('b')] });
      expect(parsed('-a OR b')).toEqual({ type: 'or', items: [{ type: 'not', item: text('a') }, text('b')] });
    });

    it('parentheses group', () => {
      expect(parsed('(a OR b) c')).toEqual({ type: 'and', items: [{ type: 'or', items: [text('a'), text('b')] }, text('c')] });
      expect(parsed('NOT (a OR b)')).toEqual({ type: 'not', item: { type: 'or', items: [text('a'), text('b')] } });
      expect(parsed('-(a b)')).toEqual({ type: 'not', item: { type: 'and', items: [text('a'), text('b')] } });
      expect(parsed('((a))')).toEqual(text('a'));
      expect(parsed('a(b)')).toEqual({ type: 'and', items: [text('a'), text('b')] });
      // A group of the same operator joins its chain: one tree per meaning.
      expect(parsed('(a b) c')).toEqual(parsed('a b c'));
      expect(parsed('a OR (b OR c)')).toEqual(parsed('a OR b OR c'));
    });

    it('explicit AND is the same as side by side; chains stay flat', () => {
      expect(parsed('a AND b AND c')).toEqual(parsed('a b c'));
      expect(parsed('a OR b OR c')).toEqual({ type: 'or', items: [text('a'), text('b'), text('c')] });
    });

    it('operators are upper case; lower case they are words, quoted they are text', () => {
      expect(parsed('a or b')).toEqual({ type: 'and', items: [text('a'), text('or'), text('b')] });
      expect(parsed('"OR"')).toEqual(text('OR', true));
      expect(parsed('ORANGE')).toEqual(text('ORANGE'));
      expect(parsed('NOTE')).toEqual(text('NOTE'));
    });

    it('a hyphen inside a word is part of it', () => {
      expect(parsed('co-op')).toEqual(text('co-op'));
    });
  });

  describe('errors carry the column and what was expected', () => {
    it('refuses control characters with their column (the search documents separate fields with two of them)', () => {
      const e = errorOf('dept:"Eng\u001esalary\u001f9*"');
      expect([e.column, e.message]).toEqual([10, 'The query holds a control character (U+001E): remove it']);
      expect(errorOf('a\tb').column).toBe(2);
      expect(parseFilter('dept:"R&D (Berlin)" Zürich')).not.toBeNull();
    });

    it('refuses nesting deeper than 32, at the node past it', () => {
      expect(() => parseFilter(`${'-'.repeat(32)}a`)).not.toThrow();
      const e = errorOf(`${'-'.repeat(1000)}a`);
      expect([e.column, e.message]).toEqual([34, 'The query nests NOT, - and parentheses more than 32 deep']);
      expect(errorOf(`${'(a OR -'.repeat(40)}b${')'.repeat(40)}`).message).toMatch(/more than 32 deep/);
    });

    it.each([
      ['department:', 12, ['a value'], "Expected a value after 'department:' at column 12"],
      ['(a OR b', 8, ['")"'], "Expected \")\" after 'b' at column 8"],
      ['"abc', 5, ['a closing quote (")'], 'Expected a closing quote (") after \'"abc\' at column 5'],
      ['department:"R&D (Berlin)', 25, ['a closing quote (")'], undefined],
      ['a AND', 6, ['a search term'], "Expected a search term after 'AND' at column 6"],
      ['x OR', 5, ['a search term'], undefined],
      ['-', 2, ['a search term'], undefined],
      ['start:>', 8, ['a number or a date'], undefined],
      ['NOT', 4, ['a search term'], undefined],
    ])('%s', (query, column, expected, message) => {
      const error = errorOf(query);
      expect(error.column).toBe(column);
      expect(error.detail.expected).toEqual(expected);
      if (message) expect(error.message).toBe(message);
    });

    it('an unexpected closing parenthesis', () => {
      const error = errorOf('a )');
      expect(error.column).toBe(3);
      expect(error.message).toBe("Unexpected ')' at column 3: no '(' to close");
    });

    it('has: and is: take what they take', () => {
      expect(errorOf('has:ph*').column).toBe(5);
      expect(errorOf('has:ph*').message).toMatch(/has: takes a field name/);
      expect(errorOf('is:gone').column).toBe(4);
      expect(errorOf('is:gone').message).toMatch(/is: takes only "left"/);
    });

    it('a query too long to be a search', () => {
      expect(errorOf('a'.repeat(MAX_QUERY_LENGTH + 1)).message).toMatch(/longer than/);
    });
  });

  describe('printing', () => {
    it.each([
      'ada berlin',
      'department:"R&D (Berlin)" OR -has:phone',
      '(a OR b) c',
      '-(a b)',
      'location:Ber* position:?ngineer',
      'start:2020-01-01..2020-12-31 age:>=30 x:..5',
      '"Job title":"Senior \\"lead\\""',
      'is:left',
      'department:R&D\\ \\(Berlin\\)',
      'a\\:b \\-x \\OR',
      'v:\\<5 w:a\\..b',
    ])('%s prints back to the same tree', (query) => {
      expect(parsed(printFilter(parseFilter(query)))).toEqual(parsed(query));
    });

    it('parse → print → parse keeps the tree for any query that parses', () => {
      const alphabet = fc.constantFrom('a', 'B', ' ', '(', ')', '"', '\\', ':', '*', '?', '-', '.', '>', '<', '=', 'OR ', 'AND ', 'NOT ', 'has:', 'is:left', 'é');
      fc.assert(
        fc.property(fc.array(alphabet, { maxLength: 20 }).map((a) => a.join('')), (query) => {
          let tree: FilterNode | null;
          try {
            tree = parseFilter(query);
          } catch (e) {
            if (e instanceof FilterError) return true;
            throw e;
          }
          expect(shape(parseFilter(printFilter(tree)))).toEqual(shape(tree));
          return true;
        }),
        { numRuns: 3000 },
      );
    });
  });
});
