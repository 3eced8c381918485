import { Router } from 'express';
import type { AdminCheck } from '../../../connect/adminCheck';
import type { Addon } from '../../../connect/addon';
import { authenticateRest, requireAdmin } from '../../../connect/auth';
import type { LdapConnectOptions } from '../../../directory/ldap';
import type { Logger } from '../../../logger';
import type { SecretBox } from '../../../secrets';
import type { XmlAccess } from '../../../sync/readers/xmlReader';
import { listRunErrors, listRuns, runWithErrors } from '../../../sync/runs/runReport';
import type { SyncService } from '../../../sync/runs/runner';
import type { ScheduleRules } from '../../../sync/runs/schedule';
import type { Scheduler } from '../../../sync/runs/scheduler';
import type { SourceLocks } from '../../../sync/runs/sourceLock';
import { testSource } from '../../../sync/sources/connectionTest';
import { uploadSourceFile } from '../../../sync/sources/sourceFiles';
import { listSourceOverviews, overviewOf, sourceOverview } from '../../../sync/sources/sourceOverview';
import { createSource, deleteSource, getMappings, setMappings, updateSource, type SourceRules } from '../../../sync/sources/sourceStore';
import type { RateLimits } from '../../rateLimit';
import { streamedUpload } from '../../uploads';
import { actorOf, handle, ID_PATTERN } from '../../validate';
import { presentMapping, presentRun, presentRunError, presentSource } from './presenters';
import * as T from './schema';

export interface SourcesRouterOptions {
  secrets: SecretBox;
  sync: SyncService;
  scheduler: Scheduler;
  xml: XmlAccess;
  /** Limits on the connection test, Run now and uploads. */
  rateLimits: RateLimits;
  /** What schedules may be saved (SYNC_MIN_INTERVAL_MINUTES). */
  schedules: ScheduleRules;
  /** How LDAP sources may connect (the outbound guard, LDAP_REFUSE_PLAIN_BIND). */
  ldap: LdapConnectOptions;
  logger: Logger;
  /** XML uploads: one per site at a time, and the site's quota (XML_SITE_QUOTA_BYTES). */
  xmlUploads: { locks: SourceLocks; siteQuotaBytes: number };
}

/** Data Sources: sources, their mappings, the connection test, "Run now", and the sync report. Admins only. */
export function sourcesRouter(addon: Addon, adminCheck: AdminCheck, options: SourcesRouterOptions): Router {
  const router = Router();
  const admin = [...authenticateRest(addon), requireAdmin(addon, adminCheck)];
  const { secrets, sync, scheduler, rateLimits, schedules } = options;
  // What a saved source must keep to: LDAP_REFUSE_PLAIN_BIND and SYNC_MIN_INTERVAL_MINUTES.
  const rules: SourceRules = { refusePlainBind: options.ldap.refusePlainBind, schedules };
  const source = `/rest/v1/sources/:id(${ID_PATTERN})`;
  const run = `/rest/v1/sync-runs/:runId(${ID_PATTERN})`;

  router.get(
    '/rest/v1/sources',
    ...admin,
    ...handle(T.SourceList, async (req, res) => {
      const { sources, importDirectory } = await listSourceOverviews(req.auth.tenantId, secrets, options.xml);
      res.json({ sources: sources.map((overview) => presentSource(overview, schedules)), importDirectory });
    }),
  );
  router.post(
    '/rest/v1/sources',
    ...admin,
    ...handle(T.SourceCreate, async (req, res) => {
      const created = await createSource(actorOf(req.auth), req.input.body, secrets, rules);
      scheduler.update(created);
      res.status(201).json(presentSource(await overviewOf(created, secrets), schedules));
    }),
  );
  router.get(
    source,
    ...admin,
    ...handle(T.SourceRead, async (req, res) => {
      res.json(presentSource(await sourceOverview(req.auth.tenantId, req.input.params.id, secrets), schedules));
    }),
  );
  router.patch(
    source,
    ...admin,
    ...handle(T.SourceUpdate, async (req, res) => {
      const updated = await updateSource(actorOf(req.auth), req.input.params.id, req.input.body, secrets, rules);
      scheduler.update(updated);
      res.json(presentSource(await overviewOf(updated, secrets), schedules));
    }),
  );
  router.delete(
    source,
    ...admin,
    ...handle(T.SourceRead, async (req, res) => {
      await deleteSource(actorOf(req.auth), req.input.params.id);
      scheduler.remove(req.input.params.id);
      res.status(204).end();
    }),
  );

  router.get(
    `${source}/mappings`,
    ...admin,
    ...handle(T.MappingsRead, async (req, res) => {
      res.json({ mappings: (await getMappings(req.auth.tenantId, req.input.params.id)).map(presentMapping) });
    }),
  );
  router.put(
    `${source}/mappings`,
    ...admin,
    ...handle(T.MappingsReplace, async (req, res) => {
      res.json({ mappings: (await setMappings(actorOf(req.auth), req.input.params.id, req.input.body)).map(presentMapping) });
    }),
  );

  router.post(
    `${source}/test`,
    ...admin,
    rateLimits.limit('sourceTest'),
    ...handle(T.SourceTest, async (req, res) => {
      res.json(await testSource(req.auth.tenantId, req.input.params.id, req.input.body, { secrets, ldap: options.ldap, xml: options.xml, logger: options.logger }));
    }),
  );

  // The body is streamed into storage a chunk at a time (sync/sources/sourceFiles.ts), never buffered whole.
  router.put(
    `${source}/file`,
    ...admin,
    rateLimits.limit('xmlUpload'),
    ...handle(T.FileUpload, async (req, res) => {
      const upload = await streamedUpload(req, options.xml.maxBytes);
      let uploaded;
      try {
        uploaded = await uploadSourceFile(
          req.auth.tenantId,
          req.input.params.id,
          { name: req.input.query.name, uploadedBy: req.auth.accountId, declaredBytes: upload.declaredBytes, body: upload.body },
          { maxBytes: options.xml.maxBytes, ...options.xmlUploads },
        );
      } catch (err) {
        // Refused before the body ended: the answer goes out now and the rest is read and dropped (closing
        // the connection instead would lose the answer for clients still sending, browsers included).
        upload.discard();
        throw err;
      }
      res.json(presentSource(await overviewOf(uploaded, secrets), schedules));
    }),
  );

  router.post(
    `${source}/sync`,
    ...admin,
    rateLimits.limit('syncNow'),
    ...handle(T.SyncNow, async (req, res) => {
      const started = await sync.startByHand(req.auth.tenantId, req.input.params.id, req.input.body.mode, req.auth.accountId);
      res.status(202).json({ runId: String(started.id) });
    }),
  );
  router.get(
    `${source}/runs`,
    ...admin,
    ...handle(T.RunList, async (req, res) => {
      const { runs, more } = await listRuns(req.auth.tenantId, req.input.params.id, req.input.query);
      res.json({ runs: runs.map(presentRun), more });
    }),
  );
  router.get(
    run,
    ...admin,
    ...handle(T.RunRead, async (req, res) => {
      const { run: found, errors, errorCount } = await runWithErrors(req.auth.tenantId, req.input.params.runId);
      res.json({ ...presentRun(found), errors: errors.map(presentRunError), errorCount });
    }),
  );
  router.get(
    `${run}/errors`,
    ...admin,
    ...handle(T.RunErrorList, async (req, res) => {
      const { offset, limit } = req.input.query;
      const errors = await listRunErrors(req.auth.tenantId, req.input.params.runId, { offset, limit });
      res.json({ errors: errors.map(presentRunError), offset, limit });
    }),
  );
  return router;
}
