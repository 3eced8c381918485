import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useServices } from '../../app/HostContext';
import { useAnnouncer } from '../../components/Announcer';
import { LoadError } from '../../components/LoadError';
import { MigrationHint } from '../../components/MigrationHint';
import { PageLayout } from '../../components/PageLayout';
import { ActionsSection } from './ActionsSection';
import { Results } from './Results';
import { SourceSection } from './SourceSection';
import { useMigration } from './useMigration';

const INTRO =
  'Profile Migration brings existing profile data into Rollcall’s six default fields (phone, IM, website, position, department and location), from Confluence itself where this site still provides it, or from a CSV file exported from your Server/Data Center site. Start with a dry run: it shows what would change and writes nothing.';

const HINT = 'nothing has been migrated on this site yet. Bring over what people already have before they start filling in their profiles, so nobody types it again.';

/**
 * The Profile Migration admin page: copies existing profile data into the six default fields,
 * from Confluence (where the site still provides it) or a CSV file. A dry run shows what would
 * change and writes nothing; the run writes it, with live progress, and ends with its report.
 */
export function MigrationPage() {
  const { announce, region } = useAnnouncer();
  const state = useMigration(announce);
  const { status, loadError, busy, running, plan, run } = state;
  const { host } = useServices();
  const pageState = busy ? 'busy' : running ? 'running' : plan ? 'planned' : run ? 'reported' : 'idle';
  return (
    <PageLayout
      title="Profile Migration"
      intro={INTRO}
      banner={<div data-testid="hint-slot">{status?.showHint && <MigrationHint detail={HINT} />}</div>}
      rootProps={{ 'data-testid': 'profile-migration', 'data-loaded': status ? 'true' : undefined, 'data-details-available': status ? String(status.confluenceDetailsAvailable) : undefined, 'data-state': pageState }}
    >
      <div data-testid="page-message" aria-live="polite">
        {loadError && <LoadError title="Profile Migration could not be loaded" message={loadError.message} onRetry={loadError.status === 403 ? undefined : () => void state.load()} />}
      </div>
      <div data-testid="view" aria-busy={!status && !loadError} style={{ display: 'flex', flexDirection: 'column', gap: token('space.400') }}>
        {!status && !loadError && (
          <div data-testid="loading" style={{ display: 'flex', alignItems: 'center', gap: token('space.100') }}>
            <Spinner size="small" />
            <span>Checking what this site provides…</span>
          </div>
        )}
        {status && (
          <>
            <form data-testid="migration-form" noValidate onSubmit={(event) => event.preventDefault()} style={{ display: 'flex', flexDirection: 'column', gap: token('space.400') }}>
              <SourceSection state={state} />
              <ActionsSection
                state={state}
                onDryRun={() =>
                  void state.startDryRun().then((sent) => {
                    if (!sent) document.querySelector<HTMLInputElement>('[data-testid="csv-file"]')?.focus();
                    host.resize();
                  })
                }
              />
            </form>
            <Results state={state} />
          </>
        )}
      </div>
      {region}
    </PageLayout>
  );
}
