import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, messageOf } from '../../api/errors';
import type { MigrationPreview, MigrationRun, MigrationSource, MigrationStatus } from '../../api/migration';
import { useServices } from '../../app/HostContext';
import { fileProblem, plural } from './format';

const POLL_MS = 1000;
const POLL_FAILURES_TOLERATED = 5;
/** The six default fields by stable key, in the order people know them. */
export const FIELD_KEYS = ['phone', 'im', 'website', 'position', 'department', 'location'] as const;

export interface Selection {
  source: MigrationSource;
  file: File | null;
  overwrite: boolean;
}

const inputOf = (s: Selection) => ({ source: s.source, file: s.file, overwriteSourceFields: s.overwrite });

/** What a dry run was made for: another source, file or option needs a new dry run. */
function selectionKey(s: Selection): string {
  return JSON.stringify([s.source, s.source === 'csv' && s.file ? [s.file.name, s.file.size, s.file.lastModified] : null, s.overwrite]);
}

/**
 * The Profile Migration page's state: the assistant's status (loaded, then polled while a run
 * goes on), the selection (source, file, option), the dry run of the current selection, and the
 * run. Server state comes from the API; nothing is mirrored beyond the answers shown.
 */
export function useMigration(announce: (text: string) => void) {
  const { api } = useServices();
  const [status, setStatus] = useState<MigrationStatus | null>(null);
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [selection, setSelection] = useState<Selection>({ source: 'csv', file: null, overwrite: false });
  const [dryRun, setDryRun] = useState<{ plan: MigrationPreview; key: string } | null>(null);
  const [dryRunError, setDryRunError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [run, setRun] = useState<MigrationRun | null>(null);
  const [runFromLoad, setRunFromLoad] = useState(false);
  const [runError, setRunError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'dry-run' | 'run' | null>(null);
  const request = useRef(0);

  const load = useCallback(async () => {
    setLoadError(null);
    // The fields' labels only name the CSV columns: the page works without them.
    const fields = api.fields.list().catch(() => []);
    try {
      const loaded = await api.migration.status();
      setLabels(Object.fromEntries((await fields).filter((f) => (FIELD_KEYS as readonly string[]).includes(f.key)).map((f) => [f.key, f.label])));
      setStatus(loaded);
      setSelection((s) => ({ ...s, source: loaded.confluenceDetailsAvailable ? 'confluence' : 'csv' }));
      setRun(loaded.current);
      setRunFromLoad(!!loaded.current && loaded.current.status !== 'running');
    } catch (error) {
      setLoadError(error instanceof ApiError ? error : new ApiError(0, 'unknown', messageOf(error)));
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  const running = run?.status === 'running';
  useEffect(() => {
    if (!running) return;
    let failures = 0;
    let timer = window.setTimeout(function poll() {
      api.migration.status().then(
        (next) => {
          failures = 0;
          setStatus(next);
          setRun(next.current);
          if (next.current?.status === 'running') {
            timer = window.setTimeout(poll, POLL_MS);
            return;
          }
          setRunFromLoad(false);
          announce(next.current?.status === 'failed' ? 'The migration failed.' : 'The migration finished.');
        },
        (error: unknown) => {
          failures += 1;
          if (failures <= POLL_FAILURES_TOLERATED) timer = window.setTimeout(poll, POLL_MS * failures);
          else setRunError(`The migration’s progress could not be read: ${messageOf(error)} Reload the page to see how it ended.`);
        },
      );
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [running, api, announce]);

  const key = selectionKey(selection);
  const plan = dryRun && dryRun.key === key ? dryRun.plan : null;

  /** Another source, file or option: the dry run no longer describes what a run would do. */
  const select = useCallback((change: Partial<Selection>) => {
    setSelection((s) => ({ ...s, ...change }));
    setConfirming(false);
    setDryRun(null);
    setDryRunError(null);
    if ('file' in change) setFileError(null);
  }, []);

  const startDryRun = useCallback(async () => {
    const problem = selection.source === 'csv' ? fileProblem(selection.file) : null;
    if (problem) {
      setFileError(problem);
      return false;
    }
    const mine = ++request.current;
    setBusy('dry-run');
    setConfirming(false);
    setDryRun(null);
    setDryRunError(null);
    setFileError(null);
    setRunError(null);
    try {
      const result = await api.migration.dryRun(inputOf(selection));
      if (mine !== request.current) return true;
      setDryRun({ plan: result, key });
      announce(`Dry run done: ${plural(result.wouldChange, 'profile', 'profiles')} would change. Nothing was written.`);
    } catch (error) {
      if (mine !== request.current) return true;
      // A problem of the file (the server names the body) is said next to the file input too.
      const ofFile = error instanceof ApiError ? error.messageFor('body') : null;
      if (ofFile) setFileError(ofFile);
      setDryRunError(messageOf(error));
    } finally {
      if (mine === request.current) setBusy(null);
    }
    return true;
  }, [api, selection, key, announce]);

  const startRun = useCallback(async () => {
    if (!plan) return;
    setBusy('run');
    setRunError(null);
    try {
      const started = await api.migration.run(inputOf(selection));
      setRun({ status: 'running', startedAt: new Date().toISOString(), total: started.total, done: 0, finishedAt: undefined, report: undefined, message: undefined });
      announce('The migration started.');
    } catch (error) {
      if (error instanceof ApiError && error.code === 'migration_running') {
        // Someone else started one: follow it; a dry run is due again after it.
        setRun({ status: 'running', startedAt: '', total: 0, done: 0, finishedAt: undefined, report: undefined, message: undefined });
        announce('Another migration is running; its progress is shown.');
      } else {
        setRunError(messageOf(error));
      }
    } finally {
      setConfirming(false);
      setDryRun(null);
      setRunFromLoad(false);
      setBusy(null);
    }
  }, [api, plan, selection, announce]);

  return { status, labels, loadError, load, selection, select, plan, dryRunError, fileError, confirming, setConfirming, run, runFromLoad, runError, busy, running, startDryRun, startRun };
}

export type MigrationState = ReturnType<typeof useMigration>;
