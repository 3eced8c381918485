import { Router } from 'express';
import { col, fn, Op, where } from 'sequelize';
import type { Addon } from '../../connect/addon';
import { authenticateRest } from '../../connect/auth';
import { Account } from '../../db/models';
import { asyncHandler } from '../asyncHandler';
import type { RateLimits } from '../rateLimit';

/**
 * `GET /rest/v1/people?query=` — people of the site whose name or email contains the query, for
 * user-field autocomplete (from the accounts Rollcall knows: every account after a sync's refresh).
 */
export function peopleRouter(addon: Addon, rateLimits: RateLimits): Router {
  const router = Router();
  router.get(
    '/rest/v1/people',
    ...authenticateRest(addon),
    rateLimits.limit('peopleSearch'),
    asyncHandler(async (req, res) => {
      const query = typeof req.query.query === 'string' ? req.query.query.trim().slice(0, 100) : '';
      const limit = Math.min(50, Math.max(1, Number.parseInt(String(req.query.limit ?? '10'), 10) || 10));
      const pattern = `%${query.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
      const people = await Account.findAll({
        attributes: ['accountId', 'displayName', 'pictureUrl'],
        where: {
          tenantId: req.auth!.tenantId,
          active: true,
          ...(query ? { [Op.or]: [where(fn('lower', col('display_name')), { [Op.like]: pattern }), where(fn('lower', col('email')), { [Op.like]: pattern })] } : {}),
        },
        order: [['displayName', 'ASC']],
        limit,
      });
      res.json({ people: people.map((p) => ({ accountId: p.accountId, displayName: p.displayName, pictureUrl: p.pictureUrl })) });
    }),
  );
  return router;
}
