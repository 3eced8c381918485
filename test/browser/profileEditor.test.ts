/**
 * The Profile Editor admin page in Chromium, framed by the test host, driven through its UI only.
 *
 * Hooks the page offers for tests (the React page in frontend/src/pages/profileEditor/, on Atlaskit):
 * - `[data-testid="profile-editor"]` the page root; `data-loaded="true"` once categories and fields
 *   are in; `data-migration-hint-checked="true"` once it asked whether to recommend Profile
 *   Migration (`hint-slot` → `migration-hint` with `open-migration`). The intro is `main > p`.
 * - `[data-testid="page-message"]` load errors (`load-error`) and warnings (`types-warning`).
 * - `[data-testid="add-category-form"]` with `input[name="name"]`, `add-category-submit`, errors in
 *   `error-name` and `error-form`.
 * - `[data-testid="category-list"]` holds `[data-testid="category"][data-category-id]`, each with
 *   `category-header` (draggable, `category-handle`), `category-name`, `category-rename` (opens
 *   `category-rename-form` with `category-name-input`, errors `error-name` / `error-form`),
 *   `category-restricted` (the "Restricted to:" lozenge), `category-count`,
 *   `category-move-up`/`-down`, `category-groups-toggle` (opens `group-editor`:
 *   `group-editor-status`, `group-chip` with `group-chip-remove`, `group-search`,
 *   `group-suggestions` of `group-suggestion`, `group-editor-done`), `category-delete`,
 *   `category-error`, `field-list`, `fields-empty`, `add-field`.
 * - `[data-testid="field-row"][data-field-key]` (draggable) with `field-handle`, `field-label`,
 *   `field-help` (the question mark, `data-icon="question-circle"`: title = help text, aria-label
 *   "Help: …"; for long help a button opening `help-panel` with `help-text` and `help-close`),
 *   `field-type`, `field-choices` (select types), `field-required`, `field-hidden`,
 *   `field-builtin`, `field-superior`, `field-move-up`/`-down`, `field-edit`, `field-delete`
 *   (absent on default fields), `field-error`.
 * - While a change waits for the server, its category or row has `data-pending="true"`; while a
 *   drag is over the list, the drop's place has `data-drop="before"|"after"` (a row or category)
 *   or `data-drop="inside"` (an empty `field-list`).
 * - `confirm-delete` with `confirm-delete-yes` / `confirm-delete-no` (inline, before any delete).
 * - `[data-testid="field-form"][data-mode="add"|"edit"]`: inputs named label, type (a native
 *   select), categoryId, helpText (with `help-count`), and Atlaskit checkboxes named required,
 *   shownInProfile, orgChartSuperior (edit, type user); errors in `error-<input name>` and
 *   `error-form`; `options-editor` with `option-row` (`option-label`,
 *   `option-retired--hidden-checkbox`, `option-up`/`-down`, `option-remove`, `option-undo`,
 *   `option-error`), `option-new`, `option-add`, `error-options`; `field-form-submit`,
 *   `field-form-cancel`.
 * - `[data-testid="preview"]` → `preview-body` of `preview-category` (`data-preview-category-id`,
 *   `preview-category-name`, `preview-restricted`) with `preview-field` (`data-preview-field-key`,
 *   `preview-field-label`, `preview-help`) and `preview-hidden-count`.
 */
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app';
import { contrast, launchBrowser, screenshotPath, watchCspViolations } from '../support/browser';
import { startTestHost, type TestHost } from '../support/confluenceHost';

const ADMIN = { accountId: 'admin-1', displayName: 'Ada Admin', email: 'ada@example.com', groups: ['confluence-administrators'], siteAdmin: true };
const USER = { accountId: 'user-1', displayName: 'Bo User', email: 'bo@example.com', groups: ['confluence-users'] };

let app: TestApp;
let host: TestHost;
let browser: Browser;
let page: Page;
let cspViolations: string[] = [];

beforeAll(async () => {
  host = await startTestHost({ users: [ADMIN, USER] });
  app = await startTestApp({ host });
  expect((await host.install(app.url)).status).toBe(204);
  browser = await launchBrowser();
}, 60_000);

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Fail a step well within jest's 30 s, so the failing step is the one reported.
  page.setDefaultTimeout(10_000);
  cspViolations = watchCspViolations(page);
});

