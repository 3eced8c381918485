import sharp from 'sharp';
import request from 'supertest';
import { useTestApp, type TestApp } from '../support/app';
import type { FixtureUser } from '../support/confluenceHost';
import { ADMIN, installSite, USER, type Site } from '../support/sites';

/**
 * The profile card macro and the author card (src/http/macros/), called the way Confluence frames
 * them: the module URL with Connect's parameters and a page JWT whose qsh covers it.
 */
let app: TestApp;
const sites: Site[] = [];

useTestApp({ sites }, (started) => (app = started));

const HR: FixtureUser = { accountId: 'hr-1', displayName: 'Hanna HR', email: 'hanna@example.com', groups: ['confluence-users', 'hr-team'] };
const ZOE: FixtureUser = { accountId: 'acc-zoe', displayName: 'Zoë Åström', email: 'zoe@example.com', groups: ['confluence-users'] };

async function site(): Promise<Site> {
  const s = await installSite(app, [ADMIN, USER, HR, ZOE]);
  sites.push(s);
  return s;
}

/** GET a module URL as Confluence frames it for `accountId`. */
function framed(s: Site, accountId: string, pathAndQuery: string): request.Test {
  const url = new URL(s.host.signedUrl(app.url, accountId, pathAndQuery));
  return request(app.url).get(url.pathname + url.search);
}

const card = (accountId: string, fields = '') => `/macros/profile-card?accountId=${encodeURIComponent(accountId)}&fields=${encodeURIComponent(fields)}`;

