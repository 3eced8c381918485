import ProgressBar from '@atlaskit/progress-bar';
import { token } from '@atlaskit/tokens';
import { forwardRef } from 'react';
import type { MigrationRun } from '../../api/migration';
import { Notice } from '../../components/Notice';
import { Facts } from './Facts';
import { localTime, plural, progressText } from './format';
import { HiddenNote, InvalidTable, UnmatchedTable } from './Problems';
import { ResultHead } from './ResultHead';

const column = { display: 'flex', flexDirection: 'column', gap: token('space.200') } as const;
const intro = { margin: 0, color: token('color.text.subtle') };

/** A run going on: its start and its progress (indeterminate until the first profile is written). */
export const RunningView = forwardRef<HTMLHeadingElement, { run: MigrationRun }>(function RunningView({ run }, ref) {
  const total = run.total ?? 0;
  const done = Math.min(run.done ?? 0, total);
  const text = progressText(run);
  return (
    <section data-testid="migration-running" aria-labelledby="pm-running-title" style={column}>
      <ResultHead ref={ref} id="pm-running-title" title="Migration running" status={{ text: 'Running', appearance: 'inprogress', testId: 'run-status', value: 'running' }} />
      <p style={intro}>{run.startedAt ? `Started ${localTime(run.startedAt)}. You can leave this page: the migration goes on, and its report waits here.` : 'You can leave this page: the migration goes on.'}</p>
      <div data-testid="migration-progress" data-done={String(done)} data-total={String(total)} style={{ display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
        <div data-testid="progress-bar">
          <ProgressBar ariaLabel="Migration progress" value={total ? done / total : 0} isIndeterminate={!total || !done} />
        </div>
        <div data-testid="progress-text">{text}</div>
      </div>
    </section>
  );
});

/** A finished run's report: its counts and problems, or why it failed. `isLast`: a run of an earlier visit. */
export const ReportView = forwardRef<HTMLHeadingElement, { run: MigrationRun; isLast: boolean }>(function ReportView({ run, isLast }, ref) {
  const report = run.report;
  const succeeded = run.status === 'succeeded';
  const from = report?.source === 'csv' ? 'a CSV file' : report?.source === 'confluence' ? 'Confluence' : null;
  const when = run.finishedAt ? `finished ${localTime(run.finishedAt)}` : run.startedAt ? `started ${localTime(run.startedAt)}` : '';
  const migrated = report?.migrated ?? 0;
  return (
    <section data-testid="migration-report" data-status={run.status} aria-labelledby="pm-report-title" style={column}>
      <ResultHead
        ref={ref}
        id="pm-report-title"
        title={isLast ? 'Last migration' : 'Migration report'}
        status={succeeded ? { text: 'Succeeded', appearance: 'success', testId: 'run-status', value: 'succeeded' } : { text: 'Failed', appearance: 'removed', testId: 'run-status', value: 'failed' }}
      />
      <p data-testid="report-when" style={intro}>{`${from ? `From ${from}; ` : ''}${when}.`}</p>
      {succeeded && report ? (
        <>
          <Notice appearance="success" title={migrated ? `${plural(migrated, 'profile', 'profiles')} migrated` : 'Nothing needed migrating'} testId="report-summary">
            <p>{migrated ? 'Their values are marked as coming from the migration; people can edit them in their profiles.' : 'Every matched profile already had these values.'}</p>
          </Notice>
          <Facts
            testId="report-counts"
            facts={[
              { count: migrated, label: 'Migrated', testId: 'report-migrated', tone: 'good' },
              { count: report.unchanged ?? 0, label: 'Unchanged', testId: 'report-unchanged' },
              { count: report.unmatched.length, label: 'Unmatched rows', testId: 'report-unmatched-count', tone: 'bad' },
              { count: report.invalid.length, label: 'Invalid values skipped', testId: 'report-invalid-count', tone: 'bad' },
              { count: report.keptFromSources ?? 0, label: 'Kept: a directory fills them', testId: 'report-kept', tone: 'note' },
            ]}
          />
          {report.hiddenValues > 0 && <HiddenNote count={report.hiddenValues} testPrefix="report" />}
          {report.unmatched.length > 0 && <UnmatchedTable items={report.unmatched} testPrefix="report" />}
          {report.invalid.length > 0 && <InvalidTable items={report.invalid} testPrefix="report" />}
        </>
      ) : (
        <Notice appearance="error" title="The migration failed" role="alert" testId="report-error">
          <p>{run.message || 'The migration stopped before it finished.'}</p>
        </Notice>
      )}
      <p data-testid="run-again" style={intro}>
        The migration can run again at any time.
      </p>
    </section>
  );
});
