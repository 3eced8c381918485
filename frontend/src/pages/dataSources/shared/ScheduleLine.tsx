import { token } from '@atlaskit/tokens';
import type { Source } from '../../../api/sources';
import { localTime, nextRunText } from '../format';

const muted = { color: token('color.text.subtle') };

export interface ScheduleFacts {
  cron: string | null;
  description: string | null;
  nextRunAt: string | null;
  problem: string | null;
}

/** The full schedule's facts of a source. */
export function fullSchedule(source: Source): ScheduleFacts {
  return { cron: source.schedule, description: source.scheduleDescription, nextRunAt: source.nextRunAt, problem: source.scheduleProblem };
}

/** The incremental schedule's facts of a source. */
export function incrementalSchedule(source: Source): ScheduleFacts {
  const inc = source.incremental;
  return { cron: inc?.schedule ?? null, description: inc?.scheduleDescription ?? null, nextRunAt: inc?.nextRunAt ?? null, problem: inc?.scheduleProblem ?? null };
}

/**
 * A schedule in plain words with its next run in UTC, or why it does not run. `prefix` names the
 * test ids (`''` or `incremental-`); `manual` says what runs it without one.
 */
export function ScheduleLine({ facts, enabled, prefix = '', manual }: { facts: ScheduleFacts; enabled: boolean; prefix?: string; manual: string }) {
  if (!facts.cron) {
    return (
      <span style={muted} data-testid={`${prefix}schedule-description`}>
        {`Not scheduled: runs only when you click ${manual}.`}
      </span>
    );
  }
  return (
    <span style={{ display: 'inline-flex', flexDirection: 'column' }}>
      <span data-testid={`${prefix}schedule-description`} title={`Cron (UTC): ${facts.cron}`}>
        {facts.description || facts.cron}
      </span>
      {facts.problem ? (
        <span data-testid={`${prefix}schedule-problem`} style={{ color: token('color.text.danger') }}>
          {facts.problem}
        </span>
      ) : !enabled ? (
        <span style={muted} data-testid={`${prefix}schedule-next-run`}>
          Paused while the source is disabled.
        </span>
      ) : facts.nextRunAt ? (
        <span style={muted} data-testid={`${prefix}schedule-next-run`} title={`${localTime(facts.nextRunAt)} in your time zone`}>
          {nextRunText(facts.nextRunAt)}
        </span>
      ) : null}
    </span>
  );
}
