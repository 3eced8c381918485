import { Account, Profile } from '../../src/db/models';
import { useTestApp, type TestApp } from '../support/app';
import { buildProfile } from '../support/builders';
import type { FixtureUser } from '../support/confluenceHost';
import { LdapFixture } from '../support/ldapFixtures';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

/** The org chart's API and its data quality report (issue #18), on real PostgreSQL and slapd. */
let app: TestApp;
const sites: Site[] = [];

useTestApp({ sites }, (started) => (app = started));

const person = (accountId: string, displayName: string, groups = ['confluence-users']): FixtureUser => ({
  accountId,
  displayName,
  email: `${accountId}@example.com`,
  groups,
});
const CEO = person('acc-ceo', 'Cora Chief');
const VP = person('acc-vp', 'Vic President');
const VP2 = person('acc-vp2', 'Vera Second');
const LEAD = person('acc-lead', 'Lea Lead');
const DEV = person('acc-dev', 'Dan Dev');
const DEV2 = person('acc-dev2', 'Dora Dev');
const OWNER = person('acc-owner', 'Otto Owner');
const HELPER = person('acc-helper', 'Hugo Helper');
const HR = person('acc-hr', 'Hanna HR', ['confluence-users', 'hr-team']);
const EVERYONE = [ADMIN, USER, CEO, VP, VP2, LEAD, DEV, DEV2, OWNER, HELPER, HR];

interface Card {
  accountId: string;
  displayName: string | null;
  values: Record<string, string>;
  leftDirectory: boolean;
  onSite: boolean;
  active: boolean;
  directReports?: number;
  totalReports?: number;
}
interface Chart {
  superiorField: { key: string } | null;
  restricted: boolean;
  person: Card;
  chain: Card[];
  chainCycle: boolean;
  reports: Card[];
}
interface Issue {
  kind: string;
  people: Array<Card & { source: { kind: string; sourceName?: string } | null }>;
  superior?: Card;
  peopleBelow?: number;
}

/** A site whose people Rollcall knows (as a refresh leaves them), with a "Manager" user field marked as the superior field. */
async function site(options: { restrictedToHr?: boolean } = {}) {
  const s = await installSite(app, EVERYONE);
  sites.push(s);
  await Account.bulkCreate(EVERYONE.map((u) => ({ tenantId: s.tenantId, accountId: u.accountId, displayName: u.displayName, email: u.email ?? null, pictureUrl: null, accountType: 'atlassian' })));
  const admin = s.as(ADMIN.accountId);
  const hrGroup = s.host.groups.find((g) => g.name === 'hr-team')!;
  const category = (await admin.post('/rest/v1/categories', { name: 'Reporting', ...(options.restrictedToHr ? { restrictedToGroups: [{ id: hrGroup.id, name: hrGroup.name }] } : {}) }).expect(201)).body.id;
  const manager = (await admin.post('/rest/v1/fields', { label: 'Manager', type: 'user', categoryId: category }).expect(201)).body.key as string;
  await admin.patch(`/rest/v1/fields/${manager}`, { orgChartSuperior: true }).expect(200);
  /** Stores `who`'s superior (as an edit, or the given source, would leave it), with a position. */
  const reportsTo = async (who: string, superior: string | null, source = 'user', position = `Position of ${who}`) => {
    const existing = await Profile.findOne({ where: { tenantId: s.tenantId, accountId: who } });
    const values = { position, ...(superior ? { [manager]: superior } : {}) };
    if (existing) await existing.update({ values, valueSources: { position: 'user', [manager]: source } });
    else await buildProfile(s.tenantId, values, { accountId: who, valueSources: { position: 'user', [manager]: source } });
  };
  return { s, manager, reportsTo, chart: async (viewer: string, accountId: string, query = '') => (await s.as(viewer).get(`/rest/v1/org-chart/people/${accountId}${query}`).expect(200)).body as Chart };
}

