import path from 'node:path';
import express, { type Express } from 'express';
import hbs from 'express-hbs';
import type { Sequelize } from 'sequelize';
import { AdminCheck } from '../connect/adminCheck';
import { createConnectAddon, type Addon } from '../connect/addon';
import { ConfluenceClient } from '../connect/confluenceClient';
import { confluenceDirectoryFor } from '../connect/connectConfluenceDirectory';
import { connectReportAuthorization } from '../connect/personalData';
import { ViewerResolver } from '../connect/viewer';
import { createForgeFront } from '../forge/front';
import { Tenant } from '../db/models';
import { rereadAccounts } from '../directory/accounts';
import type { Logger } from '../logger';
import { PrivacyJobs } from '../privacy/jobs';
import { httpPersonalDataApi } from '../privacy/personalDataApi';
import { PersonalDataReporter } from '../privacy/reporting';
import type { RetentionRules } from '../privacy/retention';
import { SyncService } from '../sync/runs/runner';
import type { ScheduleRules } from '../sync/runs/schedule';
import { Scheduler } from '../sync/runs/scheduler';
import type { SourceLocks } from '../sync/runs/sourceLock';
import type { XmlAccess } from '../sync/readers/xmlReader';
import type { LdapConnectOptions } from '../directory/ldap';
import type { SecretBox } from '../secrets';
import { auditRouter } from './api/audit/routes';
import { meRouter } from './api/me/routes';
import { profileSchemaRouter } from './api/profileSchema/routes';
import { migrationRouter } from './api/migration/routes';
import { MigrationAssistant } from '../profiles/migrationAssistant';
import { MigrationRuns } from '../profiles/migrationRuns';
import { directoryRouter } from './api/directory/routes';
import { orgChartRouter } from './api/orgChart/routes';
import { peopleRouter } from './api/people/routes';
import { profilesRouter } from './api/profiles/routes';
import { sourcesRouter } from './api/sources/routes';
import { errorHandler } from './errorHandler';
import { notFound } from '../errors';
import { healthRouter } from './health';
import { macrosRouter } from './macros/routes';
import { frontendAssets } from './frontend/assets';
import { FrontendBuild } from './frontend/manifest';
import { pagesRouter } from './pages';
import { RateLimits } from './rateLimit';
import { securityHeaders } from './securityHeaders';

const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..');

export interface AppOptions {
  sequelize: Sequelize;
  secrets: SecretBox;
  logger: Logger;
  /** The app's public base URL. */
  baseUrl: string;
  hostScriptUrl: string;
  hostAllowlist: string;
  /** `npm run dev`'s Vite server (FRONTEND_DEV_SERVER); unset: the built front-end. */
  frontendDevServer?: string;
  mode: string;
  adminCheckTtlMs: number;
  /** Longest wait for one Confluence REST call, in ms. */
  confluenceTimeoutMs: number;
  /** How sync runs lock their source (advisory locks on PostgreSQL, in-process when embedded). */
  locks: SourceLocks;
  /** How profile migrations lock their tenant (the same kinds of lock). */
  migrationLocks: SourceLocks;
  /** Largest profile picture upload, in bytes. */
  pictureMaxBytes: number;
  /** Where XML sources may read from. */
  xml: XmlAccess;
  /** What schedules may be saved and run (SYNC_MIN_INTERVAL_MINUTES). */
  schedules: ScheduleRules;
  /** How LDAP sources may connect: the outbound guard (OUTBOUND_ALLOW), LDAP_REFUSE_PLAIN_BIND. */
  ldap: LdapConnectOptions;
  /** XML uploads: one per site at a time (same kinds of locks as `locks`) and the site's quota (XML_SITE_QUOTA_BYTES). */
  xmlUploads: { locks: SourceLocks; siteQuotaBytes: number };
  /** The Forge front: FORGE_APP_ID (unset: every Forge token refused), FORGE_JWKS_URL, FORGE_API_ORIGIN. */
  forge: { appId: string | undefined; jwksUrl: string; apiOrigin: string };
  /** The data lifecycle's jobs: what is kept how long, and their per-site locks (the same kinds as `locks`). */
  privacy: { rules: RetentionRules; locks: SourceLocks; everyMs?: number };
}

