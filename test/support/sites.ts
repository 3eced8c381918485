import request from 'supertest';
import { Tenant } from '../../src/db/models';
import type { TestApp } from './app';
import { startTestHost, type FixtureUser, type TestHost } from './confluenceHost';

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
