/**
 * What the benchmarks share: a throwaway PostgreSQL database, clean-up on exit or Ctrl-C, and the
 * units their figures are printed in.
 */
import crypto from 'node:crypto';
import { Client } from 'pg';

/** The clean-ups a benchmark registers as it builds things; they run in reverse order. */
export type Cleanups = Array<() => Promise<unknown>>;

/**
 * Runs `bench` with a list of clean-ups that run when it ends, fails or is interrupted (SIGINT,
 * SIGTERM: exit code 130). With `keep`, they wait for Ctrl-C instead, after `keepMessage`.
 */
export async function runWithCleanups(bench: (cleanups: Cleanups) => Promise<number>, keep?: { message: string }): Promise<number> {
  const cleanups: Cleanups = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const fn of cleanups.reverse()) await fn().catch((error: unknown) => console.error(`cleanup: ${String(error)}`));
    })());
  const onSignal = () => {
    console.error('\ninterrupted: cleaning up');
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    return await bench(cleanups);
  } finally {
    if (!keep) await cleanup();
    else {
      console.log(`\n${keep.message}`);
      await new Promise(() => undefined);
    }
  }
}

/**
 * Creates `rollcall_bench_<random>` on the server `adminUrl` names and registers its drop (WITH
 * FORCE, so a connection left open cannot keep it) as a clean-up. Resolves to its name and URL.
 */
export async function throwawayDatabase(adminUrl: string, cleanups: Cleanups): Promise<{ name: string; url: string }> {
  const name = `rollcall_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await c.end();
    }
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/** MiB, printed as "MB" as the benchmarks always have (docs/PERFORMANCE.md says so where it matters). */
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
