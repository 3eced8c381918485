import { Client } from 'ldapts';
import sharp from 'sharp';
import request from 'supertest';
import { AuditEvent, Profile } from '../../src/db/models';
import { useTestApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import { pngBomb } from '../support/images';
import { LdapFixture } from '../support/ldapFixtures';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

let app: TestApp;
const sites: Site[] = [];

useTestApp({ env: { PICTURE_MAX_BYTES: '200000' }, sites }, (started) => (app = started));

const HR: FixtureUser = { accountId: 'hr-1', displayName: 'Hanna HR', email: 'hanna@example.com', groups: ['confluence-users', 'hr-team'] };
const ZOE: FixtureUser = { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] };

async function site(): Promise<Site> {
  const s = await installSite(app, [ADMIN, USER, HR, ZOE]);
  sites.push(s);
  return s;
}

/** Builds a category "Private" restricted to hr-team with one field, and a "Team" category with every type. */
async function shape(s: Site) {
  const admin = s.as(ADMIN.accountId);
  const hrGroup = s.host.groups.find((g) => g.name === 'hr-team')!;
  const privateCat = (await admin.post('/rest/v1/categories', { name: 'Private', restrictedToGroups: [{ id: hrGroup.id, name: hrGroup.name }] }).expect(201)).body.id;
  await admin.post('/rest/v1/fields', { label: 'Salary band', type: 'text', categoryId: privateCat }).expect(201);
  const team = (await admin.post('/rest/v1/categories', { name: 'Team' }).expect(201)).body.id;
  const add = (label: string, type: string, extra: object = {}) => admin.post('/rest/v1/fields', { label, type, categoryId: team, ...extra }).expect(201).then((r) => r.body);
  return {
    bio: await add('Bio', 'multiline'),
    email: await add('Private email', 'email'),
    count: await add('Desk number', 'number'),
    start: await add('Start date', 'date'),
    colour: await add('Colour', 'select', { options: [{ label: 'Red' }, { label: 'Blue' }] }),
    langs: await add('Languages', 'multiselect', { options: [{ label: 'German' }, { label: 'French' }] }),
    buddy: await add('Buddy', 'user'),
    mentors: await add('Mentors', 'multiuser'),
    motto: await add('Motto', 'text', { required: true }),
  };
}

