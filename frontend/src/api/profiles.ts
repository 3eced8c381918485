/** Profiles: `/rest/v1/profiles/{accountId}` and its picture. */
import type { presentProfile } from '../../../src/http/api/profiles/presenters';
import type { Call } from './call';
import type { Json } from './json';

export type Profile = Json<ReturnType<typeof presentProfile>>;

export function profilesApi(call: Call) {
  return {
    get: (accountId: string) => call<Profile>({ method: 'GET', path: `/rest/v1/profiles/${encodeURIComponent(accountId)}` }),
  };
}
