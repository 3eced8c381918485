import { token } from '@atlaskit/tokens';
import type { Field } from '../../../api/profileSchema';
import type { LdapTestResult as Result, Source } from '../../../api/sources';
import { Notice } from '../../../components/Notice';
import { duration, plural } from '../format';
import { CHECKLIST, ERROR_STEP_LABELS, INCREMENTAL_CHECKLIST, LDAP_STEPS, STEP_LABELS } from '../kinds';
import { SamplesTable } from './Samples';
import { TestFrame, TestHeader } from './TestHeader';
import { Checklist, DnCode, StepItem } from './TestSteps';

/** What an incremental run would do: the exact filter it sends, or that the next run is full; the server's timestamps. */
function Incremental({ found }: { found: NonNullable<Result['incremental']> }) {
  return (
    <div data-testid="test-incremental">
      {found.filter ? (
        <p data-testid="test-incremental-next" style={{ margin: 0 }}>
          <strong>An incremental run would send: </strong>
          <code data-testid="test-incremental-filter">{found.filter}</code>
        </p>
      ) : (
        <p data-testid="test-incremental-next" style={{ margin: 0 }}>
          <strong data-testid="test-incremental-full">The next run is full:</strong> there is no Last LDAP sync date yet, so it reads every entry and then sets one.
        </p>
      )}
      {found.serverTimestamp && (
        <p style={{ margin: 0, color: token('color.text.subtle') }}>
          {'The server writes timestamps like '}
          <code data-testid="test-server-timestamp">{found.serverTimestamp}</code>
          {found.detectedPattern ? (
            <>
              {', as the pattern '}
              <code>{found.detectedPattern}</code>
              {' does.'}
            </>
          ) : (
            ', which neither preset writes.'
          )}
        </p>
      )}
    </div>
  );
}

/** The failing step: its message, LDAP's result code, the usual causes and what else to check. */
function Failure({ error }: { error: NonNullable<Result['error']> }) {
  const causes = error.usualCauses ?? [];
  return (
    <Notice appearance="error" testId="test-error" attributes={{ 'data-step': error.step }}>
      <p>
        <strong data-testid="test-error-title">{`The ${ERROR_STEP_LABELS[error.step] ?? error.step} step failed`}</strong>
      </p>
      <p data-testid="test-error-message" style={{ overflowWrap: 'anywhere' }}>
        {error.message}
      </p>
      {error.resultCode !== undefined && error.resultCode !== null && (
        <p data-testid="test-error-code">
          {'LDAP result code '}
          <code>{String(error.resultCode)}</code>
          {error.resultName ? ` (${error.resultName})` : ''}
        </p>
      )}
      {causes.length > 0 && (
        <>
          <p>
            <strong>Usual causes</strong>
          </p>
          <ul data-testid="test-error-causes">
            {causes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </>
      )}
      <Checklist title="Also check" items={error.step === 'incremental' ? [...INCREMENTAL_CHECKLIST, ...CHECKLIST] : CHECKLIST} />
    </Notice>
  );
}

/** The LDAP connection test: each step with its time, then the failure or the count and the mapped samples. */
export function LdapTestResult({ result, source, fields }: { result: Result; source: Source | null; fields: Field[] }) {
  const byStep = new Map((result.steps ?? []).map((s) => [s.step, s]));
  // The incremental step runs only with incremental sync on (in the saved source).
  const withIncremental = byStep.has('incremental') || !!result.incremental || !!source?.incremental?.enabled;
  const samples = (result.samples ?? []).map((s) => ({ where: s.dn, matchValue: s.matchValue, values: s.values, problems: s.problems, hasPicture: s.hasPicture }));
  const pictures = !!(source?.settings as { pictureAttribute?: string } | undefined)?.pictureAttribute || samples.some((s) => s.hasPicture);
  return (
    <TestFrame state={result.ok ? 'passed' : 'failed'} label="Connection test">
      <TestHeader title="Connection test" ok={result.ok}>
        {result.searchBase && (
          <>
            {'Searching '}
            <DnCode dn={result.searchBase} testId="test-search-base" />
            {result.filter && (
              <>
                {' for '}
                <code>{result.filter}</code>
              </>
            )}
          </>
        )}
      </TestHeader>
      <ol data-testid="test-steps" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {LDAP_STEPS.filter((key) => key !== 'incremental' || withIncremental).map((key) => {
          const step = byStep.get(key as never);
          return <StepItem key={key} step={key} label={STEP_LABELS[key]} state={step ? (step.ok ? 'ok' : 'failed') : 'skipped'} detail={step?.detail ?? null} ms={step ? duration(step.ms) : null} />;
        })}
      </ol>
      {result.incremental && <Incremental found={result.incremental} />}
      {!result.ok && result.error && <Failure error={result.error} />}
      {result.ok && (
        <>
          <Notice appearance="success" testId="test-summary">
            <p>
              <strong data-testid="test-count">{`${plural(result.count ?? 0, 'person matches', 'people match')} the filter`}</strong>
            </p>
            <p>
              {result.idAttribute && (
                <>
                  {'Stable id: '}
                  <code data-testid="test-id-attribute">{result.idAttribute}</code>
                  {'. '}
                </>
              )}
              {samples.length ? `The first ${plural(samples.length, 'entry', 'entries')} as Rollcall would read ${samples.length === 1 ? 'it' : 'them'}:` : 'No entry to show: check the filter and the user DN.'}
            </p>
          </Notice>
          {samples.length > 0 && <SamplesTable samples={samples} fields={fields} kind="ldap" pictures={pictures} />}
        </>
      )}
    </TestFrame>
  );
}
