/**
 * The Profile Migration admin page (and its hint on the Profile Editor) in Chromium, framed by the
 * test host, driven through its UI only.
 *
 * Hooks the page offers for tests (the React page in frontend/src/pages/migration/, on Atlaskit):
 * - `[data-testid="profile-migration"]` the page root; `data-loaded="true"` once GET /rest/v1/migration
 *   answered, `data-details-available="true"|"false"`, `data-state` = idle | busy | planned |
 *   running | reported. `hint-slot` holds `migration-hint` until the first migration ran;
 *   `page-message` load errors (`load-error`); `view` the page; `announcer` (aria-live).
 * - `migration-form`: `source-section` with `source-availability[data-available]`; when Confluence
 *   still provides details, `source-choice` with Atlaskit radios whose inputs are
 *   `source-confluence--radio-input` / `source-csv--radio-input`;
 *   `csv-block` (hidden unless the CSV source is chosen) with `csv-file` (input type file),
 *   `file-info` (`file-name`), `file-error`, and `csv-format` (`csv-columns`, `csv-example`);
 *   `overwrite-source-fields--hidden-checkbox` (Atlaskit's checkbox input); `dry-run`, `run-migration` (disabled until a dry run of
 *   the current selection), `action-note`, `confirm-slot` → `confirm-run` with `confirm-run-yes` /
 *   `confirm-run-no`.
 * - Messages (Atlaskit section messages) carry their kind as `data-appearance` (information,
 *   warning, error, success).
 * - `results`: `results-loading`; `dry-run-error`; `dry-run-result[data-source]` with
 *   `nothing-written`, `dry-run-note`, `dry-run-warning`, `dry-run-counts` of facts
 *   `count-would-change|unchanged|unmatched|invalid|kept` (`data-count`), `kept-note`,
 *   `unknown-columns` (`unknown-column`), `dry-run-sample` of `sample-row[data-account-id][data-field-key]`
 *   (`sample-person` → `sample-person-name`, `sample-line`; `sample-field`, `sample-before`,
 *   `sample-after`), `dry-run-nothing`, `dry-run-unmatched` of `unmatched-row[data-line]`
 *   (`unmatched-line`, `unmatched-identifier`), `dry-run-invalid` of `invalid-row[data-line]`
 *   (`invalid-line`, `invalid-identifier`, `invalid-field`, `invalid-value`, `invalid-reason`);
 *   `dry-run-hidden-note[data-count]` when values of categories the admin may not see are left out.
 * - `run-error`; `migration-running` with `run-status` and `migration-progress[data-done][data-total]`
 *   (`progress-bar`, `progress-text`); `migration-report[data-status]` with `result-title` (its h2), `run-status`,
 *   `report-when`, `report-summary` or `report-error`, `report-counts` (`report-migrated`,
 *   `report-unchanged`, `report-unmatched-count`, `report-invalid-count`, `report-kept`),
 *   `report-unmatched`, `report-invalid` (rows as above), `report-hidden-note[data-count]`, `run-again`.
 * Profile Editor (the React page in frontend/src/pages/profileEditor/):
 * `[data-testid="profile-editor"][data-migration-hint-checked="true"]` once it asked; `hint-slot`
 * (right under the h1) holds `migration-hint` with `open-migration` (the host's navigation to the
 * profile-migration module: AP.navigator.go).
 */
import type { Frame, Page } from 'playwright-core';
import { Profile } from '../../src/db/models';
import type { TestApp } from '../support/app';
import { contrast, screenshotPath, useFramedAppSuite } from '../support/browser';
import { buildProfile } from '../support/builders';
import type { FixtureUser } from '../support/confluenceHost';
import { ADMIN, installSite, type Site } from '../support/sites';

const ANN: FixtureUser = {
  accountId: 'acc-ann',
  displayName: 'Ann Old',
  email: 'ann@example.com',
  groups: ['confluence-users'],
  details: { personal: { phone: '+41 44 111 22 33', im: 'ann.old', website: 'https://ann.example' }, business: { position: 'Archivist', department: 'Records', location: 'Basel' } },
};
const BEN: FixtureUser = { accountId: 'acc-ben', displayName: 'Ben New', email: 'ben@example.com', groups: ['confluence-users'], details: { business: { position: 'Clerk' } } };
const PEOPLE = [ADMIN, ANN, BEN];

