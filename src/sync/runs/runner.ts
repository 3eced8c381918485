import { DataSource, FieldMapping, ProfileField, SyncRun, type SyncMode, type SyncTrigger } from '../../db/models';
import type { ConfluenceDirectory } from '../../directory/confluenceDirectory';
import { refreshAccounts } from '../../directory/accounts';
import { LdapStepError, type LdapConnectOptions } from '../../directory/ldap';
import { badRequest, shuttingDown, sourceDisabled, syncRunning } from '../../errors';
import type { Logger } from '../../logger';
import type { SecretBox } from '../../secrets';
import { GoneThresholdError, runEngine } from '../engine/engine';
import { openSource } from '../readers/openedSource';
import type { UsnMark } from '../readers/usn';
import { XmlSourceError, type XmlAccess } from '../readers/xmlReader';
import { XmlFormatError } from '../../directory/xml';
import type { SourceLocks } from './sourceLock';
import { assertBindAllowed, getSource, incrementalOf, recordRunState, type IncrementalState } from '../sources/sourceStore';
import { formatTimestamp } from '../readers/timestamps';

export interface SyncServiceOptions {
  locks: SourceLocks;
  secrets: SecretBox;
  logger: Logger;
  /** The tenant's Confluence users and groups (through Confluence's REST API). */
  directoryFor(tenantId: string): Promise<ConfluenceDirectory>;
  /** Where XML sources may read from. */
  xml: XmlAccess;
  /**
   * Waits between the tries of a run's final write (its status), in ms: one more try per entry.
   * Default {@link FINISH_RETRY_DELAYS_MS}. A run whose end still cannot be written stays
   * "running" until the interrupted-run recovery (every minute, `Scheduler`) marks it failed.
   */
  finishRetryDelaysMs?: readonly number[];
  /** How LDAP sources may connect. */
  ldap: LdapConnectOptions;
}

/** Default of {@link SyncServiceOptions.finishRetryDelaysMs}: five more tries over about 8 s. */
export const FINISH_RETRY_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000, 4000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface StartOptions {
  mode: SyncMode;
  trigger: SyncTrigger;
  /** The admin who clicked "Run now"; null for the scheduler. */
  startedBy: string | null;
}

/**
 * Starts sync runs and keeps track of the ones going. A run is refused (409 sync_running) while
 * another run of the same source holds its lock, in this instance or another.
 */
export class SyncService {
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(private readonly options: SyncServiceOptions) {}

  /** Takes the source's lock, records the run and starts it in the background. */
  async start(tenantId: string, sourceId: string, start: StartOptions): Promise<SyncRun> {
    if (this.stopping) throw shuttingDown('Rollcall is shutting down; try again in a moment.');
    const source = await getSource(tenantId, sourceId);
    // A tick of another instance that has not heard of the change yet (Scheduler.reload).
    if (start.trigger === 'schedule' && !source.enabled) throw sourceDisabled(`"${source.name}" is disabled: it runs only when started by hand.`);
    const incremental = incrementalOf(source);
    if (start.mode === 'incremental' && !incremental.enabled) {
      throw badRequest(`Incremental synchronisation is off for "${source.name}": switch it on in the source's settings, or run a full sync.`);
    }
    // No "Last LDAP sync date" yet (or cleared by the admin): the run is a full one.
    const mode: SyncMode = start.mode === 'incremental' && incremental.lastSyncAt ? 'incremental' : 'full';
    const watermarks = mode === 'incremental' ? markOf(incremental) : {};
    let lockLost: Error | undefined;
    const release = await this.options.locks.tryAcquire(String(source.id), (err) => {
      // Another instance may start a run of the source now: this one stops before its next page.
      lockLost = new Error(`The run stopped: the connection holding the source's lock failed (${err.message}). The next run picks up from the directory as it is.`);
      this.options.logger.error({ err, tenantId, sourceId }, "lost the source's sync lock: the run stops before its next page");
    });
    if (!release) throw syncRunning(`"${source.name}" is being synchronised right now; wait for that run to finish.`);
    let run: SyncRun;
    try {
      run = await SyncRun.create({ tenantId, sourceId: String(source.id), mode, trigger: start.trigger, status: 'running', finishedAt: null, message: null, startedBy: start.startedBy, progress: { phase: 'starting', done: 0 }, watermarks });
    } catch (err) {
      await release();
      throw err;
    }
    const execution = this.execute(tenantId, source, run, () => lockLost)
      .catch((err: unknown) => this.options.logger.error({ err, runId: run.id }, 'sync run crashed'))
      .finally(async () => {
        this.running.delete(String(run.id));
        await release().catch((err: unknown) => this.options.logger.error({ err }, 'could not release a sync lock'));
      });
    this.running.set(String(run.id), execution);
    return run;
  }

