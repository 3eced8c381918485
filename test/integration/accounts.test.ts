import { Account } from '../../src/db/models';
import { ConfluenceClient } from '../../src/connect/confluenceClient';
import { confluenceDirectoryFor } from '../../src/connect/connectConfluenceDirectory';
import { findAccountIdsByEmail, knownAccountIds, refreshAccounts } from '../../src/directory/accounts';
import { EmailsUnavailableError, type ConfluenceDirectory } from '../../src/directory/confluenceDirectory';
import { useTestApp, type TestApp } from '../support/app';
import type { FixtureUser, TestHost } from '../support/confluenceHost';
import { installSite, type Site } from '../support/sites';

let app: TestApp;
const sites: Site[] = [];

useTestApp({ sites }, (started) => (app = started));

async function siteWith(users: FixtureUser[]): Promise<Site> {
  const site = await installSite(app, users);
  sites.push(site);
  return site;
}

/** The site's directory as the app reads it: through ACE's host client, which signs each call as the app. */
const directoryOf = (site: Site): ConfluenceDirectory => confluenceDirectoryFor(new ConfluenceClient(app.addon.httpClient({ clientKey: site.host.clientKey })));

/** `count` people `p-00000`…, emails in mixed case; every tenth (index 3, 13, …) has no email. */
function buildPeople(count: number, overrides: (i: number) => Partial<FixtureUser> = () => ({})): FixtureUser[] {
  return Array.from({ length: count }, (_, i) => ({
    accountId: `p-${String(i).padStart(5, '0')}`,
    displayName: `Person ${i}`,
    ...(i % 10 === 3 ? {} : { email: `Person.${i}@Example.com` }),
    groups: ['confluence-users'],
    ...overrides(i),
  }));
}

const BOT: FixtureUser = { accountId: 'app-bot-1', displayName: 'Automation for Confluence', email: 'bot@connect.atlassian.com', groups: ['confluence-users'], accountType: 'app' };

const calls = (host: TestHost, endsWith: string) => host.requests.filter((r) => r.path.endsWith(endsWith));

async function account(tenantId: string, accountId: string): Promise<Account | null> {
  return Account.findOne({ where: { tenantId, accountId } });
}

