/**
 * XML sources on the Data Sources page, in Chromium, framed by the test host, driven through its UI
 * only. The app reads files by path from a temporary import directory (XML_IMPORT_DIR), each site
 * from its own directory in it (`<XML_IMPORT_DIR>/<tenant id>/`). The page's
 * other hooks are listed in dataSources.test.ts and dataSourcesIncremental.test.ts.
 *
 * Hooks the page offers for XML sources (the React page, frontend/src/pages/dataSources/):
 * - List and empty state: `add-source` (LDAP) beside `add-xml-source`; `schedule-column` (the job's
 *   name when every source is of one kind); a row's `source-kind` is `XML` and its `source-url`
 *   (`data-location="upload"|"path"|"url"`) says where the file is.
 * - `source-header[data-kind="xml"]` with `source-location`; `source-form[data-kind="xml"]`:
 *   `name`; `xml-location[data-location]` with the radios `[name="settings.location.kind"]`
 *   (`location-kind-upload`, `location-kind-path`, `location-kind-url`) and their panels `location-upload-panel`
 *   (`xml-stored-file` with `xml-file-name`, `xml-file-size`, `xml-file-uploaded`, `replace-file`;
 *   or `xml-no-file`; `xml-file-pick` with the file input `xml-file` (`name="file"`),
 *   `xml-file-chosen`, `keep-file`), `location-path-panel` (`location-path` = `[name="settings.location.path"]`),
 *   `location-url-panel` (`location-url` = `[name="settings.location.url"]`, `location-username`,
 *   `password-field` as for LDAP with the input `url-password` (`name="password"`));
 *   `[name="settings.recordPath"]` (`record-path`) with `xml-example`; `[name="settings.matchPath"]`
 *   (`match-path`) and the radios `[name="settings.matchBy"]` (`match-by-email`,
 *   `match-by-account-id`); `settings.goneThresholdPercent`, `priority`, `enabled`, `schedule`
 *   (`schedule-full`, its title `.ds-schedule-title`). Errors in `[data-error-for="<path>"]`, the
 *   file's in `[data-error-for="file"]`; descriptions in `[data-field="<path>"] .description`.
 * - `mappings-form[data-kind="xml"]` with `xml-mappings-intro` and no write-back.
 * - The test, `test-result`: `test-step[data-step="read"|"parse"|"samples"]`, `test-file`
 *   (`test-file-name`, `test-file-size[data-bytes]`), `test-records[data-count]`, `test-duplicates`
 *   of `test-duplicate` (`test-duplicate-key`, `test-duplicate-places`), `test-samples` of
 *   `test-sample` (`test-sample-locator`, `test-sample-match`, `test-sample-value[data-field-key]`);
 *   `test-error[data-step]` (`test-error-title`, `test-error-message`,
 *   `test-error-position[data-line][data-column]`, `test-checklist`).
 * - Sync report: `live-run-job`; `run-fact[data-fact="Job"]`; `run-error-record`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { Profile } from '../../src/db/models';
import { readStoredFile } from '../../src/sync/sources/sourceFiles';
import type { TestApp } from '../support/app';
import { screenshotPath, useFramedAppSuite } from '../support/browser';
import type { FixtureUser, TestHost } from '../support/confluenceHost';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

const PEOPLE: FixtureUser[] = [
  ADMIN,
  USER,
  { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] },
  { accountId: 'acc-jane', displayName: 'Jane Doe', email: 'jane@example.com', groups: ['confluence-users'] },
  { accountId: 'acc-max', displayName: 'Max Boss', email: 'max@example.com', groups: ['confluence-users'] },
];

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** An export as HR systems write them: a BOM, UTF-8, an XML declaration. */
const exportXml = (records: string) => Buffer.concat([BOM, Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<identities>\n${records}\n</identities>\n`, 'utf8')]);
const EXPORT = exportXml(
  [
    '  <identity><mail>zoe@example.com</mail><department>Forschung &amp; Entwicklung</department><team>Qualität Zürich</team><manager>max@example.com</manager></identity>',
    '  <identity><mail>Jane@Example.com</mail><department>Finance</department><team>Controlling</team><manager>zoe@example.com</manager></identity>',
    '  <identity><mail>max@example.com</mail><department>Board</department></identity>',
    '  <identity><mail>gus@example.com</mail><department>Not in Confluence</department></identity>',
  ].join('\n'),
);
/** Line 4 closes <mail> with </department>. */
const MALFORMED = Buffer.from('<identities>\n<identity><mail>zoe@example.com</mail><department>IT</department></identity>\n<identity><mail>jane@example.com</department></identity>\n</identities>\n');

/** XML_MAX_BYTES of the app: the exports above fit, BIG does not. */
const LIMIT = 4000;
const BIG = exportXml(Array.from({ length: 80 }, (_, i) => `  <identity><mail>person${i}@example.com</mail><department>Department ${i}</department></identity>`).join('\n'));

const importRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-xml-browser-'));
/** XML_IMPORT_DIR; beside it, a file the app must not read. A site's files are in its own directory in it. */
const importDir = path.join(importRoot, 'imports');
const siteDir = (site: Site) => path.join(importDir, site.tenantId);

let app: TestApp;
let page: Page;
const sites: Site[] = [];

// Files beside a site's directory must not be readable; a small upload limit shows a refusal.
fs.mkdirSync(importDir, { recursive: true });
fs.writeFileSync(path.join(importDir, 'outside.xml'), EXPORT);
useFramedAppSuite({ users: PEOPLE, sites, env: { XML_IMPORT_DIR: importDir, XML_MAX_BYTES: String(LIMIT) } }, (suite) => ({ app, page } = suite));

afterAll(() => {
  fs.rmSync(importRoot, { recursive: true, force: true });
});

/** A fresh site with the app installed, and the fields an export fills: Team (text) and Manager (user). */
async function world(): Promise<Site> {
  const site = await installSite(app, PEOPLE);
  sites.push(site);
  const admin = site.as(ADMIN.accountId);
  const org = (await admin.post('/rest/v1/categories', { name: 'Organisation' }).expect(201)).body.id;
  await admin.post('/rest/v1/fields', { label: 'Team', type: 'text', categoryId: org }).expect(201);
  await admin.post('/rest/v1/fields', { label: 'Manager', type: 'user', categoryId: org }).expect(201);
  return site;
}

async function openPage(site: Site): Promise<Frame> {
  await page.goto(site.host.pageUrl(app.url, '/admin/data-sources', ADMIN.accountId));
  const handle = await page.waitForSelector('iframe#app-frame');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the app iframe has no frame');
  await frame.waitForSelector('[data-testid="data-sources"][data-loaded="true"]');
  return frame;
}

/** "Add XML file", from the empty state or the list. */
async function addXmlSource(frame: Frame): Promise<Locator> {
  const empty = frame.locator('[data-testid="empty-state"] [data-testid="add-xml-source"]');
  await ((await empty.count()) ? empty : frame.locator('[data-testid="add-xml-source"]')).click();
  const form = frame.locator('[data-testid="source-form"][data-mode="add"][data-kind="xml"]');
  await form.waitFor();
  return form;
}

/** Chooses where the file is by its label, as a person does. */
async function chooseLocation(form: Locator, kind: 'upload' | 'path' | 'url'): Promise<void> {
  const radio = form.locator(`[data-testid="location-kind-${kind}"]`);
  await form.locator(`label[for="${await radio.getAttribute('id')}"]`).click();
  expect(await radio.isChecked()).toBe(true);
  expect(await form.locator('[data-testid="xml-location"]').getAttribute('data-location')).toBe(kind);
}

function stepStates(frame: Frame): Promise<string[]> {
  return frame.locator('[data-testid="test-step"]').evaluateAll((els) => els.map((el) => `${el.getAttribute('data-step')}:${el.getAttribute('data-ok') ?? 'not run'}`));
}

/**
 * Makes the next sync wait `seconds` before it reads the file: Confluence answers the run's first
 * user search (the account refresh) with 429 Retry-After, which the app honours.
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

describe('XML sources on the Data Sources page, driven through its UI', () => {
  it('adds an XML source with an uploaded export, maps fields, tests the file, runs it and fills profiles', async () => {
    const site = await world();
    const frame = await openPage(site);
    expect(await frame.locator('[data-testid="empty-state"]').textContent()).toContain('XML export');
    expect(await frame.locator('[data-testid="empty-state"] [data-testid="add-source"]').textContent()).toContain('Add LDAP directory');
    expect(await frame.locator('[data-testid="empty-state"] [data-testid="add-xml-source"]').textContent()).toContain('Add XML file');

    // The form: upload by default, the record element and the match key with their defaults and an example.
    const form = await addXmlSource(frame);
    expect(await frame.locator('[data-testid="source-title"]').textContent()).toBe('Add an XML file');
    expect(await form.locator('[data-testid="location-kind-upload"]').isChecked()).toBe(true);
    expect(await form.locator('[data-testid="location-path-panel"]').isHidden()).toBe(true);
    expect(await form.locator('[data-testid="xml-no-file"]').textContent()).toContain('No file yet');
    expect(await form.locator('[name="settings.recordPath"]').inputValue()).toBe('identities/identity');
    expect(await form.locator('[name="settings.matchPath"]').inputValue()).toBe('mail');
    expect(await form.locator('[data-testid="match-by-email"]').isChecked()).toBe(true);
    expect(await form.locator('[data-testid="xml-example"]').textContent()).toContain('<mail>ada@example.com</mail>');
    expect(await form.locator('[name="schedule"]').inputValue()).toBe('0 */3 * * *');
    expect(await form.locator('[data-testid="schedule-full"] .ds-schedule-title').textContent()).toBe('Bulk profile update (XML sync)');
    // No LDAP settings on an XML source.
    expect(await form.locator('[name="settings.url"], [name="bindPassword"], [name="incremental.enabled"]').count()).toBe(0);

    await form.locator('[name="name"]').fill('HR export');
    await form.locator('[name="settings.recordPath"]').fill('identities/identity');
    await form.locator('[name="settings.matchPath"]').fill('mail');
    await form.locator('[data-testid="xml-file"]').setInputFiles({ name: 'export.xml', mimeType: 'application/xml', buffer: EXPORT });
    expect(await form.locator('[data-testid="xml-file-chosen"]').textContent()).toContain('export.xml');
    await page.screenshot({ path: screenshotPath('data-sources-xml-add-form'), fullPage: true });

    // Save: the source is created, then the file goes up as its raw bytes.
    const creation = page.waitForResponse((r) => r.url().endsWith('/rest/v1/sources') && r.request().method() === 'POST');
    const uploadDone = page.waitForResponse((r) => /\/rest\/v1\/sources\/\d+\/file\?name=export\.xml$/.test(r.url()) && r.request().method() === 'PUT');
    await form.locator('[data-testid="save-source"]').click();
    const created = (await creation).request().postDataJSON() as Record<string, unknown>;
    expect(created).toMatchObject({ kind: 'xml', name: 'HR export', settings: { location: { kind: 'upload' }, recordPath: 'identities/identity', matchPath: 'mail', matchBy: 'email' } });
    expect(created).not.toHaveProperty('incremental');
    const upload = await uploadDone;
    expect(upload.status()).toBe(200);
    expect(upload.request().headers()['content-type']).toBe('application/xml');
    expect(upload.request().headers().authorization).toMatch(/^JWT /);

    const header = frame.locator('[data-testid="source-header"][data-source-id]');
    await header.waitFor();
    const sourceId = await header.getAttribute('data-source-id');
    // The bytes as they were chosen: the BOM and the UTF-8 text unchanged.
    const kept = await readStoredFile(site.tenantId, sourceId!);
    expect(kept?.name).toBe('export.xml');
    expect(Buffer.compare(kept!.bytes, EXPORT)).toBe(0);
    expect(await header.locator('[data-testid="source-kind"]').textContent()).toBe('XML');
    await frame.waitForFunction(() => document.querySelector('[data-testid="form-status"]')?.textContent?.includes('XML source added.'));
    expect(await frame.locator('[data-testid="form-status"]').textContent()).toContain('export.xml uploaded.');
    const saved = frame.locator('[data-testid="source-form"][data-mode="edit"][data-kind="xml"]');
    const stored = saved.locator('[data-testid="xml-stored-file"]');
    expect(await stored.locator('[data-testid="xml-file-name"]').textContent()).toBe('export.xml');
    expect(await stored.locator('[data-testid="xml-file-size"]').textContent()).toBe(`${EXPORT.length} bytes`);
    expect(await stored.locator('[data-testid="xml-file-uploaded"]').textContent()).toMatch(/^Uploaded .+\(just now\)$/);
    expect(await stored.locator('[data-testid="replace-file"]').isVisible()).toBe(true);
    expect(await saved.locator('[data-testid="xml-file-pick"]').isHidden()).toBe(true);
    expect(await header.locator('[data-testid="source-location"]').textContent()).toBe(`Uploaded: export.xml (${EXPORT.length} bytes)`);
    expect(await saved.locator('[data-testid="schedule-info"] [data-testid="schedule-next-run"]').textContent()).toMatch(/^Next run .+ UTC \(in /);
    await page.screenshot({ path: screenshotPath('data-sources-xml-saved'), fullPage: true });

    // Field mappings: element paths, no write-back. Department ← department, Team ← team, Manager ← manager.
    await frame.locator('[data-testid="source-tab-mappings"]').click();
    const mappings = frame.locator('[data-testid="mappings-form"][data-kind="xml"][data-loaded="true"]');
    await mappings.waitFor();
    expect(await mappings.locator('thead').textContent()).toContain('Element or attribute in the record');
    expect(await mappings.locator('[data-testid="xml-mappings-intro"]').textContent()).toContain('address/city');
    expect(await frame.locator('[data-testid="write-back-panel"], [data-testid="mapping-write-back-cell"], [data-testid="write-test"], [data-testid="picture-row"]').count()).toBe(0);
    const managerRow = mappings.locator('[data-testid="mapping-row"][data-field-key="manager"]');
    expect(await managerRow.textContent()).toContain('An element holding an email address');
    await mappings.locator('[data-testid="mapping-row"][data-field-key="department"] [data-testid="mapping-input"]').fill('department');
    await mappings.locator('[data-testid="mapping-row"][data-field-key="team"] [data-testid="mapping-input"]').fill('team');
    await managerRow.locator('[data-testid="mapping-input"]').fill('manager');
    await page.screenshot({ path: screenshotPath('data-sources-xml-mappings'), fullPage: true });

    // Save and test: the file read, the record count and the mapped samples.
    expect(await mappings.locator('[data-testid="mappings-save-and-test"]').textContent()).toBe('Save and test');
    await mappings.locator('[data-testid="mappings-save-and-test"]').click();
    const result = frame.locator('[data-testid="test-result"][data-state="passed"]');
    await result.waitFor();
    expect(await stepStates(frame)).toEqual(['read:true', 'parse:true', 'samples:true']);
    expect(await result.locator('[data-testid="test-file-name"]').textContent()).toBe('export.xml');
    expect(await result.locator('[data-testid="test-file-size"]').getAttribute('data-bytes')).toBe(String(EXPORT.length));
    expect(await result.locator('[data-testid="test-records"]').textContent()).toBe('4 records in the file');
    expect(await result.locator('[data-testid="test-duplicates"]').count()).toBe(0);
    const samples = result.locator('[data-testid="test-sample"]');
    expect(await samples.count()).toBe(4);
    expect(await samples.first().locator('[data-testid="test-sample-locator"]').textContent()).toBe('record 1 (line 3)');
    const zoe = samples.filter({ has: frame.locator('[data-testid="test-sample-match"]', { hasText: 'zoe@example.com' }) });
    expect(await zoe.locator('[data-testid="test-sample-value"][data-field-key="department"]').textContent()).toBe('Forschung & Entwicklung');
    expect(await zoe.locator('[data-testid="test-sample-value"][data-field-key="team"]').textContent()).toBe('Qualität Zürich');
    // A person reference {ref: 'email', value} is shown as its value.
    expect(await zoe.locator('[data-testid="test-sample-value"][data-field-key="manager"]').textContent()).toBe('max@example.com');
    // Emails match in any case: the key as Rollcall compares it.
    expect(await samples.nth(1).locator('[data-testid="test-sample-match"]').textContent()).toBe('jane@example.com');
    expect(await frame.locator('[data-testid="mappings-status"]').textContent()).toContain('3 fields mapped');
    await page.screenshot({ path: screenshotPath('data-sources-xml-test-passed'), fullPage: true });
    await result.screenshot({ path: screenshotPath('data-sources-xml-test-passed-detail') });

    // Run now: the bulk profile update (XML sync) runs with live progress, then reports its counts.
    holdNextAccountRefresh(site.host, 2);
    await header.locator('[data-testid="run-now"]').click();
    const liveRun = frame.locator('[data-testid="live-run"]');
    await liveRun.waitFor();
    expect(await liveRun.locator('[data-testid="live-run-job"]').textContent()).toBe('Bulk profile update (XML sync)');
    const runId = await liveRun.getAttribute('data-run-id');
    await page.screenshot({ path: screenshotPath('data-sources-xml-running'), fullPage: true });
    const done = frame.locator(`[data-testid="run-row"][data-run-id="${runId}"][data-status="succeeded"]`);
    await done.waitFor({ timeout: 20_000 });
    const count = (name: string) => done.locator(`[data-testid="run-count-${name}"]`).textContent();
    expect(await count('seen')).toBe('4');
    expect(await count('added')).toBe('3');
    expect(await count('unmatched')).toBe('1');
    expect(await count('failed')).toBe('0');
    expect(await done.locator('[data-testid="run-mode"]').textContent()).toBe('Full');
    await done.locator('[data-testid="run-toggle"]').click();
    const details = frame.locator('[data-testid="run-details"]');
    await details.locator('[data-testid="run-no-errors"]').waitFor();
    expect(await details.locator('[data-testid="run-fact"][data-fact="Job"] dd').textContent()).toBe('Bulk profile update (XML sync)');
    expect(await details.locator('[data-testid="run-no-errors"]').textContent()).toContain('No record errors');
    const lastRun = header.locator('[data-testid="last-run"]');
    await lastRun.locator('[data-testid="run-status"][data-status="succeeded"]').waitFor();
    expect(await lastRun.locator('[data-testid="last-run-counts"]').textContent()).toBe('4 seen · 3 added · 1 unmatched');
    await page.screenshot({ path: screenshotPath('data-sources-xml-report'), fullPage: true });

    // The list: the kind, where the file is, the job's schedule.
    await frame.locator('[data-testid="back-to-list"]').click();
    const row = frame.locator(`[data-testid="source-row"][data-source-id="${sourceId}"]`);
    await row.waitFor();
    expect(await row.locator('[data-testid="source-kind"]').textContent()).toBe('XML');
    expect(await row.locator('[data-testid="source-url"]').textContent()).toBe(`Uploaded: export.xml (${EXPORT.length} bytes)`);
    expect(await frame.locator('[data-testid="schedule-column"]').textContent()).toBe('Bulk profile update (XML sync)');
    expect(await row.locator('[data-testid="schedule-description"]').textContent()).toMatch(/every 3 hours/);
    expect(await row.locator('[data-testid="last-run-counts"]').textContent()).toBe('4 seen · 3 added · 1 unmatched');
    await page.screenshot({ path: screenshotPath('data-sources-xml-list'), fullPage: true });

    // The profiles hold the file's values, the manager resolved by email.
    const profileOf = async (accountId: string) => (await Profile.findOne({ where: { tenantId: site.tenantId, accountId } }))?.values;
    expect(await profileOf('acc-zoe')).toEqual({ department: 'Forschung & Entwicklung', team: 'Qualität Zürich', manager: 'acc-max' });
    expect(await profileOf('acc-jane')).toEqual({ department: 'Finance', team: 'Controlling', manager: 'acc-zoe' });
    expect(await profileOf('acc-max')).toEqual({ department: 'Board' });
  }, 90_000);

  it('shows a malformed file as the parse step failing with the line and column, then takes a replacement', async () => {
    const site = await world();
    const frame = await openPage(site);
    const form = await addXmlSource(frame);
    await form.locator('[name="name"]').fill('Broken export');
    await form.locator('[data-testid="xml-file"]').setInputFiles({ name: 'broken.xml', mimeType: 'application/xml', buffer: MALFORMED });
    await form.locator('[data-testid="save-and-test"]').click();

    const result = frame.locator('[data-testid="test-result"][data-state="failed"]');
    await result.waitFor();
    expect(await stepStates(frame)).toEqual(['read:true', 'parse:false', 'samples:not run']);
    expect(await result.locator('[data-testid="test-file-name"]').textContent()).toBe('broken.xml');
    const error = result.locator('[data-testid="test-error"]');
    expect(await error.getAttribute('data-step')).toBe('parse');
    expect(await error.locator('[data-testid="test-error-title"]').textContent()).toContain('The parse step failed');
    expect(await error.locator('[data-testid="test-error-message"]').textContent()).toMatch(/^Unexpected close tag/i);
    const position = error.locator('[data-testid="test-error-position"]');
    expect(await position.getAttribute('data-line')).toBe('3');
    expect(Number(await position.getAttribute('data-column'))).toBeGreaterThan(0);
    expect(await position.textContent()).toMatch(/^Where: line 3, column \d+$/);
    expect(await error.locator('[data-testid="test-checklist"]').textContent()).toContain('Well-formed XML');
    await page.screenshot({ path: screenshotPath('data-sources-xml-parse-error'), fullPage: true });
    await result.screenshot({ path: screenshotPath('data-sources-xml-parse-error-detail') });

    // Replace file: a new export goes up on the next save, and the test passes.
    const saved = frame.locator('[data-testid="source-form"][data-mode="edit"]');
    expect(await saved.locator('[data-testid="xml-file-name"]').textContent()).toBe('broken.xml');
    await saved.locator('[data-testid="replace-file"]').click();
    expect(await saved.locator('[data-testid="xml-file-pick"]').isVisible()).toBe(true);
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('xml-file');
    await saved.locator('[data-testid="xml-file"]').setInputFiles({ name: 'export.xml', mimeType: 'application/xml', buffer: EXPORT });
    await saved.locator('[data-testid="xml-file-pick"]').screenshot({ path: screenshotPath('data-sources-xml-replace-file') });
    const uploadDone = page.waitForResponse((r) => /\/file\?name=export\.xml$/.test(r.url()) && r.request().method() === 'PUT');
    await saved.locator('[data-testid="save-and-test"]').click();
    expect((await uploadDone).status()).toBe(200);
    await frame.locator('[data-testid="test-result"][data-state="passed"]').waitFor();
    expect(await frame.locator('[data-testid="test-records"]').textContent()).toBe('4 records in the file');
    expect(await frame.locator('[data-testid="xml-file-name"]').textContent()).toBe('export.xml');
    expect(await frame.locator('[data-testid="form-status"]').textContent()).toContain('Saved. export.xml uploaded.');

    // A file the server refuses: the settings are saved, the stored file stays, and the page says why.
    const edit = frame.locator('[data-testid="source-form"][data-mode="edit"]');
    await edit.locator('[data-testid="replace-file"]').click();
    await edit.locator('[data-testid="xml-file"]').setInputFiles({ name: 'big.xml', mimeType: 'application/xml', buffer: BIG });
    const refused = page.waitForResponse((r) => /\/file\?name=big\.xml$/.test(r.url()));
    await edit.locator('[name="name"]').fill('Export, renamed');
    await edit.locator('[data-testid="save-and-test"]').click();
    expect((await refused).status()).toBe(413);
    await frame.waitForFunction(() => !!document.querySelector('[data-error-for="file"]')?.textContent);
    const again = frame.locator('[data-testid="source-form"][data-mode="edit"]');
    expect(await again.locator('[data-error-for="file"]').textContent()).toBe(
      `The source was saved, but the file was not uploaded: at ${(BIG.length / 1024).toFixed(1)} KB, it is larger than the server accepts (XML_MAX_BYTES).`,
    );
    expect(await frame.locator('[data-testid="source-title"]').textContent()).toBe('Export, renamed');
    expect(await again.locator('[data-testid="xml-file-name"]').textContent()).toBe('export.xml');
    // No test runs on the file that stayed; the earlier result is gone.
    expect(await frame.locator('[data-testid="test-result"]').count()).toBe(0);
    await again.locator('[data-testid="location-upload-panel"]').screenshot({ path: screenshotPath('data-sources-xml-upload-refused') });
    // Keep the current file: the file input goes away again.
    await again.locator('[data-testid="keep-file"]').click();
    expect(await again.locator('[data-testid="xml-file-pick"]').isHidden()).toBe(true);
    expect(await again.locator('[data-testid="replace-file"]').isVisible()).toBe(true);
  }, 60_000);

  it("reads a file on the server only inside the site's import directory, beside other sources of both kinds", async () => {
    const site = await world();
    fs.mkdirSync(path.join(siteDir(site), 'hr'), { recursive: true });
    fs.writeFileSync(path.join(siteDir(site), 'hr', 'identities.xml'), EXPORT);
    const admin = site.as(ADMIN.accountId);
    // Several sources: an LDAP directory and an XML upload already exist.
    await admin.post('/rest/v1/sources', { kind: 'ldap', name: 'Company LDAP', settings: { url: 'ldap://127.0.0.1:1', baseDn: 'dc=example,dc=com' } }).expect(201);
    await admin.post('/rest/v1/sources', { kind: 'xml', name: 'Contractors', settings: { location: { kind: 'upload' } } }).expect(201);

    const frame = await openPage(site);
    expect(await frame.locator('[data-testid="source-row"]').count()).toBe(2);
    expect(await frame.locator('[data-testid="schedule-column"]').textContent()).toBe('Bulk profile update');
    const form = await addXmlSource(frame);
    await form.locator('[name="name"]').fill('HR on the server');
    await chooseLocation(form, 'path');
    expect(await form.locator('[data-testid="location-upload-panel"]').isHidden()).toBe(true);
    const pathGroup = form.locator('[data-field="settings.location.path"]');
    expect(await pathGroup.locator('.description').textContent()).toBe(
      `Relative to this site’s import directory on the server, ${siteDir(site)}/, e.g. hr/identities.xml. Only files inside that directory can be read, without ../ or links.`,
    );
    await form.locator('[name="settings.location.path"]').fill('../outside.xml');
    await form.locator('[data-testid="save-and-test"]').click();

    const failed = frame.locator('[data-testid="test-result"][data-state="failed"]');
    await failed.waitFor();
    expect(await stepStates(frame)).toEqual(['read:false', 'parse:not run', 'samples:not run']);
    const error = failed.locator('[data-testid="test-error"]');
    expect(await error.getAttribute('data-step')).toBe('read');
    expect(await error.locator('[data-testid="test-error-title"]').textContent()).toContain('The read step failed');
    expect(await error.locator('[data-testid="test-error-message"]').textContent()).toBe(
      `../outside.xml is not a file the app can read in this site's import directory (${siteDir(site)}/): paths are relative to it, without "..", and links are not followed.`,
    );
    expect(await error.locator('[data-testid="test-error-position"]').count()).toBe(0);
    expect(await frame.locator('[data-testid="source-location"]').textContent()).toBe('Server file: ../outside.xml');
    await page.screenshot({ path: screenshotPath('data-sources-xml-outside-import-dir'), fullPage: true });
    await failed.screenshot({ path: screenshotPath('data-sources-xml-outside-import-dir-detail') });

    // A path inside it reads.
    const saved = frame.locator('[data-testid="source-form"][data-mode="edit"]');
    expect(await saved.locator('[name="settings.location.path"]').inputValue()).toBe('../outside.xml');
    await saved.locator('[name="settings.location.path"]').fill('hr/identities.xml');
    await saved.locator('[data-testid="save-and-test"]').click();
    const passed = frame.locator('[data-testid="test-result"][data-state="passed"]');
    await passed.waitFor();
    expect(await passed.locator('[data-testid="test-file-name"]').textContent()).toBe('identities.xml');
    expect(await passed.locator('[data-testid="test-records"]').textContent()).toBe('4 records in the file');

    await frame.locator('[data-testid="back-to-list"]').click();
    await frame.locator('[data-testid="sources-table"]').waitFor();
    const kinds = await frame.locator('[data-testid="source-row"] [data-testid="source-kind"]').allTextContents();
    expect(kinds).toEqual(['LDAP', 'XML', 'XML']);
    const locations = await frame.locator('[data-testid="source-row"] [data-testid="source-url"]').allTextContents();
    expect(locations).toEqual(['ldap://127.0.0.1:1', 'Upload: no file yet', 'Server file: hr/identities.xml']);
    await page.screenshot({ path: screenshotPath('data-sources-xml-list-mixed'), fullPage: true });
  }, 60_000);

  it('takes an HTTPS URL with a user and a write-only password', async () => {
    const site = await world();
    const frame = await openPage(site);
    const form = await addXmlSource(frame);
    await form.locator('[name="name"]').fill('HR download');
    await chooseLocation(form, 'url');
    // Only https:// URLs: the server's message lands next to the input.
    await form.locator('[name="settings.location.url"]').fill('http://hr.example.com/export.xml');
    await form.locator('[data-testid="save-source"]').click();
    await frame.waitForFunction(() => !!document.querySelector('[data-error-for="settings.location.url"]')?.textContent);
    expect(await form.locator('[data-error-for="settings.location.url"]').textContent()).toContain('https://');
    expect(await form.locator('[name="settings.location.url"]').getAttribute('aria-invalid')).toBe('true');

    await form.locator('[name="settings.location.url"]').fill('https://127.0.0.1:9/export.xml');
    await form.locator('[name="settings.location.username"]').fill('rollcall');
    await form.locator('[data-testid="url-password"]').fill('xml-secret-pw');
    const creation = page.waitForResponse((r) => r.url().endsWith('/rest/v1/sources') && r.request().method() === 'POST');
    await form.locator('[data-testid="save-and-test"]').click();
    const sent = (await creation).request().postDataJSON() as Record<string, unknown>;
    expect(sent).toMatchObject({ kind: 'xml', settings: { location: { kind: 'url', url: 'https://127.0.0.1:9/export.xml', username: 'rollcall' } }, password: 'xml-secret-pw' });

    const failed = frame.locator('[data-testid="test-result"][data-state="failed"]');
    await failed.waitFor();
    expect(await failed.locator('[data-testid="test-error"]').getAttribute('data-step')).toBe('read');
    // The same words for every failure before the server answers: no socket text, no port oracle.
    expect(await failed.locator('[data-testid="test-error-message"]').textContent()).toBe('The server at 127.0.0.1 could not be reached.');
    const saved = frame.locator('[data-testid="source-form"][data-mode="edit"]');
    expect(await saved.locator('[data-testid="password-field"]').getAttribute('data-mode')).toBe('keep');
    expect(await saved.locator('[data-testid="password-set"]').textContent()).toContain('A password is set.');
    expect(await saved.locator('[data-testid="password-rebind"]').textContent()).toContain('Changing the URL or the user requires the password again');
    expect(await saved.locator('input[name="password"]').count()).toBe(0);
    expect(await frame.content()).not.toContain('xml-secret-pw');
    await page.screenshot({ path: screenshotPath('data-sources-xml-url'), fullPage: true });

    // Remove: PATCH sends password null.
    await saved.locator('[data-testid="remove-password"]').click();
    const patch = page.waitForResponse((r) => r.url().includes('/rest/v1/sources/') && r.request().method() === 'PATCH');
    await saved.locator('[data-testid="save-source"]').click();
    const patched = (await patch).request().postDataJSON() as Record<string, unknown>;
    expect(patched.password).toBeNull();
    expect(patched).not.toHaveProperty('bindPassword');
    await frame.locator('[data-testid="password-field"][data-mode="set"]').waitFor();
  }, 60_000);
});
