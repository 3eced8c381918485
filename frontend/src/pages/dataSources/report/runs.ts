import type { SyncRun } from '../../../api/sources';

/**
 * A refresh reloads the newest page and keeps the older runs already shown below it, so that
 * "Show older runs" pages survive a run ending. Pure.
 */
export function mergeNewestRuns(shown: SyncRun[], fresh: SyncRun[], more: boolean, shownMore: boolean): { runs: SyncRun[]; more: boolean } {
  const oldest = fresh.length ? Number(fresh[fresh.length - 1].id) : Infinity;
  const older = more ? shown.filter((run) => Number(run.id) < oldest) : [];
  return { runs: [...fresh, ...older], more: older.length ? shownMore : more };
}