/** Builds the Express app: Connect (descriptor, lifecycle), pages, REST v1, health, errors. */
export async function createApp(options: AppOptions): Promise<{ app: Express; addon: Addon; sync: SyncService; scheduler: Scheduler; privacy: PrivacyJobs }> {
  const app = express();
  app.disable('x-powered-by');
  // Behind a load balancer the client's protocol comes in X-Forwarded-Proto (qsh uses the path only).
  app.set('trust proxy', true);
  const headers = securityHeaders({ hostScriptUrl: options.hostScriptUrl, hostAllowlist: options.hostAllowlist, frontendDevServer: options.frontendDevServer });
  if (headers.unusableAllowlistEntries.length > 0) {
    options.logger.warn({ entries: headers.unusableAllowlistEntries }, 'AC_HOST_WHITELIST entries a Content-Security-Policy cannot express: those sites may install but not frame the pages');
  }
  app.use(headers.middleware);
  // Handlebars renders the pages' shell, the cards and the error page, each a whole document (no layout).
  app.engine('hbs', hbs.express4({}));
  app.set('view engine', 'hbs');
  app.set('views', path.join(ROOT, 'views'));

  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  // The React front-end's build (npm run build; hashed, immutable files).
  const frontend = new FrontendBuild(path.join(ROOT, 'dist/frontend'), options.frontendDevServer);
  app.use('/frontend/assets', frontendAssets(path.join(frontend.dir, 'assets')));

  app.use(healthRouter(options.sequelize));

  const addon = await createConnectAddon(app, {
    baseUrl: options.baseUrl,
    hostScriptUrl: options.hostScriptUrl,
    hostAllowlist: options.hostAllowlist,
    mode: options.mode,
    secrets: options.secrets,
    logger: options.logger,
    confluence: { timeoutMs: options.confluenceTimeoutMs },
  });
  // The Forge front (src/forge/): its lifecycle routes, and Forge Invocation Tokens on REST v1.
  const forge = createForgeFront({ ...options.forge, secrets: options.secrets, logger: options.logger, confluence: { timeoutMs: options.confluenceTimeoutMs } });
  app.use(forge.router);
  app.use('/rest/v1', forge.restAuth);

  const adminCheck = new AdminCheck(options.adminCheckTtlMs);
  // A site's Confluence people and groups, read as the app (sync runs, the migration assistant).
  const directoryFor = async (tenantId: string) => {
    const tenant = await Tenant.findOne({ where: { id: tenantId, status: 'installed' } });
    if (!tenant) throw new Error(`Tenant ${tenantId} is not installed`);
    if (tenant.kind === 'forge') return forge.directoryFor(tenant);
    return confluenceDirectoryFor(new ConfluenceClient(addon.httpClient({ clientKey: tenant.clientKey! }), addon.confluenceClientOptions));
  };
  const sync = new SyncService({
    locks: options.locks,
    secrets: options.secrets,
    logger: options.logger.child({ component: 'sync' }),
    xml: options.xml,
    ldap: options.ldap,
    directoryFor,
  });
  const scheduler = new Scheduler(sync, options.logger.child({ component: 'scheduler' }), options.schedules);

  // One cache of who is an admin and in which groups, for every route that asks.
  const viewers = new ViewerResolver(addon, adminCheck, options.adminCheckTtlMs);
  app.use(pagesRouter(addon, adminCheck, frontend));
  app.use(macrosRouter(addon, { viewers, logger: options.logger, frontend }));
  app.use(meRouter(addon, adminCheck));
  app.use(profileSchemaRouter(addon, adminCheck));
  // In this process's memory: see rateLimit.ts for what that means with several instances.
  const rateLimits = new RateLimits();
  app.use(sourcesRouter(addon, adminCheck, { secrets: options.secrets, sync, scheduler, xml: options.xml, rateLimits, schedules: options.schedules, ldap: options.ldap, logger: options.logger, xmlUploads: options.xmlUploads }));
  app.use(peopleRouter(addon, rateLimits));
  app.use(directoryRouter(addon, adminCheck, { viewers, rateLimits }));
  const migration = new MigrationAssistant({
    runs: new MigrationRuns({ locks: options.migrationLocks, logger: options.logger.child({ component: 'migration' }) }),
    directoryFor,
  });
  app.use(migrationRouter(addon, adminCheck, { migration, viewers, rateLimits }));
  app.use(auditRouter(addon, adminCheck, viewers));
  app.use(orgChartRouter(addon, adminCheck, viewers, rateLimits));
  app.use(profilesRouter(addon, { viewers, secrets: options.secrets, ldap: options.ldap, pictureMaxBytes: options.pictureMaxBytes, logger: options.logger, rateLimits }));

  // Personal data reporting, retention and the purge of uninstalled sites (src/privacy/).
  const reporter = new PersonalDataReporter({
    apiFor: async (tenant) => (tenant.kind === 'forge' ? forge.reportingApi(tenant) : httpPersonalDataApi(options.forge.apiOrigin, async () => connectReportAuthorization(tenant, options.secrets))),
    reread: async (tenant, accountIds) => {
      await rereadAccounts(String(tenant.id), accountIds, await directoryFor(String(tenant.id)));
    },
    logger: options.logger.child({ component: 'privacy' }),
  });
  const privacy = new PrivacyJobs({ reporter, rules: options.privacy.rules, locks: options.privacy.locks, everyMs: options.privacy.everyMs, logger: options.logger.child({ component: 'privacy' }) });

  app.use((req, _res, next) => next(notFound(`${req.method} ${req.path}`)));
  app.use(errorHandler(options.logger));
  return { app, addon, sync, scheduler, privacy };
}
