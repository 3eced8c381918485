/**
 * The Data Sources admin page in Chromium, framed by the test host, driven through its UI only,
 * against a small directory in the run's slapd (test/support/ldapFixtures.ts).
 *
 * Hooks the page offers for tests (the React page, frontend/src/pages/dataSources/; its
 * Field mappings tab is frontend/src/pages/dataSources/mappings/):
 * - `[data-testid="data-sources"]` the page root; `data-loaded="true"` once sources and fields are in.
 *   `[data-testid="view"]` holds the current view (`data-view="list"|"source"`);
 *   `[data-testid="page-message"]` load errors (`load-error`).
 * - List: `empty-state` (with `add-source`), or `add-source` and `sources-table` of
 *   `[data-testid="source-row"][data-source-id]` with `source-name` (opens the source), `source-url`,
 *   `source-kind`, `source-enabled`, `source-priority`, `source-schedule` (`schedule-description`,
 *   `schedule-next-run`), `last-run` (`run-status[data-status]`, `last-run-time`, `last-run-counts`,
 *   `last-run-message`, `open-report`, or `run-progress` with `progress-bar`/`progress-text` while a
 *   run goes; `never-run`), `edit-source`, `run-now`, `run-error`, `delete-source` →
 *   `confirm-delete` with `confirm-delete-yes`/`-no`.
 * - Source page: `back-to-list`, `source-header[data-source-id]` (`source-title`, `source-kind`,
 *   `source-enabled`, `source-priority`, `source-schedule`, `last-run`, `run-now`, `run-error`),
 *   tabs `source-tab-settings|mappings|report` (role tab; ← and → move between them) and panes
 *   `source-pane-…`; test results under a tab in `test-slot-settings|mappings`.
 * - `[data-testid="source-form"][data-mode="add"|"edit"]`: inputs named by their REST path (`name`,
 *   `settings.url`, `settings.startTls`, `settings.caCertificate`, `settings.bindDn`, `bindPassword`,
 *   `settings.baseDn`, `settings.additionalUserDn`, `settings.userFilter`, `settings.idAttribute`,
 *   `settings.accountMatch.kind` (radios), `settings.accountMatch.attribute`, `pictureChoice` +
 *   `settings.pictureAttribute`, `settings.pageSize`, `settings.connectTimeoutMs`,
 *   `settings.operationTimeoutMs`, `settings.goneThresholdPercent`, `priority`, `enabled`,
 *   `schedule`); errors in `[data-error-for="<path>"]` and `[data-error-for="_form"]`;
 *   `password-field[data-mode="keep"|"change"|"remove"|"set"]` with `password-set`, `password-rebind`,
 *   `change-password`, `remove-password`, `password-removed`, `keep-password`, `bind-password`; `schedule-info`,
 *   `schedule-preset`; `save-source`, `save-and-test`, `cancel-source`, `form-status`.
 * - `mappings-form` (`data-loaded="true"`) with `[data-testid="mapping-row"][data-field-key]`
 *   (`mapping-label`, `mapping-type`, `mapping-input`, `mapping-error`), `save-mappings`,
 *   `mappings-save-and-test`, `mappings-status`.
 * - `test-result[data-state="pending"|"passed"|"failed"|"error"]`: `test-outcome`,
 *   `test-search-base`, `test-step[data-step][data-ok]` (`test-step-label`, `test-step-ms`,
 *   `test-step-detail`), `test-error[data-step]` (`test-error-title`, `test-error-message`,
 *   `test-error-code`, `test-error-causes`, `test-checklist`), `test-summary` (`test-count`,
 *   `test-id-attribute`), `test-samples` of `test-sample` (`test-sample-dn`, `test-sample-match`,
 *   `test-sample-picture`, `test-sample-value[data-field-key]`).
 * - Sync report: `report`, `live-run[data-run-id]` (`run-progress`, `progress-bar` (role
 *   progressbar), `progress-text`, `live-counts`),
 *   `runs-empty`, `runs-table` of `[data-testid="run-row"][data-run-id][data-status]` (`run-toggle`,
 *   `run-started`, `run-relative`, `run-trigger`, `run-mode`, `run-duration`, `run-count-<count>`,
 *   `run-status`), `run-details` (`run-message`, `run-no-errors`, `run-errors` of `run-error-row`,
 *   `run-errors-more`), `runs-more`.
 * - The dark theme: `<html data-rollcall-color-mode="dark">` once Confluence's theme is applied.
 */
