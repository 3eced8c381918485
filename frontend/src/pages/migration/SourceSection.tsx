import { RadioGroup } from '@atlaskit/radio';
import { token } from '@atlaskit/tokens';
import { FormField } from '../../components/FormField';
import { Notice } from '../../components/Notice';
import { PageSection } from '../../components/PageLayout';
import { CsvFormat } from './CsvFormat';
import { fileSize } from './format';
import type { MigrationState } from './useMigration';

const SOURCES = [
  { value: 'confluence', label: 'Migrate from Confluence', testId: 'source-confluence' },
  { value: 'csv', label: 'Upload a CSV file', testId: 'source-csv' },
];

/** "Where the data comes from": what the site offers, the choice of source, and the CSV file with its format. */
export function SourceSection({ state }: { state: MigrationState }) {
  const available = !!state.status?.confluenceDetailsAvailable;
  const { selection, select } = state;
  return (
    <PageSection id="pm-source-title" title="Where the data comes from" testId="source-section">
      {available ? (
        <Notice appearance="success" title="This site still provides Confluence’s profile details" testId="source-availability" attributes={{ 'data-available': 'true' }}>
          <p>Rollcall can copy each person’s phone, IM, website, position, department and location from Confluence. You can also upload a CSV file instead.</p>
        </Notice>
      ) : (
        <Notice appearance="information" testId="source-availability" attributes={{ 'data-available': 'false' }}>
          <p>
            <strong>Confluence Cloud no longer provides profile details to apps on this site:</strong> upload a CSV file exported from your Server/Data Center site. Its format is described below.
          </p>
        </Notice>
      )}
      {available && (
        <fieldset data-testid="source-choice" style={{ border: 0, margin: 0, padding: 0 }}>
          <legend style={{ fontWeight: token('font.weight.semibold'), marginBottom: token('space.050') }}>Source</legend>
          <RadioGroup name="source" value={selection.source} options={SOURCES} onChange={(event) => select({ source: event.currentTarget.value === 'csv' ? 'csv' : 'confluence' })} />
        </fieldset>
      )}
      <div data-testid="csv-block" hidden={selection.source !== 'csv'} style={{ display: selection.source === 'csv' ? 'flex' : 'none', flexDirection: 'column', gap: token('space.200') }}>
        <FormField label="CSV file" required description="A .csv file of up to 50 MB." error={state.fileError} errorTestId="file-error">
          {(control) => (
            <input
              {...control}
              type="file"
              name="file"
              accept=".csv,text/csv,text/plain"
              data-testid="csv-file"
              onChange={(event) => select({ file: event.currentTarget.files?.[0] ?? null })}
            />
          )}
        </FormField>
        <div data-testid="file-info" aria-live="polite">
          {selection.file && (
            <span>
              <span data-testid="file-name">{selection.file.name}</span>
              <span style={{ color: token('color.text.subtle') }}>{` · ${fileSize(selection.file.size)}`}</span>
            </span>
          )}
        </div>
        <CsvFormat labels={state.labels} />
      </div>
    </PageSection>
  );
}
