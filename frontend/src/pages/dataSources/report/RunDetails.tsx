import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import type { SourceKind } from '../../../api/sources';
import { bodyCell, headerCell } from '../../../components/DataTable';
import { Notice } from '../../../components/Notice';
import { countsOf, localTime, plural, relative, utcTime } from '../format';
import { KINDS } from '../kinds';
import { DnCode } from '../test/TestSteps';
import type { RunDetails as Details } from './useReport';

/** What a run did, as facts: job, times, trigger, mode, and for incremental runs the mark and entries read. */
function facts(details: Extract<Details, { run: unknown }>, kind: SourceKind): Array<[string, string]> {
  const run = details.run;
  const list: Array<[string, string]> = [
    ['Job', run.mode === 'incremental' ? 'Incremental update' : KINDS[kind].job],
    ['Started', `${localTime(run.startedAt)} (${relative(run.startedAt)})`],
    ['Finished', run.finishedAt ? localTime(run.finishedAt) : 'Still running'],
    ['Trigger', run.trigger === 'schedule' ? 'Schedule' : run.startedBy ? 'Run now (by an administrator)' : 'Run now'],
    ['Mode', run.mode === 'incremental' ? 'Incremental: only entries changed since the mark' : kind === 'xml' ? 'Full: every record in the file' : 'Full: every entry'],
  ];
  if (run.mode === 'incremental') {
    const marks = (run.watermarks ?? {}) as { mark?: string; since?: string };
    if (marks.mark) list.push(['Mark used', `${marks.mark}${marks.since ? ` (changes since ${utcTime(marks.since)})` : ''}`]);
    list.push(['Entries read', String(countsOf(run).seen)]);
  }
  return list;
}

/** A run's entry (or record) errors, a page at a time. */
function RunErrors({ details, kind, onMore }: { details: Extract<Details, { run: unknown }>; kind: SourceKind; onMore: () => void }) {
  const one = kind === 'xml' ? 'record' : 'entry';
  if (!details.errorCount) {
    return (
      <p data-testid="run-no-errors" style={{ margin: 0, color: details.run.status === 'succeeded' ? token('color.text.success') : token('color.text.subtle') }}>
        {details.run.status === 'succeeded' ? `No ${one} errors: every ${one} read was synchronised or is waiting for its Confluence account.` : `No ${one} errors were recorded.`}
      </p>
    );
  }
  const left = details.errorCount - details.errors.length;
  return (
    <div data-testid="run-errors" style={{ display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
      <h4 style={{ margin: 0 }}>{plural(details.errorCount, `${one} error`, `${one} errors`)}</h4>
      <div tabIndex={0} role="region" aria-label={kind === 'xml' ? 'Record errors' : 'Entry errors'} style={{ maxHeight: '360px', overflow: 'auto' }}>
        <table style={{ borderCollapse: 'collapse', width: '100%' }}>
          <thead>
            <tr>
              <th scope="col" style={headerCell}>{KINDS[kind].errorColumn}</th>
              <th scope="col" style={headerCell}>Reason</th>
              <th scope="col" style={headerCell}>When</th>
            </tr>
          </thead>
          <tbody>
            {details.errors.map((e, i) => (
              <tr key={i} data-testid="run-error-row">
                <td style={bodyCell}>{kind === 'xml' ? <span data-testid="run-error-record">{e.dn ?? e.externalId ?? ''}</span> : <DnCode dn={e.dn ?? e.externalId ?? ''} />}</td>
                <td style={bodyCell}>{e.reason}</td>
                <td style={{ ...bodyCell, whiteSpace: 'nowrap', color: token('color.text.subtle') }}>{localTime(e.at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {left > 0 && (
        <div>
          <Button testId="run-errors-more" isLoading={details.loadingMore} onClick={onMore}>
            {`Show more (${left} left)`}
          </Button>
        </div>
      )}
      {details.moreError && (
        <div role="alert" style={{ color: token('color.text.danger') }}>
          {details.moreError}
        </div>
      )}
    </div>
  );
}

/** The details of an opened run: its facts, why it failed (or its note), its errors. */
export function RunDetailsView({ details, kind, onMoreErrors }: { details: Details | undefined; kind: SourceKind; onMoreErrors: () => void }) {
  if (!details) {
    return (
      <div data-testid="run-details" style={{ display: 'flex', gap: token('space.100') }}>
        <Spinner size="small" /> Loading the run…
      </div>
    );
  }
  if ('failed' in details) {
    return (
      <div data-testid="run-details">
        <Notice appearance="error" role="alert">
          <p>{`The run could not be loaded: ${details.failed}`}</p>
        </Notice>
      </div>
    );
  }
  const run = details.run;
  return (
    <div data-testid="run-details" style={{ display: 'flex', flexDirection: 'column', gap: token('space.150'), padding: token('space.100') }}>
      <dl style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: token('space.100'), margin: 0 }}>
        {facts(details, kind).map(([name, value]) => (
          <div key={name} data-testid="run-fact" data-fact={name}>
            <dt style={{ color: token('color.text.subtle'), font: token('font.body.small') }}>{name}</dt>
            <dd style={{ margin: 0 }}>{value}</dd>
          </div>
        ))}
      </dl>
      {run.message && (
        <Notice appearance={run.status === 'failed' ? 'error' : 'information'} title={run.status === 'failed' ? 'Why the run failed' : 'Note'} testId="run-message">
          <p style={{ whiteSpace: 'pre-wrap' }}>{run.message}</p>
        </Notice>
      )}
      <RunErrors details={details} kind={kind} onMore={onMoreErrors} />
    </div>
  );
}
