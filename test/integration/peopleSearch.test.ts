import { useTestApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

/**
 * `GET /rest/v1/people` (issue #13, item 4): names by word prefixes, email addresses only whole,
 * and never an address in the answer, so the search is no oracle for hidden addresses.
 */
let app: TestApp;
const sites: Site[] = [];

useTestApp({ sites }, (started) => (app = started));

const HR: FixtureUser = { accountId: 'hr-1', displayName: 'Hanna HR', email: 'hanna@example.com', groups: ['confluence-users', 'hr-team'] };
const ZOE: FixtureUser = { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe.astrom@example.com', groups: ['confluence-users'] };
const ANNE: FixtureUser = { accountId: 'acc-anne', displayName: 'Anne-Marie de Vries', email: 'amdv@corp.example', groups: ['confluence-users'] };

describe('people search', () => {
  /** Rollcall learns of people when someone looks at them (a sync's refresh does it for everyone). */
  async function known() {
    const s = await installSite(app, [ADMIN, USER, HR, ZOE, ANNE]);
    sites.push(s);
    for (const person of [ZOE, HR, ANNE]) await s.as(USER.accountId).get(`/rest/v1/profiles/${person.accountId}`).expect(200);
    return s;
  }
  const search = async (s: Site, query: string) => (await s.as(USER.accountId).get(`/rest/v1/people?query=${encodeURIComponent(query)}`).expect(200)).body.people as Array<Record<string, unknown>>;
  const ids = (people: Array<Record<string, unknown>>) => people.map((p) => p.accountId);

  it('finds nobody by a part of an email address, so a hidden address cannot be recovered letter by letter', async () => {
    const s = await known();
    for (const part of ['zoe.', 'astrom@', '@example.com', 'example.com', 'zoe.astrom@example', 'oe.astrom@example.com', 'amdv', 'corp.example']) {
      expect({ part, found: ids(await search(s, part)) }).toEqual({ part, found: [] });
    }
  });

  it('finds a person by their whole email address, in any case, and never returns an address', async () => {
    const s = await known();
    const found = await search(s, 'Zoe.Astrom@EXAMPLE.com');
    expect(found).toEqual([{ accountId: ZOE.accountId, displayName: 'Zoë Åström', pictureUrl: expect.any(String) }]);
    expect(ids(await search(s, ' amdv@corp.example '))).toEqual([ANNE.accountId]);
    expect(JSON.stringify(await search(s, ''))).not.toContain('@');
  });

  it('finds people by the start of each word of their name, several words at once', async () => {
    const s = await known();
    expect(ids(await search(s, 'zo'))).toEqual([ZOE.accountId]);
    expect(ids(await search(s, 'ÅST'))).toEqual([ZOE.accountId]);
    expect(ids(await search(s, 'zoë åst'))).toEqual([ZOE.accountId]);
    expect(ids(await search(s, 'marie'))).toEqual([ANNE.accountId]); // after a hyphen
    expect(ids(await search(s, 'de vr anne'))).toEqual([ANNE.accountId]);
    expect(ids(await search(s, 'zoë hanna'))).toEqual([]); // every word must match
    expect(ids(await search(s, 'strom'))).toEqual([]); // inside a word: no
    expect(ids(await search(s, '%'))).toEqual([]); // wildcards are literal
  });
});
