import request from 'supertest';
import { Tenant } from '../../src/db/models';
import type { TestApp } from './app';
import { startTestHost, type FixtureUser, type TestHost } from './confluenceHost';
import type { ForgePlatform, ForgeSite, InvokeOptions, RemoteAnswer } from './forgePlatform';

export const ADMIN: FixtureUser = { accountId: 'admin-1', displayName: 'Ada Admin', email: 'ada@example.com', groups: ['confluence-administrators'], siteAdmin: true };
export const USER: FixtureUser = { accountId: 'user-1', displayName: 'Bo User', email: 'bo@example.com', groups: ['confluence-users'] };

/** A Confluence site with the app installed: its own test host, tenant and signed REST calls. */
export interface Site {
  host: TestHost;
  tenantId: string;
  /** REST calls as `accountId`, with a fresh context token each. */
  as(accountId: string): {
    get(path: string): request.Test;
    post(path: string, body?: object): request.Test;
    patch(path: string, body?: object): request.Test;
    put(path: string, body?: object): request.Test;
    delete(path: string): request.Test;
  };
  close(): Promise<void>;
}

/** A JSON body when given; none otherwise, so a test can still `.send()` bytes of its own. */
const withBody = (test: request.Test, body?: object) => (body === undefined ? test : test.send(body));

/**
 * Starts a fresh test Confluence site (new client key and secret) and installs the app into it
 * through the signed lifecycle hook: a fresh tenant per test, no truncating.
 */
export async function installSite(app: TestApp, users: FixtureUser[] = [ADMIN, USER]): Promise<Site> {
  const host = await startTestHost({ users });
  // ACE fetches the install key from here at request time; each site has its own key server.
  process.env.CONNECT_KEYS_CDN_URL = host.keysUrl;
  const installed = await host.install(app.url);
  if (installed.status !== 204) throw new Error(`install failed: ${installed.status} ${installed.body}`);
  const tenant = await Tenant.findOne({ where: { clientKey: host.clientKey } });
  const call = (accountId: string) => {
    const auth = (test: request.Test) => test.set('Authorization', `JWT ${host.contextToken(accountId)}`);
    return {
      get: (path: string) => auth(request(app.url).get(path)),
      post: (path: string, body?: object) => withBody(auth(request(app.url).post(path)), body),
      patch: (path: string, body?: object) => withBody(auth(request(app.url).patch(path)), body),
      put: (path: string, body?: object) => withBody(auth(request(app.url).put(path)), body),
      delete: (path: string) => auth(request(app.url).delete(path)),
    };
  };
  return { host, tenantId: String(tenant!.id), as: call, close: () => host.close() };
}

/** A site with the app installed through Forge: its installation, tenant and calls through `invokeRemote`. */
export interface ForgeInstalledSite {
  forge: ForgeSite;
  tenantId: string;
  /** REST calls as `accountId`, the way Custom UI's `invokeRemote` reaches the server. */
  as(accountId: string): {
    get(path: string, options?: InvokeOptions): Promise<RemoteAnswer>;
    post(path: string, body?: unknown, options?: InvokeOptions): Promise<RemoteAnswer>;
    patch(path: string, body?: unknown, options?: InvokeOptions): Promise<RemoteAnswer>;
    put(path: string, body?: unknown, options?: InvokeOptions): Promise<RemoteAnswer>;
    delete(path: string, options?: InvokeOptions): Promise<RemoteAnswer>;
  };
  close(): Promise<void>;
}

/** A new site on the test Forge platform, installed by Forge's `installed` event: a fresh tenant per test. */
export async function installForgeSite(app: TestApp, platform: ForgePlatform, users: FixtureUser[] = [ADMIN, USER]): Promise<ForgeInstalledSite> {
  const forge = await platform.addSite({ users });
  const installed = await platform.deliverEvent(app.url, forge, 'avi:forge:installed:app');
  if (installed.status !== 200) throw new Error(`Forge install failed: ${installed.status} ${JSON.stringify(installed.body)}`);
  const tenant = await Tenant.findOne({ where: { forgeInstallationId: forge.installationId } });
  const as = (accountId: string) => {
    const invoke = (method: InvokeOptions['method'], path: string, body: unknown, options: InvokeOptions = {}) =>
      platform.invokeRemote(app.url, forge, accountId, path, { method, ...(body === undefined ? {} : { body }), ...options });
    return {
      get: (path: string, options?: InvokeOptions) => invoke('GET', path, undefined, options),
      post: (path: string, body?: unknown, options?: InvokeOptions) => invoke('POST', path, body, options),
      patch: (path: string, body?: unknown, options?: InvokeOptions) => invoke('PATCH', path, body, options),
      put: (path: string, body?: unknown, options?: InvokeOptions) => invoke('PUT', path, body, options),
      delete: (path: string, options?: InvokeOptions) => invoke('DELETE', path, undefined, options),
    };
  };
  return { forge, tenantId: String(tenant!.id), as, close: () => forge.host.close() };
}
