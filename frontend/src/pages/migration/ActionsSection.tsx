import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import { token } from '@atlaskit/tokens';
import { useRef } from 'react';
import { ConfirmBox } from '../../components/ConfirmBox';
import { PageSection } from '../../components/PageLayout';
import { plural } from './format';
import type { MigrationState } from './useMigration';

/** "Options" and "Dry run, then migrate": the overwrite switch, the two buttons, and the confirmation before a run. */
export function ActionsSection({ state, onDryRun }: { state: MigrationState; onDryRun: () => void }) {
  const { plan, running, busy, confirming } = state;
  const runButton = useRef<HTMLButtonElement>(null);
  let note: string;
  if (running) note = 'A migration is running.';
  else if (!plan) note = 'Run migration becomes available after a dry run of what is selected above.';
  else if (plan.wouldChange === 0) note = 'The dry run found nothing to change; running the migration would only record the run.';
  else note = `Running the migration writes what the dry run shows into ${plural(plan.wouldChange, 'profile', 'profiles')}.`;
  const profiles = plural(plan?.wouldChange ?? 0, 'profile', 'profiles');
  return (
    <>
      <PageSection id="pm-options-title" title="Options">
        <Checkbox
          testId="overwrite-source-fields"
          name="overwriteSourceFields"
          label="Also overwrite fields that LDAP or XML fill"
          isChecked={state.selection.overwrite}
          onChange={(event) => state.select({ overwrite: event.currentTarget.checked })}
          aria-describedby="pm-overwrite-description"
        />
        <p id="pm-overwrite-description" style={{ margin: 0, color: token('color.text.subtlest') }}>
          Left off, values that an LDAP or XML data source filled stay as they are: its next sync would fill them again anyway.
        </p>
      </PageSection>
      <PageSection id="pm-actions-title" title="Dry run, then migrate">
        <p style={{ margin: 0 }}>A dry run reads the data and shows what would change; it writes nothing. Run the migration once the dry run looks right.</p>
        <div style={{ display: 'flex', gap: token('space.100') }}>
          <Button testId="dry-run" onClick={onDryRun} isLoading={busy === 'dry-run'} isDisabled={!!busy || running}>
            Dry run
          </Button>
          <Button ref={runButton} testId="run-migration" appearance="primary" aria-describedby="pm-action-note" onClick={() => state.setConfirming(true)} isDisabled={!!busy || running || !plan || confirming}>
            Run migration
          </Button>
        </div>
        <p id="pm-action-note" data-testid="action-note" style={{ margin: 0, color: token('color.text.subtle') }}>
          {note}
        </p>
        <div data-testid="confirm-slot">
          {confirming && plan && (
            <ConfirmBox
              testId="confirm-run"
              question="Run the migration now?"
              confirmLabel={busy === 'run' ? 'Starting…' : `Migrate ${profiles}`}
              busy={busy === 'run'}
              onConfirm={() => void state.startRun()}
              onCancel={() => {
                state.setConfirming(false);
                runButton.current?.focus();
              }}
            >
              {`It writes the values the dry run showed into ${profiles}, replacing what these fields hold now. Each value is marked as coming from the migration.`}
            </ConfirmBox>
          )}
        </div>
      </PageSection>
    </>
  );
}