afterEach(async () => {
  await page?.close();
  expect(cspViolations).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await host?.close();
});

/** The app's frame once the host page framed the Profile Editor and the editor loaded its data. */
async function editorFrame(): Promise<Frame> {
  const handle = await page.waitForSelector('iframe#app-frame');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the app iframe has no frame');
  await frame.waitForSelector('[data-testid="profile-editor"][data-loaded="true"]');
  return frame;
}

async function openEditor(): Promise<Frame> {
  await page.goto(host.pageUrl(app.url, '/admin/profile-editor', ADMIN.accountId));
  return editorFrame();
}

function category(frame: Frame, name: string): Locator {
  return frame.locator('[data-testid="category"]', { has: frame.locator('[data-testid="category-name"]', { hasText: new RegExp(`^${name}$`) }) });
}

function row(frame: Frame, label: string): Locator {
  return frame.locator('[data-testid="field-row"]', { has: frame.locator('[data-testid="field-label"]', { hasText: new RegExp(`^${label}$`) }) });
}

async function addCategory(frame: Frame, name: string): Promise<Locator> {
  const form = frame.locator('[data-testid="add-category-form"]');
  await form.locator('input[name="name"]').fill(name);
  await form.getByRole('button', { name: 'Add category' }).click();
  const added = category(frame, name);
  await added.waitFor();
  return added;
}

async function addField(frame: Frame, into: Locator, field: { label: string; type: string; helpText?: string }): Promise<Locator> {
  await into.locator('[data-testid="add-field"]').click();
  const form = into.locator('[data-testid="field-form"][data-mode="add"]');
  await form.locator('input[name="label"]').fill(field.label);
  await form.locator('select[name="type"]').selectOption(field.type);
  if (field.helpText !== undefined) await form.locator('textarea[name="helpText"]').fill(field.helpText);
  await form.locator('[data-testid="field-form-submit"]').click();
  await form.waitFor({ state: 'detached' });
  const added = into.locator('[data-testid="field-row"]', { has: frame.locator('[data-testid="field-label"]', { hasText: new RegExp(`^${field.label}$`) }) });
  await added.waitFor();
  return added;
}

async function labelsIn(where: Locator): Promise<string[]> {
  return where.locator('[data-testid="field-label"]').allTextContents();
}

/** Waits until no optimistic change is still waiting for the server. */
async function settled(frame: Frame): Promise<void> {
  await frame.waitForFunction(() => document.querySelectorAll('[data-pending="true"]').length === 0);
}


