import { Router } from 'express';
import { Op } from 'sequelize';
import { z } from 'zod';
import { safeString } from '../../safeText';
import type { AdminCheck } from '../../connect/adminCheck';
import type { Addon } from '../../connect/addon';
import { authenticateRest, requireAdmin, type AuthContext } from '../../connect/auth';
import { FieldMapping, ProfileField, SourceFile, SyncRun, SyncRunError } from '../../db/models';
import { badRequest, notFound } from '../../errors';
import type { LdapConnectOptions } from '../../directory/ldap';
import type { Logger } from '../../logger';
import type { SecretBox } from '../../secrets';
import type { RateLimits } from '../rateLimit';
import { testLdapConnection, testXmlSource } from '../../sync/sources/connectionTest';
import { storeUpload } from '../../sync/sources/sourceFiles';
import type { SourceLocks } from '../../sync/runs/sourceLock';
import { siteImportDir, type XmlAccess } from '../../sync/readers/xmlReader';
import type { SyncService } from '../../sync/runs/runner';
import type { ScheduleRules } from '../../sync/runs/schedule';
import type { Scheduler } from '../../sync/runs/scheduler';
import { checkSchedules, mappingsSchema, sourceCreateSchema, sourceUpdateSchema, syncRequestSchema, writeAccessTestSchema } from '../../sync/sources/sourceSettings';
import { testWriteAccess } from '../../sync/writeBack/writeBack';
import { assertBindAllowed, createSource, deleteSource, getSource, listMappings, listSources, readSecrets, setMappings, updateSource } from '../../sync/sources/sourceStore';
import { asyncHandler } from '../../asyncHandler';
import { presentMapping, presentRun, presentRunError, presentSource } from '../presenters';
import { ID_PATTERN, validateBody, validateQuery } from '../validate';

