import crypto from 'node:crypto';
import { Client } from 'pg';
import { ensureFrontendBuilt } from './frontendBuild';
import { adEnvValue, AD_ENV_VAR, startSamba } from './samba';
import { startSlapd } from './slapd';

/**
 * Once per `npm test`: a fresh PostgreSQL database (a new database on DATABASE_URL's server; when
 * DATABASE_URL is unset each test app embeds its own PGlite instead), a throwaway slapd, and the
 * front-end's build when it is missing or stale (see frontendBuild.ts). Tests
 * find them through ROLLCALL_TEST_DATABASE_URL / ROLLCALL_TEST_EMBEDDED and ROLLCALL_TEST_LDAP;
 * globalTeardown removes both. A Samba AD domain controller (ROLLCALL_TEST_AD, see samba.ts) is
 * provisioned too, alongside slapd, when the run includes one of the files that use it (AD_TEST_FILES).
 */
export default async function globalSetup(globalConfig?: { testPathPattern?: string }, projectConfig?: { testPathIgnorePatterns?: string[] }): Promise<void> {
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

  const samba = runsActiveDirectoryTests(globalConfig?.testPathPattern, projectConfig?.testPathIgnorePatterns ?? []) ? startSamba() : undefined;
  // Both settle before either is kept, so a failure of one leaves nothing of the other running.
  const [slapdResult, sambaResult] = await Promise.allSettled([startSlapd(), samba]);
  if (slapdResult.status === 'fulfilled') state.cleanups.push(slapdResult.value.stop);
  if (sambaResult.status === 'fulfilled' && sambaResult.value) state.cleanups.push(sambaResult.value.stop);
  if (slapdResult.status === 'rejected') throw slapdResult.reason;
  if (sambaResult.status === 'rejected') throw sambaResult.reason;
  const { stop: _stop, dataDir: _dataDir, ...connection } = slapdResult.value;
  process.env.ROLLCALL_TEST_LDAP = JSON.stringify(connection);
  if (sambaResult.value) process.env[AD_ENV_VAR] = adEnvValue(sambaResult.value);
}

/**
 * Provisioning the DC costs about 15 s: only runs that may include a file needing it (all of
 * them, or paths matching one of AD_TEST_FILES) pay for it.
 */
const AD_TEST_FILES = ['test/integration/activeDirectory.test.ts', 'test/integration/activeDirectorySync.test.ts', 'test/browser/activeDirectory.test.ts'];

function runsActiveDirectoryTests(testPathPattern: string | undefined, ignorePatterns: string[]): boolean {
  const matches = (pattern: string, file: string) => {
    try {
      return new RegExp(pattern, 'i').test(`${process.cwd()}/${file}`);
    } catch {
      return true;
    }
  };
  return AD_TEST_FILES.some((file) => (!testPathPattern || matches(testPathPattern, file)) && !ignorePatterns.some((ignore) => matches(ignore, file)));
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