describe('the profile card macro', () => {
  it('renders a person\'s card on the server: picture, name, position, chosen fields, all escaped, with a link to the full profile', async () => {
    const s = await site();
    const admin = s.as(ADMIN.accountId);
    const team = (await admin.post('/rest/v1/categories', { name: 'Team' }).expect(201)).body.id;
    const motto = (await admin.post('/rest/v1/fields', { label: 'Motto', type: 'multiline', categoryId: team }).expect(201)).body;
    await s
      .as(ZOE.accountId)
      .put(`/rest/v1/profiles/${ZOE.accountId}`, {
        version: 0,
        values: { position: 'Directory engineer', department: 'Platform', phone: '+41 44 000 11 22', [motto.key]: '<b>Ship</b> it & see https://example.com/ship.\nEvery day' },
      })
      .expect(200);
    const png = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#36c' } }).png().toBuffer();
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}/picture`).set('Content-Type', 'image/png').send(png).expect(204);

    // Confluence fills {fields} with an empty string when the macro names none: the default fields.
    const res = await framed(s, USER.accountId, card(ZOE.accountId)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    const html = res.text;
    expect(html).toContain('data-testid="profile-card"');
    expect(html).toContain('Zoë Åström');
    expect(html).toMatch(/data-testid="card-subtitle">Directory engineer</);
    expect(html).toMatch(/<img class="rc-avatar" src="data:image\/jpeg;base64,[A-Za-z0-9+/]+(&#x3D;)*"/);
    expect(html).toContain('href="tel:+41440001122"');
    expect(html).toContain('<dt>Department</dt>');
    // Not named, not shown: the motto is not a default field.
    expect(html).not.toContain('Motto');
    // The full profile: the app's general page in Confluence, with the person as ac.accountId.
    expect(html).toContain(`href="${s.host.baseUrl}/plugins/servlet/ac/rollcall/profile?ac.accountId&#x3D;acc-zoe"`);

    // Fields named in the macro, in its order; text is escaped and web addresses become links.
    const chosen = await framed(s, USER.accountId, card(ZOE.accountId, ` ${motto.key}, phone ,nope`)).expect(200);
    const keys = [...chosen.text.matchAll(/data-field-key="([^"]+)"/g)].map((m) => m[1]);
    expect(keys).toEqual([motto.key, 'phone']);
    expect(chosen.text).not.toContain('<b>Ship</b>');
    expect(chosen.text).toContain('&lt;b&gt;Ship&lt;/b&gt; it &amp; see <a href="https://example.com/ship" target="_top" rel="noopener noreferrer">https://example.com/ship</a>.\nEvery day');
    // With fields named, the position is not added as a subtitle.
    expect(chosen.text).not.toContain('card-subtitle');
  });

  it('does not show a restricted category\'s field to someone outside its groups, even when the macro names it', async () => {
    const s = await site();
    const admin = s.as(ADMIN.accountId);
    const hrGroup = s.host.groups.find((g) => g.name === 'hr-team')!;
    const privateCat = (await admin.post('/rest/v1/categories', { name: 'Private', restrictedToGroups: [{ id: hrGroup.id, name: hrGroup.name }] }).expect(201)).body.id;
    const salary = (await admin.post('/rest/v1/fields', { label: 'Salary band', type: 'text', categoryId: privateCat }).expect(201)).body;
    await s.as(HR.accountId).put(`/rest/v1/profiles/${HR.accountId}`, { version: 0, values: { [salary.key]: 'Band C-7', phone: '+41 44 123 45 67' } }).expect(200);

    const outsider = await framed(s, USER.accountId, card(HR.accountId, `${salary.key},phone`)).expect(200);
    expect(outsider.text).not.toContain('Salary band');
    expect(outsider.text).not.toContain('Band C-7');
    expect(outsider.text).toContain('+41 44 123 45 67');

    const member = await framed(s, HR.accountId, card(HR.accountId, `${salary.key},phone`)).expect(200);
    expect(member.text).toContain('<dt>Salary band</dt>');
    expect(member.text).toContain('Band C-7');

    // Only the restricted field named: the card says there is nothing to show, and still links the profile.
    const onlyHidden = await framed(s, USER.accountId, card(HR.accountId, salary.key)).expect(200);
    expect(onlyHidden.text).toContain('data-testid="card-empty"');
    expect(onlyHidden.text).not.toContain('Band C-7');
    expect(onlyHidden.text).toContain('data-testid="card-profile-link"');
  });

  it('does not show a field hidden from profiles, even when the macro names it and the viewer is the owner or an admin', async () => {
    const s = await site();
    const admin = s.as(ADMIN.accountId);
    const team = (await admin.post('/rest/v1/categories', { name: 'Team' }).expect(201)).body.id;
    const shoe = (await admin.post('/rest/v1/fields', { label: 'Shoe size', type: 'text', categoryId: team, shownInProfile: false }).expect(201)).body;
    // A default field the cards show when the macro names none, hidden too.
    await admin.patch('/rest/v1/fields/department', { shownInProfile: false }).expect(200);
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { [shoe.key]: 'EU 39', department: 'Skunkworks', phone: '+41 44 000 11 22' } }).expect(200);

    for (const viewer of [USER.accountId, ZOE.accountId, ADMIN.accountId]) {
      const named = await framed(s, viewer, card(ZOE.accountId, `${shoe.key},department,phone`)).expect(200);
      expect(named.text).not.toContain('Shoe size');
      expect(named.text).not.toContain('EU 39');
      expect(named.text).not.toContain('Skunkworks');
      expect(named.text).toContain('+41 44 000 11 22');
      const author = await framed(s, viewer, `/macros/author-card?accountId=${ZOE.accountId}`).expect(200);
      expect(author.text).not.toContain('Skunkworks');
      expect(author.text).toContain('+41 44 000 11 22');
    }
  });

  it('refuses a missing, forged or misdirected token with 401', async () => {
    const s = await site();
    await request(app.url).get(card(ZOE.accountId)).expect(401);
    const forged = s.host.pageToken(USER.accountId, 'GET', card(ZOE.accountId), { secret: 'not-the-shared-secret-of-this-site-000000' });
    await request(app.url).get(`${card(ZOE.accountId)}&jwt=${forged}`).expect(401);
    // A token signed for another person's card does not open this one (the qsh covers the query).
    const other = s.host.pageToken(USER.accountId, 'GET', card(HR.accountId));
    await request(app.url).get(`${card(ZOE.accountId)}&jwt=${other}`).expect(401);
    const expired = s.host.pageToken(USER.accountId, 'GET', card(ZOE.accountId), { expiresInSeconds: -10 });
    await request(app.url).get(`${card(ZOE.accountId)}&jwt=${expired}`).expect(401);
  });

  it('shows a friendly "not found" card for an unknown person, and asks for a person when none is set', async () => {
    const s = await site();
    const unknown = await framed(s, USER.accountId, card('no-such-person')).expect(404);
    expect(unknown.text).toContain('data-testid="profile-card-problem"');
    expect(unknown.text).toContain('Person not found');
    expect(unknown.text).not.toContain('data-testid="profile-card"');

    const empty = await framed(s, USER.accountId, card('')).expect(400);
    expect(empty.text).toContain('Choose a person');
    const malformed = await framed(s, USER.accountId, card('<script>')).expect(400);
    expect(malformed.text).not.toContain('<script>');
  });
});

describe('the author card (content byline item)', () => {
  it('renders the card of a person given by account id', async () => {
    const s = await site();
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { position: 'Directory engineer' } }).expect(200);
    const res = await framed(s, USER.accountId, `/macros/author-card?accountId=${ZOE.accountId}`).expect(200);
    expect(res.text).toContain('Zoë Åström');
    expect(res.text).toContain('Directory engineer');
  });

  it('asks Confluence who created the page and shows their card', async () => {
    const s = await site();
    await s.as(ZOE.accountId).put(`/rest/v1/profiles/${ZOE.accountId}`, { version: 0, values: { position: 'Directory engineer' } }).expect(200);
    s.host.content.push({ id: '65540', title: 'Team charter', createdBy: ZOE.accountId });
    const res = await framed(s, USER.accountId, '/macros/author-card?contentId=65540').expect(200);
    expect(res.text).toContain('data-testid="profile-card"');
    expect(res.text).toContain('Zoë Åström');
    expect(res.text).toContain('Directory engineer');
  });

  it('asks Confluence who wrote the content, and says so kindly when Confluence does not know', async () => {
    const s = await site();
    // The test host knows no content 65539: Confluence's answer is a 404.
    const res = await framed(s, USER.accountId, '/macros/author-card?contentId=65539').expect(404);
    expect(res.text).toContain('Author not found');
    expect(s.host.requests).toContainEqual(expect.objectContaining({ method: 'GET', path: '/wiki/rest/api/content/65539', query: { expand: 'history' } }));
    await framed(s, USER.accountId, '/macros/author-card?contentId=abc').expect(400);
  });
});
