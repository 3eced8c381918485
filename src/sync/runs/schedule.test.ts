import { scheduleProblem, shortestInterval, validateCron } from './schedule';

const rules = { minIntervalMinutes: 15 };

describe('validateCron', () => {
  it('takes 5 fields only: a seconds field is refused', () => {
    expect(validateCron('*/15 * * * *')).toBeUndefined();
    expect(validateCron('* * * * * *')).toBe('must have 5 fields (minute hour day-of-month month day-of-week), not 6');
    expect(validateCron('0 * * *')).toMatch(/not 4/);
    expect(validateCron('61 * * * *')).toBeDefined();
  });
});

describe('shortestInterval', () => {
  it.each([
    ['*/5 * * * *', 5, true],
    ['*/15 * * * *', 15, true],
    ['0 */3 * * *', 180, true],
    ['* * * * *', 1, true],
    ['0,1 * * * *', 1, false],
    ['0,30 9 * * *', 30, false],
    ['*/7 * * * *', 4, false], // …, 00:56, then 01:00
    ['0 9 * * 1-5', 1440, false],
    ['0 2 * * *', 1440, true],
    ['0 0,23 * * *', 60, false], // 23:00, then 00:00 the next day
    ['5 23 * * 1', null, false], // once a week
  ])('%s: %s minutes', (expression, minutes, regular) => {
    const result = shortestInterval(expression);
    if (minutes === null) expect(result).toBeNull();
    else expect(result).toMatchObject({ minutes, regular });
  });

  it('finds a short gap across midnight only when two consecutive days both fire', () => {
    // Monday 23:55, Tuesday 00:05.
    expect(shortestInterval('55 23 * * 1')).toBeNull();
    expect(shortestInterval('55,5 23,0 * * 1,2')).toMatchObject({ minutes: 10, example: ['23:55', '00:05'] });
    // The last day of February, then 1 March: 28 February and 1 March follow each other in most years.
    expect(shortestInterval('50 23,0 28,1 2,3 *')).toMatchObject({ minutes: 60, example: ['23:50', '00:50'] });
    // 29 February and 1 March, only in leap years.
    expect(shortestInterval('50 23,0 29,1 2,3 *')).toMatchObject({ minutes: 60 });
    // 31 January and 1 March never follow each other: the shortest gap is within a day.
    expect(shortestInterval('50 23,0 31,1 1,3 *')).toMatchObject({ minutes: 23 * 60, example: ['00:50', '23:50'] });
    // Special day tokens: the last day of the month, then the 1st.
    expect(shortestInterval('50 23,0 L,1 * *')).toMatchObject({ minutes: 60 });
    expect(shortestInterval('50 23,0 L * *')).toMatchObject({ minutes: 23 * 60 });
  });
});

describe('scheduleProblem', () => {
  it('names how often the schedule runs and the minimum', () => {
    expect(scheduleProblem('*/5 * * * *', rules)).toBe('runs every 5 minutes; the minimum is 15 minutes between runs');
    expect(scheduleProblem('* * * * *', rules)).toBe('runs every minute; the minimum is 15 minutes between runs');
    expect(scheduleProblem('0,1 * * * *', rules)).toBe('runs 1 minute apart at times (00:00 and 00:01 UTC); the minimum is 15 minutes between runs');
    expect(scheduleProblem('* * * * * *', rules)).toMatch(/must have 5 fields/);
  });

  it('accepts schedules that keep the minimum, and follows the operator’s minimum', () => {
    for (const ok of ['*/15 * * * *', '0 */3 * * *', '0 9 * * 1-5', '0 2 * * *', '15 4 * * *', '0,30 * * * *']) expect(scheduleProblem(ok, rules)).toBeUndefined();
    expect(scheduleProblem('0,30 * * * *', { minIntervalMinutes: 60 })).toBe('runs every 30 minutes; the minimum is 60 minutes between runs');
    expect(scheduleProblem('*/5 * * * *', { minIntervalMinutes: 5 })).toBeUndefined();
    expect(scheduleProblem('* * * * *', { minIntervalMinutes: 1 })).toBeUndefined();
  });
});
