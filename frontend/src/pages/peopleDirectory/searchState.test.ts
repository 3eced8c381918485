import { addTerm, containsTerm, DEFAULT_SEARCH, hasTopLevelOr, parseSearchState, searchStateString, splitAtColumn } from './searchState';

describe('the search in the address', () => {
  it('round-trips a query with quotes, parentheses, ampersands and colons', () => {
    const search = { q: 'department:"R&D (Berlin)" -is:left', sort: 'location', order: 'desc' as const };
    const state = searchStateString(search);
    expect(state).not.toContain('&D');
    expect(parseSearchState(state)).toEqual(search);
  });

  it('keeps only what differs from the default', () => {
    expect(searchStateString(DEFAULT_SEARCH)).toBe('');
    expect(searchStateString({ ...DEFAULT_SEARCH, q: 'ada' })).toBe('q=ada');
  });

  it('falls back to the default for a missing or malformed state', () => {
    expect(parseSearchState('')).toEqual(DEFAULT_SEARCH);
    expect(parseSearchState('sort=%3Cscript%3E&order=sideways')).toEqual(DEFAULT_SEARCH);
  });
});

describe('adding a facet term to the query', () => {
  it('adds the term to an empty query or after the query', () => {
    expect(addTerm('', 'location:Berlin')).toBe('location:Berlin');
    expect(addTerm('  ada ', 'location:Berlin')).toBe('ada location:Berlin');
  });

  it('does not add a term the query already has', () => {
    expect(addTerm('ada department:"R&D (Berlin)"', 'department:"R&D (Berlin)"')).toBe('ada department:"R&D (Berlin)"');
    expect(addTerm('(department:"R&D (Berlin)")', 'department:"R&D (Berlin)"')).toBe('(department:"R&D (Berlin)")');
  });

  it('puts a query with a top-level OR in parentheses, so the term narrows all of it', () => {
    expect(addTerm('ada OR grace', 'location:Berlin')).toBe('(ada OR grace) location:Berlin');
    expect(addTerm('(ada OR grace) -is:left', 'location:Berlin')).toBe('(ada OR grace) -is:left location:Berlin');
  });

  it('does not see OR or a term inside a quoted value', () => {
    expect(hasTopLevelOr('position:"A OR B"')).toBe(false);
    expect(containsTerm('team:"x location:Berlin"', 'location:Berlin')).toBe(false);
    expect(containsTerm('location:Berliner', 'location:Berlin')).toBe(false);
  });
});

it('splits the query at an error column (1-based), clamped to the query', () => {
  expect(splitAtColumn('department:', 12)).toEqual({ before: 'department:', at: '', after: '' });
  expect(splitAtColumn('a (b', 3)).toEqual({ before: 'a ', at: '(', after: 'b' });
  expect(splitAtColumn('ab', 0)).toEqual({ before: '', at: 'a', after: 'b' });
});
