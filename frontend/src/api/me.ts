/** Who the caller is: `/rest/v1/me`. */
import type { presentMe } from '../../../src/http/api/me/presenters';
import type { Call } from './call';
import type { Json } from './json';

export type Me = Json<ReturnType<typeof presentMe>>;

export function meApi(call: Call) {
  return {
    /** The caller's account, site and whether they administer it (asked of Confluence). */
    get: () => call<Me>({ method: 'GET', path: '/rest/v1/me' }),
  };
}