describe('viewing profiles', () => {
  it('shows categories in order with help, values and where they come from; restricted ones only to their groups', async () => {
    const s = await site();
    const f = await shape(s);
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { [f.motto.key]: 'Ship it', phone: '+41 44 000 11 22', salary_band: 'B' } }).expect(422);
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { [f.motto.key]: 'Ship it', phone: '+41 44 000 11 22', [f.buddy.key]: USER.accountId } }).expect(200);

    const asOther = (await s.as(USER.accountId).get(`/rest/v1/profiles/${ZOE.accountId}`).expect(200)).body;
    expect(asOther).toMatchObject({ accountId: ZOE.accountId, displayName: 'Zoë Åström', version: 1, canEdit: false });
    expect(asOther.categories.map((c: { name: string }) => c.name)).toEqual(['Contact', 'Work', 'Team']);
    const team = asOther.categories.find((c: { name: string }) => c.name === 'Team');
    expect(team.fields.find((x: { key: string }) => x.key === f.motto.key)).toMatchObject({ value: 'Ship it', origin: { kind: 'user' }, editable: false });
    expect(team.fields.find((x: { key: string }) => x.key === f.buddy.key)).toMatchObject({ value: USER.accountId, display: 'Bo User', people: [{ accountId: USER.accountId, displayName: 'Bo User' }] });

    // The owner is not in hr-team: the restricted category stays hidden for her too.
    const asOwner = (await s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}`).expect(200)).body;
    expect(asOwner.canEdit).toBe(true);
    expect(asOwner.categories.map((c: { name: string }) => c.name)).not.toContain('Private');
    const asHr = (await s.as(HR.accountId).get(`/rest/v1/profiles/${ZOE.accountId}`).expect(200)).body;
    expect(asHr.categories.map((c: { name: string }) => c.name)).toContain('Private');
  });

  it('answers 404 for an account Confluence does not know, and 401 without a token', async () => {
    const s = await site();
    await s.as(USER.accountId).get('/rest/v1/profiles/no-such-person').expect(404);
    await request(app.url).get(`/rest/v1/profiles/${USER.accountId}`).expect(401);
  });
});

describe('editing profiles', () => {
  it('stores a valid value of every type, normalised', async () => {
    const s = await site();
    const f = await shape(s);
    const values = {
      [f.bio.key]: 'Line one\r\nhttps://example.com',
      [f.email.key]: 'zoe@private.example',
      [f.count.key]: '42',
      [f.start.key]: '2024-02-29',
      [f.colour.key]: f.colour.options[1].id,
      [f.langs.key]: [f.langs.options[0].id, f.langs.options[1].id],
      [f.buddy.key]: USER.accountId,
      [f.mentors.key]: [ADMIN.accountId, HR.accountId],
      [f.motto.key]: '  Ship it  ',
      website: 'https://zoe.example',
    };
    const res = await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values }).expect(200);
    expect(res.body.version).toBe(1);
    const stored = (await Profile.findOne({ where: { tenantId: s.tenantId, accountId: ZOE.accountId } }))!;
    expect(stored.values).toMatchObject({ [f.bio.key]: 'Line one\nhttps://example.com', [f.count.key]: 42, [f.motto.key]: 'Ship it', website: 'https://zoe.example' });
    expect(stored.valueSources[f.bio.key]).toBe('user');
    const audit = await AuditEvent.findOne({ where: { tenantId: s.tenantId, action: 'profile.edited', subjectId: ZOE.accountId } });
    expect(audit).toMatchObject({ actorAccountId: ZOE.accountId });
  });

  it('refuses invalid values with 422 naming each field, and saves nothing', async () => {
    const s = await site();
    const f = await shape(s);
    const res = await s
      .as(ZOE.accountId)
      .put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { [f.email.key]: 'not-an-email', [f.start.key]: '31-12-2024', [f.colour.key]: 'nope', [f.motto.key]: '', website: 'javascript:alert(1)' } })
      .expect(422);
    expect(res.body.error).toBe('invalid_values');
    expect(res.body.details.map((d: { path: string }) => d.path).sort()).toEqual([`values.${f.colour.key}`, `values.${f.email.key}`, `values.${f.motto.key}`, `values.${f.start.key}`, 'values.website'].sort());
    expect(res.body.details.find((d: { path: string }) => d.path === `values.${f.motto.key}`).message).toBe('Motto is required');
    expect(await Profile.count({ where: { tenantId: s.tenantId, accountId: ZOE.accountId } })).toBe(0);
  });

  it('refuses a person Confluence does not know in a user field, at that field', async () => {
    const s = await site();
    const f = await shape(s);
    const res = await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { [f.buddy.key]: 'ghost-123', [f.motto.key]: 'x' } }).expect(422);
    expect(res.body.details).toEqual([{ path: `values.${f.buddy.key}`, message: 'Confluence knows no person ghost-123' }]);
  });

  it('refuses a stale version with 409', async () => {
    const s = await site();
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { im: 'zoe' } }).expect(200);
    const res = await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { im: 'zoe2' } }).expect(409);
    expect(res.body).toMatchObject({ error: 'stale_version', details: { yourVersion: 0, currentVersion: 1 } });
  });

  it('lets people edit only their own profile, and admins anyone\'s', async () => {
    const s = await site();
    const res = await s.as(USER.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { im: 'hacked' } }).expect(403);
    expect(res.body.error).toBe('forbidden');
    await s.as(ADMIN.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { im: 'set by admin' } }).expect(200);
  });

  it('does not let a person outside a restricted category write its fields', async () => {
    const s = await site();
    await shape(s);
    const res = await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { salary_band: 'Z' } }).expect(422);
    expect(res.body.details).toEqual([{ path: 'values.salary_band', message: 'There is no field "salary_band" you may edit' }]);
    await s.as(HR.accountId).put(`/rest/v1/profiles/${HR.accountId}`, { version: 0, values: { salary_band: 'C' } }).expect(200);
  });
});

describe('write-back to LDAP', () => {
  async function ldapWorld(bind: 'writer' | 'reader') {
    const s = await site();
    const ldap = await new LdapFixture().create();
    const dn = await ldap.add({ uid: 'zoe', cn: 'Zoe Astrom', sn: 'Astrom', mail: 'zoe@example.com', title: 'Engineer', telephoneNumber: '+41 44 000 00 01' });
    const admin = s.as(ADMIN.accountId);
    const creds = ldap.ldap[bind];
    const source = (
      await admin
        .post('/rest/v1/sources', {
          kind: 'ldap',
          name: 'Corp LDAP',
          settings: { url: ldap.ldap.url, bindDn: creds.dn, baseDn: ldap.ldap.baseDn, additionalUserDn: `ou=${ldap.ou},ou=people`, pictureAttribute: 'jpegPhoto', pictureWriteBack: true },
          bindPassword: creds.password,
        })
        .expect(201)
    ).body;
    await admin.put(`/rest/v1/sources/${source.id}/mappings`, { mappings: [{ fieldKey: 'phone', attribute: 'telephoneNumber', writeBack: true }, { fieldKey: 'position', attribute: 'title' }] }).expect(200);
    await admin.patch(`/rest/v1/sources/${source.id}`, { writeBack: true }).expect(200);
    const started = await admin.post(`/rest/v1/sources/${source.id}/sync`, {}).expect(202);
    await app.sync.waitFor(started.body.runId);
    const readLdap = async (attribute: string) => {
      const client = new Client({ url: ldap.ldap.url });
      await client.bind(ldap.ldap.admin.dn, ldap.ldap.admin.password);
      const { searchEntries } = await client.search(dn, { scope: 'base', attributes: [attribute], explicitBufferAttributes: ['jpegPhoto'] });
      await client.unbind();
      return searchEntries[0][attribute];
    };
    return { s, ldap, dn, source, readLdap };
  }

  it('writes an edit to LDAP first, and the next sync sees it unchanged', async () => {
    const { s, source, readLdap } = await ldapWorld('writer');
    const form = (await s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}?for=edit`).expect(200)).body;
    const phone = form.categories.flatMap((c: { fields: object[] }) => c.fields).find((x: { key: string }) => x.key === 'phone');
    expect(phone).toMatchObject({ value: '+41 44 000 00 01', editable: true, writesBack: true, origin: { kind: 'ldap', sourceName: 'Corp LDAP' } });
    const position = form.categories.flatMap((c: { fields: object[] }) => c.fields).find((x: { key: string }) => x.key === 'position');
    expect(position).toMatchObject({ value: 'Engineer', editable: false });
    expect(form.ldapValues).toMatchObject({ phone: '+41 44 000 00 01' });

    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: form.version, values: { phone: '+41 44 999 99 99' }, ldapValues: form.ldapValues }).expect(200);
    expect(await readLdap('telephoneNumber')).toBe('+41 44 999 99 99');
    const stored = (await Profile.findOne({ where: { tenantId: s.tenantId, accountId: ZOE.accountId } }))!;
    expect(stored.values.phone).toBe('+41 44 999 99 99');
    expect(stored.valueSources.phone).toBe(`ldap:${source.id}`);

    const again = await s.as(ADMIN.accountId).post(`/rest/v1/sources/${source.id}/sync`, {}).expect(202);
    await app.sync.waitFor(again.body.runId);
    const run = (await s.as(ADMIN.accountId).get(`/rest/v1/sync-runs/${again.body.runId}`)).body;
    expect(run.counts).toMatchObject({ unchanged: 1, updated: 0 });
    await stored.reload();
    expect(stored.version).toBe(2);

    // A field from LDAP without write-back stays read-only.
    const readOnly = await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 2, values: { position: 'CEO' } }).expect(422);
    expect(readOnly.body.details[0].message).toBe('Position comes from Corp LDAP: change it there');
  });

  it('refuses with 409 and both values when LDAP changed since the form opened, and saves nothing', async () => {
    const { s, ldap, dn, readLdap } = await ldapWorld('writer');
    const form = (await s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}?for=edit`).expect(200)).body;
    await ldap.modify(dn, { telephoneNumber: '+41 44 555 55 55' });
    const res = await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: form.version, values: { phone: '+41 44 999 99 99' }, ldapValues: form.ldapValues }).expect(409);
    expect(res.body).toMatchObject({
      error: 'ldap_conflict',
      details: [{ field: 'phone', label: 'Phone', yours: '+41 44 999 99 99', directory: '+41 44 555 55 55', whenOpened: '+41 44 000 00 01' }],
    });
    expect(await readLdap('telephoneNumber')).toBe('+41 44 555 55 55');
    expect((await Profile.findOne({ where: { tenantId: s.tenantId, accountId: ZOE.accountId } }))!.values.phone).toBe('+41 44 000 00 01');
  });

  it('reports LDAP\'s reason when the bind user may not write, and saves nothing', async () => {
    const { s, readLdap } = await ldapWorld('reader');
    const form = (await s.as(ZOE.accountId).get(`/rest/v1/profiles/${ZOE.accountId}?for=edit`).expect(200)).body;
    const res = await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: form.version, values: { phone: '+41 44 999 99 99' }, ldapValues: form.ldapValues }).expect(422);
    expect(res.body.error).toBe('ldap_refused');
    expect(res.body.message).toMatch(/^Corp LDAP refused the change: .*insufficientAccessRights \(50\)/);
    expect(await readLdap('telephoneNumber')).toBe('+41 44 000 00 01');
    expect((await Profile.findOne({ where: { tenantId: s.tenantId, accountId: ZOE.accountId } }))!.values.phone).toBe('+41 44 000 00 01');
  });

  it('tests write access to an attribute without changing its value, and says why it is refused', async () => {
    const writer = await ldapWorld('writer');
    const test = (accountId: string, attribute: string, w = writer) => w.s.as(ADMIN.accountId).post(`/rest/v1/sources/${w.source.id}/test`, { accountId, attribute }).expect(200);
    const ok = (await test(ZOE.accountId, 'telephoneNumber')).body;
    expect(ok).toMatchObject({ ok: true, attribute: 'telephoneNumber', message: expect.stringContaining('Its value was not changed') });
    expect(await writer.readLdap('telephoneNumber')).toBe('+41 44 000 00 01');

    // Only mapped attributes are tested (issue #13, item 18; more in directoryIdentity.test.ts).
    const unknownAttribute = await writer.s.as(ADMIN.accountId).post(`/rest/v1/sources/${writer.source.id}/test`, { accountId: ZOE.accountId, attribute: 'favouriteColour' }).expect(400);
    expect(unknownAttribute.body).toMatchObject({ error: 'attribute_not_testable', message: expect.stringContaining('favouriteColour is not mapped on Corp LDAP') });

    const local = (await test(USER.accountId, 'telephoneNumber')).body;
    expect(local).toMatchObject({ ok: false, message: expect.stringContaining('has no entry in Corp LDAP') });

    const reader = await ldapWorld('reader');
    const refused = (await test(ZOE.accountId, 'telephoneNumber', reader)).body;
    expect(refused).toMatchObject({ ok: false, error: { resultCode: 50 } });
    expect(refused.error.usualCauses.join(' ')).toMatch(/no write right on telephoneNumber/);
    await reader.s.as(ADMIN.accountId).post(`/rest/v1/sources/${reader.source.id}/test`, { accountId: ZOE.accountId }).expect(400);
  });

  it('writes an uploaded picture to jpegPhoto', async () => {
    const { s, readLdap } = await ldapWorld('writer');
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#0a0' } }).png().toBuffer();
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}/picture`).set('Content-Type', 'image/png').send(png).expect(204);
    const photo = (await readLdap('jpegPhoto')) as Buffer;
    expect((await sharp(photo).metadata()).format).toBe('jpeg');
  });
});