let app: TestApp;
let page: Page;
const sites: Site[] = [];

useFramedAppSuite({ users: PEOPLE, sites }, (suite) => ({ app, page } = suite));

async function site(userDetails: boolean): Promise<Site> {
  const s = await installSite(app, PEOPLE);
  s.host.userDetails = userDetails;
  sites.push(s);
  return s;
}

async function framed(s: Site, path: string, ready: string): Promise<Frame> {
  await page.goto(s.host.pageUrl(app.url, path, ADMIN.accountId));
  const handle = await page.waitForSelector('iframe#app-frame');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the app iframe has no frame');
  await frame.waitForSelector(ready);
  return frame;
}

const openMigration = (s: Site) => framed(s, '/admin/profile-migration', '[data-testid="profile-migration"][data-loaded="true"]');
const openEditor = (s: Site) => framed(s, '/admin/profile-editor', '[data-testid="profile-editor"][data-loaded="true"][data-migration-hint-checked="true"]');

async function count(frame: Frame, testId: string): Promise<string | null> {
  return frame.locator(`[data-testid="${testId}"]`).getAttribute('data-count');
}

async function apCalls(): Promise<Array<{ method: string; args: unknown[] }>> {
  return page.evaluate(() => (window as unknown as { __apCalls: Array<{ method: string; args: unknown[] }> }).__apCalls);
}

/** Confirms the run, sees the progress bar, and waits for the report. */
async function runAndWaitForReport(frame: Frame, profiles: number, shot: string): Promise<void> {
  const run = frame.locator('[data-testid="run-migration"]');
  expect(await run.isDisabled()).toBe(false);
  await run.click();
  const confirm = frame.locator('[data-testid="confirm-run"]');
  expect(await confirm.textContent()).toContain('Run the migration now?');
  expect(await confirm.locator('[data-testid="confirm-run-yes"]').textContent()).toBe(`Migrate ${profiles} profiles`);
  await page.screenshot({ path: screenshotPath(`${shot}-confirm`), fullPage: true });
  await confirm.locator('[data-testid="confirm-run-yes"]').click();
  // The bar shows from the 202 on; the first poll is a second later.
  const progress = frame.locator('[data-testid="migration-progress"]');
  await progress.waitFor();
  expect(await progress.getAttribute('data-total')).toBe(String(profiles));
  expect(await frame.locator('[data-testid="progress-text"]').textContent()).toMatch(new RegExp(`^Migrating… \\d+ of ${profiles} profiles$`));
  await page.screenshot({ path: screenshotPath(`${shot}-progress`), fullPage: true });
  await frame.locator('[data-testid="migration-report"][data-status="succeeded"]').waitFor();
}


