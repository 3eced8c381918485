import { startEmbeddedPostgres } from '../../src/db/embedded';
import { postgresSourceLocks } from '../../src/sync/runs/sourceLock';

/** Waits until `condition` holds, for up to 5 seconds. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 5000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the source lock on PostgreSQL', () => {
  it('reports a cut connection instead of ending the app, and is released quietly after it', async () => {
    // A database of its own, which the test stops under the held lock (as a restart would).
    const db = await startEmbeddedPostgres();
    let stopped = false;
    try {
      const lost: Error[] = [];
      const release = await postgresSourceLocks(db.url).tryAcquire('7', (err) => lost.push(err));
      expect(release).not.toBeNull();

      await db.stop();
      stopped = true;
      await until(() => lost.length > 0);
      expect(lost[0].message).toMatch(/Connection terminated unexpectedly/);
      await expect(release!()).resolves.toBeUndefined();
    } finally {
      if (!stopped) await db.stop();
    }
    // Starting a database of its own (PGlite's initdb) took over 30 s on a loaded 2-core machine.
  }, 90_000);
});
