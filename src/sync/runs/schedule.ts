import cron from 'node-cron';
import cronstrue from 'cronstrue';

/** Every 3 hours, on the hour: the default schedule of "Bulk profile update (LDAP sync)". */
export const DEFAULT_SCHEDULE = '0 */3 * * *';

/** Every 15 minutes: the default schedule of incremental runs. */
export const DEFAULT_INCREMENTAL_SCHEDULE = '*/15 * * * *';

/** Schedules run in UTC, whatever the server's zone; the page says so. */
export const SCHEDULE_TIMEZONE = 'UTC';

/** The shortest time allowed between two runs of one schedule, when the operator sets none (SYNC_MIN_INTERVAL_MINUTES). */
export const DEFAULT_MIN_INTERVAL_MINUTES = 15;

/** The largest minimum interval an operator may set: a day (gaps longer than that are not computed). */
export const MAX_MIN_INTERVAL_MINUTES = 1440;

/** What the operator allows of schedules: every run refreshes all of the tenant's accounts, so not too often. */
export interface ScheduleRules {
  /** Minutes that must pass between two consecutive runs of one schedule (1–1440). */
  minIntervalMinutes: number;
}

/**
 * Why a cron expression is invalid, or undefined when it is valid: exactly 5 fields (minute hour
 * day-of-month month day-of-week). node-cron also takes a leading seconds field; Rollcall does not,
 * since a schedule firing every second would refresh every account every second.
 */
export function validateCron(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `must have 5 fields (minute hour day-of-month month day-of-week), not ${fields.length}`;
  const result = cron.validateDetailed(expression.trim());
  if (result.valid) return undefined;
  return result.errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'is not a valid cron expression';
}

/** The shortest time between two consecutive firings of a valid 5-field expression (UTC). */
export interface ShortestInterval {
  minutes: number;
  /** True when every pair of consecutive firings is that far apart (`*\/5 * * * *`), false when only some are (`0,1 * * * *`). */
  regular: boolean;
  /** Two consecutive firings that far apart, as HH:MM (UTC). */
  example: [string, string];
}

