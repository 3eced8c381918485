import { Client } from 'pg';

/**
 * One sync per source at a time, across every app instance: a PostgreSQL session-level advisory
 * lock, held on a connection of its own for the length of the run. If the instance dies, the
 * connection drops and PostgreSQL releases the lock.
 *
 * The embedded database is one process's own (a single backend, where advisory locks would be
 * re-entrant for the shared session), so there an in-process set does the same job.
 */
export interface SourceLocks {
  /**
   * The lock's release, or null when another run holds it. `onLost` hears of the lock's
   * connection failing while it is held (PostgreSQL restarted, the connection was cut): the lock
   * is gone then, and is not taken again.
   */
  tryAcquire(sourceId: string, onLost?: (err: Error) => void): Promise<(() => Promise<void>) | null>;
}

export function postgresSourceLocks(databaseUrl: string): SourceLocks {
  return postgresAdvisoryLocks(databaseUrl, 'rollcall:sync-source');
}

/**
 * The same kind of lock for other single-run jobs, keyed `<namespace>:<id>` (e.g. a tenant's
 * profile migration: `rollcall:migration:<tenant id>`).
 */
export function postgresAdvisoryLocks(databaseUrl: string, namespace: string): SourceLocks {
  const lockKey = (id: string) => `${namespace}:${id}`;
  return {
    async tryAcquire(sourceId, onLost) {
      const client = new Client({ connectionString: databaseUrl, application_name: `${namespace.replace(/^rollcall:/, 'rollcall-')}-lock`.slice(0, 63) });
      // An idle connection that fails emits 'error'; unheard, it would end the process.
      let released = false;
      client.on('error', (err) => {
        if (!released) onLost?.(err);
      });
      await client.connect();
      try {
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [lockKey(sourceId)]);
        if (!rows[0].locked) {
          await client.end();
          return null;
        }
      } catch (err) {
        await client.end().catch(() => undefined);
        throw err;
      }
      return async () => {
        released = true;
        try {
          await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey(sourceId)]);
        } catch {
          // The connection is gone, and the lock with it.
        } finally {
          await client.end().catch(() => undefined);
        }
      };
    },
  };
}

export function inProcessSourceLocks(): SourceLocks {
  const held = new Set<string>();
  return {
    async tryAcquire(sourceId) {
      if (held.has(sourceId)) return null;
      held.add(sourceId);
      return async () => {
        held.delete(sourceId);
      };
    },
  };
}
