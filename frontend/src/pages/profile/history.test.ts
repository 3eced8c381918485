import { changedBy, whatChanged } from './history';

describe("a profile's history in words", () => {
  it('names who changed it: a person, a sync of a source, the migration, Rollcall', () => {
    expect(changedBy({ by: 'person', actor: { accountId: 'a', displayName: 'Zoë' }, run: null })).toBe('Zoë');
    expect(changedBy({ by: 'person', actor: { accountId: 'a', displayName: null }, run: null })).toBe('Someone no longer on this site');
    expect(changedBy({ by: 'sync', actor: null, run: { id: '3', sourceId: '1', sourceName: 'Corporate LDAP' } })).toBe('A sync of Corporate LDAP');
    expect(changedBy({ by: 'sync', actor: null, run: { id: '3', sourceId: null, sourceName: null } })).toBe('A directory sync');
    expect(changedBy({ by: 'migration', actor: null, run: null })).toBe('Profile Migration');
    expect(changedBy({ by: 'system', actor: null, run: null })).toBe('Rollcall');
  });

  it('says what changed, field by field, with a dash for no value, and the picture', () => {
    const change = { field: 'position', label: 'Position', type: 'text', before: null, after: 'Lead', beforeText: null, afterText: 'Lead', source: 'user' };
    expect(whatChanged({ action: 'profile.edited', changes: [change, { ...change, field: 'x', label: 'x', type: null, afterText: null }] })).toEqual(['Position: — → Lead', 'x (a field since deleted) changed']);
    expect(whatChanged({ action: 'picture.uploaded', changes: null })).toEqual(['Picture changed']);
    expect(whatChanged({ action: 'picture.removed', changes: null })).toEqual(['Picture removed']);
  });
});
