import Lozenge from '@atlaskit/lozenge';
import type { Source, SyncRun } from '../../../api/sources';
import { KINDS } from '../kinds';

const RUN_STATUS: Record<string, { text: string; appearance: 'inprogress' | 'success' | 'removed' | 'default' }> = {
  running: { text: 'Running', appearance: 'inprogress' },
  succeeded: { text: 'Succeeded', appearance: 'success' },
  failed: { text: 'Failed', appearance: 'removed' },
};

/** A run's status as a lozenge; `data-status` carries the server's word. */
export function RunStatus({ status, testId = 'run-status' }: { status: SyncRun['status']; testId?: string }) {
  const look = RUN_STATUS[status] ?? { text: status, appearance: 'default' as const };
  return (
    <span data-testid={testId} data-status={status}>
      <Lozenge appearance={look.appearance}>{look.text}</Lozenge>
    </span>
  );
}

/** LDAP or XML. */
export function KindBadge({ kind }: { kind: Source['kind'] }) {
  return (
    <span data-testid="source-kind">
      <Lozenge appearance="moved">{KINDS[kind].label}</Lozenge>
    </span>
  );
}

/** Enabled or Disabled. */
export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return (
    <span data-testid="source-enabled">
      <Lozenge appearance={enabled ? 'success' : 'default'}>{enabled ? 'Enabled' : 'Disabled'}</Lozenge>
    </span>
  );
}
