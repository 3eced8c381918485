import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, messageOf } from '../../api/errors';
import type { Field } from '../../api/profileSchema';
import type { Source, SyncMode, SyncRun } from '../../api/sources';
import { useServices } from '../../app/HostContext';
import { countsSummary } from './format';

const POLL_MS = 1000;

/** The sources in the list's order: by priority, then by id. */
function sorted(sources: Source[]): Source[] {
  return [...sources].sort((a, b) => a.priority - b.priority || Number(a.id) - Number(b.id));
}

/** A run as the report and the last-run line keep it (without the errors of `GET /sync-runs/{id}`). */
function stripErrors(run: SyncRun & { errors?: unknown; errorCount?: unknown }): SyncRun {
  const { errors: _errors, errorCount: _count, ...rest } = run;
  return rest;
}

/**
 * The Data Sources page's server state: the sources, the profile fields, the import directory,
 * and the runs going on (polled every second until they end, then their source is read again).
 * `runs` holds the latest state of every run polled (by run id), `runsVersion` counts, per
 * source, the runs that started or ended (the report reloads on it).
 */
export function useDataSources(announce: (text: string) => void) {
  const { api } = useServices();
  const [sources, setSources] = useState<Source[] | null>(null);
  const [fields, setFields] = useState<Field[]>([]);
  const [importDirectory, setImportDirectory] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [refreshError, setRefreshError] = useState<string | null>(null);
  const [runs, setRuns] = useState<Record<string, SyncRun>>({});
  const [runsVersion, setRunsVersion] = useState<Record<string, number>>({});
  /** How many followed runs of each source ended: a "another run holds this source" error goes with the run. */
  const [runsEnded, setRunsEnded] = useState<Record<string, number>>({});
  const polls = useRef(new Map<string, number>());
  const names = useRef(new Map<string, string>());
  /** Each source's copy's generation: a read that started before a newer copy arrived (a save) is dropped. */
  const generations = useRef(new Map<string, number>());
  /** False once the page is gone: an answer still under way then starts no timer and sets no state. */
  const alive = useRef(true);

  const upsert = useCallback((source: Source) => {
    names.current.set(source.id, source.name);
    generations.current.set(source.id, (generations.current.get(source.id) ?? 0) + 1);
    setSources((list) => sorted([...(list ?? []).filter((s) => s.id !== source.id), source]));
  }, []);
  const removeLocal = useCallback((id: string) => setSources((list) => (list ?? []).filter((s) => s.id !== id)), []);
  const bump = useCallback((sourceId: string) => setRunsVersion((v) => ({ ...v, [sourceId]: (v[sourceId] ?? 0) + 1 })), []);

  const watchRef = useRef<(runId: string, sourceId: string) => void>(() => undefined);

  /** Reads a source again (after a run ended, or was found running); follows a run it holds. */
  const refreshSource = useCallback(
    async (sourceId: string) => {
      const generation = generations.current.get(sourceId) ?? 0;
      try {
        const source = await api.sources.get(sourceId);
        if (!alive.current) return;
        setRefreshError(null);
        // A save answered while this read was under way: its copy is the newer one.
        if ((generations.current.get(sourceId) ?? 0) === generation) upsert(source);
        bump(sourceId);
        if (source.lastRun?.status === 'running') watchRef.current(source.lastRun.id, sourceId);
      } catch (error) {
        if (alive.current) setRefreshError(messageOf(error));
      }
    },
    [api, upsert, bump],
  );

  const watch = useCallback(
    (runId: string, sourceId: string) => {
      if (polls.current.has(runId)) return;
      let failures = 0;
      const tick = () => {
        api.sources.run(runId).then(
          (run) => {
            if (!alive.current) return;
            failures = 0;
            setRuns((all) => ({ ...all, [runId]: stripErrors(run) }));
            if (run.status === 'running') {
              polls.current.set(runId, window.setTimeout(tick, POLL_MS));
              return;
            }
            polls.current.delete(runId);
            setRunsEnded((v) => ({ ...v, [sourceId]: (v[sourceId] ?? 0) + 1 }));
            const name = names.current.get(sourceId) ?? 'the source';
            announce(`Sync of ${name}${run.status === 'succeeded' ? ` succeeded: ${countsSummary(run)}.` : ' failed.'}`);
            void refreshSource(sourceId);
          },
          () => {
            if (!alive.current) return;
            // Keep trying (a token refresh or a blip); back off a little.
            failures += 1;
            polls.current.set(runId, window.setTimeout(tick, Math.min(10000, POLL_MS * (1 + failures))));
          },
        );
      };
      polls.current.set(runId, window.setTimeout(tick, 0));
    },
    [api, announce, refreshSource],
  );
  watchRef.current = watch;

  useEffect(() => {
    const timers = polls.current;
    alive.current = true;
    return () => {
      alive.current = false;
      timers.forEach((timer) => window.clearTimeout(timer));
      timers.clear();
    };
  }, []);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const [list, loadedFields] = await Promise.all([api.sources.list(), api.fields.list()]);
      list.sources.forEach((s) => names.current.set(s.id, s.name));
      setSources(sorted(list.sources));
      setImportDirectory(list.importDirectory);
      setFields(loadedFields);
      for (const source of list.sources) if (source.lastRun?.status === 'running') watchRef.current(source.lastRun.id, source.id);
    } catch (error) {
      setLoadError(error instanceof ApiError ? error : new ApiError(0, 'unknown', messageOf(error)));
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  /**
   * "Run now" (full or incremental): the started run is followed at once. Another run holding the
   * source (409 `sync_running`) is followed too. Answers the error's message, or null.
   */
  const startRun = useCallback(
    async (source: Source, mode: SyncMode): Promise<{ error: string | null; runId: string | null }> => {
      const fallsBackToFull = mode === 'incremental' && !source.incremental?.lastSyncDate;
      try {
        const { runId } = await api.sources.sync(source.id, mode);
        const run: SyncRun = {
          id: runId,
          sourceId: source.id,
          mode: fallsBackToFull ? 'full' : mode,
          trigger: 'manual',
          status: 'running',
          startedAt: new Date().toISOString(),
          finishedAt: null,
          durationMs: null,
          progress: { phase: 'starting', done: 0 },
          counts: { seen: 0, added: 0, updated: 0, unchanged: 0, unmatched: 0, failed: 0, removed: 0 },
          watermarks: {},
          message: null,
          startedBy: null,
        };
        setRuns((all) => ({ ...all, [runId]: run }));
        bump(source.id);
        announce(`${mode === 'incremental' && !fallsBackToFull ? 'Incremental sync' : 'Sync'} of ${source.name} started.`);
        watch(runId, source.id);
        return { error: null, runId };
      } catch (error) {
        // Another run holds the source (a schedule, another admin, another instance): follow it.
        if (error instanceof ApiError && error.code === 'sync_running') void refreshSource(source.id);
        return { error: messageOf(error), runId: null };
      }
    },
    [api, announce, bump, watch, refreshSource],
  );

  /** The run to show as a source's last run: the polled one while it goes. */
  const lastRunOf = useCallback(
    (source: Source): SyncRun | null => {
      const last = source.lastRun;
      const running = Object.values(runs).filter((r) => r.sourceId === source.id && r.status === 'running');
      if (running.length) return running.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b));
      return last ? (runs[last.id] && runs[last.id].status !== 'running' && last.status === 'running' ? runs[last.id] : last) : null;
    },
    [runs],
  );

  return { sources, fields, importDirectory, loadError, load, refreshError, upsert, removeLocal, refreshSource, startRun, runs, runsVersion, runsEnded, lastRunOf };
}

export type DataSourcesState = ReturnType<typeof useDataSources>;
