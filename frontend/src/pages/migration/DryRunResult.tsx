import { token } from '@atlaskit/tokens';
import { forwardRef } from 'react';
import type { MigrationPreview } from '../../api/migration';
import { Notice } from '../../components/Notice';
import { Facts } from './Facts';
import { plural } from './format';
import { HiddenNote, InvalidTable, UnmatchedTable } from './Problems';
import { ResultHead } from './ResultHead';
import { SampleTable } from './SampleTable';

const note = { margin: 0, color: token('color.text.subtle') };

/** A dry run's result: nothing written, the warning, the counts, and the sample and problems. */
export const DryRunResult = forwardRef<HTMLHeadingElement, { plan: MigrationPreview; fileName: string | null; overwrite: boolean }>(function DryRunResult({ plan, fileName, overwrite }, headingRef) {
  const kept = plan.keptFromSources;
  const them = kept === 1 ? 'it' : 'them';
  return (
    <section data-testid="dry-run-result" data-source={plan.source} aria-labelledby="pm-dry-run-title" style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }}>
      <ResultHead ref={headingRef} id="pm-dry-run-title" title="Dry run result" status={{ text: 'Nothing written', appearance: 'default', testId: 'nothing-written' }} />
      <p data-testid="dry-run-note" style={note}>
        {`This was a dry run ${plan.source === 'csv' ? `of the file${fileName ? ` ${fileName}` : ''}` : 'of Confluence’s profile details'}: no profile was changed. Run the migration to write these values.`}
      </p>
      {plan.warning && (
        <Notice appearance="warning" title="Before you run it" role="note" testId="dry-run-warning">
          <p>{plan.warning}</p>
        </Notice>
      )}
      <Facts
        testId="dry-run-counts"
        facts={[
          { count: plan.wouldChange, label: 'Profiles would change', testId: 'count-would-change', tone: 'good' },
          { count: plan.unchanged, label: 'Unchanged', testId: 'count-unchanged', help: 'People whose values are already in Rollcall' },
          { count: plan.unmatched.length, label: 'Unmatched rows', testId: 'count-unmatched', tone: 'bad' },
          { count: plan.invalid.length, label: 'Invalid values', testId: 'count-invalid', tone: 'bad' },
          { count: kept, label: 'Kept: a directory fills them', testId: 'count-kept', tone: 'note', help: 'Values a data source (LDAP, XML) filled; they stay unless you tick “Also overwrite fields that LDAP or XML fill”' },
        ]}
      />
      {kept > 0 && !overwrite && (
        <p data-testid="kept-note" style={note}>
          {`${plural(kept, 'value stays', 'values stay')} as LDAP or XML filled ${them}. To replace ${them} too, tick “Also overwrite fields that LDAP or XML fill” and run the dry run again.`}
        </p>
      )}
      {plan.unknownColumns.length > 0 && (
        <p data-testid="unknown-columns" style={note}>
          {plan.unknownColumns.length === 1 ? 'This column is ignored: ' : 'These columns are ignored: '}
          {plan.unknownColumns.map((column, i) => (
            <span key={column}>
              {i > 0 && ', '}
              <code data-testid="unknown-column">{column}</code>
            </span>
          ))}
        </p>
      )}
      {plan.hiddenValues > 0 && <HiddenNote count={plan.hiddenValues} testPrefix="dry-run" />}
      {plan.sample.length > 0 ? (
        <SampleTable plan={plan} />
      ) : (
        plan.wouldChange === 0 && (
          <p data-testid="dry-run-nothing" style={note}>
            Nothing would change: every matched profile already has these values.
          </p>
        )
      )}
      {plan.unmatched.length > 0 && <UnmatchedTable items={plan.unmatched} testPrefix="dry-run" />}
      {plan.invalid.length > 0 && <InvalidTable items={plan.invalid} testPrefix="dry-run" />}
    </section>
  );
});
