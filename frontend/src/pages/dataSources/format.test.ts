import { countsSummary, duration, fileSize, lastSyncState, listWords, locationText, nextRunText, plural, progressText, relative, sampleValueText, utcTime, xmlErrorMessage, xmlPosition } from './format';
import type { Source, SyncRun } from '../../api/sources';

const NOW = Date.UTC(2026, 4, 14, 12, 0, 0);
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

describe('times', () => {
  it('says how long ago or how soon, in words', () => {
    expect(relative(at(-10), NOW)).toBe('just now');
    expect(relative(at(20), NOW)).toBe('in a moment');
    expect(relative(at(-180), NOW)).toBe('3 minutes ago');
    expect(relative(at(2 * 3600), NOW)).toBe('in 2 hours');
    expect(relative(at(-86400), NOW)).toBe('yesterday');
    expect(relative(null, NOW)).toBe('');
  });

  it('shows schedules in UTC, with the next run and how soon it is', () => {
    expect(utcTime('2026-05-14T15:00:00Z')).toMatch(/14.*15:00 UTC$/);
    expect(nextRunText(at(3 * 3600), NOW)).toMatch(/^Next run .+ UTC \(in 3 hours\)$/);
    expect(utcTime('not a date')).toBe('');
  });

  it('writes durations from milliseconds to hours', () => {
    expect(duration(850)).toBe('850 ms');
    expect(duration(4200)).toBe('4.2 s');
    expect(duration(200_000)).toBe('3 min 20 s');
    expect(duration(3_900_000)).toBe('1 h 5 min');
    expect(duration(null)).toBe('');
  });
});

describe('counts and words', () => {
  it('summarises a run: seen always, the other counts when not zero', () => {
    expect(countsSummary({ counts: { seen: 4, added: 3, updated: 0, unchanged: 0, unmatched: 1, failed: 0, removed: 0 } } as SyncRun)).toBe('4 seen · 3 added · 1 unmatched');
    expect(countsSummary({ counts: {} } as SyncRun)).toBe('0 seen');
  });

  it('counts in the singular or plural', () => {
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(0, 'entry', 'entries')).toBe('0 entries');
  });

  it('lists field labels as people write them', () => {
    expect(listWords(['Department'])).toBe('Department');
    expect(listWords(['Department', 'Phone', 'Team'])).toBe('Department, Phone and Team');
  });

  it('writes sizes in bytes, KB or MB', () => {
    expect(fileSize(812)).toBe('812 bytes');
    expect(fileSize(1536)).toBe('1.5 KB');
    expect(fileSize(3.5 * 1048576)).toBe('3.5 MB');
  });

  it('says where a source reads from', () => {
    const xml = (location: object, file: Source['file'] = null) => ({ kind: 'xml', settings: { location }, file }) as unknown as Source;
    expect(locationText(xml({ kind: 'path', path: 'hr/identities.xml' }))).toBe('Server file: hr/identities.xml');
    expect(locationText(xml({ kind: 'url', url: 'https://hr.example.com/x.xml' }))).toBe('https://hr.example.com/x.xml');
    expect(locationText(xml({ kind: 'upload' }))).toBe('Upload: no file yet');
    expect(locationText(xml({ kind: 'upload' }, { name: 'export.xml', size: 900, sha256: 'x', uploadedAt: at(0) }))).toBe('Uploaded: export.xml (900 bytes)');
    expect(locationText({ kind: 'ldap', settings: { url: 'ldap://ldap.example.com' }, file: undefined } as unknown as Source)).toBe('ldap://ldap.example.com');
  });
});

describe('a run in progress', () => {
  const running = (progress: object) => ({ progress }) as SyncRun;
  it('names its phase, then done of total when the total is known', () => {
    expect(progressText(running({ phase: 'accounts' }), 0, 'ldap')).toBe('Reading Confluence accounts…');
    expect(progressText(running({ phase: 'reading', done: 40, ratePerSecond: 20 }), 100, 'ldap')).toBe('Reading the directory… · 40 of 100 entries · 20 per second');
    expect(progressText(running({ phase: 'reading', done: 1 }), 0, 'xml')).toBe('Reading the file… · 1 record so far');
    expect(progressText(running({}), 0, 'ldap')).toBe('Starting…');
  });
});

describe('test results', () => {
  it('shows person references as their value and select options as their labels', () => {
    expect(sampleValueText({ ref: 'dn', value: 'uid=max,ou=people' })).toBe('uid=max,ou=people');
    expect(sampleValueText(['o1', 'o2'], [{ id: 'o1', label: 'LDAP' }, { id: 'o2', label: 'SQL' }])).toBe('LDAP, SQL');
    expect(sampleValueText('')).toBe('');
  });

  it("takes the position out of an XML parse error's message, which shows it apart", () => {
    expect(xmlErrorMessage({ message: '3:12: unexpected close tag (line 3, column 12)', line: 3, column: 12 })).toBe('Unexpected close tag');
    expect(xmlErrorMessage({ message: 'The file could not be read.' })).toBe('The file could not be read.');
    expect(xmlPosition({ line: 3, column: 46 })).toBe('line 3, column 46');
  });
});

describe('the Last LDAP sync date as typed', () => {
  it('is a full run when empty, kept when saved, a change otherwise, and not yet a date when malformed', () => {
    expect(lastSyncState('', null)).toBe('full');
    expect(lastSyncState('23-05-2016 15:00:00', '23-05-2016 15:00:00')).toBe('set');
    expect(lastSyncState('24-05-2016 15:00:00', '23-05-2016 15:00:00')).toBe('changed');
    expect(lastSyncState('2016-05-23 15:00', null)).toBe('invalid');
  });
});
