/**
 * Incremental synchronisation and write-back on the Data Sources page, in Chromium, framed by the
 * test host, driven through its UI only, against a small directory in the run's slapd
 * (test/support/ldapFixtures.ts). The page's other hooks are listed in dataSources.test.ts.
 *
 * Hooks the page offers for these (the React page, frontend/src/pages/dataSources/; the Field
 * mappings tab's are frontend/src/pages/dataSources/mappings/'s):
 * - Settings form, group `group-incremental`: the switch `[name="incremental.enabled"]`
 *   (`incremental-enabled`, role switch); `incremental-details` (hidden while off) with
 *   `[name="incremental.lastSyncDate"]` (`last-sync-date`, `last-sync-utc`, `clear-last-sync-date`,
 *   `last-sync-state[data-state="full"|"set"|"changed"|"invalid"]`), `[name="incremental.timestampAttribute"]`,
 *   `timestamp-pattern[data-value]` with radios `[name="incremental.timestampPatternChoice"]` (the
 *   presets' patterns, or `other` + `[name="incremental.timestampPattern"]`), `detect-pattern`,
 *   `detect-result[data-state="detected"|"unknown"|"failed"]` (`detected-pattern`,
 *   `detected-server-timestamp`), `[name="incremental.overlapMinutes"]`, `incremental-pending-fields`.
 *   Errors in `[data-error-for="incremental.<key>"]`.
 * - Group `group-schedule`: `schedule-full` (the existing `schedule`, `schedule-info`…) beside
 *   `schedule-incremental`: `[name="incremental.schedule"]`, `incremental-schedule-info`
 *   (`incremental-schedule-description`, `incremental-schedule-next-run`, `incremental-schedule-off`),
 *   `incremental-schedule-preset`.
 * - Header and list row with incremental on: `run-full` and `run-incremental` instead of `run-now`,
 *   `source-incremental-schedule`, `run-note` (an incremental request that runs full), `last-run-mode`.
 * - Connection test: `test-step[data-step="incremental"]`, `test-incremental` (`test-incremental-filter`
 *   or `test-incremental-full`, `test-server-timestamp`).
 * - Sync report: `run-mode` with, for incremental runs, `run-mark` and `run-read`; in the details
 *   `run-fact[data-fact="Mode"|"Mark used"|"Entries read"]`.
 * - Field mappings (React, `frontend/src/pages/dataSources/mappings/`): `write-back-panel`
 *   (`[name="writeBack"]` = `source-write-back`, role switch; `write-back-warning`,
 *   `write-back-off-note`); per row, once an attribute is mapped, Atlaskit's checkbox
 *   `mapping-write-back--hidden-checkbox` (its input) in `mapping-write-back--checkbox-label` (what a
 *   person clicks) with `mapping-write-back-label` (the text), in `mapping-write-back-cell`;
 *   `data-write-back-allowed` on the row; `picture-row` with `picture-write-back--hidden-checkbox`
 *   (`--checkbox-label`, `picture-write-back-label`, `picture-write-back-note`); `mappings-pending-fields`.
 * - `write-test`: `write-test-user` (combobox) → `write-test-options` of
 *   `write-test-option[data-account-id]`, `write-test-chosen`; `write-test-attribute` (+
 *   `write-test-attribute-other`), `write-test-run`, `write-test-result[data-state="ok"|"failed"|"error"]`
 *   (`write-test-title`, `write-test-message[data-dn]`, `write-test-code`, `write-test-causes`,
 *   `write-test-checklist`).
 */
import type { Frame, Locator, Page } from 'playwright-core';
import { Profile } from '../../src/db/models';
import type { TestApp } from '../support/app';
import { screenshotPath, useFramedAppSuite } from '../support/browser';
import type { FixtureUser } from '../support/confluenceHost';
import { LdapFixture } from '../support/ldapFixtures';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

const PEOPLE: FixtureUser[] = [
  ADMIN,
  USER,
  { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] },
  { accountId: 'acc-jane', displayName: 'Jane Doe', email: 'jane@example.com', groups: ['confluence-users'] },
  { accountId: 'acc-max', displayName: 'Max Boss', email: 'max@example.com', groups: ['confluence-users'] },
];

