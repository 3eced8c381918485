/** People search: `/rest/v1/people` (the person picker of user fields). */
import type { presentPersonFound } from '../../../src/http/api/people/presenters';
import type { Call } from './call';
import type { Json } from './json';

export type PersonFound = Json<ReturnType<typeof presentPersonFound>>;

export function peopleApi(call: Call) {
  return {
    /** Up to `limit` people whose name or email matches `query` (the accounts Rollcall knows). */
    search: async (query: string, limit = 8) => (await call<{ people: PersonFound[] }>({ method: 'GET', path: '/rest/v1/people', query: { query, limit: String(limit) } })).people,
  };
}
