import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** A PGlite database served over the PostgreSQL wire protocol on a loopback port. */
export interface EmbeddedPostgres {
  /** postgres:// URL for pg/Sequelize. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite on `dataDir` (created if missing) and serves it on 127.0.0.1 at a free port, so
 * the same pg/Sequelize code runs unchanged against it. PGlite is a single backend: callers must
 * use a pool of one connection, or the socket server would interleave their transactions.
 * `dataDir` undefined keeps the database in memory (tests). PGlite's contrib extensions the
 * migrations create (`pg_trgm` and `btree_gin`, for the People Directory's search) are loaded here:
 * PGlite bundles them, and `CREATE EXTENSION` finds only the ones loaded.
 */
export async function startEmbeddedPostgres(dataDir?: string): Promise<EmbeddedPostgres> {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const db = await PGlite.create(dataDir, { extensions: { pg_trgm, btree_gin } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
