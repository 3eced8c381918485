import sharp from 'sharp';
import { ProfilePicture } from '../../src/db/models';
import { pictureHash } from '../../src/profiles/pictures';
import { storeSourcePicture } from '../../src/profiles/pictureStore';
import { useTestApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import { pngBomb } from '../support/images';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

/**
 * A directory's picture (src/profiles/pictureStore.ts): stored at sync time as it came, each
 * rendition made on its first request and kept. The sync's own path is in ldapSync.test.ts.
 */
let app: TestApp;
const sites: Site[] = [];

useTestApp({ sites }, (started) => (app = started));

const ZOE: FixtureUser = { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] };
const SOURCE = 'ldap:1';

async function site(): Promise<Site> {
  const s = await installSite(app, [ADMIN, USER, ZOE]);
  sites.push(s);
  return s;
}

function photo(background = '#c00'): Promise<Buffer> {
  return sharp({ create: { width: 300, height: 400, channels: 3, background } }).jpeg().toBuffer();
}

function store(s: Site, bytes: Buffer | null, source = SOURCE): Promise<string | undefined> {
  return ProfilePicture.sequelize!.transaction((transaction) => storeSourcePicture(s.tenantId, source, ZOE.accountId, bytes, transaction));
}

function stored(s: Site) {
  return ProfilePicture.findOne({ where: { tenantId: s.tenantId, accountId: ZOE.accountId } });
}

function getPicture(s: Site, size: number) {
  return s.as(USER.accountId).get(`/rest/v1/profiles/${ZOE.accountId}/picture?size=${size}`).buffer(true);
}

describe('a directory\'s picture', () => {
  it('is stored as it came, with its hash and no renditions', async () => {
    const s = await site();
    const bytes = await photo();
    expect(await store(s, bytes)).toBeUndefined();
    expect(await stored(s)).toMatchObject({ source: SOURCE, original: bytes, originalHash: pictureHash(bytes), contentType: 'image/jpeg', size512: null, size128: null, size48: null });
  });

  it('gets each rendition on its first request, keeps it, and serves the kept one afterwards', async () => {
    const s = await site();
    const bytes = await photo();
    await store(s, bytes);
    for (const [size, column] of [[48, 'size48'], [512, 'size512'], [128, 'size128']] as const) {
      const first = await getPicture(s, size).expect(200);
      expect(first.headers['content-type']).toBe('image/jpeg');
      expect(first.headers.etag).toBe(`"${pictureHash(bytes)}-${size}"`);
      expect(await sharp(first.body as Buffer).metadata()).toMatchObject({ format: 'jpeg', width: size, height: size });
      const row = await stored(s);
      expect(row![column]).toEqual(first.body);
      // Only this size was rendered.
      expect([row!.size48, row!.size512, row!.size128].filter(Boolean)).toHaveLength([48, 512, 128].indexOf(size) + 1);

      // The next request serves what was kept, not a new rendering: a marker put in its place comes back.
      const marker = await sharp({ create: { width: size, height: size, channels: 3, background: '#0c0' } }).jpeg().toBuffer();
      await ProfilePicture.update({ [column]: marker }, { where: { tenantId: s.tenantId, accountId: ZOE.accountId } });
      expect((await getPicture(s, size).expect(200)).body).toEqual(marker);
      await getPicture(s, size).set('If-None-Match', first.headers.etag).expect(304);
    }
  });

  it('is served at 128 pixels for any size but 512, 128 and 48, or none', async () => {
    const s = await site();
    const bytes = await photo();
    await store(s, bytes);
    for (const query of ['', '?size=', '?size=100', '?size=big', '?size=48&size=512']) {
      const res = await s.as(USER.accountId).get(`/rest/v1/profiles/${ZOE.accountId}/picture${query}`).buffer(true).expect(200);
      expect(res.headers.etag).toBe(`"${pictureHash(bytes)}-128"`);
    }
  });

  it('starts without renditions again when the directory brings a new picture', async () => {
    const s = await site();
    await store(s, await photo());
    await getPicture(s, 128).expect(200);
    const newer = await photo('#00c');
    await store(s, newer);
    expect(await stored(s)).toMatchObject({ original: newer, originalHash: pictureHash(newer), size128: null });
    const res = await getPicture(s, 128).expect(200);
    expect(res.headers.etag).toBe(`"${pictureHash(newer)}-128"`);
  });

  it('is refused with the reason, and nothing stored, when it is not an image or has too many pixels', async () => {
    const s = await site();
    expect(await store(s, Buffer.from('these are notes, not a picture'))).toBe('not an image Rollcall can read');
    expect(await store(s, pngBomb(12_000, 12_000))).toBe('image dimensions 12000×12000 are too large (at most 40 million pixels)');
    expect(await stored(s)).toBeNull();
    await getPicture(s, 128).expect(404);
  });

  it('does not replace a picture the person uploaded', async () => {
    const s = await site();
    const upload = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#36c' } }).png().toBuffer();
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}/picture`).set('Content-Type', 'image/png').send(upload).expect(204);
    expect(await store(s, await photo())).toBeUndefined();
    expect(await stored(s)).toMatchObject({ source: 'user', originalHash: pictureHash(upload), original: null });
    // Gone from the directory: the upload stays too.
    await store(s, null);
    expect(await stored(s)).toMatchObject({ source: 'user' });
  });

  it('an upload over a directory\'s picture replaces it, original included', async () => {
    const s = await site();
    await store(s, await photo());
    const upload = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#36c' } }).png().toBuffer();
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}/picture`).set('Content-Type', 'image/png').send(upload).expect(204);
    const row = await stored(s);
    expect(row).toMatchObject({ source: 'user', original: null });
    expect([row!.size512, row!.size128, row!.size48].every(Boolean)).toBe(true);
  });

  it('is removed when the source no longer has one, but not another source\'s', async () => {
    const s = await site();
    await store(s, await photo());
    await store(s, null, 'ldap:2');
    expect(await stored(s)).not.toBeNull();
    await store(s, null);
    expect(await stored(s)).toBeNull();
    await getPicture(s, 128).expect(404);
  });

  it('that cannot be rendered is removed and logged: the person has no picture, and no request fails', async () => {
    const s = await site();
    // A sound GIF header (40×30) passes the check at sync time; the data after it is no picture.
    const broken = Buffer.concat([Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 40, 0, 30, 0]), Buffer.from('these bytes are no picture data at all')]);
    expect(await store(s, broken)).toBeUndefined();
    const res = await getPicture(s, 128).expect(404);
    expect(res.body.error).toBe('not_found');
    expect(await stored(s)).toBeNull();
    const warning = app.logs.map((line) => JSON.parse(line)).find((l) => l.msg === 'a directory picture could not be rendered and was removed' && l.tenantId === s.tenantId);
    expect(warning).toMatchObject({ level: 40, accountId: ZOE.accountId, originalHash: pictureHash(broken), reason: expect.stringMatching(/^the image could not be decoded/) });
    expect((await s.as(USER.accountId).get(`/rest/v1/profiles/${ZOE.accountId}`).expect(200)).body.hasPicture).toBe(false);
    await getPicture(s, 128).expect(404);
  });
});
