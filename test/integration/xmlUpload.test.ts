/**
 * XML uploads are streamed into storage in chunks (src/sync/sources/sourceFiles.ts): the size limit and the
 * site's quota are enforced while the body arrives, one upload per site runs at a time across app
 * instances, and a refused or aborted upload leaves the previous file as it was.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { QueryTypes } from 'sequelize';
import request from 'supertest';
import { Profile } from '../../src/db/models';
import { CHUNK_BYTES, readStoredFile } from '../../src/sync/sources/sourceFiles';
import { startTestApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import { ADMIN, installSite, type Site } from '../support/sites';

const MAX = 12_000_000;
const QUOTA = 20_000_000;
/**
 * Two instances of the app on one PostgreSQL database (same encryption key, so both read the sites'
 * secrets). With the embedded database (no DATABASE_URL) each app has a database of its own: one
 * instance only, and the lock is the in-process one.
 */
let app: TestApp;
let other: TestApp | undefined;
const sites: Site[] = [];

beforeAll(async () => {
  const env = { XML_MAX_BYTES: String(MAX), XML_SITE_QUOTA_BYTES: String(QUOTA), ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64') };
  app = await startTestApp({ env });
  if (process.env.ROLLCALL_TEST_DATABASE_URL) other = await startTestApp({ env });
});
afterAll(async () => {
  await Promise.all(sites.map((s) => s.close()));
  // Models are bound to the last started instance's database: close that one last.
  await app?.close();
  await other?.close();
});

const people: FixtureUser[] = [
  ADMIN,
  { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] },
  { accountId: 'acc-bob', displayName: 'Bob Boss', email: 'bob@example.com', groups: ['confluence-users'] },
];

/** An export of about `bytes` bytes: two records around a comment of non-ASCII padding (chunk borders fall inside characters). */
function exportOf(bytes: number, department = 'First'): Buffer {
  const head = `<identities>\n<identity><mail>zoe@example.com</mail><department>${department}</department></identity>\n<!-- `;
  const tail = ` -->\n<identity><mail>bob@example.com</mail><department>Last</department></identity>\n</identities>\n`;
  const unit = 'Zürich Ødegaard Łukasz ';
  const padding = unit.repeat(Math.max(0, Math.floor((bytes - head.length - tail.length) / Buffer.byteLength(unit))));
  return Buffer.from(head + padding + tail);
}

async function world(): Promise<{ site: Site; admin: ReturnType<Site['as']>; source: () => Promise<string> }> {
  const site = await installSite(app, people);
  sites.push(site);
  const admin = site.as(ADMIN.accountId);
  let n = 0;
  const source = async () => {
    const created = await admin.post('/rest/v1/sources', { kind: 'xml', name: `Export ${++n}`, settings: { location: { kind: 'upload' }, recordPath: 'identities/identity', matchPath: 'mail' } }).expect(201);
    await admin.put(`/rest/v1/sources/${created.body.id}/mappings`, { mappings: [{ fieldKey: 'department', attribute: 'department' }] }).expect(200);
    return String(created.body.id);
  };
  return { site, admin, source };
}

/** A PUT of the file whose body the test writes piece by piece (chunked: no Content-Length), to `instance`. */
function streamingUpload(instance: TestApp, site: Site, sourceId: string) {
  const req = http.request(new URL(`/rest/v1/sources/${sourceId}/file?name=stream.xml`, instance.url), {
    method: 'PUT',
    headers: { Authorization: `JWT ${site.host.contextToken(ADMIN.accountId)}`, 'Content-Type': 'application/xml' },
  });
  let answered = false;
  const response = new Promise<{ status: number; body: { error?: string; message?: string } }>((resolve, reject) => {
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
  });
  response.catch(() => undefined);
  return {
    req,
    response,
    answered: () => answered,
    write: (bytes: Buffer) => new Promise<void>((resolve, reject) => req.write(bytes, (err) => (err ? reject(err) : resolve()))),
    end: (bytes?: Buffer) => new Promise<void>((resolve) => req.end(bytes, () => resolve())),
  };
}