const names = (cards: Card[]) => cards.map((c) => c.displayName);

/** CEO ← VP ← LEAD ← DEV, DEV2; CEO ← VP2; OWNER ← HELPER (a second tree). */
async function company() {
  const w = await site();
  await w.reportsTo(CEO.accountId, null);
  await w.reportsTo(VP.accountId, CEO.accountId);
  await w.reportsTo(VP2.accountId, CEO.accountId);
  await w.reportsTo(LEAD.accountId, VP.accountId);
  await w.reportsTo(DEV.accountId, LEAD.accountId);
  await w.reportsTo(DEV2.accountId, LEAD.accountId);
  await w.reportsTo(OWNER.accountId, null);
  await w.reportsTo(HELPER.accountId, OWNER.accountId);
  return w;
}

describe('the chart around a person', () => {
  it('has the chain up to the top and the direct reports, each with everyone below counted', async () => {
    const w = await company();
    // Bo has no profile: he stands alone.
    const bo = await w.chart(USER.accountId, USER.accountId);
    expect(bo).toMatchObject({ person: { accountId: USER.accountId, displayName: 'Bo User' }, chain: [], reports: [] });

    const lead = await w.chart(USER.accountId, LEAD.accountId);
    expect(lead.superiorField).toEqual({ key: w.manager, label: 'Manager' });
    expect(names(lead.chain)).toEqual(['Vic President', 'Cora Chief']);
    expect(lead.chainCycle).toBe(false);
    expect(lead.reports.map((r) => [r.displayName, r.directReports, r.totalReports])).toEqual([
      ['Dan Dev', 0, 0],
      ['Dora Dev', 0, 0],
    ]);
    expect(lead.person.values).toEqual({ position: `Position of ${LEAD.accountId}` });

    const ceo = await w.chart(USER.accountId, CEO.accountId);
    expect(ceo.chain).toEqual([]);
    expect(ceo.reports.map((r) => [r.displayName, r.directReports, r.totalReports])).toEqual([
      ['Vera Second', 0, 0],
      ['Vic President', 1, 3],
    ]);
  });

  it('opens a subtree on demand, and lists several roots side by side', async () => {
    const w = await company();
    const vp = (await w.s.as(USER.accountId).get(`/rest/v1/org-chart/people/${VP.accountId}/reports`).expect(200)).body;
    expect(vp.reports.map((r: Card) => [r.displayName, r.directReports, r.totalReports])).toEqual([['Lea Lead', 2, 2]]);
    const roots = (await w.s.as(USER.accountId).get('/rest/v1/org-chart/roots').expect(200)).body;
    expect(roots.roots.map((r: Card) => [r.displayName, r.totalReports])).toEqual([
      ['Cora Chief', 5],
      ['Otto Owner', 1],
    ]);
  });

  it('shows only the card fields asked for that the viewer may see, and refuses a malformed list', async () => {
    const w = await company();
    const chart = await w.chart(USER.accountId, LEAD.accountId, '?fields=department,position,nonexistent');
    expect(chart.person.values).toEqual({ position: `Position of ${LEAD.accountId}` });
    const bad = await w.s.as(USER.accountId).get(`/rest/v1/org-chart/people/${LEAD.accountId}?fields=Not-A-Key`).expect(400);
    expect(bad.body.error).toBe('validation_failed');
    expect(JSON.stringify(bad.body.details)).toContain('fields');
    await w.s.as(USER.accountId).get('/rest/v1/org-chart/people/acc-nobody-at-all').expect(404);
    await w.s.as(USER.accountId).get('/rest/v1/org-chart/people/acc-nobody-at-all/reports').expect(404);
  });

  it('marks people who left the directory, and ends the chain at a superior with no profile', async () => {
    const w = await company();
    await Profile.update({ leftDirectoryAt: new Date() }, { where: { tenantId: w.s.tenantId, accountId: DEV.accountId } });
    // Vera's superior is Ada, who has no profile of her own.
    await w.reportsTo(VP2.accountId, ADMIN.accountId);
    const lead = await w.chart(USER.accountId, LEAD.accountId);
    expect(lead.reports.find((r) => r.accountId === DEV.accountId)!.leftDirectory).toBe(true);
    expect(lead.reports.find((r) => r.accountId === DEV2.accountId)!.leftDirectory).toBe(false);
    const vp2 = await w.chart(USER.accountId, VP2.accountId);
    expect(names(vp2.chain)).toEqual(['Ada Admin']);
  });

  it('follows the superior field: unmarking it removes every edge, marking another field draws from it', async () => {
    const w = await company();
    const admin = w.s.as(ADMIN.accountId);
    await admin.patch(`/rest/v1/fields/${w.manager}`, { orgChartSuperior: false }).expect(200);
    const none = await w.chart(USER.accountId, LEAD.accountId);
    expect(none.superiorField).toBeNull();
    expect(none.chain).toEqual([]);
    expect(none.reports).toEqual([]);
    await admin.patch(`/rest/v1/fields/${w.manager}`, { orgChartSuperior: true }).expect(200);
    expect(names((await w.chart(USER.accountId, LEAD.accountId)).chain)).toEqual(['Vic President', 'Cora Chief']);
  });
});

