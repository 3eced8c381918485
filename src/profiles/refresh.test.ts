import { refreshesOf } from './refresh';

describe('refreshesOf', () => {
  const stored = {
    values: { position: 'Engineer', phone: '+41 1', langs: ['de', 'fr'], office: 'Zürich', im: 'zoe.a' },
    valueSources: { position: 'ldap:1', phone: 'ldap:1', langs: 'ldap:1', office: 'xml:2', im: 'user' },
  };
  const all = new Set(['position', 'phone', 'langs', 'office', 'im', 'room']);

  it('lists the values the directory changed, with the stored one and the source to record', () => {
    const live = { position: { value: 'Staff engineer', sourceId: '1' }, phone: { value: '+41 1', sourceId: '1' }, langs: { value: ['de', 'fr'], sourceId: '1' } };
    expect([...refreshesOf(stored, live, all)]).toEqual([['position', { before: 'Engineer', value: 'Staff engineer', source: 'ldap:1' }]]);
  });

  it('counts a cleared attribute as a change, and an empty one that was empty as none', () => {
    const live = { phone: { value: null, sourceId: '1' }, room: { value: null, sourceId: '1' } };
    expect([...refreshesOf(stored, live, all)]).toEqual([['phone', { before: '+41 1', value: null, source: 'ldap:1' }]]);
  });

  it('leaves out fields outside `keys` (a category the viewer cannot see) and fields an XML source filled', () => {
    const live = { position: { value: 'CEO', sourceId: '1' }, office: { value: 'Bern', sourceId: '1' } };
    expect(refreshesOf(stored, live, new Set(['phone'])).size).toBe(0);
    expect([...refreshesOf(stored, live, all).keys()]).toEqual(['position']);
  });

  it('takes a directory value over a person\'s own for a field a source now maps, and works without a stored profile', () => {
    const live = { im: { value: 'zoe', sourceId: '3' } };
    expect(refreshesOf(stored, live, all).get('im')).toEqual({ before: 'zoe.a', value: 'zoe', source: 'ldap:3' });
    expect(refreshesOf(null, live, all).get('im')).toEqual({ before: null, value: 'zoe', source: 'ldap:3' });
  });
});
