import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditEvent, DirectoryEntry, Profile } from '../../src/db/models';
import { startTestApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import { ADMIN, installSite, type Site } from '../support/sites';

const importDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-imports-'));
let app: TestApp;
const sites: Site[] = [];

beforeAll(async () => {
  app = await startTestApp({ env: { XML_IMPORT_DIR: importDir } });
});
afterAll(async () => {
  await Promise.all(sites.map((s) => s.close()));
  await app?.close();
  fs.rmSync(importDir, { recursive: true, force: true });
});

const people: FixtureUser[] = [
  ADMIN,
  { accountId: 'acc-ada', displayName: 'Ada Lovelace', email: 'lovelace@example.com', groups: ['confluence-users'] },
  { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] },
  { accountId: 'acc-bob', displayName: 'Bob Boss', email: 'bob@example.com', groups: ['confluence-users'] },
];

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const exportXml = (body: string) => Buffer.concat([BOM, Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<identities>\n${body}\n</identities>\n`)]);
const FIXTURE = exportXml(`  <identity><mail>LoveLace@example.com</mail><department>Analytical Engines</department><team>Platform</team><manager>bob@example.com</manager></identity>
  <identity><mail>zoe@example.com</mail><department>Forschung &amp; Entwicklung</department><team/><city>Zürich</city></identity>
  <identity><mail>bob@example.com</mail><department>Board</department></identity>
  <identity><mail>nobody@example.com</mail><department>Ghosts</department></identity>`);

interface World {
  site: Site;
  sourceId: string;
  admin: ReturnType<Site['as']>;
}

async function world(location: object = { kind: 'upload' }, settings: object = {}, users: FixtureUser[] = people): Promise<World> {
  const site = await installSite(app, users);
  sites.push(site);
  const admin = site.as(ADMIN.accountId);
  const team = (await admin.post('/rest/v1/categories', { name: 'Org' }).expect(201)).body.id;
  await admin.post('/rest/v1/fields', { label: 'Team', type: 'text', categoryId: team }).expect(201);
  await admin.post('/rest/v1/fields', { label: 'Manager', type: 'user', categoryId: team }).expect(201);
  const created = await admin.post('/rest/v1/sources', { kind: 'xml', name: 'SAP export', settings: { location, recordPath: 'identities/identity', matchPath: 'mail', ...settings } }).expect(201);
  await admin
    .put(`/rest/v1/sources/${created.body.id}/mappings`, {
      mappings: [
        { fieldKey: 'department', attribute: 'department' },
        { fieldKey: 'team', attribute: 'team' },
        { fieldKey: 'location', attribute: 'city' },
        { fieldKey: 'manager', attribute: 'manager' },
      ],
    })
    .expect(200);
  return { site, sourceId: created.body.id, admin };
}

const upload = (w: World, bytes: Buffer) => w.admin.put(`/rest/v1/sources/${w.sourceId}/file?name=export.xml`).set('Content-Type', 'application/xml').send(bytes).expect(200);

async function sync(w: World, sourceId = w.sourceId) {
  const started = await w.admin.post(`/rest/v1/sources/${sourceId}/sync`, {}).expect(202);
  await app.sync.waitFor(started.body.runId);
  return (await w.admin.get(`/rest/v1/sync-runs/${started.body.runId}`).expect(200)).body;
}

const profile = async (w: World, accountId: string) => (await Profile.findOne({ where: { tenantId: w.site.tenantId, accountId } }))?.values;

describe('XML sources', () => {
  it('read an upload larger than the slices it is read in (4 MB) byte for byte', async () => {
    const w = await world();
    // Three slices: a record at the start, 9 MB of comment (non-ASCII, so slice borders fall inside characters), a record at the end.
    const padding = `<!-- ${'Zürich Ødegaard Łukasz '.repeat(Math.ceil(9_000_000 / 26))} -->`;
    await upload(w, exportXml(`<identity><mail>zoe@example.com</mail><department>First</department></identity>\n${padding}\n<identity><mail>bob@example.com</mail><department>Last</department></identity>`));
    const run = await sync(w);
    expect(run).toMatchObject({ status: 'succeeded', counts: { seen: 2, added: 2, failed: 0 } });
    expect(await profile(w, 'acc-zoe')).toMatchObject({ department: 'First' });
    expect(await profile(w, 'acc-bob')).toMatchObject({ department: 'Last' });
  });

  it('fill profiles from an uploaded export with a BOM and non-ASCII text, matching emails in any case', async () => {
    const w = await world();
    const uploaded = (await upload(w, FIXTURE)).body;
    expect(uploaded.file).toMatchObject({ name: 'export.xml', size: FIXTURE.length });
    const test = (await w.admin.post(`/rest/v1/sources/${w.sourceId}/test`).expect(200)).body;
    expect(test).toMatchObject({ ok: true, records: 4, duplicates: [] });
    expect(test.samples[1]).toMatchObject({ matchValue: 'zoe@example.com', values: { department: 'Forschung & Entwicklung', team: null, location: 'Zürich' } });

    const run = await sync(w);
    expect(run).toMatchObject({ status: 'succeeded', counts: { seen: 4, added: 3, unmatched: 1, failed: 0 } });
    expect(await profile(w, 'acc-ada')).toEqual({ department: 'Analytical Engines', team: 'Platform', manager: 'acc-bob' });
    expect(await profile(w, 'acc-zoe')).toEqual({ department: 'Forschung & Entwicklung', location: 'Zürich' });
  });

  it('clears a field for an element present but empty, and leaves it alone when the element is absent', async () => {
    const w = await world();
    await upload(w, exportXml('<identity><mail>zoe@example.com</mail><team>Research</team><manager>bob@example.com</manager></identity><identity><mail>bob@example.com</mail></identity>'));
    await sync(w);
    expect(await profile(w, 'acc-zoe')).toEqual({ team: 'Research', manager: 'acc-bob' });
    await upload(w, exportXml('<identity><mail>zoe@example.com</mail><team/></identity><identity><mail>bob@example.com</mail></identity>'));
    await sync(w);
    // <team/> is present but empty: cleared; <manager> is absent: left as it was.
    const zoe = await Profile.findOne({ where: { tenantId: w.site.tenantId, accountId: 'acc-zoe' } });
    expect(zoe!.values).toEqual({ manager: 'acc-bob' });
    expect(zoe!.valueSources.team).toBe(`xml:${w.sourceId}`);
  });

  it('fill a field two sources map from the higher priority one that has a value, and follow a new priority or a disabled source', async () => {
    const w = await world(); // "SAP export", priority 1
    const hr = (await w.admin.post('/rest/v1/sources', { kind: 'xml', name: 'HR export', settings: { location: { kind: 'upload' }, recordPath: 'people/person', matchPath: 'email' } }).expect(201)).body;
    expect(hr.priority).toBe(2);
    await w.admin.put(`/rest/v1/sources/${hr.id}/mappings`, { mappings: [{ fieldKey: 'department', attribute: 'unit' }] }).expect(200);
    await upload(w, exportXml('<identity><mail>lovelace@example.com</mail><department>Analytical Engines</department></identity><identity><mail>zoe@example.com</mail><department/></identity>'));
    const hrFile = '<people><person><email>lovelace@example.com</email><unit>Mathematics</unit></person><person><email>zoe@example.com</email><unit>Research</unit></person><person><email>bob@example.com</email><unit>Board</unit></person></people>';
    await w.admin.put(`/rest/v1/sources/${hr.id}/file?name=hr.xml`).set('Content-Type', 'application/xml').send(Buffer.from(hrFile)).expect(200);
    await sync(w);
    await sync(w, hr.id);
    const departments = async () =>
      Object.fromEntries(
        (await Profile.findAll({ where: { tenantId: w.site.tenantId } })).map((p) => [p.accountId, `${p.values.department ?? '-'} (${p.valueSources.department ?? '-'})`]),
      );
    const sap = `xml:${w.sourceId}`;
    const hrKey = `xml:${hr.id}`;
    // SAP (1) wins where it has a value; Zoë's is empty there, so HR's counts.
    expect(await departments()).toEqual({ 'acc-ada': `Analytical Engines (${sap})`, 'acc-zoe': `Research (${hrKey})`, 'acc-bob': `Board (${hrKey})` });

    // HR first: no entry changes, yet the next run (of either source) rebuilds the people HR has.
    await w.admin.patch(`/rest/v1/sources/${hr.id}`, { priority: 1 }).expect(200);
    await w.admin.patch(`/rest/v1/sources/${w.sourceId}`, { priority: 2 }).expect(200);
    expect((await departments())['acc-ada']).toBe(`Analytical Engines (${sap})`);
    expect((await sync(w)).counts).toMatchObject({ seen: 2, unchanged: 2 });
    expect(await departments()).toEqual({ 'acc-ada': `Mathematics (${hrKey})`, 'acc-zoe': `Research (${hrKey})`, 'acc-bob': `Board (${hrKey})` });
    const synced = await AuditEvent.findAll({ where: { tenantId: w.site.tenantId, action: 'profile.synced', subjectId: 'acc-ada' }, order: [['id', 'ASC']] });
    expect(synced.at(-1)!.details).toMatchObject({ fields: { department: { before: 'Analytical Engines', after: 'Mathematics', source: hrKey } } });

    // HR disabled: its values no longer count where SAP maps the field (Zoë's is empty there);
    // Bob, whom only HR has, keeps his, as when a source is deleted.
    await w.admin.patch(`/rest/v1/sources/${hr.id}`, { enabled: false }).expect(200);
    await sync(w);
    expect(await departments()).toEqual({ 'acc-ada': `Analytical Engines (${sap})`, 'acc-zoe': `- (${sap})`, 'acc-bob': `Board (${hrKey})` });
  });

  it('rebuild a profile from the other source when its entry leaves the one with priority', async () => {
    const w = await world({ kind: 'upload' }, { goneThresholdPercent: 50 }); // "SAP export", priority 1
    const hr = (await w.admin.post('/rest/v1/sources', { kind: 'xml', name: 'HR export', settings: { location: { kind: 'upload' }, recordPath: 'people/person', matchPath: 'email' } }).expect(201)).body;
    await w.admin.put(`/rest/v1/sources/${hr.id}/mappings`, { mappings: [{ fieldKey: 'department', attribute: 'unit' }] }).expect(200);
    const hrFile = '<people><person><email>lovelace@example.com</email><unit>Mathematics</unit></person><person><email>zoe@example.com</email><unit>HR research</unit></person></people>';
    await w.admin.put(`/rest/v1/sources/${hr.id}/file?name=hr.xml`).set('Content-Type', 'application/xml').send(Buffer.from(hrFile)).expect(200);
    await upload(w, exportXml('<identity><mail>lovelace@example.com</mail><department>Analytical Engines</department><team>Platform</team></identity><identity><mail>zoe@example.com</mail><department>Research</department></identity>'));
    await sync(w);
    await sync(w, hr.id);
    expect(await profile(w, 'acc-ada')).toEqual({ department: 'Analytical Engines', team: 'Platform' });

    // Ada leaves SAP's file: HR's department takes over; SAP's team, which only SAP maps, is kept.
    await upload(w, exportXml('<identity><mail>zoe@example.com</mail><department>Research</department></identity>'));
    expect((await sync(w)).counts).toMatchObject({ removed: 1 });
    const ada = await Profile.findOne({ where: { tenantId: w.site.tenantId, accountId: 'acc-ada' } });
    expect(ada!.values).toEqual({ department: 'Mathematics', team: 'Platform' });
    expect(ada!.valueSources.department).toBe(`xml:${hr.id}`);
    expect(ada!.leftDirectoryAt).toBeNull(); // still in HR's export

    // SAP deleted: with HR's next run, Zoë's department is HR's; Ada's team, which only SAP filled, stays.
    expect((await profile(w, 'acc-zoe'))!.department).toBe('Research');
    await w.admin.delete(`/rest/v1/sources/${w.sourceId}`).expect(204);
    await sync(w, hr.id);
    expect(await profile(w, 'acc-zoe')).toEqual({ department: 'HR research' });
    expect(await profile(w, 'acc-ada')).toEqual({ department: 'Mathematics', team: 'Platform' });
  });

  it('match by account id when told to', async () => {
    const w = await world({ kind: 'upload' }, { matchPath: '@account', matchBy: 'accountId' });
    await upload(w, exportXml('<identity account="acc-bob"><department>Board</department></identity><identity account="acc-unknown"><department>X</department></identity>'));
    const run = await sync(w);
    expect(run.counts).toMatchObject({ seen: 2, added: 1, unmatched: 1 });
    expect(await profile(w, 'acc-bob')).toEqual({ department: 'Board' });
  });

  it('report duplicate match keys with their positions, skip them, and import the rest', async () => {
    const w = await world();
    await upload(w, exportXml('<identity><mail>lovelace@example.com</mail><department>A</department></identity>\n<identity><mail>bob@example.com</mail><department>B</department></identity>\n<identity><mail>Lovelace@Example.com</mail><department>C</department></identity>'));
    const run = await sync(w);
    expect(run.counts).toMatchObject({ seen: 3, added: 1, failed: 2 });
    expect(run.errors.map((e: { reason: string }) => e.reason)).toEqual([
      'The match key "lovelace@example.com" appears more than once (also record 3 (line 5)): all of them were skipped.',
      'The match key "lovelace@example.com" appears more than once (also record 1 (line 3)): all of them were skipped.',
    ]);
    expect(await profile(w, 'acc-ada')).toBeUndefined();
    expect(await profile(w, 'acc-bob')).toEqual({ department: 'B' });
  });

  it('write nothing for a malformed file, and say where it is broken', async () => {
    const w = await world();
    await upload(w, FIXTURE);
    await sync(w);
    const before = await Profile.findAll({ where: { tenantId: w.site.tenantId }, order: [['accountId', 'ASC']] });
    await upload(w, Buffer.from('<identities>\n<identity><mail>lovelace@example.com</mail><department>Changed</department></identity>\n<identity><mail>bob@example.com</department></identity>\n</identities>'));
    const test = (await w.admin.post(`/rest/v1/sources/${w.sourceId}/test`).expect(200)).body;
    expect(test).toMatchObject({ ok: false, error: { step: 'parse', line: 3 } });
    const run = await sync(w);
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(/line 3, column \d+/);
    const after = await Profile.findAll({ where: { tenantId: w.site.tenantId }, order: [['accountId', 'ASC']] });
    expect(after.map((p) => [p.accountId, p.version, p.values.department])).toEqual(before.map((p) => [p.accountId, p.version, p.values.department]));
  });

  it('refuse DTDs: no external entity (XXE) and no entity expansion', async () => {
    const w = await world();
    await upload(w, Buffer.from(`<?xml version="1.0"?><!DOCTYPE identities [<!ENTITY secret SYSTEM "file:///etc/passwd">]><identities><identity><mail>lovelace@example.com</mail><department>&secret;</department></identity></identities>`));
    const run = await sync(w);
    expect(run).toMatchObject({ status: 'failed', message: expect.stringMatching(/A DTD .* is not allowed/) });
    expect(await profile(w, 'acc-ada')).toBeUndefined();
  });

  it("read files by path from the site's own directory in the import directory", async () => {
    const a = await world({ kind: 'path', path: 'hr/people.xml' });
    fs.mkdirSync(path.join(importDir, a.site.tenantId, 'hr'), { recursive: true });
    fs.writeFileSync(path.join(importDir, a.site.tenantId, 'hr', 'people.xml'), FIXTURE);
    expect((await sync(a)).counts).toMatchObject({ seen: 4, added: 3 });

    const b = await world({ kind: 'path', path: 'placeholder.xml' });
    const bDir = path.join(importDir, b.site.tenantId);
    const missingDir = (await b.admin.post(`/rest/v1/sources/${b.sourceId}/test`).expect(200)).body;
    expect(missingDir.error.message).toBe(`This site has no import directory on the server yet: the server's operator creates ${bDir}/ and puts the site's files there.`);
    expect((await b.admin.get('/rest/v1/sources').expect(200)).body.importDirectory).toBe(`${bDir}/`);
  });

  it("refuse every path to another site's file with the message a missing file gets", async () => {
    const a = await world({ kind: 'path', path: 'hr.xml' });
    const aDir = path.join(importDir, a.site.tenantId);
    fs.mkdirSync(aDir);
    fs.writeFileSync(path.join(aDir, 'hr.xml'), FIXTURE);
    // Two admins of B take turns: the connection test allows one admin 10 a minute (http/rateLimit.ts).
    const otherAdmin: FixtureUser = { ...ADMIN, accountId: 'admin-2', displayName: 'Ole Admin', email: 'ole@example.com' };
    const b = await world({ kind: 'path', path: 'hr.xml' }, {}, [...people, otherAdmin]);
    const admins = [b.admin, b.site.as(otherAdmin.accountId)];
    let calls = 0;
    const bDir = path.join(importDir, b.site.tenantId);
    fs.mkdirSync(path.join(bDir, 'hr'), { recursive: true });
    fs.writeFileSync(path.join(bDir, 'own.xml'), FIXTURE);
    fs.symlinkSync(path.join(aDir, 'hr.xml'), path.join(bDir, 'link.xml'));
    fs.symlinkSync(aDir, path.join(bDir, 'a'));
    fs.symlinkSync(path.join(bDir, 'own.xml'), path.join(bDir, 'hr', 'own-link.xml'));
    execFileSync('mkfifo', [path.join(bDir, 'fifo.xml')]);
    const read = async (where: string) => {
      await b.admin.patch(`/rest/v1/sources/${b.sourceId}`, { settings: { location: { kind: 'path', path: where }, recordPath: 'identities/identity', matchPath: 'mail' } }).expect(200);
      return (await admins[calls++ % 2].post(`/rest/v1/sources/${b.sourceId}/test`).expect(200)).body;
    };
    const refusal = (where: string) => ({ ok: false, error: { step: 'read', message: `${where} is not a file the app can read in this site's import directory (${bDir}/): paths are relative to it, without "..", and links are not followed.` } });
    for (const where of [
      'hr.xml', // A's file by name: B has none of that name
      'missing.xml',
      `../${a.site.tenantId}/hr.xml`,
      `hr/../../${a.site.tenantId}/hr.xml`,
      path.join(aDir, 'hr.xml'), // absolute
      'link.xml', // a link inside B's directory to A's file
      'a/hr.xml', // a link inside B's directory to A's directory
      'hr/own-link.xml', // a link, even to B's own file
      'hr', // a directory
      '../../../../etc/passwd',
      'fifo.xml', // opened without waiting for a writer
    ]) {
      expect({ where, result: await read(where) }).toEqual({ where, result: refusal(where) });
    }
    expect(await read('./own.xml')).toMatchObject({ ok: true, records: 4, file: { name: 'own.xml' } });
    // A sync gives the same message; A still reads its own file.
    await read('link.xml');
    expect(await sync(b)).toMatchObject({ status: 'failed', message: refusal('link.xml').error.message });
    expect((await sync(a)).counts).toMatchObject({ seen: 4, added: 3 });
  });

  it('writes nothing on a re-run with nothing changed, and marks people no longer in the file (values kept)', async () => {
    const w = await world({ kind: 'upload' }, { goneThresholdPercent: 50 });
    await upload(w, FIXTURE);
    await sync(w);
    const audits = await AuditEvent.count({ where: { tenantId: w.site.tenantId } });
    const rerun = await sync(w);
    expect(rerun.counts).toMatchObject({ seen: 4, added: 0, updated: 0, unchanged: 3, unmatched: 1 });
    expect(await AuditEvent.count({ where: { tenantId: w.site.tenantId } })).toBe(audits);

    await upload(w, exportXml('<identity><mail>lovelace@example.com</mail><department>Analytical Engines</department><team>Platform</team><manager>bob@example.com</manager></identity><identity><mail>bob@example.com</mail><department>Board</department></identity><identity><mail>nobody@example.com</mail><department>Ghosts</department></identity>'));
    const third = await sync(w);
    expect(third.counts).toMatchObject({ removed: 1 });
    const zoe = await Profile.findOne({ where: { tenantId: w.site.tenantId, accountId: 'acc-zoe' } });
    expect(zoe!.leftDirectoryAt).not.toBeNull();
    expect(zoe!.values.department).toBe('Forschung & Entwicklung');
    expect(await DirectoryEntry.count({ where: { tenantId: w.site.tenantId, sourceId: w.sourceId, goneAt: null } })).toBe(3);
  });

  it('refuse an XML path that is not one, and an LDAP-style setting', async () => {
    const site = await installSite(app, people);
    sites.push(site);
    const res = await site.as(ADMIN.accountId).post('/rest/v1/sources', { kind: 'xml', name: 'Bad', settings: { location: { kind: 'url', url: 'http://insecure.example/x.xml' }, recordPath: 'a//b' } }).expect(400);
    expect(res.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['settings.location.url', 'settings.recordPath']);
  });
});