describe('a superior field in a restricted category', () => {
  it('gives people outside its groups no edges at all (no chain, reports, roots, counts); members see the chart', async () => {
    const w = await site({ restrictedToHr: true });
    await w.reportsTo(VP.accountId, CEO.accountId);
    await w.reportsTo(LEAD.accountId, VP.accountId);
    for (const outsider of [USER.accountId, ADMIN.accountId, VP.accountId]) {
      const chart = await w.chart(outsider, VP.accountId);
      expect(chart).toMatchObject({ superiorField: null, restricted: true, chain: [], reports: [] });
      expect(JSON.stringify(chart)).not.toContain(CEO.accountId);
      const roots = (await w.s.as(outsider).get('/rest/v1/org-chart/roots').expect(200)).body;
      expect(roots.roots).toEqual([]);
      const subtree = (await w.s.as(outsider).get(`/rest/v1/org-chart/people/${VP.accountId}/reports`).expect(200)).body;
      expect(subtree.reports).toEqual([]);
    }
    const quality = (await w.s.as(ADMIN.accountId).get('/rest/v1/org-chart/quality').expect(200)).body;
    expect(quality).toMatchObject({ restricted: true, issues: [] });
    const member = await w.chart(HR.accountId, VP.accountId);
    expect(member.restricted).toBe(false);
    expect(names(member.chain)).toEqual(['Cora Chief']);
    expect(names(member.reports)).toEqual(['Lea Lead']);
  });
});

