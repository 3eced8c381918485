import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useState } from 'react';
import { useServices } from '../../app/HostContext';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { Notice } from '../../components/Notice';
import { profileHref } from '../../components/PersonLink';
import { ResultsTable } from '../peopleDirectory/ResultsTable';
import { useDirectory } from '../peopleDirectory/useDirectory';
import { usePictures } from '../peopleDirectory/usePictures';
import { chooseColumns } from './columns';

/** People a macro shows before "Load more". */
const MACRO_PAGE = 25;

/**
 * The People list macro in a Confluence page: the people its search finds (as the viewer may see
 * them: restricted fields stay hidden), with the columns it names, links to their profiles, and
 * "Load more". A query that no longer parses says so, with the way to fix it.
 */
export function PeopleListMacro() {
  const { host } = useServices();
  const directory = useDirectory({ history: null, queryParameter: 'query', limit: MACRO_PAGE });
  const [params, setParams] = useState<{ columns: string; profileLink?: string } | null>(null);
  const { result, status } = directory;
  const pictures = usePictures(result?.people ?? []);

  useEffect(() => void host.context().then(({ parameters }) => setParams({ columns: parameters.columns ?? '', profileLink: parameters.profileLink })), [host]);
  const personHref = useCallback((accountId: string) => profileHref(params?.profileLink, accountId), [params]);

  const body = () => {
    if (status.kind === 'loading' || !params) return <Spinner label="Loading people" />;
    if (status.kind === 'invalid') {
      return (
        <Notice appearance="warning" title="This list’s search has a problem" testId="people-list-problem" role="note">
          <p>{status.problem.message}</p>
          <p>Edit the macro to correct the search.</p>
        </Notice>
      );
    }
    if (status.kind === 'error') return <LoadError title="The people list could not be loaded" message={status.error.message} onRetry={() => void directory.load()} />;
    if (!result || result.people.length === 0) return <EmptyState testId="people-list-empty" title="No one matches this list’s search" />;
    const { shown } = chooseColumns(result.columns, params.columns);
    return (
      <>
        <ResultsTable columns={shown} people={result.people} pictures={pictures} personHref={personHref} caption={`People, ${result.people.length} of ${result.total}`} />
        <div style={{ display: 'flex', gap: token('space.150'), alignItems: 'center', color: token('color.text.subtle') }}>
          <span data-testid="people-list-total">{result.total === 1 ? '1 person' : `${result.total} people`}</span>
          {result.nextCursor && (
            <Button onClick={() => void directory.loadMore()} isLoading={directory.loadingMore} testId="people-list-more">
              Load more
            </Button>
          )}
        </div>
      </>
    );
  };

  return (
    <div data-testid="people-list" data-state={status.kind} style={{ display: 'flex', flexDirection: 'column', gap: token('space.100'), padding: token('space.050') }}>
      {body()}
    </div>
  );
}
