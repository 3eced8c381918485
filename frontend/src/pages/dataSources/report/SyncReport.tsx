import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { Fragment } from 'react';
import type { Source, SyncRun } from '../../../api/sources';
import { headerCell } from '../../../components/DataTable';
import { Notice } from '../../../components/Notice';
import { COUNT_KEYS, COUNT_LABELS, countsSummary, localTime, relative } from '../format';
import { KINDS } from '../kinds';
import { RunStatus } from '../shared/Badges';
import { RunProgress } from '../shared/RunProgress';
import { RunDetailsView } from './RunDetails';
import { RunRow } from './RunRow';
import { useReport } from './useReport';

const muted = { color: token('color.text.subtle') };

/** The run going on: its job, start, progress and counts so far. */
function LiveRun({ run, source }: { run: SyncRun; source: Source }) {
  const job = run.mode === 'incremental' ? 'Incremental sync' : source.kind === 'xml' ? KINDS.xml.job : 'Full sync';
  return (
    <div data-testid="live-run" data-run-id={run.id} style={{ display: 'flex', flexDirection: 'column', gap: token('space.100'), padding: token('space.150'), borderRadius: token('radius.medium', '6px'), backgroundColor: token('color.background.information') }}>
      <div style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', flexWrap: 'wrap' }}>
        <RunStatus status="running" />
        <strong data-testid="live-run-job">{job}</strong>
        <span style={muted}>{`started ${localTime(run.startedAt)} (${relative(run.startedAt)})`}</span>
      </div>
      <RunProgress run={run} label={`Sync progress of ${source.name}`} kind={source.kind} />
      <div style={muted} data-testid="live-counts">
        {countsSummary(run)}
      </div>
    </div>
  );
}

export interface SyncReportProps {
  source: Source;
  /** The latest state of the runs the page polls (by id). */
  polled: Record<string, SyncRun>;
  version: number;
}

/** The sync report: the live run, every run newest first with its counts, the details of an opened run, older runs on request. */
export function SyncReport({ source, polled, version }: SyncReportProps) {
  const report = useReport(source.id, version);
  const kind = KINDS[source.kind];
  const live = Object.values(polled).filter((r) => r.sourceId === source.id && r.status === 'running').sort((a, b) => Number(b.id) - Number(a.id))[0];
  const shown = report.runs.map((run) => polled[run.id] ?? run);
  const runs = live && !shown.some((r) => r.id === live.id) ? [live, ...shown] : shown;
  const older = async () => {
    const first = await report.loadOlder();
    // The focus goes to the first of the runs just shown (the button it was on is gone).
    if (first) window.setTimeout(() => document.querySelector<HTMLElement>(`[data-testid="run-row"][data-run-id="${first}"] [data-testid="run-toggle"]`)?.focus(), 0);
  };
  return (
    <div data-testid="report" style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }}>
      <p style={{ ...muted, margin: 0 }}>{`Every run, newest first. Select a run to see why it failed and which ${kind.entry[1]} could not be synchronised. Times are in your time zone.`}</p>
      {live && <LiveRun run={live} source={source} />}
      {report.error ? (
        <Notice appearance="error" role="alert">
          <p>{`The sync report could not be loaded: ${report.error}`}</p>
        </Notice>
      ) : !report.loaded && !runs.length ? (
        <div data-testid="runs-loading" style={{ display: 'flex', gap: token('space.100') }}>
          <Spinner size="small" /> Loading the sync report…
        </div>
      ) : !runs.length ? (
        <div data-testid="runs-empty">
          <p style={{ margin: 0 }}>
            <strong>No runs yet.</strong>
          </p>
          <p style={{ ...muted, margin: 0 }}>{kind.noRuns}</p>
        </div>
      ) : (
        <>
          <div style={{ overflowX: 'auto' }}>
            <table data-testid="runs-table" style={{ borderCollapse: 'collapse', width: '100%' }}>
              <thead>
                <tr>
                  <th scope="col" style={headerCell}>Started</th>
                  <th scope="col" style={headerCell}>Trigger</th>
                  <th scope="col" style={headerCell}>Mode</th>
                  <th scope="col" style={{ ...headerCell, textAlign: 'right' }}>Duration</th>
                  {COUNT_KEYS.map((k) => (
                    <th key={k} scope="col" title={kind.countHelp[k]} style={{ ...headerCell, textAlign: 'right' }}>
                      {COUNT_LABELS[k]}
                    </th>
                  ))}
                  <th scope="col" style={headerCell}>Status</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <Fragment key={run.id}>
                    <RunRow run={run} open={report.openRunId === run.id} onToggle={() => report.toggle(run.id, run.status === 'running')} />
                    {report.openRunId === run.id && (
                      <tr data-run-id={run.id}>
                        <td colSpan={5 + COUNT_KEYS.length}>
                          <RunDetailsView details={report.details[run.id]} kind={source.kind} onMoreErrors={() => void report.moreErrors(run.id)} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
          {report.more && (
            <div>
              <Button testId="runs-more" isLoading={report.older.loading} onClick={() => void older()}>
                Show older runs
              </Button>
              {report.older.error && (
                <div role="alert" data-testid="runs-more-error" style={{ color: token('color.text.danger') }}>
                  {report.older.error}
                </div>
              )}
            </div>
          )}
        </>
      )}
    </div>
  );
}
