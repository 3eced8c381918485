import { Router } from 'express';
import type { Sequelize } from 'sequelize';
import { pendingMigrations } from '../db/migrator';
import { asyncHandler } from '../asyncHandler';

/**
 * `GET /healthz`: 200 `{status: "ok"}` when the database answers and every migration is applied,
 * 503 with the reason otherwise (for load balancers and orchestrators; no authentication).
 */
export function healthRouter(sequelize: Sequelize): Router {
  const router = Router();
  router.get(
    '/healthz',
    asyncHandler(async (_req, res) => {
      try {
        await sequelize.query('SELECT 1');
      } catch {
        res.status(503).json({ status: 'unavailable', database: 'unreachable' });
        return;
      }
      const pending = await pendingMigrations(sequelize);
      if (pending.length > 0) {
        res.status(503).json({ status: 'unavailable', database: 'ok', migrations: { current: false, pending } });
        return;
      }
      res.json({ status: 'ok', database: 'ok', migrations: { current: true } });
    }),
  );
  return router;
}
