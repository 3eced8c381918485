import { useCallback } from 'react';
import { useServices } from '../app/HostContext';
import type { PeopleListConfig as Config } from '../pages/peopleList/columns';
import { PeopleListEditor } from '../pages/peopleList/PeopleListEditor';

/** The People list macro's configuration on Forge (its `config.resource`): the macro's config from the context, saved with `view.submit`. */
export function PeopleListConfig({ submit }: { submit: (config: Config) => Promise<void> }) {
  const { host } = useServices();
  const load = useCallback(async () => {
    const { parameters } = await host.context();
    return { query: parameters.query ?? '', columns: parameters.columns ?? '' };
  }, [host]);
  return <PeopleListEditor load={load} submit={submit} />;
}