describe('refreshing the accounts of a site', () => {
  it('reads 120 people page by page, with the emails of the bulk look-up, and skips app accounts', async () => {
    const site = await siteWith([...buildPeople(120), BOT]);
    const progress: number[] = [];

    const result = await refreshAccounts(site.tenantId, directoryOf(site), { pageSize: 50, onProgress: (done) => progress.push(done) });

    expect(result).toMatchObject({ accounts: 120, withEmail: 108, viaGroups: false, deactivated: 0, emailsReadable: true });
    expect(progress).toEqual([120]);
    // 121 results (the bot included) in pages of 50, following _links.next.
    expect(calls(site.host, '/search/user').map((r) => [r.query.start, r.query.limit])).toEqual([
      ['0', '50'],
      ['50', '50'],
      ['100', '50'],
    ]);
    const emailCalls = calls(site.host, '/user/email/bulk');
    expect(emailCalls.map((r) => [r.query.accountId].flat().length)).toEqual([100, 20]);
    expect(calls(site.host, '/group')).toHaveLength(0);

    expect(await Account.count({ where: { tenantId: site.tenantId } })).toBe(120);
    expect(await account(site.tenantId, BOT.accountId)).toBeNull();
    expect(await account(site.tenantId, 'p-00000')).toMatchObject({
      displayName: 'Person 0',
      email: 'Person.0@Example.com',
      pictureUrl: '/wiki/aa-avatar/p-00000',
      accountType: 'atlassian',
      active: true,
    });
    expect((await account(site.tenantId, 'p-00013'))?.email).toBeNull();
  });

  it('marks people who are no longer returned inactive, takes new display names, and reactivates who returns', async () => {
    const site = await siteWith(buildPeople(10));
    const directory = directoryOf(site);
    await refreshAccounts(site.tenantId, directory);
    const firstSeen = (await account(site.tenantId, 'p-00001'))!.refreshedAt;

    const [leaver1, leaver2] = site.host.users.filter((u) => u.accountId === 'p-00001' || u.accountId === 'p-00002');
    site.host.users = site.host.users.filter((u) => u !== leaver1 && u !== leaver2);
    site.host.users[0].displayName = 'Person Zero';
    const second = await refreshAccounts(site.tenantId, directory);

    expect(second).toMatchObject({ accounts: 8, deactivated: 2 });
    expect(await Account.count({ where: { tenantId: site.tenantId } })).toBe(10);
    for (const leaver of [leaver1, leaver2]) {
      const row = await account(site.tenantId, leaver.accountId);
      expect(row).toMatchObject({ active: false, displayName: leaver.displayName });
    }
    // refreshed_at says when an account was last seen.
    expect((await account(site.tenantId, 'p-00001'))!.refreshedAt).toEqual(firstSeen);
    expect((await account(site.tenantId, 'p-00004'))!.refreshedAt.getTime()).toBeGreaterThan(firstSeen.getTime());
    expect(await account(site.tenantId, 'p-00000')).toMatchObject({ displayName: 'Person Zero', active: true });

    site.host.users.push(leaver1);
    const third = await refreshAccounts(site.tenantId, directory);
    expect(third).toMatchObject({ accounts: 9, deactivated: 0 });
    expect((await account(site.tenantId, leaver1.accountId))?.active).toBe(true);
    expect((await account(site.tenantId, leaver2.accountId))?.active).toBe(false);
  });

  it('waits out a 429 with Retry-After and carries on', async () => {
    const site = await siteWith(buildPeople(30));
    site.host.rateLimitNext(1, 0);

    const result = await refreshAccounts(site.tenantId, directoryOf(site));

    expect(result).toMatchObject({ accounts: 30, withEmail: 27 });
    expect(site.host.requests.slice(0, 2).map((r) => [r.path, r.status])).toEqual([
      ['/wiki/rest/api/search/user', 429],
      ['/wiki/rest/api/search/user', 200],
    ]);
  });

  it('keeps going with the emails privacy settings show when the site refuses the email look-up', async () => {
    const site = await siteWith(buildPeople(5));
    const real = directoryOf(site);
    // The test host always grants the look-up; a site that did not approve the app answers 400.
    const refusing: ConfluenceDirectory = {
      ...real,
      emails: () => Promise.reject(new EmailsUnavailableError(new Error('Confluence /rest/api/user/email/bulk answered 400'))),
    };

    const result = await refreshAccounts(site.tenantId, refusing);

    expect(result).toMatchObject({ accounts: 5, emailsReadable: false, withEmail: 4 });
    expect((await account(site.tenantId, 'p-00001'))?.email).toBe('Person.1@Example.com');
  });
});

describe('two refreshes of one site at once (two sources syncing)', () => {
  it('never let the one that started earlier overwrite what the later one wrote', async () => {
    const site = await siteWith(buildPeople(5));
    const real = directoryOf(site);
    // The earlier refresh reads the people, then is held up before writing them (its email look-up waits).
    let resume!: () => void;
    const held = new Promise<void>((resolve) => (resume = resolve));
    const slow: ConfluenceDirectory = { ...real, emails: async (ids) => (await held, real.emails(ids)) };
    const earlier = refreshAccounts(site.tenantId, slow);
    while (!calls(site.host, '/rest/api/search/user').length) await new Promise((r) => setTimeout(r, 10));
    // Meanwhile Person 1 is renamed, and the later refresh reads and writes that.
    const renaming: ConfluenceDirectory = {
      ...real,
      searchUsers: async (start, limit) => {
        const page = await real.searchUsers(start, limit);
        return { ...page, items: page.items.map((u) => (u.accountId === 'p-00001' ? { ...u, displayName: 'Person One' } : u)) };
      },
    };
    await refreshAccounts(site.tenantId, renaming);
    resume();
    await earlier;
    expect((await account(site.tenantId, 'p-00001'))?.displayName).toBe('Person One');
    expect(await Account.count({ where: { tenantId: site.tenantId, active: true } })).toBe(5);
  });
});

