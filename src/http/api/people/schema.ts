import { z } from 'zod';
import { safeString } from '../../../safeText';

/** `GET /rest/v1/people`: the text to look for (cut to 100 characters) and up to 50 people (default 10). */
export const PeopleSearch = {
  query: z.object({
    query: safeString().max(1000).default('').transform((q) => q.trim().slice(0, 100)),
    limit: z.coerce.number().int().min(1).max(50).default(10),
  }),
};
