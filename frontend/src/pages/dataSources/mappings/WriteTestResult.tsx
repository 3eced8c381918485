import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { Notice } from '../../../components/Notice';
import { Checklist } from '../test/TestSteps';
import type { WriteTestResultState } from './useWriteAccessTest';
import { causeText, WRITE_CHECKLIST } from './writeTest';

const stack = { display: 'flex', flexDirection: 'column' as const, gap: token('space.100') };
const flat = { margin: 0 };
const list = { margin: 0, paddingLeft: token('space.250') };

/** The write-access test's result: pending, may write (with the DN), may not (the result code, usual causes, what else to check), or could not run. */
export function WriteTestResult({ result }: { result: WriteTestResultState }) {
  if (result.state === 'pending') {
    return (
      <div data-testid="write-test-result" data-state="pending" style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', color: token('color.text.subtle') }}>
        <Spinner size="small" label="Testing" /> Asking the directory…
      </div>
    );
  }
  if (result.state === 'error') {
    return (
      <Notice appearance="error" title="The test could not run" testId="write-test-result" role="alert" attributes={{ 'data-state': 'error' }}>
        <p data-testid="write-test-message" style={flat}>
          {result.message}
        </p>
      </Notice>
    );
  }
  const { outcome, person, attribute } = result;
  const who = person.displayName || person.accountId;
  const message = (
    <p data-testid="write-test-message" data-dn={outcome.dn} style={flat}>
      {outcome.message}
    </p>
  );
  if (outcome.ok) {
    return (
      <Notice appearance="success" testId="write-test-result" attributes={{ 'data-state': 'ok' }}>
        <div style={stack}>
          <p style={flat}>
            <strong data-testid="write-test-title">{`Rollcall may write ${attribute} for ${who}`}</strong>
          </p>
          {message}
        </div>
      </Notice>
    );
  }
  const error = outcome.error;
  const causes = error?.usualCauses ?? [];
  return (
    <Notice appearance="error" testId="write-test-result" attributes={{ 'data-state': 'failed' }}>
      <div style={stack}>
        <p style={flat}>
          <strong data-testid="write-test-title">{`Rollcall may not write ${attribute} for ${who}`}</strong>
        </p>
        {message}
        {error?.resultCode !== undefined && (
          <p data-testid="write-test-code" style={flat}>
            LDAP result code <code>{String(error.resultCode)}</code>
            {error.resultName ? ` (${error.resultName})` : ''}
          </p>
        )}
        {causes.length > 0 && (
          <div>
            <p style={flat}>
              <strong>Usual causes</strong>
            </p>
            <ul data-testid="write-test-causes" style={list}>
              {causes.map((cause) => (
                <li key={cause}>{causeText(cause)}</li>
              ))}
            </ul>
          </div>
        )}
        <Checklist title="Also check" items={WRITE_CHECKLIST} testId="write-test-checklist" />
      </div>
    </Notice>
  );
}