/** The sync report's pages: `before` a run id (the last one shown), up to 200 runs a page (default 50). */
const runsQuerySchema = z
  .object({
    before: safeString().regex(/^[0-9]{1,18}$/, 'must be a run id').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** A run's errors, a page at a time: from `offset` (default 0), up to 500 (default 100). */
const runErrorsQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** An uploaded XML file's name, as shown on the page (anything but letters, digits, `.`, `-`, `_` and blanks becomes `_`). */
const fileQuerySchema = z.object({
  name: safeString()
    .max(1000)
    .default('upload.xml')
    .transform((name) => name.replace(/[^\w.\- ]/g, '_').slice(0, 200) || 'upload.xml'),
});

const actorOf = (auth: AuthContext) => ({ tenantId: auth.tenantId, accountId: auth.accountId });

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
  const { secrets, sync, scheduler, rateLimits } = options;

  const present = async (source: Awaited<ReturnType<typeof getSource>>) => {
    const [lastRun, file] = await Promise.all([
      SyncRun.findOne({ where: { tenantId: source.tenantId, sourceId: source.id }, order: [['startedAt', 'DESC'], ['id', 'DESC']] }),
      source.kind === 'xml' ? SourceFile.findOne({ attributes: ['name', 'size', 'sha256', 'uploadedAt'], where: { tenantId: source.tenantId, sourceId: source.id } }) : null,
    ]);
    const stored = readSecrets(source, secrets);
    return presentSource(source, { hasBindPassword: !!stored.bindPassword, hasPassword: !!stored.password, lastRun, file, schedules: options.schedules });
  };

  router.get(
    '/rest/v1/sources',
    ...admin,
    asyncHandler(async (req, res) => {
      const tenantId = req.auth!.tenantId;
      const sources = await listSources(tenantId);
      // Where this site's files by path go, for the form's hint (null: reading by path is off).
      const importDirectory = options.xml.importDir ? `${siteImportDir(options.xml.importDir, tenantId)}/` : null;
      res.json({ sources: await Promise.all(sources.map(present)), importDirectory });
    }),
  );
  router.post(
    '/rest/v1/sources',
    ...admin,
    validateBody(sourceCreateSchema),
    asyncHandler(async (req, res) => {
      checkSchedules(req.body, options.schedules);
      const source = await createSource(actorOf(req.auth!), req.body, secrets, options.ldap);
      scheduler.update(source);
      res.status(201).json(await present(source));
    }),
  );
  router.get(
    `/rest/v1/sources/:id(${ID_PATTERN})`,
    ...admin,
    asyncHandler(async (req, res) => {
      res.json(await present(await getSource(req.auth!.tenantId, req.params.id)));
    }),
  );
  router.patch(
    `/rest/v1/sources/:id(${ID_PATTERN})`,
    ...admin,
    validateBody(sourceUpdateSchema),
    asyncHandler(async (req, res) => {
      checkSchedules(req.body, options.schedules);
      const source = await updateSource(actorOf(req.auth!), req.params.id, req.body, secrets, options.ldap);
      scheduler.update(source);
      res.json(await present(source));
    }),
  );
  router.delete(
    `/rest/v1/sources/:id(${ID_PATTERN})`,
    ...admin,
    asyncHandler(async (req, res) => {
      await deleteSource(actorOf(req.auth!), req.params.id);
      scheduler.remove(req.params.id);
      res.status(204).end();
    }),
  );

  router.get(
    `/rest/v1/sources/:id(${ID_PATTERN})/mappings`,
    ...admin,
    asyncHandler(async (req, res) => {
      await getSource(req.auth!.tenantId, req.params.id);
      res.json({ mappings: (await listMappings(req.auth!.tenantId, req.params.id)).map(presentMapping) });
    }),
  );
  router.put(
    `/rest/v1/sources/:id(${ID_PATTERN})/mappings`,
    ...admin,
    validateBody(mappingsSchema),
    asyncHandler(async (req, res) => {
      res.json({ mappings: (await setMappings(actorOf(req.auth!), req.params.id, req.body)).map(presentMapping) });
    }),
  );

  router.post(
    `/rest/v1/sources/:id(${ID_PATTERN})/test`,
    ...admin,
    rateLimits.limit('sourceTest'),
    validateBody(writeAccessTestSchema),
    asyncHandler(async (req, res) => {
      const tenantId = req.auth!.tenantId;
      const source = await getSource(tenantId, req.params.id);
      assertBindAllowed(source, options.ldap);
      if (req.body.accountId) {
        // The write-access test: one person, one attribute.
        if (source.kind !== 'ldap') throw badRequest('Only LDAP sources write back.');
        res.json(await testWriteAccess(source, req.body.accountId, req.body.attribute, secrets, options.ldap));
        return;
      }
      const [mappings, fields] = await Promise.all([FieldMapping.findAll({ where: { tenantId, sourceId: source.id } }), ProfileField.findAll({ where: { tenantId } })]);
      const testOptions = { secrets, ldap: options.ldap, xml: options.xml, logger: options.logger };
      res.json(source.kind === 'xml' ? await testXmlSource(source, mappings, fields, testOptions) : await testLdapConnection(source, mappings, fields, testOptions));
    }),
  );

  // The body is streamed into storage a chunk at a time (sync/sources/sourceFiles.ts), never buffered whole.
  router.put(
    `/rest/v1/sources/:id(${ID_PATTERN})/file`,
    ...admin,
    rateLimits.limit('xmlUpload'),
    validateQuery(fileQuerySchema),
    asyncHandler(async (req, res) => {
      const source = await getSource(req.auth!.tenantId, req.params.id);
      if (source.kind !== 'xml') throw badRequest('Only XML sources take a file.');
      const { name } = res.locals.query as z.infer<typeof fileQuerySchema>;
      const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
      try {
        await storeUpload(
          {
            tenantId: source.tenantId,
            sourceId: String(source.id),
            name,
            uploadedBy: req.auth!.accountId,
            declaredBytes: Number.isSafeInteger(declared) ? declared : undefined,
            // Leaving the loop early must not destroy the request: the refusal still goes out on its connection.
            body: req.iterator({ destroyOnReturn: false }),
          },
          { maxBytes: options.xml.maxBytes, ...options.xmlUploads },
        );
      } catch (err) {
        // Refused before the body ended: the answer goes out now and the rest is read and dropped (closing
        // the connection instead would lose the answer for clients still sending, browsers included).
        if (!req.complete && !req.destroyed) req.resume();
        throw err;
      }
      res.json(await present(source));
    }),
  );

  router.post(
    `/rest/v1/sources/:id(${ID_PATTERN})/sync`,
    ...admin,
    rateLimits.limit('syncNow'),
    validateBody(syncRequestSchema),
    asyncHandler(async (req, res) => {
      assertBindAllowed(await getSource(req.auth!.tenantId, req.params.id), options.ldap);
      const run = await sync.start(req.auth!.tenantId, req.params.id, { mode: req.body.mode, trigger: 'manual', startedBy: req.auth!.accountId });
      res.status(202).json({ runId: String(run.id) });
    }),
  );
  router.get(
    `/rest/v1/sources/:id(${ID_PATTERN})/runs`,
    ...admin,
    validateQuery(runsQuerySchema),
    asyncHandler(async (req, res) => {
      const source = await getSource(req.auth!.tenantId, req.params.id);
      // Newest first, a page at a time: `before` is the last run id of the page already shown.
      const { before, limit } = res.locals.query as z.infer<typeof runsQuerySchema>;
      const runs = await SyncRun.findAll({
        where: { tenantId: source.tenantId, sourceId: source.id, ...(before ? { id: { [Op.lt]: before } } : {}) },
        order: [['id', 'DESC']],
        limit: limit + 1,
      });
      res.json({ runs: runs.slice(0, limit).map(presentRun), more: runs.length > limit });
    }),
  );
  router.get(
    `/rest/v1/sync-runs/:runId(${ID_PATTERN})`,
    ...admin,
    asyncHandler(async (req, res) => {
      const tenantId = req.auth!.tenantId;
      const run = await SyncRun.findOne({ where: { tenantId, id: req.params.runId } });
      if (!run) throw notFound(`Sync run ${req.params.runId}`);
      const [errors, errorCount] = await Promise.all([
        SyncRunError.findAll({ where: { tenantId, runId: run.id }, order: [['id', 'ASC']], limit: 100 }),
        SyncRunError.count({ where: { tenantId, runId: run.id } }),
      ]);
      res.json({ ...presentRun(run), errors: errors.map(presentRunError), errorCount });
    }),
  );
  router.get(
    `/rest/v1/sync-runs/:runId(${ID_PATTERN})/errors`,
    ...admin,
    validateQuery(runErrorsQuerySchema),
    asyncHandler(async (req, res) => {
      const tenantId = req.auth!.tenantId;
      const run = await SyncRun.findOne({ where: { tenantId, id: req.params.runId } });
      if (!run) throw notFound(`Sync run ${req.params.runId}`);
      const { offset, limit } = res.locals.query as z.infer<typeof runErrorsQuerySchema>;
      const errors = await SyncRunError.findAll({ where: { tenantId, runId: run.id }, order: [['id', 'ASC']], offset, limit });
      res.json({ errors: errors.map(presentRunError), offset, limit });
    }),
  );
  return router;
}
