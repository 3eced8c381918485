import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import type { Source, SourceKind, SyncRun } from '../../../api/sources';
import { locationText } from '../format';
import { KINDS } from '../kinds';
import { EnabledBadge, KindBadge } from '../shared/Badges';
import { LastRun } from '../shared/LastRun';
import { RunButtons } from '../shared/RunButtons';
import { fullSchedule, incrementalSchedule, ScheduleLine } from '../shared/ScheduleLine';
import type { SourcePageState } from './useSourcePage';

const muted = { color: token('color.text.subtle') };

function Fact({ name, children }: { name: string; children: React.ReactNode }) {
  return (
    <div>
      <dt style={{ ...muted, font: token('font.body.small') }}>{name}</dt>
      <dd style={{ margin: 0 }}>{children}</dd>
    </div>
  );
}

/** A new source's header: what to fill in. */
export function NewSourceHeader({ kind }: { kind: SourceKind }) {
  const xml = kind === 'xml';
  return (
    <header data-testid="source-header" data-kind={kind} style={{ display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
      <Heading size="medium" as="h2" testId="source-title">
        {xml ? 'Add an XML file' : 'Add an LDAP directory'}
      </Heading>
      <p style={{ ...muted, margin: 0 }}>{xml ? 'Say where the file is and how its records are read, then save. You can test the file right away and map fields next.' : 'Fill in the connection and where the people are, then save. You can test the connection right away and map fields next.'}</p>
    </header>
  );
}

/** A source's header: name, kind, state, priority, Run now, its schedules, where its file is, its last run. */
export function SourceHeader({ source, lastRun, page, onOpenReport }: { source: Source; lastRun: SyncRun | null; page: SourcePageState; onOpenReport: (() => void) | undefined }) {
  const kind = KINDS[source.kind];
  const location = (source.settings as { location?: { kind?: string } }).location;
  return (
    <header data-testid="source-header" data-source-id={source.id} data-kind={source.kind} style={{ display: 'flex', flexDirection: 'column', gap: token('space.150') }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: token('space.200'), flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <div style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', flexWrap: 'wrap' }}>
          <Heading size="medium" as="h2" testId="source-title">
            {source.name}
          </Heading>
          <KindBadge kind={source.kind} />
          <EnabledBadge enabled={source.enabled} />
          <span style={muted} data-testid="source-priority">{`Priority ${source.priority}`}</span>
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.050'), alignItems: 'flex-end' }}>
          <div style={{ display: 'flex', gap: token('space.100') }}>
            <RunButtons source={source} running={lastRun?.status === 'running'} busy={page.runBusy} onRun={(mode) => void page.run(mode)} />
          </div>
          <div role="alert" data-testid="run-error" style={{ color: token('color.text.danger') }}>
            {page.runError}
          </div>
          {page.runNote && (
            <div role="status" data-testid="run-note" style={muted}>
              {page.runNote}
            </div>
          )}
        </div>
      </div>
      <dl style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: token('space.150'), margin: 0 }}>
        <Fact name={kind.job}>
          <span data-testid="source-schedule">
            <ScheduleLine facts={fullSchedule(source)} enabled={source.enabled} manual="Run now" />
          </span>
        </Fact>
        {source.kind === 'xml' && (
          <Fact name="File">
            <span data-testid="source-location" data-location={location?.kind}>
              {locationText(source)}
            </span>
          </Fact>
        )}
        {source.incremental?.enabled && (
          <Fact name="Incremental update">
            <span data-testid="source-incremental-schedule">
              <ScheduleLine facts={incrementalSchedule(source)} enabled={source.enabled} prefix="incremental-" manual="Run incremental sync" />
            </span>
          </Fact>
        )}
        <Fact name="Last run">
          <LastRun source={source} run={lastRun} onOpenReport={onOpenReport} />
        </Fact>
      </dl>
    </header>
  );
}
