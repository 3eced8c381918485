import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useEffect, useRef } from 'react';
import { Notice } from '../../components/Notice';
import { DryRunResult } from './DryRunResult';
import { ReportView, RunningView } from './RunViews';
import type { MigrationState } from './useMigration';

/**
 * Below the form, the latest of: the dry run (or why it failed), the run's progress, its report.
 * When a new one arrives its heading takes the focus, so keyboard and screen-reader users land on it.
 */
export function Results({ state }: { state: MigrationState }) {
  const { busy, dryRunError, plan, run, runError, selection } = state;
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = busy === 'dry-run' ? 'loading' : dryRunError ? 'dry-run-error' : plan ? 'dry-run' : run?.status === 'running' ? 'running' : run ? 'report' : 'none';
  const first = useRef(true);
  useEffect(() => {
    // Not on the first render: a page that opens on its last report keeps the focus where it is.
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [shown]);
  return (
    <div data-testid="results" aria-busy={busy === 'dry-run' || undefined} style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }}>
      {runError && (
        <Notice appearance="error" title="The migration could not start" role="alert" testId="run-error">
          <p>{runError}</p>
        </Notice>
      )}
      {shown === 'loading' && (
        <div data-testid="results-loading" style={{ display: 'flex', alignItems: 'center', gap: token('space.100') }}>
          <Spinner size="small" label="Dry run in progress" />
          <span>{`Reading ${selection.source === 'csv' ? 'the file' : 'Confluence’s profile details'} and comparing it with the profiles…`}</span>
        </div>
      )}
      {shown === 'dry-run-error' && (
        <Notice appearance="error" title="The dry run failed" role="alert" testId="dry-run-error">
          <p>{dryRunError}</p>
        </Notice>
      )}
      {shown === 'dry-run' && plan && <DryRunResult ref={heading} plan={plan} fileName={selection.file?.name ?? null} overwrite={selection.overwrite} />}
      {shown === 'running' && run && <RunningView ref={heading} run={run} />}
      {shown === 'report' && run && <ReportView ref={heading} run={run} isLast={state.runFromLoad} />}
    </div>
  );
}