describe('cycles', () => {
  /** A 5-cycle CEO → VP → LEAD → DEV → DEV2 → CEO with HELPER below DEV; a 2-cycle OWNER ⇄ VP2; HR names herself. */
  async function cycles() {
    const w = await site();
    const ring = [CEO, VP, LEAD, DEV, DEV2];
    for (let i = 0; i < ring.length; i++) await w.reportsTo(ring[i].accountId, ring[(i + 1) % ring.length].accountId, 'migration');
    await w.reportsTo(HELPER.accountId, DEV.accountId);
    await w.reportsTo(OWNER.accountId, VP2.accountId);
    await w.reportsTo(VP2.accountId, OWNER.accountId);
    await w.reportsTo(HR.accountId, HR.accountId);
    return w;
  }

  it('never hang the chart: the chain stops where it comes back, counts stay finite', async () => {
    const w = await cycles();
    const lead = await w.chart(USER.accountId, LEAD.accountId);
    expect(lead.chainCycle).toBe(true);
    expect(names(lead.chain)).toEqual(['Dan Dev', 'Dora Dev', 'Cora Chief', 'Vic President']);
    // Below Lea: Vic, who has Cora, who has Dora, who has Dan (and Hugo): Lea herself is not counted again.
    expect(lead.reports.map((r) => [r.displayName, r.directReports, r.totalReports])).toEqual([['Vic President', 1, 4]]);
    const hr = await w.chart(USER.accountId, HR.accountId);
    expect(hr).toMatchObject({ chain: [], chainCycle: true, reports: [] });
    const owner = await w.chart(USER.accountId, OWNER.accountId);
    expect(names(owner.chain)).toEqual(['Vera Second']);
    expect(owner.chainCycle).toBe(true);
    const roots = (await w.s.as(USER.accountId).get('/rest/v1/org-chart/roots').expect(200)).body;
    expect(roots.roots).toEqual([]);
  });

  it('of length 1, 2 and 5 are reported with their members in order, the source that set them, and who sits below; mending them clears the report', async () => {
    const w = await cycles();
    const report = (await w.s.as(ADMIN.accountId).get('/rest/v1/org-chart/quality').expect(200)).body as { counts: Record<string, number>; issues: Issue[] };
    expect(report.counts).toEqual({ cycle: 2, selfReference: 1, superiorNotOnSite: 0, superiorLeftDirectory: 0 });
    const five = report.issues.find((i) => i.kind === 'cycle' && i.people.length === 5)!;
    expect(five.people.map((p) => p.accountId)).toEqual([CEO, VP, LEAD, DEV, DEV2].map((p) => p.accountId));
    expect(five.people[0].source).toEqual({ kind: 'migration' });
    expect(five.peopleBelow).toBe(1);
    const two = report.issues.find((i) => i.kind === 'cycle' && i.people.length === 2)!;
    expect(names(two.people)).toEqual(['Otto Owner', 'Vera Second']);
    const self = report.issues.find((i) => i.kind === 'selfReference')!;
    expect(names(self.people)).toEqual(['Hanna HR']);
    expect(self.people[0].source).toEqual({ kind: 'user' });

    // An admin mends the data: Cora has no superior, Vera reports to Cora, Hanna's own value is cleared.
    await w.reportsTo(CEO.accountId, null);
    await w.reportsTo(VP2.accountId, CEO.accountId);
    await w.reportsTo(HR.accountId, null);
    const mended = (await w.s.as(ADMIN.accountId).get('/rest/v1/org-chart/quality').expect(200)).body;
    expect(mended.counts).toEqual({ cycle: 0, selfReference: 0, superiorNotOnSite: 0, superiorLeftDirectory: 0 });
    expect(mended.issues).toEqual([]);
  });
});

describe('the data quality report', () => {
  it('lists superiors who are not on the site, deactivated, or left the directory, and drops them once mended', async () => {
    const w = await company();
    await w.reportsTo(DEV.accountId, 'acc-gone-for-good', 'migration');
    await Account.update({ active: false }, { where: { tenantId: w.s.tenantId, accountId: OWNER.accountId } });
    await Profile.update({ leftDirectoryAt: new Date() }, { where: { tenantId: w.s.tenantId, accountId: VP.accountId } });
    const report = (await w.s.as(ADMIN.accountId).get('/rest/v1/org-chart/quality').expect(200)).body as { counts: Record<string, number>; issues: Issue[] };
    expect(report.counts).toEqual({ cycle: 0, selfReference: 0, superiorNotOnSite: 2, superiorLeftDirectory: 1 });
    const missing = report.issues.filter((i) => i.kind === 'superiorNotOnSite');
    expect(missing.map((i) => [i.people[0].displayName, i.superior!.accountId, i.superior!.onSite, i.superior!.active, i.people[0].source?.kind])).toEqual([
      ['Dan Dev', 'acc-gone-for-good', false, false, 'migration'],
      ['Hugo Helper', OWNER.accountId, true, false, 'user'],
    ]);
    const left = report.issues.find((i) => i.kind === 'superiorLeftDirectory')!;
    expect([left.people[0].displayName, left.superior!.displayName, left.superior!.leftDirectory]).toEqual(['Lea Lead', 'Vic President', true]);

    await w.reportsTo(DEV.accountId, LEAD.accountId);
    await Account.update({ active: true }, { where: { tenantId: w.s.tenantId, accountId: OWNER.accountId } });
    await Profile.update({ leftDirectoryAt: null }, { where: { tenantId: w.s.tenantId, accountId: VP.accountId } });
    expect((await w.s.as(ADMIN.accountId).get('/rest/v1/org-chart/quality').expect(200)).body.issues).toEqual([]);
  });
});

