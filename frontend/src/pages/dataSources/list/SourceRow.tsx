import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import type { Source, SyncMode, SyncRun } from '../../../api/sources';
import { bodyCell } from '../../../components/DataTable';
import { locationText } from '../format';
import { EnabledBadge, KindBadge } from '../shared/Badges';
import { LastRun } from '../shared/LastRun';
import { RunButtons } from '../shared/RunButtons';
import { fullSchedule, incrementalSchedule, ScheduleLine } from '../shared/ScheduleLine';

export interface SourceRowProps {
  source: Source;
  lastRun: SyncRun | null;
  busy: SyncMode | 'delete' | null;
  confirming: boolean;
  runError: string | null;
  onOpen: (tab: 'settings' | 'report') => void;
  onRun: (mode: SyncMode) => void;
  onDelete: () => void;
}

/** One source in the list: name and where it reads, kind, state, priority, schedules, last run, actions. */
export function SourceRow({ source, lastRun, busy, confirming, runError, onOpen, onRun, onDelete }: SourceRowProps) {
  const running = lastRun?.status === 'running';
  const location = (source.settings as { location?: { kind?: string } }).location;
  return (
    <tr data-testid="source-row" data-source-id={source.id} style={{ opacity: source.enabled ? 1 : 0.75 }}>
      <td style={bodyCell}>
        <Button appearance="subtle" spacing="compact" testId="source-name" onClick={() => onOpen('settings')}>
          {source.name}
        </Button>
        <div data-testid="source-url" data-location={source.kind === 'xml' ? location?.kind : undefined} style={{ color: token('color.text.subtle'), font: token('font.body.small'), overflowWrap: 'anywhere' }}>
          {locationText(source)}
        </div>
      </td>
      <td style={bodyCell}>
        <KindBadge kind={source.kind} />
      </td>
      <td style={bodyCell}>
        <EnabledBadge enabled={source.enabled} />
      </td>
      <td style={{ ...bodyCell, textAlign: 'right' }} data-testid="source-priority">
        {String(source.priority)}
      </td>
      <td style={bodyCell} data-testid="source-schedule">
        <ScheduleLine facts={fullSchedule(source)} enabled={source.enabled} manual="Run now" />
        {source.incremental?.enabled && (
          <div data-testid="source-incremental-schedule" style={{ marginTop: token('space.050') }}>
            {'Incremental: '}
            <ScheduleLine facts={incrementalSchedule(source)} enabled={source.enabled} prefix="incremental-" manual="Run incremental sync" />
          </div>
        )}
      </td>
      <td style={bodyCell}>
        <LastRun source={source} run={lastRun} onOpenReport={() => onOpen('report')} />
      </td>
      <td style={bodyCell}>
        <div style={{ display: 'flex', gap: token('space.050'), flexWrap: 'wrap' }}>
          <Button spacing="compact" testId="edit-source" aria-label={`Edit ${source.name}`} onClick={() => onOpen('settings')}>
            Edit
          </Button>
          <RunButtons source={source} running={running} busy={busy === 'full' || busy === 'incremental' ? busy : null} compact onRun={onRun} />
          <Button spacing="compact" appearance="subtle" testId="delete-source" aria-label={`Delete ${source.name}`} title={`Delete ${source.name}`} isDisabled={confirming || busy !== null} onClick={onDelete}>
            Delete
          </Button>
        </div>
        <div role="alert" data-testid="run-error" style={{ color: token('color.text.danger') }}>
          {runError ?? ''}
        </div>
      </td>
    </tr>
  );
}
