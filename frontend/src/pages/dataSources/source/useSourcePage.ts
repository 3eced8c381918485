import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, messageOf } from '../../../api/errors';
import type { Source, SourceCreate, SourceKind, SourceUpdate, SyncMode } from '../../../api/sources';
import { useServices } from '../../../app/HostContext';
import { fileSize } from '../format';
import type { SaveBusy } from '../settings/FormButtons';
import type { TestState } from '../test/TestResult';
import type { DataSourcesState } from '../useDataSources';

export type Tab = 'settings' | 'mappings' | 'report';

/** The open source page: which source (null while adding one of `kind`) and which tab. */
export interface OpenPage {
  id: string | null;
  kind: SourceKind;
  tab: Tab;
}

/**
 * One source's page: saving its settings (then its XML file), its connection test (shown under
 * the tab that asked), Run now from its header. The settings form is made anew after each save
 * (`formKey`), from what the server kept.
 */
export function useSourcePage(state: DataSourcesState, page: OpenPage, setPage: (p: OpenPage) => void, announce: (text: string) => void) {
  const { api } = useServices();
  const source = page.id ? (state.sources?.find((s) => s.id === page.id) ?? null) : null;
  const [formKey, setFormKey] = useState(0);
  const [status, setStatus] = useState('');
  const [focus, setFocus] = useState<'save' | 'test' | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [busy, setBusy] = useState<{ what: SaveBusy; text: string }>({ what: null, text: '' });
  const [test, setTest] = useState<{ tab: Tab; state: TestState } | null>(null);
  const [runError, setRunError] = useState('');
  const [runNote, setRunNote] = useState('');
  const [runBusy, setRunBusy] = useState<SyncMode | null>(null);
  // A run of this source ended: its Run now error ("another run holds this source") is over too.
  const ended = page.id ? (state.runsEnded[page.id] ?? 0) : 0;
  useEffect(() => setRunError(''), [ended]);
  const pageRef = useRef(page);
  pageRef.current = page;

  const runTest = useCallback(
    async (tab: Tab, id: string, kind: SourceKind) => {
      setTest({ tab, state: { pending: true } });
      try {
        const result = await api.sources.test(id);
        setTest({ tab, state: { result } });
        announce(`${kind === 'xml' ? 'File test' : 'Connection test'}${result.ok ? ' passed.' : ' failed.'}`);
      } catch (error) {
        setTest({ tab, state: { error: messageOf(error) } });
      }
    },
    [api, announce],
  );

  /** POST (a new source) or PATCH, then PUT the chosen XML file; a file that does not go up is said at the file input. */
  const save = useCallback(
    async (body: SourceCreate | SourceUpdate, andTest: boolean, file: File | null): Promise<unknown> => {
      const creating = !page.id;
      setBusy({ what: andTest ? 'test' : 'save', text: 'Saving…' });
      setStatus('');
      let saved: Source;
      try {
        saved = creating ? await api.sources.create(body as SourceCreate) : await api.sources.update(page.id as string, body as SourceUpdate);
      } catch (error) {
        setBusy({ what: null, text: '' });
        return error;
      }
      let uploadError = '';
      if (file) {
        state.upsert(saved);
        setBusy({ what: andTest ? 'test' : 'save', text: 'Uploading…' });
        try {
          saved = await api.sources.upload(saved.id, file, file.name);
        } catch (error) {
          // A 413 is the file's size (payload_too_large) or the site's quota (quota_exceeded, whose message says so).
          uploadError = error instanceof ApiError && error.code === 'payload_too_large' ? `at ${fileSize(file.size)}, it is larger than the server accepts (XML_MAX_BYTES).` : messageOf(error);
        }
      }
      state.upsert(saved);
      setBusy({ what: null, text: '' });
      setPage({ ...pageRef.current, id: saved.id });
      setFormKey((k) => k + 1);
      setFocus(andTest ? 'test' : 'save');
      setFileError(uploadError ? `The source was saved, but the file was not uploaded: ${uploadError}` : null);
      if (saved.kind === 'xml') {
        let words = creating ? 'XML source added.' : 'Saved.';
        if (file && !uploadError) words += ` ${file.name} uploaded.`;
        if (creating) words += ' Next: map profile fields on the Field mappings tab.';
        setStatus(words);
        announce(creating ? `XML source ${saved.name} added.` : 'Settings saved.');
      } else {
        const full = saved.incremental?.enabled && !saved.incremental.lastSyncDate ? ' The Last LDAP sync date is empty: the next run is a full one.' : '';
        setStatus(`${creating ? 'Directory added. Next: map profile fields on the Field mappings tab.' : 'Saved.'}${full}`);
        announce(creating ? `Directory ${saved.name} added.` : 'Settings saved.');
      }
      // The test reads the file: not without the one the admin just chose.
      if (uploadError) setTest(null);
      else if (andTest) void runTest('settings', saved.id, saved.kind);
      return null;
    },
    [api, page.id, state, setPage, announce, runTest],
  );

  const run = useCallback(
    async (mode: SyncMode) => {
      if (!source) return;
      setRunError('');
      setRunNote('');
      setRunBusy(mode);
      const { error } = await state.startRun(source, mode);
      setRunBusy(null);
      if (error) {
        setRunError(error);
        return;
      }
      if (mode === 'incremental' && !source.incremental?.lastSyncDate) setRunNote('No Last LDAP sync date yet: this run reads every entry (a full run).');
      setPage({ ...pageRef.current, tab: 'report' });
    },
    [source, state, setPage],
  );

  return {
    source,
    formKey,
    status,
    clearStatus: () => setStatus(''),
    focus,
    fileError,
    busy,
    test,
    testing: !!test && 'pending' in test.state,
    runTest: (tab: Tab) => source && void runTest(tab, source.id, source.kind),
    save,
    run,
    runError,
    runNote,
    runBusy,
  };
}

export type SourcePageState = ReturnType<typeof useSourcePage>;
