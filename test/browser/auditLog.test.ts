/**
 * The Audit log admin page in Chromium, under the Connect test host: an admin sees who changed
 * what from what to what, filters by whose profile (the person picker) and by kind, pages through
 * older events, and reads it in the dark theme. Test ids: `audit-log` (root, `data-loaded`),
 * `audit-filters`, `filter-person`/`filter-actor` (person pickers), `filter-action`,
 * `filter-from`/`filter-to`, `audit-table`, `audit-event` (`data-action`), `audit-by`,
 * `audit-action`, `audit-subject`, `audit-change`, `audit-more`, `audit-empty`.
 */
import type { Frame, Page } from 'playwright-core';
import { AuditEvent } from '../../src/db/models';
import type { TestApp } from '../support/app';
import { contrast, screenshotPath, useFramedAppSuite } from '../support/browser';
import type { FixtureUser } from '../support/confluenceHost';
import { ADMIN, installSite, type Site } from '../support/sites';

const ZOE: FixtureUser = { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] };
const BO: FixtureUser = { accountId: 'acc-bo', displayName: 'Bo Brightly', email: 'bo@example.com', groups: ['confluence-users'] };
const PEOPLE = [ADMIN, ZOE, BO];

let app: TestApp;
let page: Page;
const sites: Site[] = [];

useFramedAppSuite({ users: PEOPLE, sites }, (suite) => ({ app, page } = suite));

let team = '';

async function world(): Promise<Site> {
  const s = await installSite(app, PEOPLE);
  sites.push(s);
  const admin = s.as(ADMIN.accountId);
  team = String((await admin.post('/rest/v1/categories', { name: 'Team' }).expect(201)).body.id);
  await admin.post('/rest/v1/fields', { label: 'Desk', type: 'text', categoryId: team }).expect(201);
  // Names come from the accounts Rollcall knows (a sync's refresh, or a look at a profile).
  await admin.get(`/rest/v1/profiles/${ADMIN.accountId}`).expect(200);
  for (const [who, values] of [
    [ZOE.accountId, { position: 'Engineer' }],
    [ZOE.accountId, { position: 'Lead engineer', department: 'R&D (Berlin)' }],
    [BO.accountId, { location: 'Zürich' }],
  ] as const) {
    const p = (await s.as(who).get(`/rest/v1/profiles/${who}`).expect(200)).body;
    await s.as(who).put(`/rest/v1/profiles/${who}`, { values, version: p.version }).expect(200);
  }
  return s;
}

async function openAudit(s: Site, theme = ''): Promise<Frame> {
  await page.goto(`${s.host.pageUrl(app.url, '/admin/audit-log', ADMIN.accountId)}${theme}`);
  const frame = (await (await page.waitForSelector('iframe#app-frame')).contentFrame())!;
  await frame.waitForSelector('[data-testid="audit-log"][data-loaded="true"]');
  return frame;
}

const rows = (frame: Frame) =>
  frame.locator('[data-testid="audit-event"]').evaluateAll((els) =>
    els.map((el) => [el.querySelector('[data-testid="audit-by"]')?.textContent, el.querySelector('[data-testid="audit-action"]')?.textContent, el.querySelector('[data-testid="audit-subject"]')?.textContent, Array.from(el.querySelectorAll('[data-testid="audit-change"]')).map((c) => c.textContent).join(' | ')]),
  );

describe('the Audit log page', () => {
  it("shows who changed what, filters by a person's profile and by kind, and pages through older events", async () => {
    const s = await world();
    const frame = await openAudit(s);
    const all = await rows(frame);
    expect(all.slice(0, 3)).toEqual([
      ['Bo Brightly', 'Profile edited', 'Bo Brightly', 'Location: — → Zürich'],
      ['Zoë Åström', 'Profile edited', 'Zoë Åström', 'Position: Engineer → Lead engineer | Department: — → R&D (Berlin)'],
      ['Zoë Åström', 'Profile edited', 'Zoë Åström', 'Position: — → Engineer'],
    ]);
    await page.screenshot({ path: screenshotPath('audit-log'), fullPage: true });

    // Whose profile: Zoë, picked with the keyboard.
    const picker = frame.locator('[data-testid="filter-person"]');
    await picker.fill('zo');
    await frame.locator('[data-testid="user-suggestion"]').first().waitFor();
    await picker.press('Enter');
    await frame.waitForFunction(() => document.querySelectorAll('[data-testid="audit-event"]').length === 2 && !document.querySelector('[data-busy="true"]'));
    expect((await rows(frame)).map((r) => r[3])).toEqual(['Position: Engineer → Lead engineer | Department: — → R&D (Berlin)', 'Position: — → Engineer']);

    // Kind: fields and categories, for nobody's profile: nothing matches Zoë's, then the structure.
    await frame.locator('[data-testid="filter-action"]').selectOption({ label: 'Fields and categories' });
    await frame.locator('[data-testid="audit-empty"]').waitFor();
    await frame.locator('[data-testid="user-chip-remove"]').click();
    await frame.waitForSelector('[data-testid="audit-event"]');
    expect((await rows(frame)).map((r) => [r[1], r[2], r[3]])).toEqual([
      ['Field added', 'Field desk', 'Desk'],
      ['Category added', `Category ${team}`, 'Team'],
    ]);
  });

  it('pages through older events with "Load older events"', async () => {
    const s = await world();
    await AuditEvent.bulkCreate(Array.from({ length: 70 }, (_, i) => ({ tenantId: s.tenantId, actorAccountId: ADMIN.accountId, action: 'category.created', subjectType: 'category', subjectId: String(1000 + i), details: { name: `Team ${i}` }, createdAt: new Date(Date.now() - 3600_000 - i * 1000) })));
    const frame = await openAudit(s);
    expect(await frame.locator('[data-testid="audit-event"]').count()).toBe(50);
    await frame.locator('[data-testid="audit-more"]').click();
    await frame.waitForFunction(() => document.querySelectorAll('[data-testid="audit-event"]').length === 75);
    expect(await frame.locator('[data-testid="audit-more"]').count()).toBe(0);
    const last = (await rows(frame)).at(-1)!;
    expect(last).toEqual(['Ada Admin', 'Category added', 'Category 1069', 'Team 69']);
    expect(await frame.locator('[data-testid="audit-event"]').count()).toBe(75);
  });

  it("follows Confluence's dark theme, with readable contrast", async () => {
    const s = await world();
    const frame = await openAudit(s, '&theme=dark');
    await frame.waitForSelector('html[data-rollcall-color-mode="dark"] [data-testid="audit-log"][data-loaded="true"]');
    const colours = await frame.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      return { background: style('html').backgroundColor, heading: style('h1').color, cell: style('[data-testid="audit-change"]').color, header: style('th').color };
    });
    expect(contrast(colours.background, 'rgb(0, 0, 0)')).toBeLessThan(3);
    expect(contrast(colours.heading, colours.background)).toBeGreaterThanOrEqual(7);
    expect(contrast(colours.cell, colours.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colours.header, colours.background)).toBeGreaterThanOrEqual(4.5);
    await page.screenshot({ path: screenshotPath('audit-log-dark'), fullPage: true });
  });
});