describe('pictures', () => {
  it('are re-encoded into square renditions, served with ETag and cache headers', async () => {
    const s = await site();
    const png = await sharp({ create: { width: 640, height: 480, channels: 4, background: '#36c' } }).png().toBuffer();
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}/picture`).set('Content-Type', 'application/octet-stream').send(png).expect(204);
    const res = await s.as(USER.accountId).get(`/rest/v1/profiles/${ZOE.accountId}/picture?size=128`).buffer(true).expect(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers.etag).toMatch(/^".+-128"$/);
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    expect(await sharp(res.body as Buffer).metadata()).toMatchObject({ width: 128, height: 128, format: 'jpeg' });
    await s.as(USER.accountId).get(`/rest/v1/profiles/${ZOE.accountId}/picture?size=128`).set('If-None-Match', res.headers.etag).expect(304);
    expect((await s.as(USER.accountId).get(`/rest/v1/profiles/${ZOE.accountId}`)).body.hasPicture).toBe(true);
  });

  it('refuses a file that is not an image whatever its name or type says (415)', async () => {
    const s = await site();
    const res = await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}/picture`).set('Content-Type', 'image/jpeg').send(Buffer.from('GIF89a? no, plain text pretending')).expect(415);
    expect(res.body.error).toBe('unsupported_media_type');
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}/picture`).set('Content-Type', 'text/plain').send('hello').expect(415);
  });

  it('refuses another image format, and an image whose data is broken, as not an image it reads (415)', async () => {
    const s = await site();
    const tiff = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c00' } }).tiff().toBuffer();
    const png = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    const broken = png.subarray(0, png.length / 2); // a sound header, half the data
    for (const [bytes, reason] of [
      [tiff, /unsupported image format tiff/],
      [broken, /the image could not be decoded/],
    ] as const) {
      const res = await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}/picture`).set('Content-Type', 'application/octet-stream').send(bytes).expect(415);
      expect(res.body).toMatchObject({ error: 'unsupported_media_type', message: expect.stringMatching(reason) });
    }
  });

  it('refuses an oversized upload (413) and a decompression bomb', async () => {
    const s = await site();
    const big = await sharp({ create: { width: 2000, height: 2000, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    expect(big.length).toBeGreaterThan(200_000);
    const tooBig = await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}/picture`).set('Content-Type', 'image/png').send(big).expect(413);
    expect(tooBig.body.error).toBe('payload_too_large');
    // 12000×12000 white pixels: a tiny PNG that decodes to 144 million pixels.
    const bomb = pngBomb(12_000, 12_000);
    expect(bomb.length).toBeLessThan(200_000);
    expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({ width: 12_000, height: 12_000 });
    const refused = await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}/picture`).set('Content-Type', 'image/png').send(bomb).expect(422);
    expect(refused.body.error).toBe('picture_too_large');
  }, 60_000);

  it('may be changed only by their owner or an admin', async () => {
    const s = await site();
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).png().toBuffer();
    await s.as(USER.accountId).put(`/rest/v1/profiles/${ZOE.accountId}/picture`).set('Content-Type', 'image/png').send(png).expect(403);
  });
});

describe('people search', () => {
  it('finds people of this site by name or whole email address, for user fields', async () => {
    const s = await site();
    await s.as(USER.accountId).get(`/rest/v1/profiles/${ZOE.accountId}`).expect(200); // Rollcall learns of Zoë
    await s.as(USER.accountId).get(`/rest/v1/profiles/${HR.accountId}`).expect(200);
    const byName = await s.as(USER.accountId).get('/rest/v1/people?query=zo').expect(200);
    expect(byName.body.people.map((p: { accountId: string }) => p.accountId)).toEqual([ZOE.accountId]);
    const byEmail = await s.as(USER.accountId).get('/rest/v1/people?query=HANNA@example.com').expect(200);
    expect(byEmail.body.people).toEqual([{ accountId: HR.accountId, displayName: 'Hanna HR', pictureUrl: expect.any(String) }]);
    const other = await site();
    expect((await other.as(USER.accountId).get('/rest/v1/people?query=zo').expect(200)).body.people).toEqual([]);
  });
});
