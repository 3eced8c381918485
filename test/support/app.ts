import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Client } from 'pg';
import { loadEnv, type RawEnv } from '../../src/env';
import { createLogger } from '../../src/logger';
import { startServer, type RunningServer } from '../../src/server';
import type { TestHost } from './confluenceHost';
import { startForgePlatform, type ForgePlatform } from './forgePlatform';

/** A Rollcall server started by a test, with its log lines captured. */
export interface TestApp extends RunningServer {
  /** Every JSON log line the app wrote, raw. */
  logs: string[];
}

/**
 * Starts the real app on a free port against the run's test database (see globalSetup), wired to a
 * test Confluence host when one is given: its key server verifies installs, its all.js stands in
 * for Connect's.
 */
export async function startTestApp(options: { host?: TestHost; env?: Partial<Record<keyof RawEnv, string>> } = {}): Promise<TestApp> {
  const databaseUrl = process.env.ROLLCALL_TEST_DATABASE_URL;
  const embedded = process.env.ROLLCALL_TEST_EMBEDDED === '1';
  if (!databaseUrl && !embedded) throw new Error('No test database: run the tests with `npm test` (jest globalSetup).');
  // Embedded: the app's own PGlite in a throwaway data directory, exactly as `npm start` runs it.
  const dataDir = embedded ? fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-test-db-')) : undefined;
  if (options.host) {
    // ACE reads this from process.env when it verifies an install hook.
    process.env.CONNECT_KEYS_CDN_URL = options.host.keysUrl;
  }
  const env = loadEnv({
    NODE_ENV: 'test',
    PORT: '0',
    AC_LOCAL_BASE_URL: 'http://127.0.0.1:0',
    ...(embedded ? { DATA_DIR: dataDir } : { DATABASE_URL: databaseUrl, ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64') }),
    AC_HOST_WHITELIST: '127.0.0.1,localhost',
    AC_HOST_SCRIPT_URL: options.host?.hostScriptUrl ?? 'http://127.0.0.1:9/all.js',
    ADMIN_CHECK_TTL_SECONDS: '0',
    LOG_LEVEL: 'debug',
    // slapd and the tests' HTTPS servers listen on loopback; `OUTBOUND_ALLOW: ''` starts an app without it.
    OUTBOUND_ALLOW: '127.0.0.0/8,::1',
    // The data lifecycle's jobs run when a test says so, and Atlassian's API is never reached:
    // without a test Forge platform (which plays it) its origin is a closed loopback port.
    PRIVACY_JOBS_EVERY_MINUTES: '0',
    FORGE_API_ORIGIN: 'http://127.0.0.1:9',
    ...options.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const server = await startServer(env, createLogger(env.LOG_LEVEL, sink));
  const close = server.close.bind(server);
  return Object.assign(server, {
    logs,
    async close() {
      await close();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/**
 * The lifecycle most integration suites share: one app for the file (started before its tests,
 * closed after them, with the sites the tests installed). `onReady` receives the started app.
 */
export function useTestApp(options: { env?: Partial<Record<keyof RawEnv, string>>; sites: Array<{ close(): Promise<void> }> }, onReady: (app: TestApp) => void): void {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await startTestApp({ env: options.env });
    onReady(app);
  });
  afterAll(async () => {
    await Promise.all(options.sites.map((s) => s.close()));
    await app?.close();
  });
}

/**
 * A test Forge platform and an app that trusts it (its JWKS and API origin) for the whole file;
 * `sites` are closed at the end, then the app and the platform. `onReady` gets both once started.
 */
export function useForgeApp(
  options: {
    sites: Array<{ close(): Promise<void> }>;
    /** A database of the file's own (on PostgreSQL; the embedded one always is): for work over every site of the database, such as the data lifecycle's jobs. */
    ownDatabase?: boolean;
  },
  onReady: (started: { platform: ForgePlatform; app: TestApp }) => void,
): void {
  let platform: ForgePlatform | undefined;
  let app: TestApp | undefined;
  let database: { url: string; drop(): Promise<void> } | undefined;
  beforeAll(async () => {
    platform = await startForgePlatform();
    if (options.ownDatabase && process.env.ROLLCALL_TEST_DATABASE_URL) database = await createOwnDatabase(process.env.ROLLCALL_TEST_DATABASE_URL);
    app = await startTestApp({ env: { ...platform.env, ...(database ? { DATABASE_URL: database.url } : {}) } });
    onReady({ platform, app });
  });
  afterAll(async () => {
    await Promise.all(options.sites.map((s) => s.close()));
    await app?.close();
    await platform?.close();
    await database?.drop();
  });
}

/** A new database on the run's PostgreSQL server, and how to drop it. */
async function createOwnDatabase(runUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rollcall_own_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: runUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(runUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
