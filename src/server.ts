import fs from 'node:fs';
import http from 'node:http';
import type { Express } from 'express';
import type { Addon } from './connect/addon';
import type { SyncService } from './sync/runs/runner';
import type { PrivacyJobs } from './privacy/jobs';
import { inProcessSourceLocks, postgresAdvisoryLocks, postgresSourceLocks } from './sync/runs/sourceLock';
import type { AddressInfo } from 'node:net';
import type { Env } from './env';
import { openDatabase, type Database } from './db/database';
import { migrate } from './db/migrator';
import { initModels } from './db/models';
import { createApp } from './http/app';
import type { Logger } from './logger';
import { reencryptSecrets } from './secretRotation';
import { loadEncryptionKey, SecretBox } from './secrets';
import { OutboundGuard } from './net/outbound';
import { pemCertificates } from './directory/ldap';

/** Largest request head accepted, in bytes (Node's default is 16 KiB). */
export const MAX_HEADER_BYTES = 64 * 1024;

/** A running Rollcall: its URL and how to stop it. */
export interface RunningServer {
  url: string;
  /** The Express app (tests walk its routes). */
  app: Express;
  /** The Connect add-on (ACE): its host client calls Confluence as the app. */
  addon: Addon;
  /** Starts and tracks sync runs. */
  sync: SyncService;
  /** The data lifecycle's hourly jobs (tests run a round at a time they choose). */
  privacy: PrivacyJobs;
  port: number;
  database: Database;
  close(): Promise<void>;
}

/**
 * Opens the database (PostgreSQL or embedded), applies pending migrations and serves the app.
 * With PORT 0 the base URL's port is the one the OS picked (tests).
 */
export async function startServer(env: Env, logger: Logger): Promise<RunningServer> {
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    poolMax: env.DATABASE_POOL_MAX,
    logSql: env.DATABASE_LOG_SQL,
    logger,
  });
  try {
    const applied = await migrate(database.sequelize, logger);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    initModels(database.sequelize);
    // One guard for every connection a site admin's settings open (LDAP and XML sources).
    const guard = new OutboundGuard(env.OUTBOUND_ALLOW ?? []);
    const secrets = new SecretBox(
      loadEncryptionKey({ encryptionKey: env.ENCRYPTION_KEY, dataDir: env.DATA_DIR, logger }),
      env.ENCRYPTION_KEY_PREVIOUS ? Buffer.from(env.ENCRYPTION_KEY_PREVIOUS, 'base64') : undefined,
    );
    // v1 values and values under ENCRYPTION_KEY_PREVIOUS are rewritten under the current key.
    await reencryptSecrets(secrets, logger);

    // Listen first: with PORT 0 the base URL (and so the descriptor) needs the real port. Until
    // the app is ready, requests get a 503 instead of hanging on a server with no handler.
    const starting: http.RequestListener = (_req, res) => {
      res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1' }).end(JSON.stringify({ status: 'starting' }));
    };
    // Forge Invocation Tokens carry the UI context (a macro's whole configuration among it) in the
    // Authorization header: Node's 16 KiB header limit would refuse large ones with a 431.
    const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, starting);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(env.PORT, resolve);
    });
    const port = (server.address() as AddressInfo).port;
    const baseUrl = env.PORT === 0 ? env.AC_LOCAL_BASE_URL.replace(/:0(?=\/|$)/, `:${port}`) : env.AC_LOCAL_BASE_URL;

    const { app, addon, sync, scheduler, privacy } = await createApp({
      sequelize: database.sequelize,
      secrets,
      logger,
      baseUrl,
      hostScriptUrl: env.AC_HOST_SCRIPT_URL,
      hostAllowlist: env.AC_HOST_WHITELIST,
      frontendDevServer: env.FRONTEND_DEV_SERVER,
      mode: env.NODE_ENV,
      adminCheckTtlMs: env.ADMIN_CHECK_TTL_SECONDS * 1000,
      confluenceTimeoutMs: env.CONFLUENCE_TIMEOUT_MS,
      locks: env.DATABASE_URL ? postgresSourceLocks(env.DATABASE_URL) : inProcessSourceLocks(),
      migrationLocks: env.DATABASE_URL ? postgresAdvisoryLocks(env.DATABASE_URL, 'rollcall:migration') : inProcessSourceLocks(),
      pictureMaxBytes: env.PICTURE_MAX_BYTES,
      schedules: { minIntervalMinutes: env.SYNC_MIN_INTERVAL_MINUTES },
      xml: { importDir: env.XML_IMPORT_DIR, maxBytes: env.XML_MAX_BYTES, guard, ca: env.XML_CA_FILE ? pemCertificates(fs.readFileSync(env.XML_CA_FILE, 'utf8')) : undefined },
      ldap: { guard, refusePlainBind: env.LDAP_REFUSE_PLAIN_BIND },
      xmlUploads: {
        locks: env.DATABASE_URL ? postgresAdvisoryLocks(env.DATABASE_URL, 'rollcall:xml-upload') : inProcessSourceLocks(),
        siteQuotaBytes: env.XML_SITE_QUOTA_BYTES,
      },
      forge: { appId: env.FORGE_APP_ID, jwksUrl: env.FORGE_JWKS_URL, apiOrigin: env.FORGE_API_ORIGIN },
      privacy: {
        rules: { syncRunsKept: env.SYNC_RUNS_KEPT, syncRunDays: env.SYNC_RUN_RETENTION_DAYS, auditDays: env.AUDIT_RETENTION_DAYS, uninstallGraceDays: env.UNINSTALL_GRACE_DAYS },
        locks: env.DATABASE_URL ? postgresAdvisoryLocks(env.DATABASE_URL, 'rollcall:privacy') : inProcessSourceLocks(),
        everyMs: env.PRIVACY_JOBS_EVERY_MINUTES * 60_000,
      },
    });
    await scheduler.start();
    if (env.PRIVACY_JOBS_EVERY_MINUTES > 0) privacy.start();
    server.off('request', starting);
    server.on('request', app);
    logger.info({ url: baseUrl, port, database: database.embedded ? 'embedded' : 'postgresql' }, 'Rollcall is listening');

    return {
      url: baseUrl,
      app,
      addon,
      sync,
      privacy,
      port,
      database,
      async close() {
        scheduler.stop();
        privacy.stop();
        await sync.stop();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
