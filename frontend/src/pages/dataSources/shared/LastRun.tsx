import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import type { Source, SyncRun } from '../../../api/sources';
import { countsSummary, duration, localTime, relative } from '../format';
import { RunStatus } from './Badges';
import { RunProgress } from './RunProgress';

const muted = { color: token('color.text.subtle') };

/** A time as "3 minutes ago", with the exact local time as its title. */
export function RelativeTime({ iso, testId }: { iso: string; testId?: string }) {
  return (
    <time dateTime={iso} title={localTime(iso)} data-testid={testId}>
      {relative(iso)}
    </time>
  );
}

/** A source's last run: status, when, counts, why it failed; a progress bar while it runs. */
export function LastRun({ source, run, onOpenReport }: { source: Source; run: SyncRun | null; onOpenReport?: () => void }) {
  const body = () => {
    if (!run) return <span style={muted} data-testid="never-run">Never run</span>;
    if (run.status === 'running') {
      return (
        <>
          <div>
            <RunStatus status="running" /> <span style={muted}>{`started ${relative(run.startedAt)}`}</span>
          </div>
          <RunProgress run={run} label={`Sync progress of ${source.name}`} kind={source.kind} />
        </>
      );
    }
    return (
      <>
        <div>
          <RunStatus status={run.status} /> <RelativeTime iso={run.finishedAt ?? run.startedAt} testId="last-run-time" />
          {run.durationMs !== null && <span style={muted}>{` · ${duration(run.durationMs)}`}</span>}
          {run.mode === 'incremental' && (
            <span style={muted} data-testid="last-run-mode">
              {' · incremental'}
            </span>
          )}
        </div>
        <div data-testid="last-run-counts">{countsSummary(run)}</div>
        {run.status === 'failed' && run.message && (
          <div data-testid="last-run-message" title={run.message} style={{ color: token('color.text.danger'), overflowWrap: 'anywhere' }}>
            {run.message}
          </div>
        )}
        {onOpenReport && (
          <div>
            <Button appearance="subtle" spacing="compact" onClick={onOpenReport} testId="open-report">
              Sync report
            </Button>
          </div>
        )}
      </>
    );
  };
  return (
    <div data-testid="last-run" data-source-id={source.id} style={{ display: 'flex', flexDirection: 'column', gap: token('space.050') }}>
      {body()}
    </div>
  );
}