import type { Frame, Locator, Page } from 'playwright-core';
import { Profile, SyncRun } from '../../src/db/models';
import type { TestApp } from '../support/app';
import { contrast, screenshotPath, useFramedAppSuite } from '../support/browser';
import type { FixtureUser, TestHost } from '../support/confluenceHost';
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
  dns.max = await ldap.add({ uid: 'max', cn: 'Max Boss', sn: 'Boss', mail: 'max@example.com', title: 'CEO' });
  dns.zoe = await ldap.add({ uid: 'zoe', cn: 'Zoë Åström', sn: 'Åström', mail: 'zoe@example.com', title: 'Directory engineer', manager: dns.max });
  dns.jane = await ldap.add({ uid: 'jane', cn: 'Jane Doe', sn: 'Doe', mail: 'jane@example.com', title: 'Analyst', manager: dns.zoe });
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

/** An LDAP source on the world's directory, made through the REST API (the UI path has its own test). */
async function createSource(w: World, name: string): Promise<string> {
  const created = await w.site
    .as(ADMIN.accountId)
    .post('/rest/v1/sources', {
      kind: 'ldap',
      name,
      settings: { url: w.ldap.ldap.url, bindDn: w.ldap.ldap.reader.dn, baseDn: w.ldap.ldap.baseDn, additionalUserDn: `ou=${w.ldap.ou},ou=people` },
      bindPassword: w.ldap.ldap.reader.password,
    })
    .expect(201);
  return created.body.id as string;
}

async function fillForm(frame: Frame, values: Record<string, string>): Promise<Locator> {
  const form = frame.locator('[data-testid="source-form"]');
  for (const [name, value] of Object.entries(values)) {
    await form.locator(`[name="${name}"]`).fill(value);
  }
  return form;
}

async function addSource(frame: Frame, values: Record<string, string>): Promise<Locator> {
  const empty = frame.locator('[data-testid="empty-state"] [data-testid="add-source"]');
  await ((await empty.count()) ? empty : frame.locator('[data-testid="add-source"]')).click();
  await frame.locator('[data-testid="source-form"][data-mode="add"]').waitFor();
  return fillForm(frame, values);
}

/**
 * Makes the next sync wait `seconds` before it reads the directory: Confluence answers the run's
 * first user search (the account refresh) with 429 Retry-After, which the app honours.
 */
function holdNextAccountRefresh(host: TestHost, seconds: number): void {
  const requests = host.requests;
  const push = requests.push.bind(requests);
  let armed = true;
  requests.push = (...entries) => {
    if (armed && entries.some((e) => e.path.endsWith('/rest/api/search/user'))) {
      armed = false;
      host.rateLimitNext(1, seconds);
    }
    return push(...entries);
  };
}


function stepStates(frame: Frame): Promise<string[]> {
  return frame.locator('[data-testid="test-step"]').evaluateAll((els) => els.map((el) => `${el.getAttribute('data-step')}:${el.getAttribute('data-ok') ?? 'not run'}`));
}