describe('the Profile Migration page, driven through its UI', () => {
  it('on a site that still has Confluence profile details: hint, dry run, run, report; the hints go', async () => {
    const s = await site(true);
    const admin = s.as(ADMIN.accountId);
    await admin.patch('/rest/v1/fields/position', { label: 'Job title' }).expect(200);

    // The Profile Editor recommends migrating first, with a way to the page.
    let editor = await openEditor(s);
    const editorHint = editor.locator('[data-testid="migration-hint"]');
    expect(await editorHint.textContent()).toContain('Migrate existing profile data first:');
    expect(await editorHint.getAttribute('data-appearance')).toBe('information');
    // At the top of the page: right under the heading, above the intro.
    expect(await editor.evaluate(() => document.querySelector('[data-testid="profile-editor"] > h1')!.nextElementSibling!.firstElementChild!.getAttribute('data-testid'))).toBe('migration-hint');
    expect(await editor.evaluate(() => !!(document.querySelector('[data-testid="migration-hint"]')!.compareDocumentPosition(document.querySelector('main > p')!) & Node.DOCUMENT_POSITION_FOLLOWING))).toBe(true);
    await page.screenshot({ path: screenshotPath('migration-editor-hint'), fullPage: true });
    await editorHint.locator('[data-testid="open-migration"]').click();
    await page.waitForFunction(() => (window as unknown as { __apCalls: Array<{ method: string }> }).__apCalls.some((c) => c.method === 'navigator.go'));
    expect((await apCalls()).find((c) => c.method === 'navigator.go')!.args).toEqual(['addonmodule', { addonKey: 'rollcall', moduleKey: 'profile-migration' }]);

    let frame = await openMigration(s);
    expect(await frame.textContent('h1')).toBe('Profile Migration');
    expect(await frame.locator('[data-testid="hint-slot"] [data-testid="migration-hint"]').textContent()).toContain('Migrate existing profile data first:');
    const availability = frame.locator('[data-testid="source-availability"]');
    expect(await availability.getAttribute('data-available')).toBe('true');
    expect(await availability.textContent()).toMatch(/This site still provides Confluence.s profile details/);
    expect(await frame.locator('[data-testid="source-confluence--radio-input"]').isChecked()).toBe(true);
    // The file stays on offer; its block opens when chosen.
    expect(await frame.locator('[data-testid="csv-block"]').isHidden()).toBe(true);
    await frame.locator('label', { hasText: 'Upload a CSV file' }).click();
    expect(await frame.locator('[data-testid="csv-block"]').isVisible()).toBe(true);
    expect(await frame.locator('[data-testid="csv-columns"]').textContent()).toContain('position → Job title');
    await frame.locator('label', { hasText: 'Migrate from Confluence' }).click();
    expect(await frame.locator('[data-testid="overwrite-source-fields--hidden-checkbox"]').isChecked()).toBe(false);
    expect(await frame.locator('[data-testid="run-migration"]').isDisabled()).toBe(true);
    await page.screenshot({ path: screenshotPath('migration-confluence-start'), fullPage: true });

    // Dry run: two people would change; the sample carries today's labels; nothing is written.
    const dryRun = page.waitForRequest((r) => r.url().includes('/rest/v1/migration/dry-run'));
    await frame.locator('[data-testid="dry-run"]').click();
    expect(new URL((await dryRun).url()).search).toBe('?source=confluence');
    const result = frame.locator('[data-testid="dry-run-result"]');
    await result.waitFor();
    expect(await count(frame, 'count-would-change')).toBe('2');
    expect(await result.locator('[data-testid="nothing-written"]').textContent()).toBe('Nothing written');
    expect(await result.locator('[data-testid="dry-run-note"]').textContent()).toContain('no profile was changed');
    const warning = result.locator('[data-testid="dry-run-warning"]');
    expect(await warning.getAttribute('data-appearance')).toBe('warning');
    expect(await warning.textContent()).toContain('Migration overwrites what is already in these six Rollcall fields');
    const annPosition = result.locator('[data-testid="sample-row"][data-account-id="acc-ann"][data-field-key="position"]');
    expect(await annPosition.locator('[data-testid="sample-field"]').textContent()).toBe('Job title');
    expect(await annPosition.locator('[data-testid="sample-before"]').textContent()).toBe('(empty)');
    expect(await annPosition.locator('[data-testid="sample-after"]').textContent()).toBe('Archivist');
    expect(await result.locator('[data-testid="sample-row"][data-account-id="acc-ann"]').count()).toBe(6);
    // People by name once their profiles answered.
    await frame.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="sample-person-name"]')).some((el) => el.textContent === 'Ann Old'));
    expect(await Profile.count({ where: { tenantId: s.tenantId } })).toBe(0);
    await page.screenshot({ path: screenshotPath('migration-confluence-dry-run'), fullPage: true });

    await runAndWaitForReport(frame, 2, 'migration-confluence');
    const report = frame.locator('[data-testid="migration-report"]');
    expect(await count(frame, 'report-migrated')).toBe('2');
    expect(await report.locator('[data-testid="report-summary"]').textContent()).toContain('2 profiles migrated');
    expect(await report.locator('[data-testid="run-again"]').textContent()).toContain('The migration can run again at any time.');
    // The first run ended the hint here at once.
    expect(await frame.locator('[data-testid="migration-hint"]').count()).toBe(0);
    // A new dry run is needed before another run.
    expect(await frame.locator('[data-testid="run-migration"]').isDisabled()).toBe(true);
    await page.screenshot({ path: screenshotPath('migration-confluence-report'), fullPage: true });

    const ann = await Profile.findOne({ where: { tenantId: s.tenantId, accountId: 'acc-ann' } });
    expect(ann!.values).toMatchObject({ position: 'Archivist', location: 'Basel', website: 'https://ann.example' });
    expect(ann!.valueSources.position).toBe('migration');

    // Reloaded: no hint; the last migration's report.
    frame = await openMigration(s);
    expect(await frame.locator('[data-testid="migration-hint"]').count()).toBe(0);
    expect(await frame.locator('[data-testid="migration-report"] [data-testid="result-title"]').textContent()).toBe('Last migration');

    editor = await openEditor(s);
    expect(await editor.locator('[data-testid="migration-hint"]').count()).toBe(0);
  });

  it('on a site without Confluence profile details: offers the file, reports its problems by line, migrates it', async () => {
    const s = await site(false);
    // Ben's department comes from LDAP: kept unless overwriting is asked for.
    await buildProfile(s.tenantId, { department: 'From LDAP' }, { accountId: 'acc-ben', valueSources: { department: 'ldap:1' } });

    const frame = await openMigration(s);
    expect(await frame.locator('[data-testid="profile-migration"]').getAttribute('data-details-available')).toBe('false');
    const availability = frame.locator('[data-testid="source-availability"]');
    expect(await availability.textContent()).toContain('Confluence Cloud no longer provides profile details to apps on this site: upload a CSV file exported from your Server/Data Center site');
    expect(await frame.locator('[data-testid="source-confluence--radio-input"]').count()).toBe(0);
    expect(await frame.locator('[data-testid="csv-block"]').isVisible()).toBe(true);
    expect(await frame.locator('[data-testid="csv-example"]').textContent()).toMatch(/^email;phone;position/);

    // No file yet: said next to the input.
    await frame.locator('[data-testid="dry-run"]').click();
    expect(await frame.locator('[data-testid="file-error"]').textContent()).toBe('Choose the CSV file first.');
    await page.screenshot({ path: screenshotPath('migration-csv-start'), fullPage: true });

    // A file the server refuses: its reason, as the dry run's result.
    await frame.locator('[data-testid="csv-file"]').setInputFiles({ name: 'names.csv', mimeType: 'text/csv', buffer: Buffer.from('name;phone\nAnn;1\n') });
    await frame.locator('[data-testid="dry-run"]').click();
    const refused = frame.locator('[data-testid="dry-run-error"]');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('The header row names no identifier column');
    // The server's error names the body (the file) in its details: said next to the file input too.
    const fileError = frame.locator('[data-testid="file-error"]');
    expect(await fileError.textContent()).toContain('The header row names no identifier column');
    expect(await frame.locator('[data-testid="csv-file"]').getAttribute('aria-invalid')).toBe('true');
    expect((await frame.locator('[data-testid="csv-file"]').getAttribute('aria-describedby'))!.split(' ')).toContain(await fileError.getAttribute('id'));
    expect(await frame.locator('[data-testid="run-migration"]').isDisabled()).toBe(true);
    await page.screenshot({ path: screenshotPath('migration-csv-refused'), fullPage: true });

    const csv =
      '\uFEFFEmail;Phone;Position;Department;Website;Shoe size\n' +
      'ann@example.com;+41 44 000 00 00;"Head; Records";Records;https://ann.example/new;42\n' +
      'BEN@example.com;;Clerk;Front office;not a web address;41\n' +
      'nobody@example.com;123;X;Y;;40\n';
    await frame.locator('[data-testid="csv-file"]').setInputFiles({ name: 'profiles.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    expect(await frame.locator('[data-testid="file-name"]').textContent()).toBe('profiles.csv');
    expect(await frame.locator('[data-testid="dry-run-error"]').count()).toBe(0); // another file, another dry run
    expect(await frame.locator('[data-testid="file-error"]').textContent()).toBe('');

    const sent = page.waitForRequest((r) => r.url().includes('/rest/v1/migration/dry-run'));
    await frame.locator('[data-testid="dry-run"]').click();
    const request = await sent;
    expect(new URL(request.url()).search).toBe('?source=csv');
    expect(request.headers()['content-type']).toBe('text/csv');
    expect(request.headers().authorization).toMatch(/^JWT /);
    const result = frame.locator('[data-testid="dry-run-result"][data-source="csv"]');
    await result.waitFor();
    expect(await count(frame, 'count-would-change')).toBe('2');
    expect(await count(frame, 'count-unmatched')).toBe('1');
    expect(await count(frame, 'count-invalid')).toBe('1');
    expect(await count(frame, 'count-kept')).toBe('1');
    expect(await result.locator('[data-testid="kept-note"]').textContent()).toContain('Also overwrite fields that LDAP or XML fill');
    expect(await result.locator('[data-testid="unknown-column"]').allTextContents()).toEqual(['shoe size']);
    const unmatched = result.locator('[data-testid="dry-run-unmatched"] [data-testid="unmatched-row"]');
    expect(await unmatched.count()).toBe(1);
    expect(await unmatched.getAttribute('data-line')).toBe('4');
    expect(await unmatched.locator('[data-testid="unmatched-line"]').textContent()).toBe('4');
    expect(await unmatched.locator('[data-testid="unmatched-identifier"]').textContent()).toBe('nobody@example.com');
    const invalid = result.locator('[data-testid="dry-run-invalid"] [data-testid="invalid-row"]');
    expect(await invalid.count()).toBe(1);
    expect(await invalid.locator('[data-testid="invalid-line"]').textContent()).toBe('3');
    expect(await invalid.locator('[data-testid="invalid-identifier"]').textContent()).toBe('BEN@example.com');
    expect(await invalid.locator('[data-testid="invalid-field"]').textContent()).toBe('Website');
    expect(await invalid.locator('[data-testid="invalid-value"]').textContent()).toBe('not a web address');
    expect(await invalid.locator('[data-testid="invalid-reason"]').textContent()).toBe('Website must be a web address starting with http:// or https://');
    // The quoted value kept its separator.
    expect(await result.locator('[data-testid="sample-row"][data-account-id="acc-ann"][data-field-key="position"] [data-testid="sample-after"]').textContent()).toBe('Head; Records');
    expect(await result.locator('[data-testid="sample-line"]').first().textContent()).toBe('Line 2');
    expect(await result.locator('[data-testid="sample-row"][data-account-id="acc-ben"][data-field-key="department"]').count()).toBe(0);
    expect(await Profile.count({ where: { tenantId: s.tenantId } })).toBe(1); // Ben's, from before
    await page.screenshot({ path: screenshotPath('migration-csv-dry-run'), fullPage: true });

    // Another option means another dry run before the run.
    await frame.locator('label', { hasText: 'Also overwrite fields that LDAP or XML fill' }).click();
    expect(await frame.locator('[data-testid="dry-run-result"]').count()).toBe(0);
    expect(await frame.locator('[data-testid="run-migration"]').isDisabled()).toBe(true);
    const again = page.waitForRequest((r) => r.url().includes('/rest/v1/migration/dry-run'));
    await frame.locator('[data-testid="dry-run"]').click();
    expect(new URL((await again).url()).search).toBe('?source=csv&overwriteSourceFields=true');
    await result.waitFor();
    expect(await count(frame, 'count-kept')).toBe('0');
    const benDepartment = result.locator('[data-testid="sample-row"][data-account-id="acc-ben"][data-field-key="department"]');
    expect(await benDepartment.locator('[data-testid="sample-before"]').textContent()).toBe('From LDAP');
    expect(await benDepartment.locator('[data-testid="sample-after"]').textContent()).toBe('Front office');

    const started = page.waitForRequest((r) => r.url().includes('/rest/v1/migration/run'));
    await runAndWaitForReport(frame, 2, 'migration-csv');
    const run = await started;
    expect(new URL(run.url()).search).toBe('?source=csv&overwriteSourceFields=true');
    expect(run.headers()['content-type']).toBe('text/csv');
    const report = frame.locator('[data-testid="migration-report"]');
    expect(await count(frame, 'report-migrated')).toBe('2');
    expect(await report.locator('[data-testid="report-unmatched"] [data-testid="unmatched-row"]').getAttribute('data-line')).toBe('4');
    expect(await report.locator('[data-testid="report-invalid"] [data-testid="invalid-line"]').allTextContents()).toEqual(['3']);
    expect(await report.locator('[data-testid="run-again"]').textContent()).toContain('The migration can run again at any time.');
    await page.screenshot({ path: screenshotPath('migration-csv-report'), fullPage: true });

    const ann = await Profile.findOne({ where: { tenantId: s.tenantId, accountId: 'acc-ann' } });
    expect(ann!.values).toEqual({ phone: '+41 44 000 00 00', position: 'Head; Records', department: 'Records', website: 'https://ann.example/new' });
    expect(ann!.valueSources).toEqual({ phone: 'migration', position: 'migration', department: 'migration', website: 'migration' });
    const ben = await Profile.findOne({ where: { tenantId: s.tenantId, accountId: 'acc-ben' } });
    expect(ben!.values).toEqual({ position: 'Clerk', department: 'Front office' }); // the bad website was skipped
    expect(ben!.valueSources).toEqual({ position: 'migration', department: 'migration' });
  });

  it('leaves out the values of categories the admin may not see, and says how many', async () => {
    const s = await site(true);
    const admin = s.as(ADMIN.accountId);
    s.host.groups.push({ id: 'group-hr-team', name: 'hr-team' });
    const restricted = (await admin.post('/rest/v1/categories', { name: 'HR only', restrictedToGroups: [{ id: 'group-hr-team', name: 'hr-team' }] }).expect(201)).body.id;
    await admin.patch('/rest/v1/fields/position', { categoryId: restricted }).expect(200);

    const frame = await openMigration(s);
    await frame.locator('[data-testid="dry-run"]').click();
    const result = frame.locator('[data-testid="dry-run-result"]');
    await result.waitFor();
    expect(await count(frame, 'count-would-change')).toBe('2');
    const note = result.locator('[data-testid="dry-run-hidden-note"]');
    expect(await note.getAttribute('data-count')).toBe('2');
    expect(await note.textContent()).toContain('2 values are in categories restricted to groups you are not in: they are not shown here.');
    expect(await result.locator('[data-testid="sample-row"][data-field-key="position"]').count()).toBe(0);
    expect(await result.locator('[data-testid="sample-row"][data-account-id="acc-ann"]').count()).toBe(5);
    expect(await result.textContent()).not.toMatch(/Archivist|Clerk/);
    await page.screenshot({ path: screenshotPath('migration-hidden-dry-run'), fullPage: true });

    await runAndWaitForReport(frame, 2, 'migration-hidden');
    expect(await frame.locator('[data-testid="migration-report"]').textContent()).not.toMatch(/Archivist|Clerk/);
  });
  it('opened outside Confluence (its URL in a tab of its own), says where to open it', async () => {
    const s = await site(false);
    await page.goto(s.host.signedUrl(app.url, ADMIN.accountId, '/admin/profile-migration'));
    await page.waitForSelector('body[data-rollcall-ready="true"]');
    expect(await page.locator('[data-testid="load-error"]').textContent()).toContain('This page works inside Confluence');
    expect(await page.locator('[data-testid="profile-migration"]').count()).toBe(0);
  });

  it("follows Confluence's dark theme, with readable contrast", async () => {
    const s = await site(false);
    await page.goto(`${s.host.pageUrl(app.url, '/admin/profile-migration', ADMIN.accountId)}&theme=dark`);
    const frame = (await (await page.waitForSelector('iframe#app-frame')).contentFrame())!;
    // The page applied Confluence's theme once it has the theme's styles.
    await frame.waitForSelector('html[data-rollcall-color-mode="dark"] [data-testid="profile-migration"][data-loaded="true"]');
    const colours = await frame.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      return {
        background: style('html').backgroundColor,
        heading: style('h1').color,
        intro: style('main > p').color,
        // Its background is a translucent tint of the page's: the page's is what the text stands on.
        example: style('[data-testid="csv-example"]').color,
        notice: style('[data-testid="source-availability"] p').color,
      };
    });
    // Dark: a dark page under light text (the light theme's page is white).
    expect(contrast(colours.background, 'rgb(0, 0, 0)')).toBeLessThan(3);
    expect(contrast(colours.heading, colours.background)).toBeGreaterThanOrEqual(7);
    expect(contrast(colours.intro, colours.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colours.example, colours.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colours.notice, colours.background)).toBeGreaterThanOrEqual(4.5);
    await page.screenshot({ path: screenshotPath('migration-dark'), fullPage: true });
  });
});