describe('the Profile Editor, driven through its UI', () => {
  it('adds a category and fields, reorders them by drag and drop, and keeps order and help text over a reload', async () => {
    let frame = await openEditor();
    expect(await frame.textContent('h1')).toBe('Profile Editor');
    expect(await frame.textContent('main > p')).toContain('Profile Editor shapes what a profile is');

    const team = await addCategory(frame, 'Team');
    const teamId = await team.getAttribute('data-category-id');
    expect(teamId).toBeTruthy();
    await expect(team.locator('[data-testid="fields-empty"]').textContent()).resolves.toContain('No fields in this category yet');

    const costCenter = await addField(frame, team, { label: 'Cost center', type: 'text', helpText: 'Ask finance' });
    const office = await addField(frame, team, { label: 'Office', type: 'text' });
    expect(await labelsIn(team)).toEqual(['Cost center', 'Office']);
    expect(await costCenter.locator('[data-testid="field-type"]').textContent()).toBe('Text');
    expect(await costCenter.locator('[data-testid="field-help"]').getAttribute('title')).toBe('Ask finance');
    // No help text, no icon.
    expect(await office.locator('[data-testid="field-help"]').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('profile-editor-fields-added'), fullPage: true });

    // Drag "Office" by its handle onto the top edge of "Cost center": it lands before it.
    await office.locator('[data-testid="field-handle"]').dragTo(costCenter, { targetPosition: { x: 60, y: 3 } });
    await frame.waitForFunction(
      (id) => Array.from(document.querySelectorAll(`[data-category-id="${id}"] [data-testid="field-label"]`)).map((el) => el.textContent).join('|') === 'Office|Cost center',
      teamId,
    );
    await settled(frame);
    expect(await frame.locator('[data-testid="field-error"]').count()).toBe(0);

    // Categories move too: drag "Team" (last) above the first category by its header.
    const firstCategoryName = await frame.locator('[data-testid="category-name"]').first().textContent();
    await team.locator('[data-testid="category-handle"]').dragTo(frame.locator('[data-testid="category"]').first(), { targetPosition: { x: 200, y: 4 } });
    await frame.waitForFunction(() => document.querySelector('[data-testid="category-name"]')?.textContent === 'Team');
    await settled(frame);
    expect(await frame.locator('[data-testid="category-name"]').nth(1).textContent()).toBe(firstCategoryName);

    await page.reload();
    frame = await editorFrame();
    const reloaded = frame.locator(`[data-category-id="${teamId}"]`);
    expect(await frame.locator('[data-testid="category-name"]').first().textContent()).toBe('Team');
    expect(await labelsIn(reloaded)).toEqual(['Office', 'Cost center']);
    const help = row(frame, 'Cost center').locator('[data-testid="field-help"]');
    expect(await help.getAttribute('title')).toBe('Ask finance');
    expect(await help.getAttribute('aria-label')).toBe('Help: Ask finance');
    expect(await help.getAttribute('data-icon')).toBe('question-circle');

    // The preview shows the profile as people see it: Team first, its fields in order, the help icon.
    const preview = frame.locator(`[data-testid="preview-category"][data-preview-category-id="${teamId}"]`);
    expect(await frame.locator('[data-testid="preview-category-name"]').first().textContent()).toBe('Team');
    expect(await preview.locator('[data-testid="preview-field-label"]').allTextContents()).toEqual(['Office', 'Cost center']);
    const previewHelp = preview.locator('[data-testid="preview-field"]', { hasText: 'Cost center' }).locator('[data-testid="preview-help"]');
    expect(await previewHelp.getAttribute('title')).toBe('Ask finance');
    expect(await previewHelp.getAttribute('aria-label')).toBe('Help: Ask finance');

    await help.hover();
    await page.screenshot({ path: screenshotPath('profile-editor-reloaded'), fullPage: true });
  });

  it('moves a field with the keyboard-friendly buttons, also into the next category, and drags one into an empty category', async () => {
    const frame = await openEditor();
    const a = await addCategory(frame, 'Skills');
    const b = await addCategory(frame, 'Hobbies');
    await addField(frame, a, { label: 'Languages', type: 'multiline' });
    await addField(frame, a, { label: 'Certificates', type: 'text' });

    await row(frame, 'Languages').locator('[data-testid="field-move-down"]').click();
    await settled(frame);
    expect(await labelsIn(a)).toEqual(['Certificates', 'Languages']);
    // Focus stays on the button that was pressed, so it can be pressed again.
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('field-move-down');
    await page.keyboard.press('Enter');
    await frame.waitForFunction(() => !document.querySelector('[data-pending="true"]'));
    await b.locator('[data-testid="field-row"]').first().waitFor();
    await settled(frame);
    expect(await labelsIn(a)).toEqual(['Certificates']);
    expect(await labelsIn(b)).toEqual(['Languages']);

    // Drag and drop into an empty category. While a field is dragged over it, the drop zone is
    // marked (synthetic events: Playwright's drag emulation sends no dragover between moves).
    const archive = await addCategory(frame, 'Archive');
    const dataTransfer = await frame.evaluateHandle(() => new DataTransfer());
    await row(frame, 'Certificates').dispatchEvent('dragstart', { dataTransfer });
    await archive.locator('[data-testid="fields-empty"]').dispatchEvent('dragover', { dataTransfer });
    expect(await archive.locator('[data-testid="field-list"]').getAttribute('data-drop')).toBe('inside');
    await archive.screenshot({ path: screenshotPath('profile-editor-drop-into-empty') });
    await row(frame, 'Certificates').dispatchEvent('dragend', { dataTransfer });
    expect(await archive.locator('[data-drop]').count()).toBe(0);

    // Both ends of a mouse drag must be on screen.
    await page.setViewportSize({ width: 1280, height: 2000 });
    const source = await row(frame, 'Certificates').locator('[data-testid="field-handle"]').boundingBox();
    const target = await archive.locator('[data-testid="fields-empty"]').boundingBox();
    if (!source || !target) throw new Error('nothing to drag');
    await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
    await page.mouse.down();
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
    await page.mouse.up();
    await archive.locator('[data-testid="field-row"]').first().waitFor();
    await settled(frame);
    expect(await labelsIn(archive)).toEqual(['Certificates']);
    expect(await a.locator('[data-testid="fields-empty"]').count()).toBe(1);

    await page.reload();
    const again = await editorFrame();
    expect(await labelsIn(category(again, 'Skills'))).toEqual([]);
    expect(await labelsIn(category(again, 'Hobbies'))).toEqual(['Languages']);
    expect(await labelsIn(category(again, 'Archive'))).toEqual(['Certificates']);
  });

  it('shows the server\'s refusal of markup next to the help text input', async () => {
    const frame = await openEditor();
    const notes = await addCategory(frame, 'Notes');
    await notes.locator('[data-testid="add-field"]').click();
    const form = notes.locator('[data-testid="field-form"]');
    await form.locator('input[name="label"]').fill('Biography');
    await form.locator('textarea[name="helpText"]').fill('Say <b>who</b> you are');
    const refusal = page.waitForResponse((r) => r.url().endsWith('/rest/v1/fields') && r.request().method() === 'POST');
    await form.locator('[data-testid="field-form-submit"]').click();
    const response = await refusal;
    expect(response.status()).toBe(400);
    const body = (await response.json()) as { error: string; details: Array<{ message: string }> };
    expect(body.error).toBe('validation_failed');

    const helpError = form.locator('[data-testid="error-helpText"]');
    await expect(helpError.textContent()).resolves.toBe(body.details[0].message);
    expect(await helpError.isVisible()).toBe(true);
    expect(await form.locator('[data-testid="error-label"]').textContent()).toBe('');
    expect(await form.locator('[data-testid="error-form"]').textContent()).toBe('');
    expect(await form.locator('textarea[name="helpText"]').getAttribute('aria-invalid')).toBe('true');
    // Nothing was created; the form keeps what was typed.
    expect(await notes.locator('[data-testid="field-row"]').count()).toBe(0);
    expect(await form.locator('textarea[name="helpText"]').inputValue()).toBe('Say <b>who</b> you are');
    await page.screenshot({ path: screenshotPath('profile-editor-help-markup-refused'), fullPage: true });
    await notes.screenshot({ path: screenshotPath('profile-editor-help-markup-refused-detail') });

    // Fixing it saves the field.
    await form.locator('textarea[name="helpText"]').fill('Say who you are');
    await form.locator('[data-testid="field-form-submit"]').click();
    await row(frame, 'Biography').waitFor();
    expect(await row(frame, 'Biography').locator('[data-testid="field-help"]').getAttribute('title')).toBe('Say who you are');
  });

  it('takes a help text of 10,000 characters and shows it in a panel in the field list and the preview', async () => {
    const frame = await openEditor();
    const handbook = await addCategory(frame, 'Handbook');
    const rule = 'Expense codes come from the finance handbook, chapter 4: travel is T-100 to T-199, equipment E-200 to E-299, training L-300 to L-399. Ask finance before you invent one. ';
    let help = '';
    for (let n = 1; help.length < 10_000; n++) help += (help ? '\n\n' : '') + `${n}. ${rule}${rule}`.trim();
    help = help.slice(0, 10_000).trimEnd();

    await handbook.locator('[data-testid="add-field"]').click();
    const form = handbook.locator('[data-testid="field-form"][data-mode="add"]');
    await form.locator('input[name="label"]').fill('Expense code');
    await form.locator('textarea[name="helpText"]').fill(help);
    expect(await form.locator('[data-testid="help-count"]').textContent()).toBe(`${help.length.toLocaleString('en')} / 10,000`);
    await form.locator('[data-testid="field-form-submit"]').click();
    await form.waitFor({ state: 'detached' });
    const expense = row(frame, 'Expense code');
    await expense.waitFor();

    // The list: the (?) is a button that opens the whole text below the row; Escape closes it.
    const button = expense.locator('[data-testid="field-help"]');
    expect(await button.getAttribute('aria-label')).toBe('Help: Expense code');
    await button.click();
    const panel = expense.locator('[data-testid="help-panel"]');
    await panel.waitFor({ state: 'visible' });
    expect(await panel.locator('[data-testid="help-text"]').textContent()).toBe(help);
    expect(await expense.getAttribute('draggable')).toBe('false'); // its text can be selected
    await expense.screenshot({ path: screenshotPath('profile-editor-long-help-row') });
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('field-help');
    expect(await expense.getAttribute('draggable')).toBe('true');

    // The preview, by keyboard: Enter opens, the text scrolls within its height, Close closes.
    const previewField = frame.locator('[data-testid="preview-field"]', { hasText: 'Expense code' });
    const previewButton = previewField.locator('[data-testid="preview-help"]');
    await previewButton.focus();
    await page.keyboard.press('Enter');
    const previewPanel = previewField.locator('[data-testid="help-panel"]');
    await previewPanel.waitFor({ state: 'visible' });
    const text = previewPanel.locator('[data-testid="help-text"]');
    expect(await text.textContent()).toBe(help);
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('help-text');
    const box = await text.evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight }));
    expect(box.client).toBeLessThanOrEqual(240);
    expect(box.scroll).toBeGreaterThan(box.client);
    await previewField.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('profile-editor-long-help-preview'), fullPage: true });
    await previewPanel.locator('[data-testid="help-close"]').click();
    await previewPanel.waitFor({ state: 'hidden' });
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('preview-help');
  });

  it('does not offer to delete a default field, and confirms before deleting others', async () => {
    const frame = await openEditor();
    const defaults = frame.locator('[data-testid="field-row"]', { has: frame.locator('[data-testid="field-builtin"]') });
    expect((await defaults.locator('[data-testid="field-label"]').allTextContents()).sort()).toEqual(
      ['Department', 'IM', 'Location', 'Phone', 'Position', 'Website'].sort(),
    );
    for (const builtin of await defaults.all()) {
      expect(await builtin.locator('[data-testid="field-delete"]').count()).toBe(0);
      expect(await builtin.locator('[data-testid="field-edit"]').count()).toBe(1);
    }
    expect(await defaults.first().locator('[data-testid="field-builtin"]').getAttribute('title')).toContain('not deleted');

    // A field of one's own can be deleted, after a confirmation.
    const misc = await addCategory(frame, 'Misc');
    const nickname = await addField(frame, misc, { label: 'Nickname', type: 'text' });
    await nickname.locator('[data-testid="field-delete"]').click();
    const confirm = nickname.locator('[data-testid="confirm-delete"]');
    expect(await confirm.textContent()).toContain('Delete the field “Nickname”?');
    await page.screenshot({ path: screenshotPath('profile-editor-confirm-delete'), fullPage: true });
    await confirm.locator('[data-testid="confirm-delete-no"]').click();
    expect(await nickname.locator('[data-testid="confirm-delete"]').count()).toBe(0);
    await nickname.locator('[data-testid="field-delete"]').click();
    await nickname.locator('[data-testid="confirm-delete-yes"]').click();
    await nickname.waitFor({ state: 'detached' });

    // A category holding fields is refused, with the server's message next to it.
    const contact = category(frame, 'Contact');
    await contact.locator('[data-testid="category-delete"]').click();
    await contact.locator('[data-testid="confirm-delete-yes"]').click();
    const refused = contact.locator('[data-testid="category-error"]');
    await frame.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="category-error"]')).some((el) => el.textContent));
    expect(await refused.textContent()).not.toBe('');
    await page.screenshot({ path: screenshotPath('profile-editor-category-refused'), fullPage: true });

    // Renaming inline: a clash is refused next to the name input; Escape leaves the name as it was.
    const miscById = frame.locator(`[data-category-id="${await misc.getAttribute('data-category-id')}"]`);
    await misc.locator('[data-testid="category-rename"]').click();
    const rename = miscById.locator('[data-testid="category-rename-form"]');
    await rename.locator('input[name="name"]').fill('Contact');
    await rename.locator('input[name="name"]').press('Enter');
    await frame.waitForFunction(() => !!document.querySelector('[data-testid="category-rename-form"] [data-testid="error-name"]')?.textContent);
    expect(await rename.locator('[data-testid="error-name"]').textContent()).toContain('already exists');
    await miscById.screenshot({ path: screenshotPath('profile-editor-rename-refused') });
    await rename.locator('input[name="name"]').press('Escape');
    expect(await miscById.locator('[data-testid="category-name"]').textContent()).toBe('Misc');
    // Focus went back to the rename button.
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('category-rename');
    await miscById.locator('[data-testid="category-rename"]').click();
    await rename.locator('input[name="name"]').fill('Odds and ends');
    await rename.locator('input[name="name"]').press('Enter');
    const renamed = category(frame, 'Odds and ends');
    await renamed.waitFor();
    expect(await frame.locator('[data-testid="preview-category-name"]', { hasText: 'Odds and ends' }).count()).toBe(1);

    // An empty one goes.
    await renamed.locator('[data-testid="category-delete"]').click();
    await renamed.locator('[data-testid="confirm-delete-yes"]').click();
    await renamed.waitFor({ state: 'detached' });
  });

  it('edits a select field\'s choices and restricts a category to a group', async () => {
    const frame = await openEditor();
    const office = await addCategory(frame, 'Office');
    await office.locator('[data-testid="add-field"]').click();
    const form = office.locator('[data-testid="field-form"]');
    await form.locator('input[name="label"]').fill('Floor');
    await form.locator('select[name="type"]').selectOption('select');
    for (const choice of ['Ground', 'First', 'Second']) {
      await form.locator('[data-testid="option-new"]').fill(choice);
      await form.locator('[data-testid="option-new"]').press('Enter');
    }
    await form.locator('[data-testid="field-form-submit"]').click();
    const floor = row(frame, 'Floor');
    await floor.waitFor();
    expect(await floor.locator('[data-testid="field-type"]').textContent()).toBe('Single select');

    // Edit: rename a choice, move it, retire another.
    await floor.locator('[data-testid="field-edit"]').click();
    const edit = office.locator('[data-testid="field-form"][data-mode="edit"]');
    const typeChoices = await edit.locator('select[name="type"] option').evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value));
    expect(typeChoices[0]).toBe('select');
    await edit.locator('[data-testid="option-label"]').nth(2).fill('Second floor');
    await edit.locator('[data-testid="option-row"]').nth(2).locator('[data-testid="option-up"]').click();
    // Atlaskit draws the box; the label is what a person clicks.
    const ground = edit.locator('[data-testid="option-row"]').nth(0);
    await ground.locator('label', { hasText: 'Retired' }).click();
    expect(await ground.locator('[data-testid="option-retired--hidden-checkbox"]').isChecked()).toBe(true);
    await page.screenshot({ path: screenshotPath('profile-editor-edit-select'), fullPage: true });
    await office.screenshot({ path: screenshotPath('profile-editor-edit-select-detail') });
    await edit.locator('[data-testid="field-form-submit"]').click();
    await edit.waitFor({ state: 'detached' });
    expect(await floor.locator('[data-testid="field-choices"]').textContent()).toBe('2 choices, 1 retired');
    // The preview offers the first choice still offered: "Second floor".
    const previewField = frame.locator('[data-testid="preview-field"]', { hasText: 'Floor' });
    expect(await previewField.locator('dd').textContent()).toBe('Second floor');

    // Visibility: pick a group from Confluence's group picker.
    await office.locator('[data-testid="category-groups-toggle"]').click();
    const editor = office.locator('[data-testid="group-editor"]');
    expect(await editor.locator('[data-testid="group-editor-status"]').textContent()).toContain('Everyone can see this category');
    await editor.locator('[data-testid="group-search"]').fill('users');
    const suggestion = editor.locator('[data-testid="group-suggestion"]', { hasText: 'confluence-users' });
    await suggestion.waitFor();
    await office.screenshot({ path: screenshotPath('profile-editor-group-picker') });
    await suggestion.click();
    await office.locator('[data-testid="category-restricted"]').waitFor();
    expect(await office.locator('[data-testid="category-restricted"]').textContent()).toContain('Restricted to: confluence-users');
    expect(await editor.locator('[data-testid="group-chip"]').allTextContents()).toEqual(['confluence-users']);
    const officePreview = frame.locator(`[data-preview-category-id="${await office.getAttribute('data-category-id')}"]`);
    expect(await officePreview.locator('[data-testid="preview-restricted"]').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('profile-editor-restricted'), fullPage: true });
    await office.screenshot({ path: screenshotPath('profile-editor-restricted-detail') });

    await page.reload();
    const again = await editorFrame();
    expect(await category(again, 'Office').locator('[data-testid="category-restricted"]').textContent()).toContain('confluence-users');
    await category(again, 'Office').locator('[data-testid="category-groups-toggle"]').click();
    await category(again, 'Office').locator('[data-testid="group-chip-remove"]').click();
    await category(again, 'Office').locator('[data-testid="category-restricted"]').waitFor({ state: 'detached' });
    expect(await category(again, 'Office').locator('[data-testid="group-editor-status"]').textContent()).toContain('Everyone can see this category');
  }, 60_000); // two editors and a reload: over 30 s when the machine is busy

  it('makes a user field the org chart superior, and shows why a second one is refused', async () => {
    const frame = await openEditor();
    const reporting = await addCategory(frame, 'Reporting');
    const manager = await addField(frame, reporting, { label: 'Manager', type: 'user' });
    const mentor = await addField(frame, reporting, { label: 'Mentor', type: 'user' });

    await manager.locator('[data-testid="field-edit"]').click();
    let form = reporting.locator('[data-testid="field-form"][data-mode="edit"]');
    // Type changes are limited to what existing values convert to.
    expect(await form.locator('select[name="type"] option').evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value))).toEqual(['user', 'multiuser']);
    await form.locator('label', { hasText: 'Org chart superior' }).click();
    await form.locator('[data-testid="field-form-submit"]').click();
    await form.waitFor({ state: 'detached' });
    expect(await manager.locator('[data-testid="field-superior"]').count()).toBe(1);

    await mentor.locator('[data-testid="field-edit"]').click();
    form = reporting.locator('[data-testid="field-form"][data-mode="edit"]');
    await form.locator('label', { hasText: 'Org chart superior' }).click();
    await form.locator('[data-testid="field-form-submit"]').click();
    const refusal = form.locator('[data-testid="error-orgChartSuperior"]');
    await frame.waitForFunction(() => !!document.querySelector('[data-testid="error-orgChartSuperior"]')?.textContent);
    expect(await refusal.textContent()).toContain('Manager');
    await reporting.screenshot({ path: screenshotPath('profile-editor-superior-refused') });
    await form.locator('[data-testid="field-form-cancel"]').click();
    expect(await mentor.locator('[data-testid="field-superior"]').count()).toBe(0);

    // A text field offers no superior checkbox.
    const nickname = await addField(frame, reporting, { label: 'Call sign', type: 'text' });
    await nickname.locator('[data-testid="field-edit"]').click();
    form = reporting.locator('[data-testid="field-form"][data-mode="edit"]');
    expect(await form.locator('input[name="orgChartSuperior"]').isVisible()).toBe(false);
  });

  it("follows Confluence's dark theme, with readable contrast", async () => {
    await page.goto(`${host.pageUrl(app.url, '/admin/profile-editor', ADMIN.accountId)}&theme=dark`);
    const frame = (await (await page.waitForSelector('iframe#app-frame')).contentFrame())!;
    await frame.waitForSelector('html[data-rollcall-color-mode="dark"] [data-testid="profile-editor"][data-loaded="true"]');
    const colours = await frame.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      return {
        background: style('html').backgroundColor,
        heading: style('h1').color,
        intro: style('main > p').color,
        category: style('[data-testid="category-name"]').color,
        field: style('[data-testid="field-label"]').color,
        type: style('[data-testid="field-type"]').color,
        preview: style('[data-testid="preview-field-label"]').color,
      };
    });
    // Dark: a dark page under light text (the light theme's page is white).
    expect(contrast(colours.background, 'rgb(0, 0, 0)')).toBeLessThan(3);
    expect(contrast(colours.heading, colours.background)).toBeGreaterThanOrEqual(7);
    for (const text of [colours.intro, colours.category, colours.field, colours.type, colours.preview]) expect(contrast(text, colours.background)).toBeGreaterThanOrEqual(4.5);
    await page.screenshot({ path: screenshotPath('profile-editor-dark'), fullPage: true });
  });
});
