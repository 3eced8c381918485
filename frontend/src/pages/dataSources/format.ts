/**
 * Words, times and numbers of the Data Sources page: pure functions, unit-tested in format.test.ts.
 */
import type { Source, SyncRun } from '../../api/sources';

/** plural(3, 'entry', 'entries') → '3 entries'. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function toDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Schedules run in UTC: e.g. "Wed, 14 May, 15:00 UTC"; '' for no date. */
export function utcTime(iso: string | null | undefined): string {
  const d = toDate(iso);
  if (!d) return '';
  return `${d.toLocaleString(undefined, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })} UTC`;
}

/** In the viewer's zone and language, e.g. "14 May 2025, 15:02". */
export function localTime(iso: string | null | undefined): string {
  const d = toDate(iso);
  return d ? d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

/** "3 minutes ago", "in 2 hours", "just now" (`now` in ms, for tests). */
export function relative(iso: string | null | undefined, now: number = Date.now()): string {
  const d = toDate(iso);
  if (!d) return '';
  const seconds = Math.round((d.getTime() - now) / 1000);
  if (Math.abs(seconds) < 45) return seconds <= 0 ? 'just now' : 'in a moment';
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) ?? units[2];
  return format.format(Math.round(seconds / size), unit);
}

/** "850 ms", "4.2 s", "3 min 20 s", "1 h 5 min"; '' for none. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  return hours ? `${hours} h ${minutes} min` : `${minutes} min ${total % 60} s`;
}

/** "Next run Wed, 14 May, 15:00 UTC (in 2 hours)". */
export function nextRunText(iso: string, now: number = Date.now()): string {
  return `Next run ${utcTime(iso)} (${relative(iso, now)})`;
}

/** "812 bytes", "1.2 KB", "3.4 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return plural(bytes, 'byte', 'bytes');
  if (bytes < 1048576) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

export const COUNT_KEYS = ['seen', 'added', 'updated', 'unchanged', 'unmatched', 'failed', 'removed'] as const;
export type CountKey = (typeof COUNT_KEYS)[number];
export const COUNT_LABELS: Record<CountKey, string> = { seen: 'Seen', added: 'Added', updated: 'Updated', unchanged: 'Unchanged', unmatched: 'Unmatched', failed: 'Failed', removed: 'Removed' };

/** A run's counts, every key present (0 when the server sent none). */
export function countsOf(run: Pick<SyncRun, 'counts'> | null | undefined): Record<CountKey, number> {
  const counts = (run?.counts ?? {}) as Partial<Record<CountKey, number>>;
  return Object.fromEntries(COUNT_KEYS.map((k) => [k, typeof counts[k] === 'number' ? counts[k] : 0])) as Record<CountKey, number>;
}

/** "4 seen · 3 added · 1 unmatched": seen always, the others when not zero. */
export function countsSummary(run: Pick<SyncRun, 'counts'> | null | undefined): string {
  const counts = countsOf(run);
  return COUNT_KEYS.filter((k) => k === 'seen' || counts[k] > 0)
    .map((k) => `${counts[k]} ${COUNT_LABELS[k].toLowerCase()}`)
    .join(' · ');
}

/** "Department and Phone", "Department, Phone and Team". */
export function listWords(labels: string[]): string {
  if (labels.length < 2) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/** Where an XML source's file is, in a few words; an LDAP source's URL. */
export function locationText(source: Pick<Source, 'kind' | 'settings' | 'file'>): string {
  const settings = (source.settings ?? {}) as { url?: string; location?: { kind?: string; path?: string; url?: string } };
  if (source.kind !== 'xml') return settings.url ?? '';
  const location = settings.location ?? {};
  if (location.kind === 'path') return `Server file: ${location.path ?? ''}`;
  if (location.kind === 'url') return location.url ?? '';
  return source.file ? `Uploaded: ${source.file.name} (${fileSize(source.file.size)})` : 'Upload: no file yet';
}

/** What a progress bar shows of a run: its phase, done of total when the total is a real estimate, the rate. */
export function progressText(run: Pick<SyncRun, 'progress'>, total: number, kind: 'ldap' | 'xml'): string {
  const progress = (run.progress ?? {}) as { phase?: string; done?: number; ratePerSecond?: number };
  const done = typeof progress.done === 'number' ? progress.done : 0;
  const [one, many] = kind === 'xml' ? ['record', 'records'] : ['entry', 'entries'];
  const phases: Record<string, string> = {
    starting: 'Starting…',
    accounts: 'Reading Confluence accounts…',
    reading: kind === 'xml' ? 'Reading the file…' : 'Reading the directory…',
    done: 'Finishing…',
    failed: 'Failed',
  };
  const parts = [(progress.phase && (phases[progress.phase] ?? progress.phase)) || 'Starting…'];
  if (total) parts.push(`${done} of ${total} ${many}`);
  else if (done) parts.push(`${plural(done, one, many)} so far`);
  if (progress.ratePerSecond) parts.push(`${progress.ratePerSecond} per second`);
  return parts.join(' · ');
}

/** A sample value as text: person references as their value (a DN, an email), select options as labels. */
export function sampleValueText(value: unknown, options: Array<{ id: string; label: string }> = []): string {
  if (value === null || value === undefined || value === '') return '';
  if (Array.isArray(value)) return value.map((v) => sampleValueText(v, options)).filter(Boolean).join(', ');
  if (typeof value === 'object') {
    const ref = value as { value?: unknown };
    return ref.value !== undefined ? String(ref.value) : JSON.stringify(value);
  }
  const option = options.find((o) => o.id === value);
  return option ? option.label : String(value);
}

/** Whether a sample value is a person reference ({ref, value}, or a list of them). */
export function isReference(value: unknown): value is { ref: string } | Array<{ ref: string }> {
  const first = Array.isArray(value) ? value[0] : value;
  return !!first && typeof first === 'object' && 'ref' in first && !!(first as { ref?: unknown }).ref;
}

/** An XML parse error's message without the position the page shows apart ("3:12: " before, "(line 3, column 12)" after). */
export function xmlErrorMessage(error: { message?: string; line?: number; column?: number }): string {
  let message = error.message ?? '';
  if (typeof error.line !== 'number') return message;
  const suffix = ` (line ${error.line}, column ${error.column})`;
  if (message.length > suffix.length && message.endsWith(suffix)) message = message.slice(0, -suffix.length);
  message = message.replace(/^\d+:\d+: /, '');
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** "line 3, column 46". */
export function xmlPosition(error: { line?: number; column?: number | null }): string {
  return `line ${error.line}${error.column !== undefined && error.column !== null ? `, column ${error.column}` : ''}`;
}

/** The Last LDAP sync date as typed: dd-MM-yyyy HH:mm:ss (the server says more on save). */
export function lastSyncState(value: string, saved: string | null): 'invalid' | 'full' | 'set' | 'changed' {
  const typed = value.trim();
  if (typed && !/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/.test(typed)) return 'invalid';
  if (!typed) return 'full';
  return typed === saved ? 'set' : 'changed';
}
