import path from 'node:path';
import type { Express, RequestHandler } from 'express';
import ace from 'atlassian-connect-express';
import { REFUSED_ACE_VARIABLES } from '../env';
import { internalError } from '../errors';
import { aceLoggerAdapter, type Logger } from '../logger';
import { asyncHandler } from '../asyncHandler';
import { markUninstalled, TenantStore } from './tenantStore';
import type { AceAddon } from './auth';
import type { SecretBox } from '../secrets';
import type { ConfluenceClientOptions } from './confluenceClient';

/** The repository root: the descriptor lives there (ACE reads it as a file). */
const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..');
export const DESCRIPTOR_PATH = path.join(ROOT, 'atlassian-connect.json');

export interface ConnectOptions {
  /** The app's public base URL (descriptor baseUrl). */
  baseUrl: string;
  /** Connect's all.js, loaded by our pages inside the Confluence iframe. */
  hostScriptUrl: string;
  /** Host globs allowed to install, e.g. `*.atlassian.net`. */
  hostAllowlist: string;
  /** `production` or another mode; ACE reads its config for that mode. */
  mode: string;
  secrets: SecretBox;
  logger: Logger;
  /** How calls to the sites' Confluence REST API behave (timeout, retries). */
  confluence?: ConfluenceClientOptions;
}

export type Addon = AceAddon & {
  descriptor: { key: string; name: string; baseUrl: string; modules: Record<string, Array<{ key: string; url: string; name: { value: string } }>> };
  authenticateInstall(): RequestHandler;
  config: { hostScriptUrl(): string };
};

let storeCount = 0;

/**
 * ACE reads `AC_OPTS` from process.env on every request (`no-auth` skips its JWT and install
 * checks). It is refused at start-up and removed when the add-on is built; should anything set it
 * while the app runs, every request fails closed instead of going through unauthenticated.
 */
function refuseWeakenedAce(logger: Logger): RequestHandler {
  return (_req, _res, next) => {
    const set = Object.keys(REFUSED_ACE_VARIABLES).filter((name) => process.env[name]);
    if (set.length === 0) return next();
    logger.error({ variables: set }, 'refusing requests: an environment variable that weakens authentication was set while running');
    next(internalError());
  };
}

/**
 * Wires atlassian-connect-express into the Express app: the descriptor at /atlassian-connect.json,
 * the signed `installed` hook (ACE verifies the RS256 token against Atlassian's key server, or
 * CONNECT_KEYS_CDN_URL), and a signed `uninstalled` hook of ours. Tenants live in our `tenants`
 * table through {@link TenantStore}.
 */
export async function createConnectAddon(app: Express, options: ConnectOptions): Promise<Addon> {
  // ACE's store registry is global; a name per app lets tests run several apps in one process.
  const storeName = `rollcall-${++storeCount}`;
  const store = new TenantStore(options.secrets);
  ace.store.register(storeName, () => store as never);

  // ACE lets these process.env variables override the config it is given. Ours were validated by
  // the env module and are passed below; a raw copy (e.g. AC_LOCAL_BASE_URL with port 0) must not win.
  // The env module refuses to start with the ones that weaken ACE's checks (REFUSED_ACE_VARIABLES);
  // they are removed here too, for apps built without it.
  for (const name of ['AC_LOCAL_BASE_URL', 'AC_HOST_SCRIPT_URL', 'AC_HOST_WHITELIST', 'AC_PRODUCT', ...Object.keys(REFUSED_ACE_VARIABLES)]) delete process.env[name];
  app.use(refuseWeakenedAce(options.logger));

  const modeConfig = {
    localBaseUrl: options.baseUrl,
    hostScriptUrl: options.hostScriptUrl,
    whitelist: options.hostAllowlist,
    product: 'confluence',
    store: { adapter: storeName },
    // Errors go to our error middleware as next({code, message}) and come out as JSON.
    expressErrorHandling: true,
    setupInstallRoute: true,
    watch: false,
    validateDescriptor: false,
  };
  app.set('env', options.mode === 'production' ? 'production' : 'development');
  // ACE adds its routes (descriptor, /installed) on the next tick and then calls back.
  const addon = await new Promise<Addon>((resolve) => {
    const created = ace(
      app,
      { config: { development: modeConfig, production: modeConfig } } as never,
      aceLoggerAdapter(options.logger.child({ component: 'ace' })) as unknown as Console,
      { descriptorFilename: DESCRIPTOR_PATH, configFileName: path.join(ROOT, 'config.json') },
      () => resolve(created as unknown as Addon),
    );
    // ACE has read the descriptor from the absolute path (so any working directory works) and, on
    // the next tick, mounts it at `<baseUrl path>/<descriptorFilename>`: with the absolute name
    // that route would be `/srv/rollcall/atlassian-connect.json`, telling anyone where the app is
    // installed. Its bare name is what Confluence asks for.
    (created as unknown as { descriptorFilename: string }).descriptorFilename = path.basename(DESCRIPTOR_PATH);
  });
  addon.confluenceClientOptions = options.confluence;

  // Confluence asks for the descriptor here (ACE's own route sits under the base URL's path, which
  // is the same unless the app is served below a path prefix).
  app.get('/atlassian-connect.json', (_req, res) => {
    res.json(addon.descriptor);
  });

  app.post(
    '/uninstalled',
    addon.authenticateInstall(),
    asyncHandler(async (req, res) => {
      const clientKey = (req.body as { clientKey: string }).clientKey;
      await markUninstalled(clientKey);
      options.logger.info({ clientKey }, 'tenant uninstalled');
      res.status(204).end();
    }),
  );
  return addon;
}
