import type { PersonFound } from '../../../directory/accounts';

/** A person found by the people search: every field that leaves the server (no email: see `searchPeople`). */
export function presentPersonFound(person: PersonFound) {
  return { accountId: person.accountId, displayName: person.displayName, pictureUrl: person.pictureUrl };
}
