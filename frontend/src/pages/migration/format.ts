/**
 * Words and numbers of the Profile Migration page: pure functions, unit-tested in format.test.ts.
 */

/** plural(3, 'profile', 'profiles') → '3 profiles'. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A file's size as people read it: bytes, KB or MB with one decimal. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return plural(bytes, 'byte', 'bytes');
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A profile value as text: strings as they are, lists joined, anything else as JSON; '' for none. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  return JSON.stringify(value);
}

/** In the viewer's zone and language, e.g. "14 May 2025, 15:02"; '' for a value that is no date. */
export function localTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "Migrating… 3 of 10 profiles" (or just "Migrating…" before the total is known). */
export function progressText(run: { total?: number | null; done?: number | null }): string {
  const total = run.total ?? 0;
  const done = Math.min(run.done ?? 0, total);
  if (!total) return 'Migrating…';
  return `Migrating… ${done} of ${plural(total, 'profile', 'profiles')}`;
}

/** The largest file the server takes (its limit for a migration's body). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** Why a CSV file cannot be sent, or null when it can. */
export function fileProblem(file: { size: number } | null): string | null {
  if (!file) return 'Choose the CSV file first.';
  if (file.size === 0) return 'The file is empty.';
  if (file.size > MAX_FILE_BYTES) return 'The file is larger than 50 MB: split it into several files and migrate them one after the other.';
  return null;
}

/** A line number as the tables show it ('—' when the source has no lines). */
export function lineText(line: number | null | undefined): string {
  return line === null || line === undefined ? '—' : String(line);
}
