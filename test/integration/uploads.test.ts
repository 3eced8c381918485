/**
 * Every upload route takes the file as the request body or as the part `file` of a
 * `multipart/form-data` body (src/http/uploads.ts): the second is how Forge's `requestRemote`
 * delivers a `FormData`, and the only way bytes reach the remote whole from Custom UI. A form
 * without its file, with more than it, over the limit or broken is refused with a 4xx that says
 * so, and nothing is stored.
 */
import crypto from 'node:crypto';
import sharp from 'sharp';
import { AuditEvent, Profile, ProfilePicture } from '../../src/db/models';
import { pictureHash } from '../../src/profiles/pictures';
import { readStoredFile } from '../../src/sync/sources/sourceFiles';
import { useTestApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import { ADMIN, installSite, type Site } from '../support/sites';

const PICTURE_MAX = 200_000;
const XML_MAX = 300_000;
const sites: Site[] = [];
let app: TestApp;
useTestApp({ env: { PICTURE_MAX_BYTES: String(PICTURE_MAX), XML_MAX_BYTES: String(XML_MAX) }, sites }, (started) => (app = started));

const ZOE: FixtureUser = { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] };

async function site(): Promise<Site> {
  const s = await installSite(app, [ADMIN, ZOE]);
  sites.push(s);
  return s;
}

const jpeg = (background = '#36b37e') => sharp({ create: { width: 300, height: 300, channels: 3, background } }).jpeg().toBuffer();

