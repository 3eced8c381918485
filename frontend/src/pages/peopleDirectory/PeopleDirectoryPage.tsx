import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useId, useState } from 'react';
import { useServices } from '../../app/HostContext';
import { useAnnouncer } from '../../components/Announcer';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { PageLayout } from '../../components/PageLayout';
import { profileHref } from '../../components/PersonLink';
import { ExportButton } from './ExportButton';
import { Facets } from './Facets';
import { ResultCards } from './ResultCards';
import { ResultsTable } from './ResultsTable';
import { SearchBox } from './SearchBox';
import { addTerm, DEFAULT_SEARCH, type SearchState } from './searchState';
import { SearchTips } from './SearchTips';
import { SettingsPanel } from './SettingsPanel';
import { Toolbar } from './Toolbar';
import { useDirectory } from './useDirectory';
import { useDirectoryAccess } from './useDirectoryAccess';
import { usePictures } from './usePictures';
import { rememberedView, rememberView, type ViewMode } from './viewMode';

/**
 * The People Directory: everyone on the site, searched with the filter language (the query lives
 * in the address), as a table or cards, with facets beside the results, "Load more" by cursor,
 * the CSV export for who may export, and the directory's settings for admins.
 */
export function PeopleDirectoryPage() {
  const { host } = useServices();
  const directory = useDirectory();
  const access = useDirectoryAccess();
  const [view, setView] = useState<ViewMode>(() => rememberedView());
  const [profileLink, setProfileLink] = useState<string | undefined>();
  const { announce, region } = useAnnouncer();
  const tipsId = useId();
  const { search, result, status, submit } = directory;
  const pictures = usePictures(result?.people ?? []);

  useEffect(() => void host.context().then(({ parameters }) => setProfileLink(parameters.profileLink)), [host]);
  useEffect(() => {
    if (status.kind === 'ready' && result) announce(result.total === 1 ? '1 person found' : `${result.total} people found`);
    if (status.kind === 'invalid') announce(status.problem.message);
  }, [status, result, announce]);

  const personHref = useCallback((accountId: string) => profileHref(profileLink, accountId), [profileLink]);
  const current = search ?? DEFAULT_SEARCH;
  const searchFor = (next: Partial<SearchState>) => submit({ ...current, ...next });
  const sortBy = (key: string) => searchFor({ sort: key, order: current.sort === key && current.order === 'asc' ? 'desc' : 'asc' });
  const chooseView = (next: ViewMode) => {
    setView(next);
    rememberView(next);
  };

  return (
    <PageLayout title="People Directory" intro="Everyone on this site. Search by name or by any profile field; the address keeps your search, so you can share it." rootProps={{ 'data-testid': 'people-directory', 'data-state': status.kind }}>
      {region}
      <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
        <SearchBox query={current.q} onSearch={(q) => searchFor({ q })} problem={status.kind === 'invalid' ? status.problem : null} tipsId={tipsId} />
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: token('space.200'), flexWrap: 'wrap' }}>
          <SearchTips id={tipsId} onTry={(q) => searchFor({ q })} />
          {access.isAdmin && access.settings && <SettingsPanel settings={access.settings} onSaved={(s) => (access.saved(s), void directory.load())} />}
        </div>
      </div>
      <Toolbar
        total={status.kind === 'ready' && result ? result.total : null}
        search={current}
        columns={result?.columns ?? []}
        onSort={(sort, order) => searchFor({ sort, order })}
        view={view}
        onView={chooseView}
        exportButton={access.canExport || result?.canExport ? <ExportButton search={current} disabled={status.kind !== 'ready'} /> : undefined}
      />
      <div style={{ display: 'grid', gridTemplateColumns: result?.facets.some((f) => f.values.length) ? 'minmax(0, 1fr) 220px' : 'minmax(0, 1fr)', gap: token('space.300'), alignItems: 'start' }}>
        <div data-testid="directory-results" style={{ display: 'flex', flexDirection: 'column', gap: token('space.200'), minWidth: 0 }}>
          <Results directory={directory} view={view} pictures={pictures} personHref={personHref} onSort={sortBy} onClear={() => searchFor({ q: '' })} />
        </div>
        {status.kind === 'ready' && result && <Facets facets={result.facets} onChoose={(term) => searchFor({ q: addTerm(current.q, term) })} />}
      </div>
    </PageLayout>
  );
}

interface ResultsAreaProps {
  directory: ReturnType<typeof useDirectory>;
  view: ViewMode;
  pictures: Record<string, string>;
  personHref: (accountId: string) => string;
  onSort: (key: string) => void;
  onClear: () => void;
}

/** The results by state: loading, the query's error (shown at the box), a load error with retry, nobody, or the people and "Load more". */
function Results({ directory, view, pictures, personHref, onSort, onClear }: ResultsAreaProps) {
  const { search, result, status, load, loadMore, loadingMore, moreError } = directory;
  if (status.kind === 'loading') {
    return (
      <div data-testid="directory-loading" style={{ display: 'flex', justifyContent: 'center', padding: token('space.400') }}>
        <Spinner label="Loading people" />
      </div>
    );
  }
  if (status.kind === 'invalid') return null;
  if (status.kind === 'error') return <LoadError title="The directory could not be loaded" message={status.error.message} onRetry={status.error.status === 403 ? undefined : () => void load()} />;
  if (!result || result.people.length === 0) {
    return search?.q ? (
      <EmptyState
        testId="directory-empty"
        title="No one matches this search"
        description="Check the spelling, use fewer terms, or a wildcard (Ber*). Search tips show what a query can say."
        action={
          <Button onClick={onClear} testId="directory-clear">
            Show everyone
          </Button>
        }
      />
    ) : (
      <EmptyState testId="directory-empty" title="No one in the directory yet" description="People appear here once Rollcall knows them: when they open Rollcall, or after a sync from a directory." />
    );
  }
  const props = { columns: result.columns, people: result.people, pictures, personHref };
  return (
    <>
      {view === 'table' ? <ResultsTable {...props} sort={search ?? undefined} onSort={onSort} caption={`People, ${result.people.length} of ${result.total}`} /> : <ResultCards {...props} />}
      {result.nextCursor && (
        <div style={{ display: 'flex', alignItems: 'center', gap: token('space.150') }}>
          <Button onClick={() => void loadMore()} isLoading={loadingMore} testId="directory-load-more">
            Load more
          </Button>
          <span style={{ color: token('color.text.subtle') }}>
            {result.people.length} of {result.total.toLocaleString('en')}
          </span>
          {moreError && (
            <span role="alert" style={{ color: token('color.text.danger') }}>
              {moreError}
            </span>
          )}
        </div>
      )}
    </>
  );
}