describe('the Data Sources page, driven through its UI', () => {
  it('starts empty, adds an LDAP directory, maps fields, tests the connection, runs a sync and reports it', async () => {
    const w = await world();
    // A user field, to see a DN-valued attribute (manager) in the samples.
    const admin = w.site.as(ADMIN.accountId);
    const team = (await admin.post('/rest/v1/categories', { name: 'Team' }).expect(201)).body.id;
    await admin.post('/rest/v1/fields', { label: 'Manager', type: 'user', categoryId: team }).expect(201);

    const frame = await openPage(w);
    expect(await frame.textContent('h1')).toBe('Data Sources');
    const empty = frame.locator('[data-testid="empty-state"]');
    expect(await empty.textContent()).toContain('No data sources yet');
    await page.screenshot({ path: screenshotPath('data-sources-empty'), fullPage: true });

    // Add: the form, grouped; the schedule defaults to every 3 hours.
    const form = await addSource(frame, { ...connectionOf(w), 'settings.pageSize': '1' });
    expect(await form.locator('[name="schedule"]').inputValue()).toBe('0 */3 * * *');
    expect(await form.locator('[name="settings.userFilter"]').inputValue()).toBe('(objectClass=inetOrgPerson)');
    expect(await form.locator('[name="settings.accountMatch.attribute"]').inputValue()).toBe('mail');
    expect(await form.locator('[data-field="settings.additionalUserDn"] .description').textContent()).toContain('Below the base DN, e.g. ou=people');
    await form.locator('[data-testid="picture-choice"]').selectOption('jpegPhoto');
    // Other tabs wait for the source to exist.
    expect(await frame.locator('[data-testid="source-tab-mappings"]').getAttribute('aria-disabled')).toBe('true');
    await page.screenshot({ path: screenshotPath('data-sources-add-form'), fullPage: true });

    await form.locator('[data-testid="save-source"]').click();
    const header = frame.locator('[data-testid="source-header"][data-source-id]');
    await header.waitFor();
    const sourceId = await header.getAttribute('data-source-id');
    expect(await header.locator('[data-testid="source-title"]').textContent()).toBe('Company LDAP');
    await frame.waitForFunction(() => document.querySelector('[data-testid="form-status"]')?.textContent?.includes('Directory added'));
    // The schedule in plain words, with the next run in UTC, after the save.
    const saved = frame.locator('[data-testid="source-form"][data-mode="edit"]');
    expect(await saved.locator('[data-testid="schedule-info"] [data-testid="schedule-description"]').textContent()).toMatch(/3 hours/);
    expect(await saved.locator('[data-testid="schedule-info"] [data-testid="schedule-next-run"]').textContent()).toMatch(/^Next run .+ UTC \(in /);
    // Write-only: the password is set, never shown.
    expect(await saved.locator('[data-testid="password-field"]').getAttribute('data-mode')).toBe('keep');
    expect(await saved.locator('[data-testid="password-set"]').textContent()).toContain('A password is set.');
    // A changed server does not get it: the form says so.
    expect(await saved.locator('[data-testid="password-rebind"]').textContent()).toContain('Changing the server (URL, StartTLS, CA certificate) or the bind DN requires the password again');
    expect(await saved.locator('input[name="bindPassword"]').count()).toBe(0);
    expect(await frame.content()).not.toContain(w.ldap.ldap.reader.password);

    // Field mappings: every profile field with an attribute input; Position ← title, Manager ← manager.
    await frame.locator('[data-testid="source-tab-mappings"]').click();
    const mappings = frame.locator('[data-testid="mappings-form"][data-loaded="true"]');
    await mappings.waitFor();
    const labels = await mappings.locator('[data-testid="mapping-label"]').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['Phone', 'IM', 'Website', 'Position', 'Department', 'Location', 'Manager']));
    const managerRow = mappings.locator('[data-testid="mapping-row"][data-field-key="manager"]');
    expect(await managerRow.locator('[data-testid="mapping-type"]').textContent()).toBe('User');
    expect(await managerRow.textContent()).toContain('A DN-valued attribute, e.g. manager');
    await mappings.locator('[data-testid="mapping-row"][data-field-key="position"] [data-testid="mapping-input"]').fill('title');
    await managerRow.locator('[data-testid="mapping-input"]').fill('manager');

    // Save and test connection: each step passes, with the count and the mapped samples.
    await mappings.locator('[data-testid="mappings-save-and-test"]').click();
    const result = frame.locator('[data-testid="test-result"][data-state="passed"]');
    await result.waitFor();
    expect(await stepStates(frame)).toEqual(['connect:true', 'rootDse:true', 'idAttribute:true', 'count:true', 'samples:true']);
    expect(await result.locator('[data-testid="test-step-ms"]').count()).toBe(5);
    expect(await result.locator('[data-step="count"] [data-testid="test-step-detail"]').textContent()).toContain('4 entries');
    expect(await result.locator('[data-testid="test-count"]').textContent()).toBe('4 people match the filter');
    expect(await result.locator('[data-testid="test-id-attribute"]').textContent()).toBe('entryUUID');
    const samples = result.locator('[data-testid="test-sample"]');
    expect(await samples.count()).toBe(4);
    const zoe = samples.filter({ has: frame.locator('[data-testid="test-sample-match"]', { hasText: 'zoe@example.com' }) });
    expect(await zoe.locator('[data-testid="test-sample-value"][data-field-key="position"]').textContent()).toBe('Directory engineer');
    // A user field's value is a DN reference: shown as the DN.
    expect((await zoe.locator('[data-testid="test-sample-value"][data-field-key="manager"]').textContent())?.toLowerCase()).toBe(w.dns.max.toLowerCase());
    expect(await frame.locator('[data-testid="mappings-status"]').textContent()).toContain('2 fields mapped');
    await page.screenshot({ path: screenshotPath('data-sources-test-passed'), fullPage: true });
    await result.screenshot({ path: screenshotPath('data-sources-test-passed-detail') });

    // Run now: the report shows the run going with a progress bar, then its counts.
    holdNextAccountRefresh(w.site.host, 2);
    await header.locator('[data-testid="run-now"]').click();
    const liveRun = frame.locator('[data-testid="live-run"]');
    await liveRun.waitFor();
    expect(await frame.locator('[data-testid="source-tab-report"]').getAttribute('aria-selected')).toBe('true');
    expect(await liveRun.locator('[data-testid="progress-bar"]').getAttribute('role')).toBe('progressbar');
    const runId = await liveRun.getAttribute('data-run-id');
    const runRow = frame.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
    expect(await runRow.getAttribute('data-status')).toBe('running');
    expect(await header.locator('[data-testid="run-now"]').isDisabled()).toBe(true);
    expect(await header.locator('[data-testid="last-run"] [data-testid="progress-bar"]').count()).toBe(1);
    // Polled every second: the phase shows while Confluence accounts are read.
    await frame.waitForFunction(() => /Confluence accounts|directory/.test(document.querySelector('[data-testid="live-run"] [data-testid="progress-text"]')?.textContent ?? ''));
    await page.screenshot({ path: screenshotPath('data-sources-running'), fullPage: true });

    await frame.locator(`[data-testid="run-row"][data-run-id="${runId}"][data-status="succeeded"]`).waitFor({ timeout: 20_000 });
    await liveRun.waitFor({ state: 'detached' });
    const done = frame.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
    const count = (name: string) => done.locator(`[data-testid="run-count-${name}"]`).textContent();
    expect(await count('seen')).toBe('4');
    expect(await count('added')).toBe('3');
    expect(await count('unmatched')).toBe('1');
    expect(await count('failed')).toBe('0');
    expect(await done.locator('[data-testid="run-trigger"]').textContent()).toBe('Manual');
    expect(await done.locator('[data-testid="run-mode"]').textContent()).toBe('Full');
    expect(await done.locator('[data-testid="run-duration"]').textContent()).toMatch(/\d( ms| s)$/);
    // The source's last-run line follows.
    const lastRun = header.locator('[data-testid="last-run"]');
    await lastRun.locator('[data-testid="run-status"][data-status="succeeded"]').waitFor();
    expect(await lastRun.locator('[data-testid="last-run-counts"]').textContent()).toBe('4 seen · 3 added · 1 unmatched');
    expect(await header.locator('[data-testid="run-now"]').isDisabled()).toBe(false);

    // The run's details: no entry errors.
    await done.locator('[data-testid="run-toggle"]').click();
    const details = frame.locator('[data-testid="run-details"]');
    await details.locator('[data-testid="run-no-errors"]').waitFor();
    expect(await done.locator('[data-testid="run-toggle"]').getAttribute('aria-expanded')).toBe('true');
    expect(await details.locator('[data-testid="run-message"]').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('data-sources-report'), fullPage: true });

    // Back in the list: the source with its schedule and last run.
    await frame.locator('[data-testid="back-to-list"]').click();
    const row = frame.locator(`[data-testid="source-row"][data-source-id="${sourceId}"]`);
    await row.waitFor();
    expect(await row.locator('[data-testid="source-name"]').textContent()).toBe('Company LDAP');
    expect(await row.locator('[data-testid="source-kind"]').textContent()).toBe('LDAP');
    expect(await row.locator('[data-testid="source-enabled"]').textContent()).toBe('Enabled');
    expect(await row.locator('[data-testid="source-priority"]').textContent()).toBe('1');
    expect(await row.locator('[data-testid="schedule-description"]').textContent()).toMatch(/every 3 hours/);
    expect(await row.locator('[data-testid="schedule-next-run"]').textContent()).toContain('UTC');
    expect(await row.locator('[data-testid="run-status"]').getAttribute('data-status')).toBe('succeeded');
    expect(await row.locator('[data-testid="last-run-counts"]').textContent()).toBe('4 seen · 3 added · 1 unmatched');
    await page.screenshot({ path: screenshotPath('data-sources-list'), fullPage: true });

    // The sync did fill the profiles.
    const zoeProfile = await Profile.findOne({ where: { tenantId: w.site.tenantId, accountId: 'acc-zoe' } });
    expect(zoeProfile?.values).toMatchObject({ position: 'Directory engineer', manager: 'acc-max' });
  }, 90_000);

  it('shows a wrong password as the bind step failing with result code 49 and its causes, then takes a new one', async () => {
    const w = await world();
    const frame = await openPage(w);
    const form = await addSource(frame, connectionOf(w, { bindPassword: 'not-the-password' }));
    await form.locator('[data-testid="save-and-test"]').click();
    const result = frame.locator('[data-testid="test-result"][data-state="failed"]');
    await result.waitFor();
    expect(await stepStates(frame)).toEqual(['connect:false', 'rootDse:not run', 'idAttribute:not run', 'count:not run', 'samples:not run']);
    const error = result.locator('[data-testid="test-error"]');
    expect(await error.getAttribute('data-step')).toBe('bind');
    expect(await error.locator('[data-testid="test-error-title"]').textContent()).toBe('The bind step failed');
    expect(await error.locator('[data-testid="test-error-code"]').textContent()).toBe('LDAP result code 49 (invalidCredentials)');
    expect(await error.locator('[data-testid="test-error-message"]').textContent()).toContain('invalidCredentials');
    expect(await error.locator('[data-testid="test-error-causes"] li').count()).toBeGreaterThan(0);
    const checklist = await error.locator('[data-testid="test-checklist"]').textContent();
    for (const topic of ['Network', 'Credentials', 'Base DN and additional user DN', 'Attributes']) expect(checklist).toContain(topic);
    expect(await result.locator('[data-step="connect"] [data-testid="test-step-detail"]').textContent()).toContain('49');
    expect(await frame.content()).not.toContain('not-the-password');
    await page.screenshot({ path: screenshotPath('data-sources-test-bind-failed'), fullPage: true });
    await result.screenshot({ path: screenshotPath('data-sources-test-bind-failed-detail') });

    // The password is write-only: "Change password" reveals an empty input.
    const edit = frame.locator('[data-testid="source-form"][data-mode="edit"]');
    await edit.locator('[data-testid="change-password"]').click();
    const input = edit.locator('input[name="bindPassword"]');
    expect(await input.inputValue()).toBe('');
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('bindPassword');
    await edit.locator('[data-testid="password-field"]').screenshot({ path: screenshotPath('data-sources-change-password') });
    await input.fill(w.ldap.ldap.reader.password);
    await edit.locator('[data-testid="save-and-test"]').click();
    await frame.locator('[data-testid="test-result"][data-state="passed"]').waitFor();
    expect(await stepStates(frame)).toEqual(['connect:true', 'rootDse:true', 'idAttribute:true', 'count:true', 'samples:true']);
    expect(await frame.locator('[data-testid="password-field"]').getAttribute('data-mode')).toBe('keep');

    // "Remove" clears it on save: the test then binds without a password and is refused.
    await frame.locator('[data-testid="remove-password"]').click();
    expect(await frame.locator('[data-testid="password-removed"]').textContent()).toContain('removed when you save');
    const patch = page.waitForResponse((r) => r.url().includes('/rest/v1/sources/') && r.request().method() === 'PATCH');
    await frame.locator('[data-testid="save-source"]').click();
    const sent = (await patch).request().postDataJSON() as { bindPassword?: unknown };
    expect(sent.bindPassword).toBeNull();
    await frame.locator('[data-testid="password-field"][data-mode="set"]').waitFor();
  }, 60_000);

  it('shows the server\'s validation message next to a bad user filter', async () => {
    const w = await world();
    const frame = await openPage(w);
    const form = await addSource(frame, connectionOf(w, { 'settings.userFilter': '(objectClass=person' }));
    const refusal = page.waitForResponse((r) => r.url().endsWith('/rest/v1/sources') && r.request().method() === 'POST');
    await form.locator('[data-testid="save-source"]').click();
    const response = await refusal;
    expect(response.status()).toBe(400);
    const body = (await response.json()) as { error: string; details: Array<{ path: string; message: string }> };
    expect(body.error).toBe('validation_failed');
    const detail = body.details.find((d) => d.path === 'settings.userFilter');
    expect(detail).toBeDefined();

    const filterError = form.locator('[data-error-for="settings.userFilter"]');
    await frame.waitForFunction(() => !!document.querySelector('[data-error-for="settings.userFilter"]')?.textContent);
    expect(await filterError.textContent()).toBe(detail!.message);
    expect(await filterError.isVisible()).toBe(true);
    expect(await form.locator('[name="settings.userFilter"]').getAttribute('aria-invalid')).toBe('true');
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('settings.userFilter');
    expect(await form.locator('[data-error-for="settings.url"]').textContent()).toBe('');
    expect(await form.locator('[data-error-for="_form"]').textContent()).toBe('');
    // Nothing was created; the form keeps what was typed.
    expect(await form.getAttribute('data-mode')).toBe('add');
    expect(await form.locator('[name="settings.userFilter"]').inputValue()).toBe('(objectClass=person');
    await page.screenshot({ path: screenshotPath('data-sources-filter-refused'), fullPage: true });
    await form.locator('[data-testid="group-users"]').screenshot({ path: screenshotPath('data-sources-filter-refused-detail') });

    // A bad schedule lands next to the cron input.
    await form.locator('[name="settings.userFilter"]').fill('(objectClass=person)');
    await form.locator('[name="schedule"]').fill('61 * * * *');
    await form.locator('[data-testid="save-source"]').click();
    await frame.waitForFunction(() => !!document.querySelector('[data-error-for="schedule"]')?.textContent);
    expect(await form.locator('[data-error-for="schedule"]').textContent()).toContain('The schedule');
    expect(await form.locator('[data-error-for="settings.userFilter"]').textContent()).toBe('');

    await form.locator('[data-testid="cancel-source"]').click();
    await frame.locator('[data-testid="empty-state"]').waitFor();
  }, 45_000);

  it('reports entry errors page by page, and a failed run with its reason', async () => {
    const w = await world();
    const admin = w.site.as(ADMIN.accountId);
    const team = (await admin.post('/rest/v1/categories', { name: 'Team' }).expect(201)).body.id;
    await admin.post('/rest/v1/fields', { label: 'Skills', type: 'multiselect', categoryId: team, options: [{ label: 'LDAP' }, { label: 'SQL' }] }).expect(201);
    // 101 entries with a skill that is not an option: more errors than the run's first page (100).
    for (let i = 0; i < 101; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, 101 - i) }, (_, k) => w.ldap.add({ uid: `odd${i + k}`, cn: `Odd ${i + k}`, sn: 'Skills', mail: `odd${i + k}@example.com`, businessCategory: ['Cobol'] })),
      );
    }
    const sourceId = await createSource(w, 'Skills directory');
    await admin.put(`/rest/v1/sources/${sourceId}/mappings`, { mappings: [{ fieldKey: 'skills', attribute: 'businessCategory' }] }).expect(200);

    const frame = await openPage(w);
    await frame.locator(`[data-testid="source-row"][data-source-id="${sourceId}"] [data-testid="source-name"]`).click();
    await frame.locator('[data-testid="source-tab-report"]').click();
    expect(await frame.locator('[data-testid="runs-empty"]').textContent()).toContain('No runs yet.');
    // A saved source offers every tab.
    expect(await frame.locator('[data-testid="source-tab-mappings"]').getAttribute('aria-disabled')).toBeNull();

    await frame.locator('[data-testid="source-header"] [data-testid="run-now"]').click();
    const first = frame.locator('[data-testid="run-row"]').first();
    await frame.locator('[data-testid="run-row"][data-status="succeeded"]').waitFor({ timeout: 20_000 });
    expect(await first.locator('[data-testid="run-count-seen"]').textContent()).toBe('105');
    expect(await first.locator('[data-testid="run-count-failed"]').textContent()).toBe('101');
    await first.locator('[data-testid="run-toggle"]').click();
    const errors = frame.locator('[data-testid="run-errors"]');
    await errors.waitFor();
    expect(await errors.locator('h4').textContent()).toBe('101 entry errors');
    expect(await errors.locator('[data-testid="run-error-row"]').count()).toBe(100);
    expect(await errors.locator('[data-testid="run-error-row"]').first().textContent()).toContain('Skills: "Cobol" is not one of its options');
    expect(await errors.locator('[data-testid="run-errors-more"]').textContent()).toBe('Show more (1 left)');
    const more = page.waitForResponse((r) => /\/rest\/v1\/sync-runs\/\d+\/errors\?offset=100$/.test(r.url()));
    await errors.locator('[data-testid="run-errors-more"]').click();
    await more;
    await frame.waitForFunction(() => document.querySelectorAll('[data-testid="run-error-row"]').length === 101);
    expect(await frame.locator('[data-testid="run-errors-more"]').count()).toBe(0);
    await frame.locator('[data-testid="run-details"]').screenshot({ path: screenshotPath('data-sources-run-errors') });

    // A run that fails: its reason in the details and on the last-run line.
    await admin.patch(`/rest/v1/sources/${sourceId}`, { bindPassword: 'wrong' }).expect(200);
    await frame.locator('[data-testid="source-header"] [data-testid="run-now"]').click();
    const failed = frame.locator('[data-testid="run-row"][data-status="failed"]');
    await failed.waitFor({ timeout: 20_000 });
    expect(await frame.locator('[data-testid="run-row"]').first().getAttribute('data-status')).toBe('failed');
    await failed.locator('[data-testid="run-toggle"]').click();
    const message = frame.locator('[data-testid="run-details"] [data-testid="run-message"]');
    await message.waitFor();
    expect(await message.textContent()).toContain('invalidCredentials');
    expect(await frame.locator('[data-testid="source-header"] [data-testid="last-run-message"]').textContent()).toContain('invalidCredentials');
    await page.screenshot({ path: screenshotPath('data-sources-run-failed'), fullPage: true });
  }, 60_000);

  it('lists every run: 50 at first, then older ones on request', async () => {
    const w = await world();
    const sourceId = await createSource(w, 'Long history');
    // 55 scheduled runs of the past weeks, one every three hours.
    const counts = { seen: 3, added: 0, updated: 0, unchanged: 3, unmatched: 0, failed: 0, removed: 0 };
    const history = await SyncRun.bulkCreate(
      Array.from({ length: 55 }, (_, i) => {
        const startedAt = new Date(Date.UTC(2026, 10, 1) + i * 3 * 3_600_000);
        return { tenantId: w.site.tenantId, sourceId: sourceId, mode: 'full' as const, trigger: 'schedule' as const, status: 'succeeded' as const, startedAt, finishedAt: new Date(startedAt.getTime() + 4000), counts };
      }),
    );

    const frame = await openPage(w);
    await frame.locator(`[data-testid="source-row"][data-source-id="${sourceId}"] [data-testid="source-name"]`).click();
    await frame.locator('[data-testid="source-tab-report"]').click();
    const rows = frame.locator('[data-testid="run-row"]');
    await frame.locator('[data-testid="runs-table"]').waitFor();
    expect(await rows.count()).toBe(50);
    await frame.locator('[data-testid="runs-more"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('data-sources-older-runs') });
    const older = page.waitForResponse((r) => /\/runs\?before=\d+&limit=50$/.test(r.url()));
    await frame.locator('[data-testid="runs-more"]').click();
    await older;
    await frame.waitForFunction(() => document.querySelectorAll('[data-testid="run-row"]').length === 55);
    expect(await frame.locator('[data-testid="runs-more"]').count()).toBe(0);
    // Newest first, each run once, the oldest last; the focus is on the first of the runs just shown.
    const shown = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-run-id')));
    expect(shown).toEqual(history.map((r) => String(r.id)).reverse());
    expect(await frame.evaluate(() => document.activeElement?.closest('[data-testid="run-row"]')?.getAttribute('data-run-id'))).toBe(shown[50]);
  }, 60_000);

  it('answers Run now with the 409 message while another run holds the source, follows that run, and deletes after a confirmation', async () => {
    const w = await world();
    const admin = w.site.as(ADMIN.accountId);
    const sourceId = await createSource(w, 'Directory');
    const frame = await openPage(w);
    const row = frame.locator(`[data-testid="source-row"][data-source-id="${sourceId}"]`);
    expect(await row.locator('[data-testid="never-run"]').textContent()).toBe('Never run');

    // Someone else starts a run the page does not know about yet.
    holdNextAccountRefresh(w.site.host, 3);
    await admin.post(`/rest/v1/sources/${sourceId}/sync`, {}).expect(202);
    await row.locator('[data-testid="run-now"]').click();
    const runError = row.locator('[data-testid="run-error"]');
    await frame.waitForFunction(() => !!document.querySelector('[data-testid="source-row"] [data-testid="run-error"]')?.textContent);
    expect(await runError.textContent()).toBe('"Directory" is being synchronised right now; wait for that run to finish.');
    // The page follows the run that holds the source.
    await row.locator('[data-testid="progress-bar"]').waitFor();
    await page.screenshot({ path: screenshotPath('data-sources-409'), fullPage: true });
    await row.locator('[data-testid="run-status"][data-status="succeeded"]').waitFor({ timeout: 20_000 });
    // The run that held the source is over, and so is the error about it.
    await frame.waitForFunction(() => !document.querySelector('[data-testid="source-row"] [data-testid="run-error"]')?.textContent);

    await row.locator('[data-testid="delete-source"]').click();
    const confirm = frame.locator('[data-testid="confirm-delete"]');
    expect(await confirm.textContent()).toContain('Delete the data source “Directory”?');
    await page.screenshot({ path: screenshotPath('data-sources-confirm-delete'), fullPage: true });
    await confirm.locator('[data-testid="confirm-delete-no"]').click();
    expect(await frame.locator('[data-testid="confirm-delete"]').count()).toBe(0);
    await row.locator('[data-testid="delete-source"]').click();
    await frame.locator('[data-testid="confirm-delete-yes"]').click();
    await frame.locator('[data-testid="empty-state"]').waitFor();
    await admin.get(`/rest/v1/sources/${sourceId}`).expect(404);
  }, 60_000);

  it("follows Confluence's dark theme, with readable contrast in the list and the settings", async () => {
    const w = await world();
    const sourceId = await createSource(w, 'Dark directory');
    await page.goto(`${w.site.host.pageUrl(app.url, '/admin/data-sources', ADMIN.accountId)}&theme=dark`);
    const frame = (await (await page.waitForSelector('iframe#app-frame')).contentFrame())!;
    await frame.waitForSelector('html[data-rollcall-color-mode="dark"] [data-testid="data-sources"][data-loaded="true"]');
    const colours = (selectors: Record<string, string>) =>
      frame.evaluate((all) => Object.fromEntries(Object.entries(all).map(([name, selector]) => [name, getComputedStyle(document.querySelector(selector)!).color])), selectors);
    const background = await frame.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    // Dark: a dark page under light text.
    expect(contrast(background, 'rgb(0, 0, 0)')).toBeLessThan(3);
    const list = await colours({ heading: 'h1', intro: 'main > p', url: '[data-testid="source-url"]', counts: '[data-testid="never-run"]' });
    expect(contrast(list.heading, background)).toBeGreaterThanOrEqual(7);
    for (const colour of [list.intro, list.url, list.counts]) expect(contrast(colour, background)).toBeGreaterThanOrEqual(4.5);
    await page.screenshot({ path: screenshotPath('data-sources-dark-list'), fullPage: true });

    await frame.locator(`[data-testid="source-row"][data-source-id="${sourceId}"] [data-testid="source-name"]`).click();
    const form = frame.locator('[data-testid="source-form"][data-mode="edit"]');
    await form.waitFor();
    const settings = await colours({ label: '[data-field="settings.url"] label', input: '[name="settings.url"]', description: '[data-field="settings.baseDn"] .description', group: '[data-testid="group-users"] h3' });
    for (const colour of Object.values(settings)) expect(contrast(colour, background)).toBeGreaterThanOrEqual(4.5);
    await page.screenshot({ path: screenshotPath('data-sources-dark'), fullPage: true });
  }, 45_000);

  it("moves between the source page's tabs with the arrow keys, and a new source offers only Settings", async () => {
    const w = await world();
    const sourceId = await createSource(w, 'Keyboard directory');
    const frame = await openPage(w);
    await frame.locator(`[data-testid="source-row"][data-source-id="${sourceId}"] [data-testid="source-name"]`).click();
    const tab = (key: string) => frame.locator(`[data-testid="source-tab-${key}"]`);
    const focused = () => frame.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    await tab('settings').waitFor();
    expect(await focused()).toBe('source-tab-settings');
    await page.keyboard.press('ArrowRight');
    expect(await tab('mappings').getAttribute('aria-selected')).toBe('true');
    expect(await focused()).toBe('source-tab-mappings');
    expect(await frame.locator('[data-testid="source-pane-mappings"]').isVisible()).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await tab('report').getAttribute('aria-selected')).toBe('true');
    await frame.locator('[data-testid="runs-empty"]').waitFor();
    // Past the last tab: the first again; ← goes back.
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('source-tab-settings');
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toBe('source-tab-report');
    expect(await tab('settings').getAttribute('tabindex')).toBe('-1');
    expect(await tab('report').getAttribute('tabindex')).toBe('0');

    // A new source: the other tabs wait for the save, and the arrows stay on Settings.
    await frame.locator('[data-testid="back-to-list"]').click();
    await frame.locator('[data-testid="add-source"]').click();
    await frame.locator('[data-testid="source-form"][data-mode="add"]').waitFor();
    await tab('settings').focus();
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('source-tab-settings');
    // aria-disabled: Playwright would not click it; a person's click does nothing.
    await tab('report').click({ force: true });
    expect(await tab('settings').getAttribute('aria-selected')).toBe('true');
  }, 45_000);
});
