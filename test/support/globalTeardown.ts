import type { TestRunState } from './globalSetup';

/** Undoes globalSetup: stops slapd, drops the test database (or stops the embedded one). */
export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __rollcallTestRun?: TestRunState }).__rollcallTestRun;
  for (const cleanup of (state?.cleanups ?? []).reverse()) {
    await cleanup().catch((err: unknown) => console.error('test teardown step failed:', err));
  }
}
