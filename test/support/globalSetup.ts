import crypto from 'node:crypto';
import { Client } from 'pg';
import { ensureFrontendBuilt } from './frontendBuild';
import { startSlapd } from './slapd';

/**
 * Once per `npm test`: a fresh PostgreSQL database (a new database on DATABASE_URL's server; when
 * DATABASE_URL is unset each test app embeds its own PGlite instead), a throwaway slapd, and the
 * front-end's build when it is missing or stale (see frontendBuild.ts). Tests
 * find them through ROLLCALL_TEST_DATABASE_URL / ROLLCALL_TEST_EMBEDDED and ROLLCALL_TEST_LDAP;
 * globalTeardown removes both.
 */
export default async function globalSetup(): Promise<void> {
  ensureFrontendBuilt();
  const state: TestRunState = { cleanups: [] };
  (globalThis as { __rollcallTestRun?: TestRunState }).__rollcallTestRun = state;

  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const name = `rollcall_test_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
    await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    process.env.ROLLCALL_TEST_DATABASE_URL = url.toString();
    state.cleanups.push(() => withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
  } else {
    // No server: every test app starts its own embedded database (see test/support/app.ts).
    process.env.ROLLCALL_TEST_EMBEDDED = '1';
  }

  const slapd = await startSlapd();
  const { stop, dataDir: _dataDir, ...connection } = slapd;
  process.env.ROLLCALL_TEST_LDAP = JSON.stringify(connection);
  state.cleanups.push(stop);
}

export interface TestRunState {
  cleanups: Array<() => Promise<unknown>>;
}

async function withClient<T>(connectionString: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