describe('a site of more than 10,000 people', () => {
  // All in confluence-users, every third also in engineering; one deactivated member and one bot.
  const bigSite = () =>
    buildPeople(10_050, (i) => (i % 3 === 0 ? { groups: ['confluence-users', 'engineering'] } : {})).concat(
      { accountId: 'p-gone', displayName: 'Gone Person', email: 'gone@example.com', groups: ['confluence-users'], active: false },
      { ...BOT, groups: ['engineering'] },
    );

  it('is read completely through its groups, each person once', async () => {
    const site = await siteWith(bigSite());

    const result = await refreshAccounts(site.tenantId, directoryOf(site), { pageSize: 200 });

    expect(result).toMatchObject({ accounts: 10_051, withEmail: 10_051 - 1005, viaGroups: true, deactivated: 0 });
    // The first search page says 10,050: no time is spent reading the 10,000 it would give.
    expect(calls(site.host, '/search/user')).toHaveLength(1);
    expect(calls(site.host, '/user/email/bulk')).toHaveLength(101);
    expect(await Account.count({ where: { tenantId: site.tenantId, active: true } })).toBe(10_050);
    expect(await account(site.tenantId, 'p-gone')).toMatchObject({ active: false, email: 'gone@example.com' });
    expect(await account(site.tenantId, BOT.accountId)).toBeNull();
    expect(await knownAccountIds(site.tenantId, ['p-00000', 'p-10049', 'p-10050'])).toEqual(new Set(['p-00000', 'p-10049']));
  }, 20_000);

  it('switches to the groups when the search reaches result 10,000 without saying how many there are', async () => {
    const site = await siteWith(bigSite());
    const real = directoryOf(site);
    // Confluence does not promise `totalSize` on searches; the host always sends it.
    const withoutTotal: ConfluenceDirectory = {
      ...real,
      searchUsers: async (start, limit) => {
        const { totalSize: _omitted, ...page } = await real.searchUsers(start, limit);
        return page;
      },
    };

    const result = await refreshAccounts(site.tenantId, withoutTotal, { pageSize: 200 });

    expect(result).toMatchObject({ accounts: 10_051, viaGroups: true });
    // Confluence clamps the search to 50 per page; paging follows its _links.next up to 10,000.
    const searches = calls(site.host, '/search/user');
    expect(searches).toHaveLength(200);
    expect(searches.at(-1)?.query.start).toBe('9950');
    expect(await Account.count({ where: { tenantId: site.tenantId } })).toBe(10_051);
  }, 20_000);
});

describe('looking accounts up', () => {
  it('finds accounts by email in any case, on its own site only', async () => {
    const site = await siteWith([...buildPeople(20), { accountId: 'mine-1', displayName: 'Shared Mine', email: 'Shared@Example.com', groups: ['confluence-users'] }]);
    const other = await siteWith([
      { accountId: 'theirs-1', displayName: 'Shared Theirs', email: 'shared@example.com', groups: ['confluence-users'] },
      { accountId: 'theirs-2', displayName: 'Only There', email: 'only-there@example.com', groups: ['confluence-users'] },
    ]);
    await refreshAccounts(site.tenantId, directoryOf(site));
    await refreshAccounts(other.tenantId, directoryOf(other));

    const found = await findAccountIdsByEmail(site.tenantId, ['PERSON.5@example.COM', ' shared@EXAMPLE.com ', 'only-there@example.com', 'nobody@example.com', '']);

    expect(found).toEqual(
      new Map([
        ['person.5@example.com', 'p-00005'],
        ['shared@example.com', 'mine-1'],
      ]),
    );
    expect(await findAccountIdsByEmail(other.tenantId, ['Shared@example.com'])).toEqual(new Map([['shared@example.com', 'theirs-1']]));
    expect(await knownAccountIds(site.tenantId, ['p-00001', 'theirs-1', 'nobody'])).toEqual(new Set(['p-00001']));
    expect(await findAccountIdsByEmail(site.tenantId, [])).toEqual(new Map());
  });

  it('lists the groups of an account and picks groups by name', async () => {
    const site = await siteWith([
      { accountId: 'ann', displayName: 'Ann', groups: ['confluence-users', 'hr-team', 'hr-leads'] },
      { accountId: 'bob', displayName: 'Bob', groups: ['confluence-users'] },
    ]);
    const directory = directoryOf(site);

    expect((await directory.memberOf('ann')).map((g) => g.name).sort()).toEqual(['confluence-users', 'hr-leads', 'hr-team']);
    expect(await directory.memberOf('nobody')).toEqual([]);
    expect((await directory.pickGroups('HR', 10)).map((g) => g.name).sort()).toEqual(['hr-leads', 'hr-team']);
    const groups = await directory.listGroups(0, 200);
    expect(groups).toMatchObject({ next: false, totalSize: 3 });
    expect(groups.items.every((g) => g.id && g.id !== g.name)).toBe(true);
  });
});