const chunkRows = async (tenantId: string) =>
  (
    await app.database.sequelize.query<{ file_id: string; n: number }>('SELECT file_id, count(*)::int AS n FROM source_file_chunks WHERE tenant_id = $1 GROUP BY file_id ORDER BY file_id', {
      bind: [tenantId],
      type: QueryTypes.SELECT,
    })
  ).map((r) => r.n);

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function sync(admin: ReturnType<Site['as']>, sourceId: string) {
  const started = await admin.post(`/rest/v1/sources/${sourceId}/sync`, {}).expect(202);
  await app.sync.waitFor(started.body.runId);
  return (await admin.get(`/rest/v1/sync-runs/${started.body.runId}`).expect(200)).body;
}

describe('XML uploads', () => {
  it('store a streamed upload in chunks and sync it end to end', async () => {
    const { site, admin, source } = await world();
    const id = await source();
    const file = exportOf(9_000_000);
    const upload = streamingUpload(app, site, id);
    for (let at = 0; at < file.length; at += 1_000_000) await upload.write(file.subarray(at, at + 1_000_000));
    await upload.end();
    expect(await upload.response).toMatchObject({ status: 200, body: { file: { name: 'stream.xml', size: file.length } } });
    expect(await chunkRows(site.tenantId)).toEqual([Math.ceil(file.length / CHUNK_BYTES)]);
    expect(Buffer.compare((await readStoredFile(site.tenantId, id))!.bytes, file)).toBe(0);
    expect(await sync(admin, id)).toMatchObject({ status: 'succeeded', counts: { seen: 2, added: 2, failed: 0 } });
    expect((await Profile.findOne({ where: { tenantId: site.tenantId, accountId: 'acc-bob' } }))!.values).toEqual({ department: 'Last' });
  });

  it('refuse a file above XML_MAX_BYTES as soon as it passes the limit, and keep the previous file', async () => {
    const { site, admin, source } = await world();
    const id = await source();
    const kept = exportOf(5_000_000, 'Kept');
    await admin.put(`/rest/v1/sources/${id}/file?name=kept.xml`).set('Content-Type', 'application/xml').send(kept).expect(200);
    const refusal = { error: 'payload_too_large', message: 'The file is larger than the limit of 12 MB (XML_MAX_BYTES): the previous file is kept.' };

    // Declared too large: refused before the body is read.
    expect((await admin.put(`/rest/v1/sources/${id}/file?name=big.xml`).set('Content-Type', 'application/xml').send(exportOf(MAX + 1000)).expect(413)).body).toEqual(refusal);
    // Not declared: refused while it streams. The body never ends: 1 MB past the limit, the client
    // stops sending and waits, so only a refusal made as the bytes arrive can answer it.
    const upload = streamingUpload(app, site, id);
    for (let sent = 0; sent < MAX + 1_000_000 && !upload.answered(); sent += 500_000) await upload.write(Buffer.alloc(500_000, 'x'));
    expect(await upload.response).toEqual({ status: 413, body: refusal });
    upload.req.destroy();

    const stored = await readStoredFile(site.tenantId, id);
    expect(stored!.name).toBe('kept.xml');
    expect(Buffer.compare(stored!.bytes, kept)).toBe(0);
    await until(async () => (await chunkRows(site.tenantId)).length === 1, 'the refused chunks to go');
    expect(await sync(admin, id)).toMatchObject({ status: 'succeeded', counts: { seen: 2 } });
  });

  it('refuse a second upload of the site while one is in progress, on any instance, and take it afterwards', async () => {
    const { site, admin, source } = await world();
    const [first, second] = [await source(), await source()];
    const elsewhere = await world();
    const elsewhereSource = await elsewhere.source();

    const file = exportOf(6_000_000);
    const upload = streamingUpload(app, site, first);
    await upload.write(file.subarray(0, 5_000_000));
    await until(async () => (await chunkRows(site.tenantId)).length > 0, 'the first chunk');

    const busy = { error: 'upload_running', message: 'Another file is being uploaded to this site: try again when that upload has finished.' };
    expect((await admin.put(`/rest/v1/sources/${second}/file`).set('Content-Type', 'application/xml').send(exportOf(1000)).expect(409)).body).toEqual(busy);
    if (other) {
      const onOther = await request(other.url)
        .put(`/rest/v1/sources/${second}/file`)
        .set('Authorization', `JWT ${site.host.contextToken(ADMIN.accountId)}`)
        .set('Content-Type', 'application/xml')
        .send(exportOf(1000))
        .expect(409);
      expect(onOther.body).toEqual(busy);
    }
    // Another site uploads meanwhile.
    await elsewhere.admin.put(`/rest/v1/sources/${elsewhereSource}/file`).set('Content-Type', 'application/xml').send(exportOf(1000)).expect(200);

    await upload.end(file.subarray(5_000_000));
    expect((await upload.response).status).toBe(200);
    await admin.put(`/rest/v1/sources/${second}/file`).set('Content-Type', 'application/xml').send(exportOf(1000)).expect(200);
    expect(Buffer.compare((await readStoredFile(site.tenantId, first))!.bytes, file)).toBe(0);
  });

  it("refuse an upload that would take the site's files above XML_SITE_QUOTA_BYTES, counting a replaced file once", async () => {
    const { site, admin, source } = await world();
    const [a, b, c] = [await source(), await source(), await source()];
    const put = (id: string, bytes: Buffer) => admin.put(`/rest/v1/sources/${id}/file`).set('Content-Type', 'application/xml').send(bytes);
    await put(a, exportOf(9_000_000)).expect(200);
    await put(b, exportOf(9_000_000)).expect(200);
    // 18 MB of 20: replacing a file counts the new one only.
    await put(a, exportOf(9_000_000, 'Replaced')).expect(200);

    // Streamed without a declared length: refused once the site's files would pass the quota.
    const upload = streamingUpload(app, site, c);
    let sent = 0;
    while (!upload.answered() && sent < MAX) {
      await upload.write(Buffer.alloc(500_000, 'x'));
      sent += 500_000;
    }
    const answer = await upload.response;
    upload.req.destroy();
    expect(answer.status).toBe(413);
    expect(answer.body.error).toBe('quota_exceeded');
    expect(answer.body.message).toMatch(/^This site's uploaded files would take 2\d MB with this one, /);
    expect(answer.body.message).toContain("above the site's quota of 20 MB (XML_SITE_QUOTA_BYTES; its other sources' files take 18 MB): the previous file is kept.");
    // Declared: refused at once.
    expect((await put(c, exportOf(3_000_000)).expect(413)).body.error).toBe('quota_exceeded');
    expect(await readStoredFile(site.tenantId, c)).toBeNull();
    await put(c, exportOf(1_500_000)).expect(200);
  });

  it('keep the previous file when an upload breaks off, and take the next one', async () => {
    const { site, admin, source } = await world();
    const id = await source();
    const kept = exportOf(2_000_000, 'Kept');
    await admin.put(`/rest/v1/sources/${id}/file?name=kept.xml`).set('Content-Type', 'application/xml').send(kept).expect(200);
    const upload = streamingUpload(app, site, id);
    await upload.write(exportOf(9_000_000, 'Lost').subarray(0, 6_000_000));
    await until(async () => (await chunkRows(site.tenantId)).length === 2, 'the new upload to store a chunk');
    upload.req.destroy();

    // Its chunks go; the previous file stays, whole, and syncs.
    await until(async () => (await chunkRows(site.tenantId)).length === 1, 'the broken-off upload to be cleaned up');
    expect(Buffer.compare((await readStoredFile(site.tenantId, id))!.bytes, kept)).toBe(0);
    expect(await sync(admin, id)).toMatchObject({ status: 'succeeded', counts: { seen: 2 } });
    expect((await Profile.findOne({ where: { tenantId: site.tenantId, accountId: 'acc-zoe' } }))!.values).toEqual({ department: 'Kept' });
    await admin.put(`/rest/v1/sources/${id}/file?name=next.xml`).set('Content-Type', 'application/xml').send(exportOf(1000, 'Next')).expect(200);
  });
});
