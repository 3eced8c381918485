import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useEffect, useState } from 'react';
import type { SourceKind } from '../../api/sources';
import { useServices } from '../../app/HostContext';
import { useAnnouncer } from '../../components/Announcer';
import { LoadError } from '../../components/LoadError';
import { Notice } from '../../components/Notice';
import { PageLayout } from '../../components/PageLayout';
import { SourceList } from './list/SourceList';
import { SourcePage } from './source/SourcePage';
import type { OpenPage, Tab } from './source/useSourcePage';
import { useDataSources } from './useDataSources';

const INTRO =
  "Data sources fill people's profiles from your company directory or from an XML export of your HR system. Rollcall reads each source on a schedule (the bulk profile update) and whenever you click Run now, matches every entry or record to a Confluence account, and writes the mapped fields into the profile. For an LDAP directory, with incremental synchronisation on, it also reads, more often, only the entries changed since the last sync; with write-back on, it writes what people enter in their profile back into the directory. An XML file is read whole on every run: uploaded here, from the server's import directory, or from an HTTPS URL.";

/** Re-renders every 30 seconds, so that "3 minutes ago" stays true while the page is open. */
function useTick(ms: number) {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setTick((t) => t + 1), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
}

/**
 * The Data Sources admin page: the list of LDAP directories and XML files (or the empty state),
 * and one source's page with its settings, field mappings, connection test and sync report.
 */
export function DataSourcesPage() {
  const { announce, region } = useAnnouncer();
  const { host } = useServices();
  const state = useDataSources(announce);
  const [page, setPage] = useState<OpenPage | null>(null);
  // Each opening of a source page is a page of its own (a save that creates the source keeps it).
  const [opened, setOpened] = useState(0);
  useTick(30000);
  useEffect(() => host.resize());
  const open = (id: string | null, tab: Tab, kind?: SourceKind) => {
    const source = id ? state.sources?.find((s) => s.id === id) : null;
    setPage({ id, kind: source?.kind ?? kind ?? 'ldap', tab });
    setOpened((n) => n + 1);
    window.setTimeout(() => document.querySelector<HTMLElement>(id ? `[data-testid="source-tab-${tab}"]` : 'input[name="name"]')?.focus(), 0);
  };
  const close = () => {
    const id = page?.id;
    setPage(null);
    window.setTimeout(() => document.querySelector<HTMLElement>(id ? `[data-source-id="${id}"] [data-testid="source-name"]` : '[data-testid="add-source"]')?.focus(), 0);
  };
  const { sources, loadError } = state;
  return (
    <PageLayout title="Data Sources" intro={INTRO} rootProps={{ 'data-testid': 'data-sources', 'data-loaded': sources ? 'true' : undefined }}>
      <div data-testid="page-message" aria-live="polite">
        {loadError && <LoadError title="The data sources could not be loaded" message={loadError.message} onRetry={loadError.status === 403 ? undefined : () => void state.load()} />}
        {state.refreshError && (
          <Notice appearance="error" title="The data source could not be refreshed" role="alert" testId="page-message-error">
            <p>{state.refreshError}</p>
          </Notice>
        )}
      </div>
      <div data-testid="view" data-view={page ? 'source' : 'list'} aria-busy={!sources && !loadError} style={{ display: 'flex', flexDirection: 'column', gap: token('space.300') }}>
        {!sources && !loadError && (
          <div data-testid="loading" style={{ display: 'flex', alignItems: 'center', gap: token('space.100') }}>
            <Spinner size="small" />
            <span>Loading data sources…</span>
          </div>
        )}
        {sources && !page && <SourceList state={state} sources={sources} announce={announce} onOpen={open} />}
        {sources && page && <SourcePage key={opened} state={state} page={page} setPage={setPage} onClose={close} announce={announce} />}
      </div>
      {region}
    </PageLayout>
  );
}