let app: TestApp;
let page: Page;
const sites: Site[] = [];

useFramedAppSuite({ users: PEOPLE, sites }, (suite) => ({ app, page } = suite));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface World {
  site: Site;
  ldap: LdapFixture;
  dns: Record<string, string>;
}

/** A fresh site with the app installed and a small company in its own directory subtree. */
async function world(): Promise<World> {
  const site = await installSite(app, PEOPLE);
  sites.push(site);
  const ldap = await new LdapFixture().create();
  const dns: Record<string, string> = {};
  dns.max = await ldap.add({ uid: 'max', cn: 'Max Boss', sn: 'Boss', mail: 'max@example.com', title: 'CEO', departmentNumber: 'Board' });
  dns.zoe = await ldap.add({ uid: 'zoe', cn: 'Zoë Åström', sn: 'Åström', mail: 'zoe@example.com', title: 'Directory engineer', departmentNumber: 'IT', telephoneNumber: '+41 44 000 00 01' });
  dns.jane = await ldap.add({ uid: 'jane', cn: 'Jane Doe', sn: 'Doe', mail: 'jane@example.com', title: 'Analyst', departmentNumber: 'Finance' });
  dns.ghost = await ldap.add({ uid: 'ghost', cn: 'Gus Ghost', sn: 'Ghost', mail: 'gus@example.com', title: 'Not in Confluence' });
  return { site, ldap, dns };
}

async function openPage(w: World): Promise<Frame> {
  await page.goto(w.site.host.pageUrl(app.url, '/admin/data-sources', ADMIN.accountId));
  const handle = await page.waitForSelector('iframe#app-frame');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the app iframe has no frame');
  await frame.waitForSelector('[data-testid="data-sources"][data-loaded="true"]');
  return frame;
}

/** What the form of the LDAP fixture needs, as ldapSync.test.ts configures it. */
function connectionOf(w: World, overrides: Partial<Record<string, string>> = {}): Record<string, string> {
  return {
    name: 'Company LDAP',
    'settings.url': w.ldap.ldap.url,
    'settings.bindDn': w.ldap.ldap.reader.dn,
    bindPassword: w.ldap.ldap.reader.password,
    'settings.baseDn': w.ldap.ldap.baseDn,
    'settings.additionalUserDn': `ou=${w.ldap.ou},ou=people`,
    ...overrides,
  };
}

async function addSource(frame: Frame, values: Record<string, string>): Promise<Locator> {
  await frame.locator('[data-testid="empty-state"] [data-testid="add-source"]').click();
  const form = frame.locator('[data-testid="source-form"][data-mode="add"]');
  await form.waitFor();
  for (const [name, value] of Object.entries(values)) await form.locator(`[name="${name}"]`).fill(value);
  return form;
}

/** A person clicks a checkbox's or radio's label. */
async function clickLabelOf(input: Locator): Promise<void> {
  const id = await input.getAttribute('id');
  await input.locator(`xpath=ancestor::*[@data-testid="data-sources"]//label[@for="${id}"]`).click();
}

function stepStates(frame: Frame): Promise<string[]> {
  return frame.locator('[data-testid="test-step"]').evaluateAll((els) => els.map((el) => `${el.getAttribute('data-step')}:${el.getAttribute('data-ok') ?? 'not run'}`));
}

/** Waits until the report lists `count` finished runs; the newest first. */
async function finishedRuns(frame: Frame, count: number): Promise<Locator> {
  await frame.waitForFunction((n) => document.querySelectorAll('[data-testid="run-row"]:not([data-status="running"])').length >= n && !document.querySelector('[data-testid="run-row"][data-status="running"]'), count, { timeout: 20_000 });
  return frame.locator('[data-testid="run-row"]').first();
}

