import { Router } from 'express';
import { col, fn, Op, where } from 'sequelize';
import type { Addon } from '../../connect/addon';
import { authenticateRest } from '../../connect/auth';
import { Account } from '../../db/models';
import { z } from 'zod';
import { safeString } from '../../safeText';
import { asyncHandler } from '../asyncHandler';
import { validateQuery } from '../validate';

/** What the people search takes: the text to look for (cut to 100 characters) and up to 50 people (default 10). */
const peopleQuerySchema = z.object({
  query: safeString().max(1000).default('').transform((q) => q.trim().slice(0, 100)),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/**
 * `GET /rest/v1/people?query=` — people of the site whose name or email contains the query, for
 * user-field autocomplete (from the accounts Rollcall knows: every account after a sync's refresh).
 */
export function peopleRouter(addon: Addon): Router {
  const router = Router();
  router.get(
    '/rest/v1/people',
    ...authenticateRest(addon),
    validateQuery(peopleQuerySchema),
    asyncHandler(async (req, res) => {
      const { query, limit } = res.locals.query as z.infer<typeof peopleQuerySchema>;
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
