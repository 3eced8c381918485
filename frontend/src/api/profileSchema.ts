/** The profile schema: `/rest/v1/fields`, `/rest/v1/categories`, field types and groups. */
import type { presentField } from '../../../src/http/api/profileSchema/presenters';
import type { Call } from './call';
import type { Json } from './json';

export type Field = Json<ReturnType<typeof presentField>>;

export function fieldsApi(call: Call) {
  return {
    /** Every field of the site's profile schema, in order. */
    list: async () => (await call<{ fields: Field[] }>({ method: 'GET', path: '/rest/v1/fields' })).fields,
  };
}
