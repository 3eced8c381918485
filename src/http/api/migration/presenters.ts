import type { MigrationPreview, MigrationStatus, VisibleReport } from '../../../profiles/migrationAssistant';

/**
 * The assistant's state for the page: which source the site offers, the last run, and the run
 * going or last run with its progress and report (never its owner instance or heartbeat).
 */
export function presentMigrationStatus(status: MigrationStatus) {
  const { current } = status;
  return {
    confluenceDetailsAvailable: status.confluenceDetailsAvailable,
    lastRunAt: status.lastRunAt,
    /** The Profile Editor and this page recommend migrating first, until a first migration ran. */
    showHint: !status.lastRunAt,
    current: current
      ? {
          status: current.status,
          startedAt: current.startedAt,
          finishedAt: current.finishedAt,
          total: current.total,
          done: current.done,
          report: current.report && presentReport(current.report),
          message: current.message,
        }
      : null,
  };
}

function presentReport(report: VisibleReport) {
  return {
    source: report.source,
    migrated: report.migrated,
    unchanged: report.unchanged,
    ...presentProblems(report),
    keptFromSources: report.keptFromSources,
    hiddenValues: report.hiddenValues,
  };
}

/** A dry run: the plan's counts, the sample, and the warning the page shows before a run. */
export function presentMigrationPreview(preview: MigrationPreview) {
  return {
    source: preview.source,
    wouldChange: preview.wouldChange,
    unchanged: preview.unchanged,
    ...presentProblems(preview),
    keptFromSources: preview.keptFromSources,
    unknownColumns: preview.unknownColumns,
    hiddenValues: preview.hiddenValues,
    sample: preview.sample.map((person) => ({
      accountId: person.accountId,
      displayName: person.displayName,
      line: person.line,
      fields: person.fields.map((f) => ({ key: f.key, label: f.label, before: f.before, after: f.after })),
    })),
    warning: 'Migration overwrites what is already in these six Rollcall fields for the people listed.',
  };
}

/** The lines a migration could not match to a person, and the values it refused (those the admin may see). */
function presentProblems(result: Pick<VisibleReport, 'unmatched' | 'invalid'>) {
  return {
    unmatched: result.unmatched.map((u) => ({ line: u.line, identifier: u.identifier })),
    invalid: result.invalid.map((i) => ({ line: i.line, identifier: i.identifier, field: i.field, value: i.value, reason: i.reason })),
  };
}