describe('incremental synchronisation on the Data Sources page', () => {
  it('switches it on, detects the timestamp pattern, runs full then incremental, and keeps the Last LDAP sync date', async () => {
    const w = await world();
    const admin = w.site.as(ADMIN.accountId);
    const frame = await openPage(w);

    // A new source: incremental sync is off, its schedule waits for it.
    const added = await addSource(frame, connectionOf(w));
    const group = added.locator('[data-testid="group-incremental"]');
    expect(await group.locator('[name="incremental.enabled"]').isChecked()).toBe(false);
    expect(await group.locator('[name="incremental.enabled"]').getAttribute('role')).toBe('switch');
    expect(await group.locator('[data-testid="incremental-details"]').isHidden()).toBe(true);
    expect(await added.locator('[data-testid="incremental-schedule-off"]').textContent()).toContain('switch incremental synchronisation on');
    expect(await added.locator('[name="incremental.schedule"]').inputValue()).toBe('*/15 * * * *');
    await added.locator('[data-testid="save-source"]').click();
    const header = frame.locator('[data-testid="source-header"][data-source-id]');
    await header.waitFor();
    const sourceId = await header.getAttribute('data-source-id');
    await frame.waitForFunction(() => document.querySelector('[data-testid="form-status"]')?.textContent?.includes('Directory added'));
    expect(await header.locator('[data-testid="run-now"]').count()).toBe(1);
    expect(await header.locator('[data-testid="run-incremental"]').count()).toBe(0);

    // Position ← title.
    await frame.locator('[data-testid="source-tab-mappings"]').click();
    const mappings = frame.locator('[data-testid="mappings-form"][data-loaded="true"]');
    await mappings.locator('[data-testid="mapping-row"][data-field-key="position"] [data-testid="mapping-input"]').fill('title');
    await mappings.locator('[data-testid="save-mappings"]').click();
    await frame.waitForFunction(() => document.querySelector('[data-testid="mappings-status"]')?.textContent?.includes('1 field mapped'));

    // Switch it on: the details show, with the date empty = the next run is full.
    await frame.locator('[data-testid="source-tab-settings"]').click();
    const form = frame.locator('[data-testid="source-form"][data-mode="edit"]');
    await form.locator('[name="incremental.enabled"]').check();
    const details = form.locator('[data-testid="incremental-details"]');
    await details.waitFor();
    const lastSync = details.locator('[name="incremental.lastSyncDate"]');
    expect(await lastSync.inputValue()).toBe('');
    expect(await lastSync.getAttribute('placeholder')).toBe('dd-MM-yyyy HH:mm:ss');
    expect(await details.locator('[data-testid="last-sync-utc"]').textContent()).toBe('(UTC)');
    expect(await details.locator('[data-field="incremental.lastSyncDate"] .description').textContent()).toContain('dd-MM-yyyy HH:mm:ss in UTC, e.g. 23-05-2016 15:00:00');
    expect(await details.locator('[data-testid="last-sync-state"]').getAttribute('data-state')).toBe('full');
    expect(await details.locator('[data-testid="last-sync-state"]').textContent()).toContain('Empty: the next run is a full one.');
    expect(await details.locator('[name="incremental.overlapMinutes"]').inputValue()).toBe('5');
    expect(await details.locator('[data-field="incremental.overlapMinutes"] .description').textContent()).toContain('re-reads this many minutes');
    expect(await details.locator('[name="incremental.timestampAttribute"] option').allTextContents()).toEqual(['modifyTimestamp (any LDAP server)', 'whenChanged (Active Directory)', 'uSNChanged (Active Directory, one domain controller)']);
    const pattern = details.locator('[data-testid="timestamp-pattern"]');
    expect(await pattern.textContent()).toContain('Many Active Directory installations');
    expect(await pattern.textContent()).toContain('Many OpenLDAP installations');
    expect(await form.locator('[data-testid="incremental-schedule-off"]').count()).toBe(0);

    // Choose the Active Directory preset; Detect finds that this OpenLDAP writes 20250101120000Z.
    await clickLabelOf(pattern.locator('input[value="yyyyMMddHHmmss.Z"]'));
    expect(await pattern.getAttribute('data-value')).toBe('yyyyMMddHHmmss.Z');
    await pattern.locator('[data-testid="detect-pattern"]').click();
    const detected = pattern.locator('[data-testid="detect-result"][data-state="detected"]');
    await detected.waitFor();
    expect(await detected.locator('[data-testid="detected-pattern"]').textContent()).toBe('yyyyMMddHHmmssZ');
    expect(await detected.locator('[data-testid="detected-server-timestamp"]').textContent()).toMatch(/^\d{14}Z$/);
    expect(await detected.textContent()).toContain('(many OpenLDAP installations)');
    expect(await pattern.locator('input[value="yyyyMMddHHmmssZ"]').isChecked()).toBe(true);
    expect(await pattern.getAttribute('data-value')).toBe('yyyyMMddHHmmssZ');
    await page.screenshot({ path: screenshotPath('data-sources-incremental-detect'), fullPage: true });
    await form.locator('[data-testid="group-incremental"]').screenshot({ path: screenshotPath('data-sources-incremental-detect-detail') });

    // Save and test: the incremental step passes; without a date the next run is full.
    await form.locator('[data-testid="save-and-test"]').click();
    const passed = frame.locator('[data-testid="test-result"][data-state="passed"]');
    await passed.waitFor();
    expect(await stepStates(frame)).toEqual(['connect:true', 'rootDse:true', 'idAttribute:true', 'count:true', 'samples:true', 'incremental:true']);
    expect(await passed.locator('[data-testid="test-incremental-full"]').textContent()).toBe('The next run is full:');
    expect(await passed.locator('[data-testid="test-server-timestamp"]').textContent()).toMatch(/^\d{14}Z$/);
    const stored = (await admin.get(`/rest/v1/sources/${sourceId}`).expect(200)).body;
    expect(stored.incremental).toMatchObject({ enabled: true, lastSyncDate: null, timestampPattern: 'yyyyMMddHHmmssZ', timestampAttribute: 'modifyTimestamp', overlapMinutes: 5, schedule: '*/15 * * * *' });

    // The two schedules side by side, each in plain words with its next run.
    const saved = frame.locator('[data-testid="source-form"][data-mode="edit"]');
    expect(await saved.locator('[data-testid="schedule-full"] [data-testid="schedule-description"]').textContent()).toMatch(/3 hours/);
    expect(await saved.locator('[data-testid="schedule-incremental"] [data-testid="incremental-schedule-description"]').textContent()).toMatch(/15 minutes/);
    expect(await saved.locator('[data-testid="incremental-schedule-next-run"]').textContent()).toMatch(/^Next run .+ UTC \(in /);
    expect(await header.locator('[data-testid="source-incremental-schedule"]').textContent()).toMatch(/15 minutes/);
    await saved.locator('[data-testid="group-schedule"]').screenshot({ path: screenshotPath('data-sources-incremental-schedules') });

    // Two buttons now. A full run sets the Last LDAP sync date.
    expect(await header.locator('[data-testid="run-now"]').count()).toBe(0);
    await header.locator('[data-testid="run-full"]').click();
    const fullRun = await finishedRuns(frame, 1);
    expect(await fullRun.getAttribute('data-status')).toBe('succeeded');
    expect(await fullRun.locator('[data-testid="run-mode"]').textContent()).toBe('Full');
    expect(await fullRun.locator('[data-testid="run-mark"]').count()).toBe(0);
    await frame.locator('[data-testid="source-tab-settings"]').click();
    const date = await saved.locator('[name="incremental.lastSyncDate"]').inputValue();
    expect(date).toMatch(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(await saved.locator('[data-testid="last-sync-state"]').textContent()).toBe(`The next incremental run reads the entries changed since ${date} UTC, less the 5-minute overlap.`);
    expect((await admin.get(`/rest/v1/sources/${sourceId}`).expect(200)).body.incremental.lastSyncDate).toBe(date);
    await page.screenshot({ path: screenshotPath('data-sources-incremental-settings'), fullPage: true });

    // A field mapped since the full run: the next incremental run fills it for everyone. The test
    // now shows the filter an incremental run would send.
    await frame.locator('[data-testid="source-tab-mappings"]').click();
    await mappings.locator('[data-testid="mapping-row"][data-field-key="department"] [data-testid="mapping-input"]').fill('departmentNumber');
    await mappings.locator('[data-testid="mappings-save-and-test"]').click();
    const pending = frame.locator('[data-testid="mappings-pending-fields"]');
    await pending.waitFor();
    expect(await pending.textContent()).toBe('The next incremental run will fill Department for everyone (mapped since the last full run).');
    const withMark = frame.locator('[data-testid="test-slot-mappings"] [data-testid="test-result"][data-state="passed"]');
    await withMark.waitFor();
    expect(await withMark.locator('[data-testid="test-incremental-next"]').textContent()).toMatch(/^An incremental run would send: \(&\(objectClass=inetOrgPerson\)\(modifyTimestamp>=\d{14}Z\)\)$/);
    expect(await withMark.locator('[data-step="incremental"] [data-testid="test-step-detail"]').textContent()).toContain('An incremental run would send');
    await withMark.screenshot({ path: screenshotPath('data-sources-incremental-test-filter') });
    await frame.locator('[data-testid="source-tab-settings"]').click();
    expect(await saved.locator('[data-testid="incremental-pending-fields"]').textContent()).toContain('will fill Department for everyone');

    // One entry changes a second later (modifyTimestamp has one-second resolution); an incremental run takes it.
    await sleep(1100);
    await w.ldap.modify(w.dns.jane, { title: 'Lead analyst' });
    await header.locator('[data-testid="run-incremental"]').click();
    const incremental = await finishedRuns(frame, 2);
    expect(await incremental.getAttribute('data-status')).toBe('succeeded');
    expect(await incremental.locator('[data-testid="run-mode"]').textContent()).toBe('Incremental');
    const mark = await incremental.locator('[data-testid="run-mark"]').textContent();
    expect(mark).toMatch(/^\d{14}Z$/);
    expect(Number(await incremental.locator('[data-testid="run-count-seen"]').textContent())).toBeGreaterThanOrEqual(1);
    expect(await incremental.locator('[data-testid="run-read"]').textContent()).toMatch(/^\d+ (entry|entries) read$/);
    await incremental.locator('[data-testid="run-toggle"]').click();
    const facts = frame.locator('[data-testid="run-details"]');
    await facts.waitFor();
    expect(await facts.locator('[data-testid="run-fact"][data-fact="Mark used"] dd').textContent()).toContain(mark!);
    expect(await facts.locator('[data-testid="run-fact"][data-fact="Entries read"] dd').textContent()).toBe(await incremental.locator('[data-testid="run-count-seen"]').textContent());
    expect(await header.locator('[data-testid="last-run-mode"]').textContent()).toBe(' · incremental');
    await page.screenshot({ path: screenshotPath('data-sources-incremental-report'), fullPage: true });
    // The change landed, and the newly mapped field was filled for everyone.
    const jane = await Profile.findOne({ where: { tenantId: w.site.tenantId, accountId: 'acc-jane' } });
    expect(jane?.values).toMatchObject({ position: 'Lead analyst', department: 'Finance' });
    const zoe = await Profile.findOne({ where: { tenantId: w.site.tenantId, accountId: 'acc-zoe' } });
    expect(zoe?.values).toMatchObject({ position: 'Directory engineer', department: 'IT' });
    await frame.locator('[data-testid="source-tab-settings"]').click();
    expect(await saved.locator('[data-testid="incremental-pending-fields"]').count()).toBe(0);

    // A malformed date: the server's message next to the input.
    await saved.locator('[name="incremental.lastSyncDate"]').fill('2016-05-23 15:00');
    expect(await saved.locator('[data-testid="last-sync-state"]').getAttribute('data-state')).toBe('invalid');
    await saved.locator('[data-testid="save-source"]').click();
    await frame.waitForFunction(() => !!document.querySelector('[data-error-for="incremental.lastSyncDate"]')?.textContent);
    expect(await saved.locator('[data-error-for="incremental.lastSyncDate"]').textContent()).toBe('"2016-05-23 15:00" is not a date as dd-MM-yyyy HH:mm:ss (UTC), e.g. 23-05-2016 15:00:00');
    expect(await saved.locator('[name="incremental.lastSyncDate"]').getAttribute('aria-invalid')).toBe('true');
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('incremental.lastSyncDate');
    expect(await saved.locator('[data-error-for="_form"]').textContent()).toBe('');
    await saved.locator('[data-testid="group-incremental"]').screenshot({ path: screenshotPath('data-sources-incremental-bad-date') });

    // Cleared: saving says the next run is full, and an incremental request runs full.
    await saved.locator('[data-testid="clear-last-sync-date"]').click();
    expect(await saved.locator('[data-testid="last-sync-state"]').textContent()).toContain('Empty: the next run is a full one.');
    await saved.locator('[data-testid="save-source"]').click();
    await frame.waitForFunction(() => document.querySelector('[data-testid="form-status"]')?.textContent?.includes('next run is a full one'));
    expect(await frame.locator('[data-testid="form-status"]').textContent()).toContain('Saved. The Last LDAP sync date is empty: the next run is a full one.');
    expect(await frame.locator('[data-testid="source-form"] [data-testid="last-sync-state"]').getAttribute('data-state')).toBe('full');
    expect((await admin.get(`/rest/v1/sources/${sourceId}`).expect(200)).body.incremental.lastSyncDate).toBeNull();
    await page.screenshot({ path: screenshotPath('data-sources-incremental-cleared'), fullPage: true });
    await header.locator('[data-testid="run-incremental"]').click();
    expect(await header.locator('[data-testid="run-note"]').textContent()).toContain('No Last LDAP sync date yet');
    const fallback = await finishedRuns(frame, 3);
    expect(await fallback.locator('[data-testid="run-mode"]').textContent()).toBe('Full');

    // The list: both schedules and both buttons.
    await frame.locator('[data-testid="back-to-list"]').click();
    const row = frame.locator(`[data-testid="source-row"][data-source-id="${sourceId}"]`);
    await row.waitFor();
    expect(await row.locator('[data-testid="source-incremental-schedule"]').textContent()).toMatch(/^Incremental: .*15 minutes/);
    expect(await row.locator('[data-testid="run-full"]').count()).toBe(1);
    expect(await row.locator('[data-testid="run-incremental"]').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('data-sources-incremental-list'), fullPage: true });
  }, 90_000);
});

describe('write-back on the Data Sources page', () => {
  it('switches it on for a source and a text field, and tests write access for a synced and for a local user', async () => {
    const w = await world();
    const admin = w.site.as(ADMIN.accountId);
    const team = (await admin.post('/rest/v1/categories', { name: 'Team' }).expect(201)).body.id;
    const officeKey = (await admin.post('/rest/v1/fields', { label: 'Office', type: 'select', categoryId: team, options: [{ label: 'Zurich' }, { label: 'Basel' }] }).expect(201)).body.key as string;
    // Bound as the fixture's writer, which may modify entries below ou=people (profiles.test.ts).
    const writer = w.ldap.ldap.writer;
    const created = await admin
      .post('/rest/v1/sources', {
        kind: 'ldap',
        name: 'Corp LDAP',
        settings: { url: w.ldap.ldap.url, bindDn: writer.dn, baseDn: w.ldap.ldap.baseDn, additionalUserDn: `ou=${w.ldap.ou},ou=people`, pictureAttribute: 'jpegPhoto' },
        bindPassword: writer.password,
      })
      .expect(201);
    const sourceId = created.body.id as string;
    await admin.put(`/rest/v1/sources/${sourceId}/mappings`, { mappings: [{ fieldKey: 'position', attribute: 'title' }] }).expect(200);
    const started = await admin.post(`/rest/v1/sources/${sourceId}/sync`, {}).expect(202);
    await app.sync.waitFor(started.body.runId);

    const frame = await openPage(w);
    await frame.locator(`[data-testid="source-row"][data-source-id="${sourceId}"] [data-testid="source-name"]`).click();
    await frame.locator('[data-testid="source-tab-mappings"]').click();
    const mappings = frame.locator('[data-testid="mappings-form"][data-loaded="true"]');
    await mappings.waitFor();

    // Off by default, with the warning that it changes the directory.
    const panel = mappings.locator('[data-testid="write-back-panel"]');
    expect(await panel.locator('[name="writeBack"]').isChecked()).toBe(false);
    expect(await panel.locator('[data-testid="write-back-warning"]').textContent()).toContain('This changes your company’s directory');
    // Unmapped rows offer no write-back; a text field offers it off; a select field cannot.
    const phone = mappings.locator('[data-testid="mapping-row"][data-field-key="phone"]');
    expect(await phone.locator('[data-testid="mapping-write-back--hidden-checkbox"]').isHidden()).toBe(true);
    await phone.locator('[data-testid="mapping-input"]').fill('telephoneNumber');
    const phoneWriteBack = phone.locator('[data-testid="mapping-write-back--hidden-checkbox"]');
    expect(await phoneWriteBack.isChecked()).toBe(false);
    expect(await phoneWriteBack.isDisabled()).toBe(false);
    expect(await phone.locator('[data-testid="mapping-write-back-label"]').textContent()).toBe('Write data entered by the user into the corresponding LDAP attribute');
    const office = mappings.locator(`[data-testid="mapping-row"][data-field-key="${officeKey}"]`);
    await office.locator('[data-testid="mapping-input"]').fill('physicalDeliveryOfficeName');
    expect(await office.getAttribute('data-write-back-allowed')).toBe('false');
    expect(await office.locator('[data-testid="mapping-write-back--hidden-checkbox"]').isDisabled()).toBe(true);
    expect(await office.locator('[data-testid="mapping-write-back-cell"]').textContent()).toContain('Only text-like fields');
    await office.locator('[data-testid="mapping-input"]').fill('');

    // Tick Phone ← telephoneNumber: a note says write-back is still off for the source; switch it on.
    await phone.locator('[data-testid="mapping-write-back--checkbox-label"]').click();
    expect(await phoneWriteBack.isChecked()).toBe(true);
    expect(await panel.locator('[data-testid="write-back-off-note"]').isVisible()).toBe(true);
    await panel.locator('[name="writeBack"]').check();
    expect(await panel.locator('[data-testid="write-back-off-note"]').isHidden()).toBe(true);
    // Pictures: to jpegPhoto, with what happens to thumbnailPhoto said.
    const picture = mappings.locator('[data-testid="picture-row"]');
    expect(await picture.locator('[data-testid="picture-write-back-label"]').textContent()).toBe('Write uploaded pictures to jpegPhoto');
    expect(await picture.locator('[data-testid="picture-write-back-note"]').textContent()).toContain('re-encoded to at most 100 KB');
    await picture.locator('[data-testid="picture-write-back--checkbox-label"]').click();
    expect(await picture.locator('[data-testid="picture-write-back--hidden-checkbox"]').isChecked()).toBe(true);

    const patch = page.waitForResponse((r) => r.url().endsWith(`/rest/v1/sources/${sourceId}`) && r.request().method() === 'PATCH');
    await mappings.locator('[data-testid="save-mappings"]').click();
    const sent = (await patch).request().postDataJSON() as { writeBack?: boolean; settings?: { pictureWriteBack?: boolean } };
    expect(sent.writeBack).toBe(true);
    expect(sent.settings?.pictureWriteBack).toBe(true);
    await frame.waitForFunction(() => document.querySelector('[data-testid="mappings-status"]')?.textContent?.includes('Writes back to LDAP: Phone.'));
    const source = (await admin.get(`/rest/v1/sources/${sourceId}`).expect(200)).body;
    expect(source.writeBack).toBe(true);
    expect(source.settings).toMatchObject({ pictureAttribute: 'jpegPhoto', pictureWriteBack: true, bindDn: writer.dn });
    const storedMappings = (await admin.get(`/rest/v1/sources/${sourceId}/mappings`).expect(200)).body.mappings;
    expect(storedMappings).toEqual(expect.arrayContaining([{ fieldKey: 'phone', attribute: 'telephoneNumber', writeBack: true }, { fieldKey: 'position', attribute: 'title', writeBack: false }]));
    await page.screenshot({ path: screenshotPath('data-sources-incremental-write-back'), fullPage: true });

    // Test write access for Zoë, who is in the directory: the writer may write telephoneNumber.
    const test = frame.locator('[data-testid="write-test"]');
    expect(await test.locator('[data-testid="write-test-attribute"]').inputValue()).toBe('telephoneNumber');
    expect(await test.locator('[data-testid="write-test-attribute"] option').allTextContents()).toEqual([
      'telephoneNumber (Phone, written back)',
      'title (Position)',
      'jpegPhoto (Picture, written back)',
      'Another attribute…',
    ]);
    await test.locator('[data-testid="write-test-user"]').fill('Zo');
    await test.locator('[data-testid="write-test-option"][data-account-id="acc-zoe"]').click();
    expect(await test.locator('[data-testid="write-test-user"]').inputValue()).toBe('Zoë Åström');
    expect(await test.locator('[data-testid="write-test-chosen"]').textContent()).toBe('Account id: acc-zoe');
    await test.locator('[data-testid="write-test-run"]').click();
    const ok = test.locator('[data-testid="write-test-result"][data-state="ok"]');
    await ok.waitFor();
    expect(await ok.locator('[data-testid="write-test-title"]').textContent()).toBe('Rollcall may write telephoneNumber for Zoë Åström');
    // The DN as the sync stored it (normalised to lower case).
    expect((await ok.locator('[data-testid="write-test-message"]').textContent())?.toLowerCase()).toBe(`the bind user may write telephonenumber of ${w.dns.zoe}. its value was not changed.`.toLowerCase());
    expect((await ok.locator('[data-testid="write-test-message"]').getAttribute('data-dn'))?.toLowerCase()).toBe(w.dns.zoe.toLowerCase());
    await test.screenshot({ path: screenshotPath('data-sources-incremental-write-test-ok') });

    // Bo User has no entry in this directory: a local user, said so, with the causes and the checklist.
    await test.locator('[data-testid="write-test-user"]').fill('Bo');
    await test.locator('[data-testid="write-test-option"][data-account-id="user-1"]').click();
    await test.locator('[data-testid="write-test-run"]').click();
    const local = test.locator('[data-testid="write-test-result"][data-state="failed"]');
    await local.waitFor();
    expect(await local.locator('[data-testid="write-test-message"]').textContent()).toBe(
      'This person has no entry in Corp LDAP: a local Confluence user, or one the user filter leaves out. Run a sync first if they were added recently.',
    );
    expect(await local.locator('[data-testid="write-test-causes"] li').allTextContents()).toContain('A local user with no directory entry');
    expect(await local.locator('[data-testid="write-test-code"]').count()).toBe(0);
    const checklist = await local.locator('[data-testid="write-test-checklist"]').textContent();
    for (const topic of ['Bind rights', 'The DN', 'A local user', 'The schema']) expect(checklist).toContain(topic);
    await test.screenshot({ path: screenshotPath('data-sources-incremental-write-test-local') });

    // Bound as the read-only account instead: LDAP's result code 50 and its name.
    await admin.patch(`/rest/v1/sources/${sourceId}`, { settings: { ...source.settings, bindDn: w.ldap.ldap.reader.dn }, bindPassword: w.ldap.ldap.reader.password }).expect(200);
    await test.locator('[data-testid="write-test-user"]').fill('Zo');
    await test.locator('[data-testid="write-test-option"][data-account-id="acc-zoe"]').click();
    await test.locator('[data-testid="write-test-run"]').click();
    const refused = test.locator('[data-testid="write-test-result"][data-state="failed"] [data-testid="write-test-code"]');
    await refused.waitFor();
    expect(await refused.textContent()).toBe('LDAP result code 50 (insufficientAccessRights)');
    expect(await test.locator('[data-testid="write-test-causes"]').textContent()).toContain('no write right on telephoneNumber');
    await test.screenshot({ path: screenshotPath('data-sources-incremental-write-test-refused') });
  }, 60_000);
});
