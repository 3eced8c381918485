import { Sequelize } from 'sequelize';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded';
import { migrate } from '../../src/db/migrator';
import { FieldCategory, initModels, Profile, ProfileField, Tenant } from '../../src/db/models';
import { searchDirectory } from '../../src/peopleDirectory/search/search';
import { ensureDefaultFields } from '../../src/profiles/defaults';
import type { Viewer } from '../../src/profiles/policy';
import { buildAccount, buildProfile } from '../support/builders';

/**
 * The People Directory's search on the embedded database (PGlite, no DATABASE_URL): the
 * migration's extensions (pg_trgm, btree_gin), the triggers that keep the search document and
 * the compiled regular expressions work there as on PostgreSQL.
 */
let embedded: EmbeddedPostgres;
let sequelize: Sequelize;

beforeAll(async () => {
  embedded = await startEmbeddedPostgres();
  sequelize = new Sequelize(embedded.url, { dialect: 'postgres', logging: false, pool: { max: 1 } });
  await migrate(sequelize);
  initModels(sequelize);
}, 180_000);

afterAll(async () => {
  await sequelize?.close();
  await embedded?.stop();
});

it('finds people by free text, a quoted value with parentheses and a wildcard, and never a restricted value', async () => {
  const tenant = await Tenant.create({ clientKey: 'embedded-site', addonKey: 'rollcall', baseUrl: 'https://embedded.atlassian.net/wiki', productType: 'confluence', sharedSecretEncrypted: 'unused', displayUrl: null, description: null, serverVersion: null, pluginsVersion: null, cloudId: null, oauthClientId: null, uninstalledAt: null });
  const tenantId = String(tenant.id);
  await ensureDefaultFields(tenantId);
  const hidden = await FieldCategory.create({ tenantId, name: 'Private', position: 2, restrictedToGroups: [{ id: 'g-hr', name: 'hr' }] });
  await ProfileField.create({ tenantId, key: 'salary', label: 'Salary', type: 'text', categoryId: String(hidden.id), position: 0 });
  await buildAccount(tenantId, { accountId: 'acc-ada', displayName: 'Ada Lovelace' });
  await buildProfile(tenantId, { department: 'R&D (Berlin)', location: 'Berlin', salary: 'Band Z-9' }, { accountId: 'acc-ada' });
  await buildAccount(tenantId, { accountId: 'acc-bea', displayName: 'Bea Berg' });
  await buildProfile(tenantId, { department: 'QA (Paris)', location: 'Bern' }, { accountId: 'acc-bea' });
  await Profile.update({ values: { department: 'QA (Paris)', location: 'Bergen' } }, { where: { tenantId, accountId: 'acc-bea' } }); // the trigger keeps the document current

  const outsider: Viewer = { accountId: 'acc-x', isAdmin: true, groups: new Set() };
  const member: Viewer = { accountId: 'acc-y', isAdmin: false, groups: new Set(['g-hr']) };
  const ids = async (viewer: Viewer, q: string) => (await searchDirectory(tenantId, viewer, { q, sort: { key: 'name', order: 'asc' }, limit: 50 })).people.map((p) => p.accountId);
  expect(await ids(outsider, 'lovelace')).toEqual(['acc-ada']);
  expect(await ids(outsider, 'department:"R&D (Berlin)"')).toEqual(['acc-ada']);
  expect(await ids(outsider, 'location:Ber*')).toEqual(['acc-ada', 'acc-bea']);
  expect(await ids(outsider, 'location:Bergen')).toEqual(['acc-bea']);
  expect(await ids(outsider, 'Z-9')).toEqual([]);
  expect(await ids(member, 'Z-9')).toEqual(['acc-ada']);
  const page = await searchDirectory(tenantId, outsider, { q: '', sort: { key: 'name', order: 'asc' }, limit: 50 });
  expect(page.total).toBe(2);
  expect(page.facets.map((f) => [f.field.key, f.values.map((v) => v.label)])).toEqual([
    ['department', ['QA (Paris)', 'R&D (Berlin)']],
    ['location', ['Bergen', 'Berlin']], // equal counts: by value
  ]);
}, 60_000);
