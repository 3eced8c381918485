import type { Field } from '../../../api/profileSchema';
import type { Source, XmlSourceTestResult } from '../../../api/sources';
import { Notice } from '../../../components/Notice';
import { fileSize, plural, xmlErrorMessage, xmlPosition } from '../format';
import { XML_PARSE_CHECKLIST, XML_READ_CHECKLIST, XML_STEP_LABELS, type LocationKind } from '../kinds';
import { SamplesTable } from './Samples';
import { TestFrame, TestHeader } from './TestHeader';
import { Checklist, StepItem } from './TestSteps';

type XmlError = NonNullable<XmlSourceTestResult['error']>;

/** The failing step (read or parse): the message, the line and column of a parse error, what to check. */
function Failure({ error, where }: { error: XmlError; where: LocationKind }) {
  const positioned = typeof error.line === 'number';
  return (
    <Notice appearance="error" testId="test-error" attributes={{ 'data-step': error.step }}>
      <p>
        <strong data-testid="test-error-title">{error.step === 'parse' ? 'The parse step failed: the file is not XML Rollcall can read' : 'The read step failed: Rollcall could not get the file'}</strong>
      </p>
      <p data-testid="test-error-message">{xmlErrorMessage(error)}</p>
      {positioned && (
        <p data-testid="test-error-position" data-line={String(error.line)} data-column={String(error.column)}>
          {'Where: '}
          <strong>{xmlPosition(error)}</strong>
        </p>
      )}
      <Checklist title="Check" items={error.step === 'parse' ? XML_PARSE_CHECKLIST : (XML_READ_CHECKLIST[where] ?? XML_READ_CHECKLIST.upload)} />
    </Notice>
  );
}

/** The XML source's test: the file read, the records counted, duplicate match keys, the first records mapped; or the failing step. */
export function XmlTestResult({ result, source, fields }: { result: XmlSourceTestResult; source: Source | null; fields: Field[] }) {
  const error: XmlError | null = result.ok ? null : (result.error ?? { step: 'read', message: 'The test failed without saying why.' });
  const failed = error?.step ?? null;
  const settings = (source?.settings ?? {}) as { recordPath?: string; location?: { kind?: LocationKind } };
  const recordPath = settings.recordPath ?? 'identities/identity';
  const records = result.records ?? 0;
  const duplicates = result.duplicates ?? [];
  const samples = (result.samples ?? []).map((s) => ({ where: s.locator, matchValue: s.matchValue, values: s.values, problems: s.problems }));
  const file = result.file;
  const parseDetail = error && failed === 'parse' ? `${xmlErrorMessage(error)}${typeof error.line === 'number' ? ` (${xmlPosition(error)})` : ''}` : `${plural(records, 'record', 'records')} under ${recordPath}${duplicates.length ? ` · ${plural(duplicates.length, 'duplicate match key', 'duplicate match keys')}` : ''}`;
  return (
    <TestFrame state={result.ok ? 'passed' : 'failed'} label="File test">
      <TestHeader title="File test" ok={result.ok}>
        {file && (
          <span data-testid="test-file">
            {'Read '}
            <code data-testid="test-file-name">{file.name}</code>
            {', '}
            <span data-testid="test-file-size" data-bytes={String(file.size)}>
              {fileSize(file.size)}
            </span>
          </span>
        )}
      </TestHeader>
      <ol data-testid="test-steps" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        <StepItem step="read" label={XML_STEP_LABELS.read} state={failed === 'read' ? 'failed' : 'ok'} detail={failed === 'read' && error ? error.message : file ? `${file.name}, ${fileSize(file.size)}` : null} ms={null} />
        <StepItem step="parse" label={XML_STEP_LABELS.parse} state={failed === 'read' ? 'skipped' : failed ? 'failed' : 'ok'} detail={parseDetail} ms={null} />
        <StepItem step="samples" label={XML_STEP_LABELS.samples} state={failed ? 'skipped' : 'ok'} detail={samples.length ? `The first ${plural(samples.length, 'record', 'records')} mapped` : 'No record to map'} ms={null} />
      </ol>
      {error ? (
        <Failure error={error} where={settings.location?.kind ?? 'upload'} />
      ) : (
        <>
          <Notice appearance={records ? 'success' : 'warning'} testId="test-summary">
            <p>
              <strong data-testid="test-records" data-count={String(records)}>{`${plural(records, 'record', 'records')} in the file`}</strong>
            </p>
            <p>{samples.length ? `The first ${plural(samples.length, 'record', 'records')} as Rollcall would read ${samples.length === 1 ? 'it' : 'them'}:` : `No ${recordPath} element was found: check the record element on the Settings tab.`}</p>
          </Notice>
          {duplicates.length > 0 && (
            <Notice appearance="warning" testId="test-duplicates">
              <p>
                <strong data-testid="test-duplicates-title">{`${plural(duplicates.length, 'match key appears', 'match keys appear')} more than once`}</strong>
              </p>
              <p>A run skips every record whose key appears more than once and lists them in the sync report: correct the export so that each person appears once.</p>
              <ul>
                {duplicates.map((d) => (
                  <li key={d.key} data-testid="test-duplicate">
                    <code data-testid="test-duplicate-key">{d.key}</code>
                    {' at '}
                    <span data-testid="test-duplicate-places">{d.places.join(', ')}</span>
                  </li>
                ))}
              </ul>
            </Notice>
          )}
          {samples.length > 0 && <SamplesTable samples={samples} fields={fields} kind="xml" pictures={false} />}
        </>
      )}
    </TestFrame>
  );
}
