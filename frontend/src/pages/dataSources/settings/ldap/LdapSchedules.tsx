import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import type { Source } from '../../../../api/sources';
import { DEFAULT_INCREMENTAL_SCHEDULE, DEFAULT_SCHEDULE, INCREMENTAL_SCHEDULE_PRESETS, SCHEDULE_PRESETS } from '../../kinds';
import { Group } from '../controls';
import { ScheduleEditor, type SavedSchedule } from '../ScheduleEditor';
import type { LdapPartProps } from './LdapConnection';

const DISABLED = 'Paused while the source is disabled.';

/** The saved full schedule as the editor shows it. */
export function savedFull(source: Source | null): SavedSchedule | null {
  if (!source) return null;
  return { cron: source.schedule ?? '', description: source.scheduleDescription, nextRunAt: source.nextRunAt, paused: source.scheduleProblem ?? (source.enabled ? null : DISABLED) };
}

function savedIncremental(source: Source | null): SavedSchedule | null {
  const inc = source?.incremental;
  if (!source || !inc) return null;
  const paused = inc.scheduleProblem ?? (!source.enabled ? DISABLED : !inc.enabled ? 'Save with incremental synchronisation on to see the next run.' : null);
  return { cron: inc.schedule ?? '', description: inc.scheduleDescription, nextRunAt: inc.nextRunAt, paused };
}

/** A column of the schedules: its title (the job), what it does, the editor. */
export function ScheduleColumn({ testId, title, intro, children, wide }: { testId: string; title: string; intro: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <div data-testid={testId} style={{ display: 'flex', flexDirection: 'column', gap: token('space.100'), gridColumn: wide ? '1 / -1' : undefined }}>
      <Heading size="xsmall" as="h4">
        <span className="ds-schedule-title">{title}</span>
      </Heading>
      <p style={{ margin: 0, color: token('color.text.subtle') }}>{intro}</p>
      {children}
    </div>
  );
}

/** The bulk profile update (full) and the incremental update, side by side, each with its presets and next run. */
export function LdapSchedules({ v, set, errors, source }: LdapPartProps & { source: Source | null }) {
  return (
    <Group title="Schedules" intro="Both in UTC. The bulk profile update reads every entry and is the only run that notices people who left the directory, so keep it (e.g. every night) even with incremental updates on." testId="group-schedule">
      <ScheduleColumn testId="schedule-full" title="Bulk profile update (LDAP sync)" intro="A full sync: reads every entry, fills every mapped field and marks people who left the directory.">
        <ScheduleEditor path="schedule" prefix="" inputTestId="schedule-input" value={v.schedule} onChange={(x) => set('schedule', x)} errors={errors} description="minute hour day-of-month month day-of-week, in UTC. Empty = only when you click Run now." presets={SCHEDULE_PRESETS} saved={savedFull(source)} defaultCron={DEFAULT_SCHEDULE} defaultWords="Every 3 hours, on the hour" emptyText="No schedule: full syncs run only when you start one." offText={null} />
      </ScheduleColumn>
      <ScheduleColumn testId="schedule-incremental" title="Incremental update" intro="Reads only the entries changed since the Last LDAP sync date, e.g. every 15 minutes.">
        <ScheduleEditor
          path="incremental.schedule"
          prefix="incremental-"
          inputTestId="incremental-schedule-input"
          value={v.incSchedule}
          onChange={(x) => set('incSchedule', x)}
          errors={errors}
          description="Empty = only when you click Run incremental sync."
          presets={INCREMENTAL_SCHEDULE_PRESETS}
          saved={savedIncremental(source)}
          defaultCron={DEFAULT_INCREMENTAL_SCHEDULE}
          defaultWords="Every 15 minutes"
          emptyText="No schedule: incremental runs only when you click Run incremental sync."
          offText={v.incEnabled ? null : 'Off: switch incremental synchronisation on to use this schedule.'}
        />
      </ScheduleColumn>
    </Group>
  );
}
