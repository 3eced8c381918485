import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import type { Field } from '../../../api/profileSchema';
import type { LdapTestResult as LdapResult, Source, SourceTestResult, XmlSourceTestResult } from '../../../api/sources';
import { Notice } from '../../../components/Notice';
import { LdapTestResult } from './LdapTestResult';
import { XmlTestResult } from './XmlTestResult';

/** A connection test of the page: going, its answer, or why it could not run. */
export type TestState = { pending: true } | { result: SourceTestResult } | { error: string };

export interface TestResultProps {
  test: TestState;
  kind: 'ldap' | 'xml';
  /** The saved source the test read (its incremental switch, its picture attribute, its record path). */
  source: Source | null;
  fields: Field[];
}

/**
 * The connection test's result for a source of either kind (`test-result[data-state]`): steps,
 * the failing step's causes and checklist, or the count and mapped samples. The mappings tab can
 * show it too.
 */
export function TestResult({ test, kind, source, fields }: TestResultProps) {
  if ('pending' in test) {
    return (
      <section data-testid="test-result" data-state="pending" aria-busy="true" style={{ display: 'flex', gap: token('space.100'), alignItems: 'center' }}>
        <Spinner size="small" />
        <span>{kind === 'xml' ? 'Reading the file…' : 'Testing the connection…'}</span>
      </section>
    );
  }
  if ('error' in test) {
    return (
      <section data-testid="test-result" data-state="error">
        <Notice appearance="error" title="The test could not run" role="alert">
          <p>{test.error}</p>
        </Notice>
      </section>
    );
  }
  return kind === 'xml' ? <XmlTestResult result={test.result as XmlSourceTestResult} source={source} fields={fields} /> : <LdapTestResult result={test.result as LdapResult} source={source} fields={fields} />;
}
