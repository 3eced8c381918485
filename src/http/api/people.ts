import { Router } from 'express';
import type { Addon } from '../../connect/addon';
import { authenticateRest } from '../../connect/auth';
import { searchPeople } from '../../directory/accounts';
import { asyncHandler } from '../asyncHandler';
import type { RateLimits } from '../rateLimit';

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
    asyncHandler(async (req, res) => {
      const query = typeof req.query.query === 'string' ? req.query.query.trim().slice(0, 100) : '';
      const limit = Math.min(50, Math.max(1, Number.parseInt(String(req.query.limit ?? '10'), 10) || 10));
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
