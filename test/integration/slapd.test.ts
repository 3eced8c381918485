import { randomUUID } from 'node:crypto';
import { Attribute, Change, Client, InsufficientAccessError, type Entry } from 'ldapts';
import { startSlapd, type LdapCredentials, type SlapdHandle } from '../support/slapd';

// Starts its own slapd instead of reading ROLLCALL_TEST_LDAP, so it also runs without the global setup.
let slapd: SlapdHandle;

beforeAll(async () => {
  slapd = await startSlapd();
});

afterAll(async () => {
  await slapd?.stop();
});

/** Runs `fn` with a client bound as `credentials` (anonymous when undefined) and always unbinds. */
async function withClient<T>(credentials: LdapCredentials | undefined, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url: slapd.url, timeout: 10_000 });
  try {
    if (credentials) await client.bind(credentials.dn, credentials.password);
    return await fn(client);
  } finally {
    await client.unbind();
  }
}

/** A unique uid per call, so the tests do not depend on each other's entries. */
function uniqueUid(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

function personAttributes(cn: string, uid: string, extra: Record<string, string | string[]> = {}) {
  return {
    objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
    cn,
    sn: cn.split(/[ ,]+/)[0],
    uid,
    ...extra,
  };
}

async function readPerson(client: Client, uid: string, attributes: string[] = ['*']): Promise<Entry> {
  const { searchEntries } = await client.search(slapd.peopleDn, {
    scope: 'sub',
    filter: `(uid=${uid})`,
    attributes,
    explicitBufferAttributes: ['jpegPhoto'],
  });
  expect(searchEntries).toHaveLength(1);
  return searchEntries[0];
}

describe('throwaway slapd', () => {
  it('the writer may add and modify a person under ou=people', async () => {
    const zoeUid = uniqueUid('zoe');
    const zoeDn = `cn=Zoë Åström,${slapd.peopleDn}`;
    const janeUid = uniqueUid('jane');
    const janeDn = `cn=Doe\\, Jane,${slapd.peopleDn}`;
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x00, 0xff, 0xd9]);

    await withClient(slapd.writer, async (client) => {
      await client.add(zoeDn, personAttributes('Zoë Åström', zoeUid, { givenName: 'Zoë', mail: `${zoeUid}@example.test` }));
      await client.add(janeDn, personAttributes('Doe, Jane', janeUid, { givenName: 'Jane', telephoneNumber: '+1 555 0100' }));

      await client.modify(janeDn, [
        new Change({ operation: 'replace', modification: new Attribute({ type: 'telephoneNumber', values: ['+44 20 7946 0000'] }) }),
        new Change({ operation: 'add', modification: new Attribute({ type: 'jpegPhoto', values: [photo] }) }),
        new Change({ operation: 'replace', modification: new Attribute({ type: 'mobile', values: ['+44 7700 900000'] }) }),
        new Change({ operation: 'replace', modification: new Attribute({ type: 'title', values: ['Directora de Ingeniería'] }) }),
        new Change({ operation: 'replace', modification: new Attribute({ type: 'departmentNumber', values: ['R&D'] }) }),
        new Change({ operation: 'replace', modification: new Attribute({ type: 'l', values: ['Zürich'] }) }),
        new Change({ operation: 'replace', modification: new Attribute({ type: 'labeledURI', values: ['https://example.test/jane Home page'] }) }),
        new Change({ operation: 'replace', modification: new Attribute({ type: 'manager', values: [zoeDn] }) }),
      ]);

      const zoe = await readPerson(client, zoeUid);
      expect(zoe.cn).toBe('Zoë Åström');
      expect(zoe.givenName).toBe('Zoë');
      expect(zoe.dn).toBe(zoeDn);

      const jane = await readPerson(client, janeUid);
      expect(jane.cn).toBe('Doe, Jane');
      expect(jane.dn.toLowerCase()).toMatch(/^cn=doe(\\,|\\2c) jane,ou=people,dc=rollcall,dc=test$/);
      expect(jane.telephoneNumber).toBe('+44 20 7946 0000');
      expect(jane.mobile).toBe('+44 7700 900000');
      expect(jane.title).toBe('Directora de Ingeniería');
      expect(jane.departmentNumber).toBe('R&D');
      expect(jane.l).toBe('Zürich');
      expect(jane.labeledURI).toBe('https://example.test/jane Home page');
      expect(jane.manager).toBe(zoeDn);
      expect(Buffer.isBuffer(jane.jpegPhoto)).toBe(true);
      expect((jane.jpegPhoto as Buffer).equals(photo)).toBe(true);
    });

    // The escaped DN must address the same entry when used as a search base.
    await withClient(slapd.reader, async (client) => {
      const { searchEntries } = await client.search(janeDn, { scope: 'base', attributes: ['uid'] });
      expect(searchEntries.map((e) => e.uid)).toEqual([janeUid]);
    });
  });

  it('the reader may read people but not change them', async () => {
    const uid = uniqueUid('reader-target');
    const dn = `uid=${uid},${slapd.peopleDn}`;
    await withClient(slapd.writer, (client) => client.add(dn, personAttributes('Reader Target', uid, { title: 'Original' })));

    await withClient(slapd.reader, async (client) => {
      const person = await readPerson(client, uid);
      expect(person.title).toBe('Original');

      await expect(
        client.modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type: 'title', values: ['Changed'] }) })),
      ).rejects.toBeInstanceOf(InsufficientAccessError);
      const otherUid = uniqueUid('reader-add');
      await expect(
        client.add(`uid=${otherUid},${slapd.peopleDn}`, personAttributes('Not Allowed', otherUid)),
      ).rejects.toBeInstanceOf(InsufficientAccessError);
      await expect(client.del(dn)).rejects.toBeInstanceOf(InsufficientAccessError);

      expect((await readPerson(client, uid)).title).toBe('Original');
    });
  });

  it('the writer may not change anything outside ou=people', async () => {
    await withClient(slapd.writer, async (client) => {
      await expect(
        client.add(`cn=${uniqueUid('group')},${slapd.groupsDn}`, {
          objectClass: ['groupOfNames'],
          member: slapd.writer.dn,
        }),
      ).rejects.toBeInstanceOf(InsufficientAccessError);
      await expect(
        client.modify(slapd.reader.dn, new Change({ operation: 'replace', modification: new Attribute({ type: 'description', values: ['x'] }) })),
      ).rejects.toBeInstanceOf(InsufficientAccessError);
    });
  });

  it('anonymous clients cannot read people', async () => {
    const uid = uniqueUid('hidden');
    const password = randomUUID();
    const dn = `uid=${uid},${slapd.peopleDn}`;
    await withClient(slapd.writer, (client) => client.add(dn, personAttributes('Hidden Person', uid, { userPassword: password })));

    await withClient(undefined, async (client) => {
      await expect(client.search(slapd.baseDn, { scope: 'sub', filter: '(objectClass=*)' })).rejects.toBeInstanceOf(
        InsufficientAccessError,
      );
      await expect(client.search(slapd.peopleDn, { scope: 'sub', filter: `(uid=${uid})` })).rejects.toBeInstanceOf(
        InsufficientAccessError,
      );
      await expect(client.search(dn, { scope: 'base' })).rejects.toBeInstanceOf(InsufficientAccessError);
    });

    // Anonymous may still authenticate: that is how people (and the service accounts) log in.
    await withClient({ dn, password }, async (client) => {
      expect((await readPerson(client, uid)).cn).toBe('Hidden Person');
    });
    // Bound users never see password hashes.
    await withClient(slapd.reader, async (client) => {
      // ldapts reports a requested attribute the server withheld as [].
      expect((await readPerson(client, uid, ['userPassword'])).userPassword ?? []).toEqual([]);
    });
  });

  it('entries carry entryUUID and modifyTimestamp', async () => {
    const uid = uniqueUid('operational');
    await withClient(slapd.writer, (client) => client.add(`uid=${uid},${slapd.peopleDn}`, personAttributes('Op Attrs', uid)));

    await withClient(slapd.reader, async (client) => {
      const person = await readPerson(client, uid, ['uid', 'entryUUID', 'modifyTimestamp']);
      expect(person.entryUUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(person.modifyTimestamp).toMatch(/^\d{14}Z$/);

      // Both are indexed, so a sync can look entries up by them.
      const byUuid = await client.search(slapd.peopleDn, { filter: `(entryUUID=${String(person.entryUUID)})`, attributes: ['uid'] });
      expect(byUuid.searchEntries.map((e) => e.uid)).toEqual([uid]);
      const recent = await client.search(slapd.peopleDn, {
        filter: `(&(uid=${uid})(modifyTimestamp>=${String(person.modifyTimestamp)}))`,
        attributes: ['uid'],
      });
      expect(recent.searchEntries).toHaveLength(1);
    });
  });

  it('a paged search returns every entry', async () => {
    const batch = uniqueUid('paged');
    const count = 120;
    await withClient(slapd.writer, async (client) => {
      for (let i = 0; i < count; i++) {
        const uid = `${batch}-${String(i).padStart(3, '0')}`;
        await client.add(`uid=${uid},${slapd.peopleDn}`, personAttributes(`Paged ${i}`, uid, { departmentNumber: batch }));
      }
    });

    await withClient(slapd.reader, async (client) => {
      const options = { scope: 'sub' as const, filter: `(departmentNumber=${batch})`, attributes: ['uid'], paged: { pageSize: 50 } };
      const { searchEntries } = await client.search(slapd.peopleDn, options);
      expect(searchEntries).toHaveLength(count);
      expect(new Set(searchEntries.map((e) => e.uid)).size).toBe(count);

      const pageSizes: number[] = [];
      for await (const page of client.searchPaginated(slapd.peopleDn, options)) pageSizes.push(page.searchEntries.length);
      expect(pageSizes).toEqual([50, 50, 20]);
    });
  });
});
