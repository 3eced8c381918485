import { displayText, formatDay, initialsOf, isEmptyValue, linkSegments, originText, relativeTime, telHref, valueView } from './fieldFormat';

const field = (type: string, value: unknown, display: string | string[] | null = value === null ? null : String(value), people?: Array<{ accountId: string; displayName: string | null }>) => ({ type, value, display, people });

describe('a value as people read it, by field type', () => {
  it('shows an empty value of any type as empty', () => {
    for (const value of [null, '', []]) expect(valueView(field('text', value, null))).toEqual({ kind: 'empty' });
    expect([isEmptyValue(0), isEmptyValue(false), isEmptyValue(['a'])]).toEqual([false, false, false]);
  });

  it('links a web address, and shows a value that is none as text', () => {
    expect(valueView(field('url', 'https://zoe.example'))).toEqual({ kind: 'link', href: 'https://zoe.example', text: 'https://zoe.example', external: true });
    expect(valueView(field('url', 'javascript:alert(1)'))).toEqual({ kind: 'plain', text: 'javascript:alert(1)' });
  });

  it('links mail and phone numbers (a tel: link keeps digits and a leading plus)', () => {
    expect(valueView(field('email', 'zoe@example.com'))).toEqual({ kind: 'link', href: 'mailto:zoe@example.com', text: 'zoe@example.com', external: false });
    expect(valueView(field('phone', '+41 44 000 11 22'))).toMatchObject({ href: 'tel:+41440001122', text: '+41 44 000 11 22' });
    expect(telHref('(044) 000-11-22 ext. 5')).toBe('tel:04400011225');
  });

  it('writes a date as a calendar day, without a time zone', () => {
    expect(valueView(field('date', '2024-02-29'))).toEqual({ kind: 'date', dateTime: '2024-02-29', text: '29 February 2024' });
    expect(formatDay('2024-1-5')).toBe('2024-1-5');
  });

  it('names the people of a user field, by account id when they have no name', () => {
    const view = valueView(field('multiuser', ['a', 'b'], ['Bo User', 'b'], [{ accountId: 'a', displayName: 'Bo User' }, { accountId: 'b', displayName: null }]));
    expect(view).toEqual({ kind: 'people', people: [{ accountId: 'a', name: 'Bo User' }, { accountId: 'b', name: 'b' }] });
  });

  it('shows the labels of chosen options, and a select or number as its display text', () => {
    expect(valueView(field('multiselect', ['o1', 'o2'], ['Red', 'Blue']))).toEqual({ kind: 'choices', labels: ['Red', 'Blue'] });
    expect(valueView(field('select', 'o2', 'Blue'))).toEqual({ kind: 'plain', text: 'Blue' });
    expect(valueView(field('number', 42, '42'))).toEqual({ kind: 'plain', text: '42' });
    expect(displayText({ display: ['a', 'b'] })).toBe('a, b');
  });

  it('links the web addresses in text, trailing punctuation left out; other schemes stay text', () => {
    expect(valueView(field('multiline', 'Notes at https://wiki.example/zoe.\nBye'))).toEqual({
      kind: 'text',
      multiline: true,
      segments: [{ text: 'Notes at ' }, { text: 'https://wiki.example/zoe', href: 'https://wiki.example/zoe' }, { text: '.\nBye' }],
    });
    expect(linkSegments('see ftp://x and (https://a.example/b)')).toEqual([{ text: 'see ftp://x and (' }, { text: 'https://a.example/b', href: 'https://a.example/b' }, { text: ')' }]);
  });
});

describe('who, when and where from', () => {
  it('makes initials of the first and last name', () => {
    expect([initialsOf('Zoë Åström'), initialsOf('bo'), initialsOf('Ann Maria Old'), initialsOf(''), initialsOf(null)]).toEqual(['ZÅ', 'B', 'AO', '?', '?']);
  });

  it('says how long ago, then the day', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    const ago = (seconds: number) => relativeTime(new Date(now - seconds * 1000).toISOString(), now);
    expect([ago(10), ago(60), ago(300), ago(3600), ago(7200), ago(86_400), ago(3 * 86_400)]).toEqual(['just now', 'a minute ago', '5 minutes ago', 'an hour ago', '2 hours ago', 'yesterday', '3 days ago']);
    expect(ago(40 * 86_400)).toMatch(/^on \d{1,2} January 2026$/);
    expect(relativeTime('not a date', now)).toBe('');
  });

  it('says where a value comes from', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(originText({ kind: 'user' })).toBe('Edited by the person');
    expect(originText({ kind: 'migration' })).toBe('Migrated');
    expect(originText({ kind: 'ldap', sourceName: 'Corp LDAP', syncedAt: '2026-03-10T11:55:00Z' }, now)).toBe('From Corp LDAP · synced 5 minutes ago');
    expect(originText({ kind: 'xml', sourceName: '', syncedAt: null })).toBe('From XML');
    expect(originText(null)).toBeNull();
  });
});
