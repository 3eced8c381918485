import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../../api/errors';
import type { SyncRun, SyncRunDetail, SyncRunError } from '../../../api/sources';
import { useServices } from '../../../app/HostContext';
import { mergeNewestRuns } from './runs';

/** Runs a page of the report holds; older ones come with "Show older runs". */
export const RUNS_PAGE = 50;
/** Entry errors a page (the server's default). */
const ERRORS_PAGE = 100;

export type RunDetails = { run: SyncRunDetail; errors: SyncRunError[]; errorCount: number; moreError?: string; loadingMore?: boolean } | { failed: string };

/**
 * The sync report of a source: its runs (newest first, a page at a time, reloaded when `version`
 * changes: a run started or ended), the open run and the details of the runs opened.
 */
export function useReport(sourceId: string, version: number) {
  const { api } = useServices();
  const [runs, setRuns] = useState<SyncRun[]>([]);
  const [more, setMore] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [older, setOlder] = useState<{ loading: boolean; error: string | null }>({ loading: false, error: null });
  const [openRunId, setOpenRunId] = useState<string | null>(null);
  const [details, setDetails] = useState<Record<string, RunDetails>>({});
  const generation = useRef(0);
  const state = useRef({ runs, more });
  state.current = { runs, more };

  useEffect(() => {
    const mine = ++generation.current;
    api.sources.runs(sourceId, { limit: RUNS_PAGE }).then(
      (data) => {
        if (mine !== generation.current) return;
        const merged = mergeNewestRuns(state.current.runs, data.runs, data.more, state.current.more);
        setRuns(merged.runs);
        setMore(merged.more);
        setLoaded(true);
        setError(null);
        setOlder({ loading: false, error: null });
      },
      (e: unknown) => {
        if (mine === generation.current) setError(messageOf(e));
      },
    );
  }, [api, sourceId, version]);

  /** Older runs; answers the id of the first one added. */
  const loadOlder = useCallback(async (): Promise<string | null> => {
    const shown = state.current.runs;
    if (!shown.length) return null;
    const mine = generation.current;
    setOlder({ loading: true, error: null });
    try {
      const data = await api.sources.runs(sourceId, { before: shown[shown.length - 1].id, limit: RUNS_PAGE });
      if (mine !== generation.current) return null; // a refresh came first: the list it made stands
      const oldest = Number(shown[shown.length - 1].id);
      const added = data.runs.filter((run) => Number(run.id) < oldest);
      setRuns([...shown, ...added]);
      setMore(data.more);
      setOlder({ loading: false, error: null });
      return added[0]?.id ?? null;
    } catch (e) {
      setOlder({ loading: false, error: `Older runs could not be loaded: ${messageOf(e)}` });
      return null;
    }
  }, [api, sourceId]);

  const loadDetails = useCallback(
    (runId: string) => {
      api.sources.run(runId).then(
        (run) => setDetails((d) => ({ ...d, [runId]: { run, errors: run.errors, errorCount: run.errorCount } })),
        (e: unknown) => setDetails((d) => ({ ...d, [runId]: { failed: messageOf(e) } })),
      );
    },
    [api],
  );

  // A run ended (or another started): the open run's details, read while it ran, are read again,
  // so its outcome and its errors show without closing and opening it.
  const opened = useRef({ openRunId, details });
  opened.current = { openRunId, details };
  useEffect(() => {
    const { openRunId: open, details: known } = opened.current;
    const shown = open ? known[open] : undefined;
    if (open && shown && !('failed' in shown) && shown.run.status === 'running') loadDetails(open);
  }, [version, loadDetails]);

  const toggle = useCallback(
    (runId: string, running: boolean) => {
      if (openRunId === runId) {
        setOpenRunId(null);
        return;
      }
      const known = details[runId];
      if (!known || 'failed' in known || known.run.status === 'running' || running) loadDetails(runId);
      setOpenRunId(runId);
    },
    [openRunId, details, loadDetails],
  );

  const moreErrors = useCallback(
    async (runId: string) => {
      const known = details[runId];
      if (!known || 'failed' in known) return;
      setDetails((d) => ({ ...d, [runId]: { ...known, loadingMore: true, moreError: undefined } }));
      try {
        const data = await api.sources.runErrors(runId, { offset: known.errors.length });
        const errors = [...known.errors, ...data.errors];
        setDetails((d) => ({ ...d, [runId]: { ...known, errors, errorCount: data.errors.length ? known.errorCount : errors.length, loadingMore: false } }));
      } catch (e) {
        setDetails((d) => ({ ...d, [runId]: { ...known, loadingMore: false, moreError: messageOf(e) } }));
      }
    },
    [api, details],
  );

  return { runs, more, loaded, error, older, loadOlder, openRunId, details, toggle, loadDetails, moreErrors, errorsPage: ERRORS_PAGE };
}

export type ReportState = ReturnType<typeof useReport>;
