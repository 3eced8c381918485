import type { SyncRun } from '../../../api/sources';
import { mergeNewestRuns } from './runs';

const run = (id: number) => ({ id: String(id) }) as SyncRun;
const ids = (runs: SyncRun[]) => runs.map((r) => Number(r.id));

describe('the sync report after a refresh', () => {
  it('keeps the older runs already shown below the newest page', () => {
    const shown = [run(60), run(59), run(10), run(9)];
    const merged = mergeNewestRuns(shown, [run(61), run(60), run(59)], true, true);
    expect(ids(merged.runs)).toEqual([61, 60, 59, 10, 9]);
    expect(merged.more).toBe(true);
  });

  it('takes the newest page alone when it holds every run', () => {
    const merged = mergeNewestRuns([run(3), run(2)], [run(4), run(3), run(2), run(1)], false, true);
    expect(ids(merged.runs)).toEqual([4, 3, 2, 1]);
    expect(merged.more).toBe(false);
  });

  it('offers older runs when nothing older was shown yet', () => {
    expect(mergeNewestRuns([], [run(5)], true, false).more).toBe(true);
  });
});
