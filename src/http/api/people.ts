import { Router } from 'express';
import type { Addon } from '../../connect/addon';
import { authenticateRest } from '../../connect/auth';
import { z } from 'zod';
import { searchPeople } from '../../directory/accounts';
import { safeString } from '../../safeText';
import { asyncHandler } from '../../asyncHandler';
import type { RateLimits } from '../rateLimit';
import { validateQuery } from '../validate';

/** What the people search takes: the text to look for (cut to 100 characters) and up to 50 people (default 10). */
const peopleQuerySchema = z.object({
  query: safeString().max(1000).default('').transform((q) => q.trim().slice(0, 100)),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/**
 * `GET /rest/v1/people?query=` — people of the site for user-field autocomplete, from the accounts
 * Rollcall knows (every account after a sync's refresh): by the words of their name, or by a whole
 * email address (never a part of one; addresses are never returned). See `searchPeople`.
 */
export function peopleRouter(addon: Addon, rateLimits: RateLimits): Router {
  const router = Router();
  router.get(
    '/rest/v1/people',
    ...authenticateRest(addon),
    rateLimits.limit('peopleSearch'),
    validateQuery(peopleQuerySchema),
    asyncHandler(async (req, res) => {
      const { query, limit } = res.locals.query as z.infer<typeof peopleQuerySchema>;
      const people = await searchPeople(req.auth!.tenantId, query, limit);
      res.json({ people: people.map(presentPerson) });
    }),
  );
  return router;
}

/** Every field of a person found that leaves the server (no email: see `searchPeople`). */
function presentPerson(person: { accountId: string; displayName: string | null; pictureUrl: string | null }) {
  return { accountId: person.accountId, displayName: person.displayName, pictureUrl: person.pictureUrl };
}
