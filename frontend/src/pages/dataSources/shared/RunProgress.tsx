import ProgressBar from '@atlaskit/progress-bar';
import { token } from '@atlaskit/tokens';
import type { SyncRun } from '../../../api/sources';
import { progressText } from '../format';

/**
 * Runs whose total was once seen ahead of done. The server estimates from the entries known
 * before the run; on a first run it knows none and reports total = done, which says nothing: the
 * bar then stays indeterminate. A total seen ahead of done once is trusted for the rest of the run.
 */
const estimated = new Set<string>();

/** The run's total when it is a real estimate, else 0. */
export function totalOf(run: SyncRun): number {
  const progress = (run.progress ?? {}) as { total?: number; done?: number };
  const total = typeof progress.total === 'number' ? progress.total : 0;
  if (total > (progress.done ?? 0)) estimated.add(run.id);
  return estimated.has(run.id) && total > 0 ? total : 0;
}

/** A running run's progress bar (indeterminate without a total) and its words. */
export function RunProgress({ run, label, kind }: { run: SyncRun; label: string; kind: 'ldap' | 'xml' }) {
  const total = totalOf(run);
  const done = ((run.progress ?? {}) as { done?: number }).done ?? 0;
  const text = progressText(run, total, kind);
  return (
    <div data-testid="run-progress" data-run-id={run.id} style={{ display: 'flex', flexDirection: 'column', gap: token('space.050'), minWidth: '160px' }}>
      <ProgressBar testId="progress-bar" ariaLabel={`${label}: ${text}`} value={total ? Math.min(1, done / total) : 0} isIndeterminate={!total} />
      <div data-testid="progress-text" style={{ color: token('color.text.subtle'), font: token('font.body.small') }}>
        {text}
      </div>
    </div>
  );
}