  /**
   * "Run now": {@link start} by an admin, refused first (400 `plain_bind_refused`) for a source the
   * operator's rules would not let bind (LDAP_REFUSE_PLAIN_BIND), and 404 for an unknown source.
   */
  async startByHand(tenantId: string, sourceId: string, mode: SyncMode, startedBy: string): Promise<SyncRun> {
    assertBindAllowed(await getSource(tenantId, sourceId), this.options.ldap);
    return this.start(tenantId, sourceId, { mode, trigger: 'manual', startedBy });
  }

  /**
   * Marks runs left "running" as failed: runs of an instance that died, and runs whose final write
   * failed (a database outage longer than its retries). A run is dead when nobody holds its
   * source's lock: a live run, here or in another instance, always does; so this is safe to run
   * at any time in every instance (the Scheduler runs it at start-up and every minute).
   */
  async recoverInterrupted(): Promise<number> {
    let recovered = 0;
    for (const run of await SyncRun.findAll({ where: { status: 'running' } })) {
      if (this.running.has(String(run.id))) continue;
      const release = await this.options.locks.tryAcquire(String(run.sourceId));
      if (!release) continue;
      try {
        const [count] = await SyncRun.update(
          {
            status: 'failed',
            finishedAt: new Date(),
            message: 'The run was interrupted: the app stopped, or could not record the run\'s end, while it was going. The next run picks up from the directory as it is.',
          },
          { where: { id: run.id, tenantId: run.tenantId, status: 'running' } },
        );
        recovered += count;
      } finally {
        await release();
      }
    }
    return recovered;
  }

  /** Resolves when the run has ended (for tests and shutdown). */
  async waitFor(runId: string): Promise<void> {
    await this.running.get(runId);
  }

  /** Refuses new runs and waits for the ones going. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running.values()]);
  }

  /**
   * After a successful run only: the mark moves to the newest timestamp the server returned (an
   * incremental run never moves it backwards), and the fields pending at the start are filled.
   */
  private async recordSuccess(source: DataSource, run: SyncRun, highest: Date | null, backfilled: string[], usnMark: UsnMark | undefined): Promise<void> {
    const current = incrementalOf((await DataSource.findOne({ where: { id: source.id, tenantId: source.tenantId } })) ?? source);
    const previous = current.lastSyncAt ? new Date(current.lastSyncAt) : null;
    const lastSyncAt = run.mode === 'full' ? (highest ?? previous) : highest && (!previous || highest > previous) ? highest : previous;
    await recordRunState(source, {
      lastSyncAt: lastSyncAt?.toISOString() ?? null,
      // Fields mapped while the run went stay pending.
      pendingFields: current.pendingFields.filter((k) => !backfilled.includes(k)),
      // On uSNChanged: the DC's highest committed USN taken before the search (an entry changed
      // while the run went is read again next time). None taken: the date alone says what to read.
      usn: usnMark ?? null,
      ...(run.mode === 'full' ? { lastFullRunAt: new Date().toISOString() } : {}),
    });
  }