describe('a superior set by an LDAP sync', () => {
  it('draws the chart from the directory\'s manager, follows a change, and reports a cycle made there with the source\'s name until the directory is mended', async () => {
    const w = await site();
    const admin = w.s.as(ADMIN.accountId);
    const ldap = await new LdapFixture().create();
    const dn: Record<string, string> = {};
    dn.ceo = await ldap.add({ uid: 'ceo', cn: 'Cora Chief', sn: 'Chief', mail: CEO.email, title: 'CEO' });
    dn.vp = await ldap.add({ uid: 'vp', cn: 'Vic President', sn: 'President', mail: VP.email, title: 'VP', manager: dn.ceo });
    dn.vp2 = await ldap.add({ uid: 'vp2', cn: 'Vera Second', sn: 'Second', mail: VP2.email, title: 'VP', manager: dn.ceo });
    dn.dev = await ldap.add({ uid: 'dev', cn: 'Dan Dev', sn: 'Dev', mail: DEV.email, title: 'Developer', manager: dn.vp });
    const source = (await admin.post('/rest/v1/sources', ldap.sourceBody('reader', 'Company LDAP')).expect(201)).body;
    await admin.put(`/rest/v1/sources/${source.id}/mappings`, { mappings: [{ fieldKey: 'position', attribute: 'title' }, { fieldKey: w.manager, attribute: 'manager' }] }).expect(200);
    const sync = async () => {
      const started = await admin.post(`/rest/v1/sources/${source.id}/sync`, { mode: 'full' }).expect(202);
      await app.sync.waitFor(started.body.runId);
    };

    await sync();
    let dev = await w.chart(USER.accountId, DEV.accountId);
    expect(names(dev.chain)).toEqual(['Vic President', 'Cora Chief']);
    expect(dev.person.values).toEqual({ position: 'Developer' });

    await ldap.modify(dn.dev, { manager: dn.vp2 });
    await sync();
    dev = await w.chart(USER.accountId, DEV.accountId);
    expect(names(dev.chain)).toEqual(['Vera Second', 'Cora Chief']);
    expect(names((await w.chart(USER.accountId, VP.accountId)).reports)).toEqual([]);

    // The directory makes Cora report to Dan: a cycle of three, set by the source.
    await ldap.modify(dn.ceo, { manager: dn.dev });
    await sync();
    const report = (await admin.get('/rest/v1/org-chart/quality').expect(200)).body as { issues: Issue[] };
    const cycle = report.issues.find((i) => i.kind === 'cycle')!;
    expect(names(cycle.people).sort()).toEqual(['Cora Chief', 'Dan Dev', 'Vera Second']);
    expect(cycle.people[0].source).toEqual({ kind: 'ldap', sourceId: String(source.id), sourceName: 'Company LDAP' });
    expect((await w.chart(USER.accountId, DEV.accountId)).chainCycle).toBe(true);

    await ldap.modify(dn.ceo, { manager: null });
    await sync();
    expect((await admin.get('/rest/v1/org-chart/quality').expect(200)).body.issues).toEqual([]);
  });
});
