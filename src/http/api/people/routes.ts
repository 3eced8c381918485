import { Router } from 'express';
import type { Addon } from '../../../connect/addon';
import { authenticateRest } from '../../../connect/auth';
import { searchPeople } from '../../../directory/accounts';
import type { RateLimits } from '../../rateLimit';
import { handle } from '../../validate';
import { presentPersonFound } from './presenters';
import * as T from './schema';

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
    ...handle(T.PeopleSearch, async (req, res) => {
      const { query, limit } = req.input.query;
      const people = await searchPeople(req.auth.tenantId, query, limit);
      res.json({ people: people.map(presentPersonFound) });
    }),
  );
  return router;
}