  private async execute(tenantId: string, source: DataSource, run: SyncRun, stopReason: () => Error | undefined): Promise<void> {
    const logger = this.options.logger.child({ tenantId, sourceId: source.id, runId: run.id });
    const delays = this.options.finishRetryDelaysMs ?? FINISH_RETRY_DELAYS_MS;
    const finish = async (status: 'succeeded' | 'failed', fields: Partial<Pick<SyncRun, 'counts' | 'message' | 'progress'>>) => {
      // Retried: a run whose end is not written stays "running" (until the recovery finds it).
      for (let attempt = 0; ; attempt++) {
        try {
          // Only a run still going: another instance may have marked it interrupted (recoverInterrupted).
          await SyncRun.update({ status, finishedAt: new Date(), ...fields }, { where: { id: run.id, tenantId, status: 'running' } });
          return;
        } catch (err) {
          if (attempt >= delays.length) throw err;
          logger.warn({ err, attempt: attempt + 1 }, "could not record the run's end; trying again");
          await sleep(delays[attempt]);
        }
      }
    };
    let ending: { status: 'succeeded' | 'failed'; fields: Parameters<typeof finish>[1] };
    try {
      await SyncRun.update({ progress: { phase: 'accounts', done: 0 } }, { where: { id: run.id, tenantId } });
      const refreshed = await refreshAccounts(tenantId, await this.options.directoryFor(tenantId));
      logger.info({ accounts: refreshed.accounts }, 'Confluence accounts refreshed');

      const [mappings, fields] = await Promise.all([
        FieldMapping.findAll({ where: { tenantId, sourceId: source.id } }),
        ProfileField.findAll({ where: { tenantId } }),
      ]);
      const since = run.mode === 'incremental' ? (run.watermarks as { mark?: string }).mark : undefined;
      const opened = await openSource(source, { mappings, fields, secrets: this.options.secrets, mode: run.mode, since, xml: this.options.xml, ldap: this.options.ldap });
      if (opened.incrementalFilter) {
        // What the run really asks for (the USN, or the time mark): shown with the run.
        await SyncRun.update({ watermarks: { ...run.watermarks, filter: opened.incrementalFilter } }, { where: { id: run.id, tenantId } });
      }
      const reported = new Set<string>(); // both passes of an incremental run report an entry's errors once
      const engine = { tenantId, source, run, mode: run.mode, matchBy: opened.matchBy, goneThresholdPercent: opened.goneThresholdPercent, reported, stopReason, logger };
      let result;
      let highest: Date | null;
      const backfilled = incrementalOf(source).pendingFields;
      try {
        result = await runEngine({ ...engine, reader: opened.reader });
        highest = opened.reader.highestTimestamp?.() ?? null;
        if (opened.backfill) {
          // Fields mapped since the last full run: filled for everyone, not only the people modified since the mark.
          const backfill = await runEngine({ ...engine, reader: opened.backfill });
          // The same people again: only what the backfill changed is added to the run's counts.
          const counts = { ...result.counts, updated: result.counts.updated + backfill.counts.updated, added: result.counts.added + backfill.counts.added, failed: result.counts.failed + backfill.counts.failed };
          result = { counts, profilesWritten: result.profilesWritten + backfill.profilesWritten };
        }
      } finally {
        await opened.reader.close();
      }
      await this.recordSuccess(source, run, highest, backfilled, opened.usnMark);
      logger.info({ counts: result.counts, profilesWritten: result.profilesWritten }, 'sync run succeeded');
      ending = { status: 'succeeded', fields: { counts: result.counts, progress: { phase: 'done', done: result.counts.seen, total: result.counts.seen } } };
    } catch (err) {
      const message = describeFailure(err);
      logger.warn({ err, message }, 'sync run failed');
      const current = await SyncRun.findOne({ where: { id: run.id, tenantId } }).catch(() => null);
      ending = { status: 'failed', fields: { message, progress: { ...(current?.progress ?? {}), phase: 'failed' } } };
    }
    // Outside the try: a final write that fails after its retries is not a failure of the run to record again.
    await finish(ending.status, ending.fields);
  }
}

/** The filter value of an incremental run: the last mark minus the overlap, as the pattern writes it. */
function markOf(state: IncrementalState): { mark: string; since: string } {
  const since = new Date(new Date(state.lastSyncAt!).getTime() - state.overlapMinutes * 60_000);
  return { mark: formatTimestamp(since, state.timestampPattern), since: since.toISOString() };
}


function describeFailure(err: unknown): string {
  if (err instanceof LdapStepError) {
    const causes = err.usualCauses.map((c) => c.replace(/[.\s]+$/, ''));
    return `${err.message.replace(/[.\s]+$/, '')}.${causes.length ? ` Usual causes: ${causes.join('; ')}.` : ''}`;
  }
  if (err instanceof GoneThresholdError || err instanceof XmlSourceError || err instanceof XmlFormatError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
