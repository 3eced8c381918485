import cron from 'node-cron';
import cronstrue from 'cronstrue';

/** Every 3 hours, on the hour: the default schedule of "Bulk profile update (LDAP sync)". */
export const DEFAULT_SCHEDULE = '0 */3 * * *';

/** Every 15 minutes: the default schedule of incremental runs. */
export const DEFAULT_INCREMENTAL_SCHEDULE = '*/15 * * * *';

/** Schedules run in UTC, whatever the server's zone; the page says so. */
export const SCHEDULE_TIMEZONE = 'UTC';

/** Why a cron expression is invalid, or undefined when it is valid (5 fields, or 6 with seconds). */
export function validateCron(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6) return `must have 5 fields (minute hour day-of-month month day-of-week), not ${fields.length}`;
  const result = cron.validateDetailed(expression.trim());
  if (result.valid) return undefined;
  return result.errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'is not a valid cron expression';
}

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
    // getNextRun() answers only for a started task; getNextRuns() computes from the pattern.
    return task.getNextRuns(1)[0] ?? null;
  } finally {
    void task.destroy();
  }
}
