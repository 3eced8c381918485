import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { Fragment, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../../api/errors';
import type { Source, SourceKind, SyncMode } from '../../../api/sources';
import { useServices } from '../../../app/HostContext';
import { ConfirmBox } from '../../../components/ConfirmBox';
import { headerCell } from '../../../components/DataTable';
import { KINDS } from '../kinds';
import type { DataSourcesState } from '../useDataSources';
import { AddButtons } from './AddButtons';
import { EmptySources } from './EmptySources';
import { SourceRow } from './SourceRow';

export interface SourceListProps {
  state: DataSourcesState;
  sources: Source[];
  announce: (text: string) => void;
  onOpen: (id: string | null, tab: 'settings' | 'report', kind?: SourceKind) => void;
}

/** The list's schedule column: the job's name when every source is of one kind. */
function scheduleColumnTitle(sources: Source[]): string {
  const kinds = new Set(sources.map((s) => s.kind));
  return kinds.size === 1 ? KINDS[sources[0].kind].job : 'Bulk profile update';
}

/** Every source with its schedule and last run; Run now and Delete (after a confirmation) on each. */
export function SourceList({ state, sources, announce, onOpen }: SourceListProps) {
  const { api } = useServices();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState<Record<string, SyncMode | 'delete'>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A run of a source ended: its Run now error ("another run holds this source") is over too.
  const ended = useRef(state.runsEnded);
  useEffect(() => {
    const before = ended.current;
    ended.current = state.runsEnded;
    const done = Object.keys(state.runsEnded).filter((id) => state.runsEnded[id] !== before[id]);
    if (done.length) setErrors((m) => Object.fromEntries(Object.entries(m).filter(([id]) => !done.includes(id))));
  }, [state.runsEnded]);
  const add = (kind: SourceKind) => onOpen(null, 'settings', kind);
  if (!sources.length) return <EmptySources onAdd={add} />;

  const setFor = <T,>(set: (f: (m: Record<string, T>) => Record<string, T>) => void, id: string, value: T | null) =>
    set((m) => {
      const next = { ...m };
      if (value === null) delete next[id];
      else next[id] = value;
      return next;
    });

  const run = async (source: Source, mode: SyncMode) => {
    setFor(setErrors, source.id, null);
    setFor(setBusy, source.id, mode);
    const { error } = await state.startRun(source, mode);
    setFor(setBusy, source.id, null);
    if (error) setFor(setErrors, source.id, error);
  };

  const remove = async (source: Source) => {
    setFor(setBusy, source.id, 'delete');
    try {
      await api.sources.remove(source.id);
      state.removeLocal(source.id);
      announce(`Data source ${source.name} deleted.`);
      window.setTimeout(() => document.querySelector<HTMLElement>('[data-testid="add-source"]')?.focus(), 0);
    } catch (error) {
      setFor(setErrors, source.id, messageOf(error));
    } finally {
      setFor(setBusy, source.id, null);
      setConfirming(null);
    }
  };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-end', gap: token('space.200'), flexWrap: 'wrap' }}>
        <div>
          <Heading size="medium" as="h2">
            Directories and files
          </Heading>
          <p style={{ margin: 0, color: token('color.text.subtle') }}>Sources fill profiles in priority order: where two fill the same field, the higher priority (1) wins.</p>
        </div>
        <AddButtons onAdd={add} />
      </div>
      <div style={{ overflowX: 'auto' }}>
        <table data-testid="sources-table" style={{ borderCollapse: 'collapse', width: '100%' }}>
          <thead>
            <tr>
              <th scope="col" style={headerCell}>Name</th>
              <th scope="col" style={headerCell}>Kind</th>
              <th scope="col" style={headerCell}>Enabled</th>
              <th scope="col" style={{ ...headerCell, textAlign: 'right' }}>Priority</th>
              <th scope="col" style={headerCell} data-testid="schedule-column">
                {scheduleColumnTitle(sources)}
              </th>
              <th scope="col" style={headerCell}>Last run</th>
              <th scope="col" style={headerCell}>
                <span className="rc-assistive">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sources.map((source) => rowWithConfirm(source))}
          </tbody>
        </table>
      </div>
    </div>
  );

  /** A row, and under it the confirmation of its deletion while one is asked. */
  function rowWithConfirm(source: Source) {
    return (
      <Fragment key={source.id}>
        <SourceRow
          source={source}
          lastRun={state.lastRunOf(source)}
          busy={busy[source.id] ?? null}
          confirming={confirming === source.id}
          runError={errors[source.id] ?? null}
          onOpen={(tab) => onOpen(source.id, tab)}
          onRun={(mode) => void run(source, mode)}
          onDelete={() => {
            setFor(setErrors, source.id, null);
            setConfirming(source.id);
          }}
        />
        {confirming === source.id && (
          <tr data-source-id={source.id}>
            <td colSpan={7} style={{ padding: token('space.100') }}>
              <ConfirmBox
                testId="confirm-delete"
                question={`Delete the data source “${source.name}”?`}
                confirmLabel="Delete"
                busy={busy[source.id] === 'delete'}
                onConfirm={() => void remove(source)}
                onCancel={() => {
                  setConfirming(null);
                  window.setTimeout(() => document.querySelector<HTMLElement>(`[data-source-id="${source.id}"] [data-testid="delete-source"]`)?.focus(), 0);
                }}
              >
                {KINDS[source.kind].deleted}
              </ConfirmBox>
            </td>
          </tr>
        )}
      </Fragment>
    );
  }
}