const MINUTES_A_DAY = 1440;
const hhmm = (minuteOfDay: number) => `${String(Math.floor(minuteOfDay / 60) % 24).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;

/**
 * The shortest gap between consecutive firings of a valid 5-field expression, up to a day; null
 * when no two firings are less than a day apart (or it never fires).
 *
 * The times of day a cron expression fires (its minute × hour fields) are the same on every day it
 * fires, so the gaps within a day are read from them. A gap across midnight, from the day's last
 * firing to the next day's first, is shorter than a day only when two consecutive days both fire:
 * that is looked for only when such a gap could be the shortest, day by day over the 400-year
 * Gregorian cycle (every combination of date, weekday and leap year), or over 28 years for the
 * special day tokens (L, W, #), which node-cron itself is asked about.
 */
export function shortestInterval(expression: string): ShortestInterval | null {
  const key = expression.trim();
  if (!intervals.has(key)) {
    // The scheduler asks again at every reload: keep the answers (a rare expression scans 146,097 days).
    if (intervals.size >= 1000) intervals.delete(intervals.keys().next().value!);
    intervals.set(key, computeShortestInterval(key));
  }
  return intervals.get(key)!;
}

const intervals = new Map<string, ShortestInterval | null>();

function computeShortestInterval(expression: string): ShortestInterval | null {
  const parsed = cron.validateDetailed(expression.trim());
  if (!parsed.valid || !parsed.fields) throw new Error(`not a valid cron expression: ${expression}`);
  const { minute, hour, dayOfMonth, month, dayOfWeek } = parsed.fields;
  const times = [...new Set(hour.flatMap((h) => minute.map((m) => h * 60 + m)))].sort((a, b) => a - b);
  const gaps: Array<{ minutes: number; from: number; to: number }> = [];
  for (let i = 1; i < times.length; i++) gaps.push({ minutes: times[i] - times[i - 1], from: times[i - 1], to: times[i] });
  const acrossMidnight = { minutes: MINUTES_A_DAY - times[times.length - 1] + times[0], from: times[times.length - 1], to: times[0] };
  const everyDay = dayOfMonth.length === 31 && month.length === 12 && dayOfWeek.length === 7;
  const shortestWithin = Math.min(...gaps.map((g) => g.minutes));
  if (everyDay || (acrossMidnight.minutes < shortestWithin && twoConsecutiveDaysFire(expression, dayOfMonth, month, dayOfWeek))) gaps.push(acrossMidnight);
  if (gaps.length === 0) return null;
  const best = gaps.reduce((a, b) => (b.minutes < a.minutes ? b : a));
  // On a schedule that skips days, the gap over a skipped day is longer than the others.
  const regular = everyDay && gaps.every((g) => g.minutes === best.minutes);
  return { minutes: best.minutes, regular, example: [hhmm(best.from), hhmm(best.to)] };
}

/** Whether some day and the day after it both fire (node-cron's rule: day of month, month and weekday must all match). */
function twoConsecutiveDaysFire(expression: string, dayOfMonth: Array<number | string>, month: number[], dayOfWeek: Array<number | string>): boolean {
  const numeric = [...dayOfMonth, ...dayOfWeek].every((v) => typeof v === 'number');
  const days = new Set(dayOfMonth);
  const months = new Set(month);
  const weekdays = new Set(dayOfWeek);
  let matches: (date: Date) => boolean;
  let span: number;
  let task: ReturnType<typeof cron.createTask> | undefined;
  if (numeric) {
    matches = (d) => days.has(d.getUTCDate()) && months.has(d.getUTCMonth() + 1) && weekdays.has(d.getUTCDay());
    span = 146_097; // 400 years
  } else {
    task = cron.createTask(expression, () => undefined, { timezone: SCHEDULE_TIMEZONE });
    const firing = task;
    // node-cron matches minute and hour too: ask at a time of day the expression fires.
    const parsed = cron.validateDetailed(expression.trim()).fields!;
    const at = parsed.hour[0] * 60 + parsed.minute[0];
    matches = (d) => firing.match(new Date(d.getTime() + at * 60_000));
    span = 10_227; // 28 years: every weekday on every date, leap years included
  }
  try {
    const start = Date.UTC(2000, 0, 1);
    let previous = false;
    for (let i = 0; i <= span; i++) {
      const now = matches(new Date(start + i * 86_400_000));
      if (now && previous) return true;
      previous = now;
    }
    return false;
  } finally {
    void task?.destroy();
  }
}

/**
 * Why a schedule is not allowed, or undefined: a syntax problem, or firings closer together than
 * the operator's minimum ("runs every 5 minutes; the minimum is 15 minutes between runs").
 */
export function scheduleProblem(expression: string, rules: ScheduleRules): string | undefined {
  const syntax = validateCron(expression);
  if (syntax) return syntax;
  const shortest = shortestInterval(expression);
  if (!shortest || shortest.minutes >= rules.minIntervalMinutes) return undefined;
  const minimum = `the minimum is ${plural(rules.minIntervalMinutes, 'minute')} between runs`;
  if (shortest.regular) return `runs every ${shortest.minutes === 1 ? 'minute' : plural(shortest.minutes, 'minute')}; ${minimum}`;
  return `runs ${plural(shortest.minutes, 'minute')} apart at times (${shortest.example[0]} and ${shortest.example[1]} UTC); ${minimum}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "At 0 minutes past the hour, every 3 hours" — the schedule in plain words. */
export function describeCron(expression: string): string {
  try {
    return cronstrue.toString(expression, { use24HourTimeFormat: true, verbose: false });
  } catch {
    return expression;
  }
}

/** The next time the expression fires after now (UTC), or null. */
export function nextRun(expression: string): Date | null {
  const task = cron.createTask(expression, () => undefined, { timezone: SCHEDULE_TIMEZONE });
  try {
    // getNextRuns() computes from the pattern; getNextRun() answers only for a started task.
    return task.getNextRuns(1)[0] ?? null;
  } finally {
    void task.destroy();
  }
}
