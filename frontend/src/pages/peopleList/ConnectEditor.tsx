import { useCallback } from 'react';
import { useServices } from '../../app/HostContext';
import { LoadError } from '../../components/LoadError';
import type { PeopleListConfig } from './columns';
import { PeopleListEditor } from './PeopleListEditor';

/** The People list macro's editor on Connect: the parameters through `AP.confluence` (the host's macro editor). */
export function ConnectEditor() {
  const { host } = useServices();
  const editor = host.macroEditor;
  const load = useCallback(async (): Promise<Partial<PeopleListConfig>> => (editor ? editor.parameters() : {}), [editor]);
  const submit = useCallback(async (config: PeopleListConfig) => editor?.save({ query: config.query, columns: config.columns }), [editor]);
  if (!editor) return <LoadError title="This is the People list macro’s editor" message="Open it from Confluence’s editor: insert or edit a People list macro." />;
  return <PeopleListEditor load={load} submit={submit} cancel={editor.cancel} />;
}
