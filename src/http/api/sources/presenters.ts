import type { FieldMapping, SyncRun, SyncRunError } from '../../../db/models';
import { describeCron, nextRun, scheduleProblem, type ScheduleRules } from '../../../sync/runs/schedule';
import type { SourceOverview } from '../../../sync/sources/sourceOverview';
import { incrementalOf, ldapSettingsOf, ldapWarnings, type IncrementalState } from '../../../sync/sources/sourceStore';
import { formatDisplayDate } from '../../../sync/readers/timestamps';

/**
 * Every field of a data source that leaves the server: never a secret, only whether one is set.
 * `schedules` (SYNC_MIN_INTERVAL_MINUTES) tells whether a stored schedule still runs.
 */
export function presentSource(overview: SourceOverview, schedules: ScheduleRules) {
  const { source, file, lastRun } = overview;
  const schedule = source.schedule;
  const problem = schedule ? (scheduleProblem(schedule, schedules) ?? null) : null;
  return {
    id: String(source.id),
    kind: source.kind,
    name: source.name,
    priority: source.priority,
    enabled: source.enabled,
    schedule,
    scheduleDescription: schedule ? describeCron(schedule) : null,
    nextRunAt: schedule && source.enabled && !problem ? (nextRun(schedule)?.toISOString() ?? null) : null,
    /** Why the stored schedule is not run (saved before the rules, or under a lower minimum), or null. */
    scheduleProblem: problem && `The schedule ${problem}: it does not run until you choose another one.`,
    settings: source.settings,
    ...(source.kind === 'ldap' ? { incremental: presentIncremental(incrementalOf(source), source.enabled, schedules), hasBindPassword: overview.hasBindPassword } : {}),
    warnings: source.kind === 'ldap' ? ldapWarnings(ldapSettingsOf(source)) : [],
    ...(source.kind === 'xml'
      ? {
          hasPassword: overview.hasPassword,
          file: file ? { name: file.name, size: file.size, sha256: file.sha256, uploadedAt: new Date(file.uploadedAt).toISOString() } : null,
        }
      : {}),
    writeBack: source.writeBack,
    lastRun: lastRun ? presentRun(lastRun) : null,
  };
}

/** Incremental settings as the page shows them: the mark as dd-MM-yyyy HH:mm:ss (UTC). */
function presentIncremental(state: IncrementalState, sourceEnabled: boolean, rules: ScheduleRules) {
  // The incremental schedule counts only while incremental sync is on (its default is kept when off).
  const problem = state.enabled && state.schedule ? (scheduleProblem(state.schedule, rules) ?? null) : null;
  return {
    enabled: state.enabled,
    lastSyncDate: state.lastSyncAt ? formatDisplayDate(new Date(state.lastSyncAt)) : null,
    timestampPattern: state.timestampPattern,
    timestampAttribute: state.timestampAttribute,
    overlapMinutes: state.overlapMinutes,
    schedule: state.schedule,
    scheduleDescription: state.schedule ? describeCron(state.schedule) : null,
    nextRunAt: sourceEnabled && state.enabled && state.schedule && !problem ? (nextRun(state.schedule)?.toISOString() ?? null) : null,
    scheduleProblem: problem && `The incremental schedule ${problem}: it does not run until you choose another one.`,
    /** Fields the next incremental run fills for everyone (mapped since the last full run). */
    pendingFields: state.pendingFields,
  };
}

/** A source's mapping of one field. */
export function presentMapping(mapping: FieldMapping) {
  return { fieldKey: mapping.fieldKey, attribute: mapping.attribute, writeBack: mapping.writeBack };
}

/** A sync run for the report: counts, progress, timing. */
export function presentRun(run: SyncRun) {
  const finished = run.finishedAt ? new Date(run.finishedAt) : null;
  return {
    id: String(run.id),
    sourceId: String(run.sourceId),
    mode: run.mode,
    trigger: run.trigger,
    status: run.status,
    startedAt: new Date(run.startedAt).toISOString(),
    finishedAt: finished?.toISOString() ?? null,
    durationMs: finished ? finished.getTime() - new Date(run.startedAt).getTime() : null,
    progress: run.progress,
    counts: { seen: 0, added: 0, updated: 0, unchanged: 0, unmatched: 0, failed: 0, removed: 0, ...run.counts },
    /** Incremental runs: the filter value used (`mark`) and the time it stands for (`since`). */
    watermarks: run.watermarks,
    message: run.message,
    startedBy: run.startedBy,
  };
}

/** One entry a run could not sync, and why. */
export function presentRunError(error: SyncRunError) {
  return { dn: error.dn, externalId: error.externalId, reason: error.reason, at: new Date(error.createdAt).toISOString() };
}
