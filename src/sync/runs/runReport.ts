import { Op } from 'sequelize';
import { SyncRun, SyncRunError } from '../../db/models';
import { notFound } from '../../errors';
import { getSource } from '../sources/sourceStore';

/** Errors shown with a run before the report pages through the rest ({@link listRunErrors}). */
export const FIRST_ERRORS = 100;

/**
 * A page of a source's runs for the sync report, newest first: `before` is the last run id of the
 * page already shown (none: the newest runs); `more` tells whether older runs follow. 404 for an
 * unknown or another tenant's source.
 */
export async function listRuns(tenantId: string, sourceId: string, page: { before?: string; limit: number }): Promise<{ runs: SyncRun[]; more: boolean }> {
  const source = await getSource(tenantId, sourceId);
  const runs = await SyncRun.findAll({
    where: { tenantId: source.tenantId, sourceId: source.id, ...(page.before ? { id: { [Op.lt]: page.before } } : {}) },
    order: [['id', 'DESC']],
    // One more than asked: whether it exists says whether there is a next page.
    limit: page.limit + 1,
  });
  return { runs: runs.slice(0, page.limit), more: runs.length > page.limit };
}

/** One run with its first {@link FIRST_ERRORS} errors (oldest first) and how many it has in all; 404 for an unknown or another tenant's run. */
export async function runWithErrors(tenantId: string, runId: string): Promise<{ run: SyncRun; errors: SyncRunError[]; errorCount: number }> {
  const run = await getRun(tenantId, runId);
  const [errors, errorCount] = await Promise.all([
    SyncRunError.findAll({ where: { tenantId, runId: run.id }, order: [['id', 'ASC']], limit: FIRST_ERRORS }),
    SyncRunError.count({ where: { tenantId, runId: run.id } }),
  ]);
  return { run, errors, errorCount };
}

/** A page of a run's errors, oldest first, from `offset`; 404 for an unknown or another tenant's run. */
export async function listRunErrors(tenantId: string, runId: string, page: { offset: number; limit: number }): Promise<SyncRunError[]> {
  const run = await getRun(tenantId, runId);
  return SyncRunError.findAll({ where: { tenantId, runId: run.id }, order: [['id', 'ASC']], offset: page.offset, limit: page.limit });
}

async function getRun(tenantId: string, runId: string): Promise<SyncRun> {
  const run = await SyncRun.findOne({ where: { tenantId, id: runId } });
  if (!run) throw notFound(`Sync run ${runId}`);
  return run;
}
