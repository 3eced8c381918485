import Button from '@atlaskit/button/new';
import type { Source, SyncMode } from '../../../api/sources';
import { KINDS } from '../kinds';

export interface RunButtonsProps {
  source: Source;
  running: boolean;
  /** A run request is on its way. */
  busy: SyncMode | null;
  compact?: boolean;
  onRun: (mode: SyncMode) => void;
}

/** "Run now", or with incremental sync on "Run full sync" and "Run incremental sync". */
export function RunButtons({ source, running, busy, compact, onRun }: RunButtonsProps) {
  const spacing = compact ? 'compact' : 'default';
  const disabled = running || busy !== null;
  if (!source.incremental?.enabled) {
    return (
      <Button spacing={spacing} testId="run-now" isDisabled={disabled} isLoading={busy === 'full'} onClick={() => onRun('full')} aria-label={`${running ? 'Running' : 'Run now'}: ${source.name}`} title={KINDS[source.kind].runTitle}>
        {running ? 'Running…' : 'Run now'}
      </Button>
    );
  }
  return (
    <>
      <Button spacing={spacing} testId="run-full" isDisabled={disabled} isLoading={busy === 'full'} onClick={() => onRun('full')} title="Read every entry now (the bulk profile update); it also notices people removed from the directory">
        Run full sync
      </Button>
      <Button spacing={spacing} testId="run-incremental" isDisabled={disabled} isLoading={busy === 'incremental'} onClick={() => onRun('incremental')} title="Read only the entries changed since the Last LDAP sync date">
        Run incremental sync
      </Button>
    </>
  );
}
