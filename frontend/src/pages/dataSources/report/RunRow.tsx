import { token } from '@atlaskit/tokens';
import type { SyncRun } from '../../../api/sources';
import { bodyCell } from '../../../components/DataTable';
import { COUNT_KEYS, countsOf, duration, localTime, plural, utcTime } from '../format';
import { RunStatus } from '../shared/Badges';
import { RelativeTime } from '../shared/LastRun';

/** The mark an incremental run used, e.g. "from 20260101120000Z · 3 entries read". */
function MarkLine({ run }: { run: SyncRun }) {
  if (run.mode !== 'incremental') return null;
  const marks = (run.watermarks ?? {}) as { mark?: string; since?: string };
  return (
    <div title={marks.since ? `Entries changed since ${utcTime(marks.since)}` : undefined} style={{ color: token('color.text.subtle'), font: token('font.body.small') }}>
      {marks.mark && (
        <>
          {'from '}
          <code data-testid="run-mark">{marks.mark}</code>
          {' · '}
        </>
      )}
      <span data-testid="run-read">{`${plural(countsOf(run).seen, 'entry', 'entries')} read`}</span>
    </div>
  );
}

/** One run of the report: when (the toggle of its details), trigger, mode, duration, counts, status. */
export function RunRow({ run, open, onToggle }: { run: SyncRun; open: boolean; onToggle: () => void }) {
  const counts = countsOf(run);
  const num = { ...bodyCell, textAlign: 'right' as const };
  return (
    <tr data-testid="run-row" data-run-id={run.id} data-status={run.status} style={{ backgroundColor: open ? token('color.background.selected') : undefined }}>
      <td style={bodyCell}>
        <button type="button" data-testid="run-toggle" aria-expanded={open} title={open ? 'Hide the details' : 'Show the details'} onClick={onToggle} style={{ background: 'none', border: 'none', padding: 0, color: token('color.link'), cursor: 'pointer', font: 'inherit', textAlign: 'left' }}>
          <span aria-hidden="true">{open ? '▾ ' : '▸ '}</span>
          <span data-testid="run-started">{localTime(run.startedAt)}</span>
        </button>
        <div style={{ color: token('color.text.subtle'), font: token('font.body.small') }}>
          <RelativeTime iso={run.startedAt} testId="run-relative" />
        </div>
      </td>
      <td style={bodyCell} data-testid="run-trigger">
        {run.trigger === 'schedule' ? 'Schedule' : 'Manual'}
      </td>
      <td style={bodyCell}>
        <span data-testid="run-mode">{run.mode === 'incremental' ? 'Incremental' : 'Full'}</span>
        <MarkLine run={run} />
      </td>
      <td style={num} data-testid="run-duration">
        {run.status === 'running' ? '…' : duration(run.durationMs)}
      </td>
      {COUNT_KEYS.map((k) => (
        <td key={k} data-count={k} data-testid={`run-count-${k}`} style={{ ...num, color: k === 'failed' && counts[k] > 0 ? token('color.text.danger') : counts[k] === 0 ? token('color.text.subtlest') : undefined }}>
          {String(counts[k])}
        </td>
      ))}
      <td style={bodyCell}>
        <RunStatus status={run.status} />
      </td>
    </tr>
  );
}