/** A multipart body written out by hand (for forms a client library would not send). */
function rawForm(parts: Array<{ name: string; filename?: string; type?: string; body: Buffer | string }>, boundary = 'rollcall-test-boundary'): { type: string; body: Buffer } {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`), Buffer.from(part.body), Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return { type: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(pieces) };
}

describe('pictures as a form', () => {
  it("stores the form's file byte for byte, as the body itself would be", async () => {
    const s = await site();
    const bytes = await jpeg();
    await s.as(ZOE.accountId).put('/rest/v1/profiles/acc-zoe/picture').attach('file', bytes, { filename: 'me.jpg', contentType: 'image/jpeg' }).expect(204);
    const stored = await ProfilePicture.findOne({ where: { tenantId: s.tenantId, accountId: 'acc-zoe' } });
    expect(stored!.originalHash).toBe(pictureHash(bytes));
    const picture = await s.as(ZOE.accountId).get('/rest/v1/profiles/acc-zoe/picture?size=128').buffer(true).expect(200);
    expect((await sharp(picture.body as Buffer).metadata()).width).toBe(128);
    // The part's declared type does not matter: the content decides.
    await s.as(ZOE.accountId).put('/rest/v1/profiles/acc-zoe/picture').attach('file', await jpeg('#de350b'), { filename: 'blob', contentType: 'application/octet-stream' }).expect(204);
  });

  it('refuses a form without its file, with other parts, with two files, over the limit or broken, and keeps the picture', async () => {
    const s = await site();
    const zoe = () => s.as(ZOE.accountId).put('/rest/v1/profiles/acc-zoe/picture');
    const kept = await jpeg();
    await zoe().set('Content-Type', 'image/jpeg').send(kept).expect(204);
    const image = await jpeg('#de350b');
    const refusals: Array<[string, { type: string; body: Buffer }, number, RegExp]> = [
      ['no part named file', rawForm([{ name: 'picture', filename: 'me.jpg', type: 'image/jpeg', body: image }]), 400, /part named "file", not "picture"/],
      ['a text field beside it', rawForm([{ name: 'file', filename: 'me.jpg', type: 'image/jpeg', body: image }, { name: 'note', body: 'hi' }]), 400, /only its file/],
      ['two files', rawForm([{ name: 'file', filename: 'a.jpg', body: image }, { name: 'file', filename: 'b.jpg', body: image }]), 400, /only its file/],
      ['no part at all', rawForm([]), 400, /no file/],
      ['a field only', rawForm([{ name: 'file', body: 'not a file part' }]), 400, /only its file/],
      ['over the limit', rawForm([{ name: 'file', filename: 'big.jpg', type: 'image/jpeg', body: crypto.randomBytes(PICTURE_MAX + 1) }]), 413, /larger than the limit of 200000 bytes/],
      ['a form that never ends', { type: 'multipart/form-data; boundary=xyz', body: Buffer.from('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc') }, 400, /cannot be read: Unexpected end of multipart data/],
      ['no boundary', { type: 'multipart/form-data', body: Buffer.from('whatever') }, 400, /multipart body cannot be read/],
    ];
    for (const [what, form, status, message] of refusals) {
      const res = await zoe().set('Content-Type', form.type).send(form.body);
      expect([what, res.status, res.body.message]).toEqual([what, status, expect.stringMatching(message)]);
    }
    // A form's file that is no picture is refused like such a body.
    await zoe().attach('file', Buffer.from('these are notes'), { filename: 'notes.png', contentType: 'image/png' }).expect((res) => expect([415, 422]).toContain(res.status));
    const stored = await ProfilePicture.findOne({ where: { tenantId: s.tenantId, accountId: 'acc-zoe' } });
    expect(stored!.originalHash).toBe(pictureHash(kept));
    expect(await AuditEvent.count({ where: { tenantId: s.tenantId, action: 'picture.uploaded' } })).toBe(1);
  });
});

describe('XML exports as a form', () => {
  async function xmlSource(s: Site): Promise<string> {
    const admin = s.as(ADMIN.accountId);
    const created = await admin.post('/rest/v1/sources', { kind: 'xml', name: 'Export', settings: { location: { kind: 'upload' }, recordPath: 'identities/identity', matchPath: 'mail' } }).expect(201);
    await admin.put(`/rest/v1/sources/${created.body.id}/mappings`, { mappings: [{ fieldKey: 'department', attribute: 'department' }] }).expect(200);
    return String(created.body.id);
  }

  it("streams the form's file into storage and syncs it; a file over the limit is refused and the previous one kept", async () => {
    const s = await site();
    const id = await xmlSource(s);
    const admin = s.as(ADMIN.accountId);
    const xml = Buffer.from('<identities>\n<identity><mail>zoe@example.com</mail><department>Zürich (R&amp;D)</department></identity>\n</identities>\n');
    const uploaded = await admin.put(`/rest/v1/sources/${id}/file?name=people.xml`).attach('file', xml, { filename: 'people.xml', contentType: 'text/xml' }).expect(200);
    expect(uploaded.body.file).toMatchObject({ name: 'people.xml', size: xml.length, sha256: crypto.createHash('sha256').update(xml).digest('hex') });
    expect((await readStoredFile(s.tenantId, id))!.bytes).toEqual(xml);
    await admin.post(`/rest/v1/sources/${id}/sync`).expect(202);
    await waitFor(async () => (await Profile.findOne({ where: { tenantId: s.tenantId, accountId: 'acc-zoe' } }))?.values.department === 'Zürich (R&D)');

    const big = Buffer.concat([Buffer.from('<identities><!-- '), Buffer.alloc(XML_MAX, 'x'), Buffer.from(' --></identities>')]);
    const refused = await admin.put(`/rest/v1/sources/${id}/file?name=big.xml`).attach('file', big, { filename: 'big.xml', contentType: 'text/xml' }).expect(413);
    expect(refused.body.message).toMatch(/previous file is kept/);
    const missing = await admin.put(`/rest/v1/sources/${id}/file?name=x.xml`).set('Content-Type', rawForm([]).type).send(rawForm([]).body).expect(400);
    expect(missing.body.message).toMatch(/no file/);
    expect((await readStoredFile(s.tenantId, id))!.bytes).toEqual(xml);
  });
});

describe('CSV files for the migration as a form', () => {
  it('reads the dry run from the form exactly as from the body', async () => {
    const s = await site();
    const text = 'email,department\nzoe@example.com,"Zürich (R&D), 2nd floor"\n';
    const admin = s.as(ADMIN.accountId);
    const asBody = (await admin.post('/rest/v1/migration/dry-run?source=csv').set('Content-Type', 'text/csv').send(Buffer.from(text)).expect(200)).body;
    const asForm = (await admin.post('/rest/v1/migration/dry-run?source=csv').attach('file', Buffer.from(text), { filename: 'people.csv', contentType: 'text/csv' }).expect(200)).body;
    expect(asForm).toEqual(asBody);
    expect(asForm.wouldChange).toBe(1);
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
