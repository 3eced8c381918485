import { fileProblem, fileSize, lineText, localTime, plural, progressText, valueText } from './format';

describe("the migration page's words and numbers", () => {
  it('counts in words', () => {
    expect([plural(1, 'profile', 'profiles'), plural(0, 'profile', 'profiles'), plural(2, 'profile', 'profiles')]).toEqual(['1 profile', '0 profiles', '2 profiles']);
  });

  it('gives file sizes in bytes, KB or MB', () => {
    expect([fileSize(1), fileSize(1023), fileSize(1536), fileSize(5 * 1024 * 1024)]).toEqual(['1 byte', '1023 bytes', '1.5 KB', '5.0 MB']);
  });

  it('shows profile values as text', () => {
    expect([valueText(null), valueText(undefined), valueText('Basel'), valueText(['a', 'b']), valueText(42), valueText({ a: 1 })]).toEqual(['', '', 'Basel', 'a, b', '42', '{"a":1}']);
  });

  it('tells the progress of a run, never more done than the total', () => {
    expect(progressText({ total: 0, done: 0 })).toBe('Migrating…');
    expect(progressText({ total: 10, done: 3 })).toBe('Migrating… 3 of 10 profiles');
    expect(progressText({ total: 1, done: 5 })).toBe('Migrating… 1 of 1 profile');
  });

  it('refuses a missing, empty or too large file before sending it', () => {
    expect(fileProblem(null)).toBe('Choose the CSV file first.');
    expect(fileProblem({ size: 0 })).toBe('The file is empty.');
    expect(fileProblem({ size: 50 * 1024 * 1024 + 1 })).toMatch(/larger than 50 MB/);
    expect(fileProblem({ size: 10 })).toBeNull();
  });

  it('shows lines and times, or a dash and nothing when there are none', () => {
    expect([lineText(4), lineText(undefined), lineText(null)]).toEqual(['4', '—', '—']);
    expect([localTime(undefined), localTime('not a date')]).toEqual(['', '']);
    expect(localTime('2026-05-14T13:02:00Z')).toMatch(/2026/);
  });
});
