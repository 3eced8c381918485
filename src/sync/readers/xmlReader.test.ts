import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from '../../db/models';
import { OutboundGuard } from '../../net/outbound';
import { SecretBox } from '../../secrets';
import { xmlSettingsSchema } from '../sources/sourceSettings';
import { KeyHashes } from './keyHashes';
import { loadXmlFile, scanXml } from './xmlReader';

const settings = xmlSettingsSchema.parse({ location: { kind: 'upload' }, recordPath: 'identities/identity', matchPath: 'mail', matchBy: 'email' });
const exportOf = (mails: string[]) => Buffer.from(`<identities>\n${mails.map((m) => `<identity><mail>${m}</mail></identity>`).join('\n')}\n</identities>`);

describe('scanXml', () => {
  it('finds every key that repeats, in any case, with the places of all its occurrences', () => {
    const mails = Array.from({ length: 5000 }, (_, i) => `person.${i}@example.com`);
    mails.splice(10, 0, 'Person.4000@Example.com');
    mails.push('person.17@example.com', 'PERSON.4000@EXAMPLE.COM', '');
    const scan = scanXml(exportOf(mails), settings, 10_000_000);
    expect(scan.records).toBe(5004);
    expect(Object.fromEntries(scan.duplicates)).toEqual({
      'person.4000@example.com': [
        { index: 11, line: 12 },
        { index: 4002, line: 4003 },
        { index: 5003, line: 5004 },
      ],
      'person.17@example.com': [
        { index: 19, line: 20 },
        { index: 5002, line: 5003 },
      ],
    });
  });

  it('confirms with the real keys: keys that only share a hash are not duplicates', () => {
    // Every key gets the same hash: every record is a candidate, and only real repeats may remain.
    const scan = scanXml(exportOf(['a@example.com', 'b@example.com', 'A@example.com', 'c@example.com']), settings, 10_000_000, new KeyHashes(() => 42));
    expect(scan.records).toBe(4);
    expect(Object.fromEntries(scan.duplicates)).toEqual({ 'a@example.com': [{ index: 1, line: 2 }, { index: 3, line: 4 }] });
  });

  it('finds none in a file of unique keys', () => {
    expect(scanXml(exportOf(Array.from({ length: 5000 }, (_, i) => `person.${i}@example.com`)), settings, 10_000_000)).toEqual({ records: 5000, duplicates: new Map() });
  });
});

describe('loadXmlFile by path', () => {
  const importDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-import-unit-'));
  fs.mkdirSync(path.join(importDir, '7'));
  fs.writeFileSync(path.join(importDir, '7', 'own.xml'), '<identities/>');
  afterAll(() => fs.rmSync(importDir, { recursive: true, force: true }));
  const load = (where: string) =>
    loadXmlFile({ tenantId: '7', settings: { location: { kind: 'path', path: where } } } as unknown as DataSource, new SecretBox(Buffer.alloc(32)), { importDir, maxBytes: 1000, guard: new OutboundGuard([]) });

  it("reads a file of the site's own directory", async () => {
    expect(await load('own.xml')).toEqual({ name: 'own.xml', bytes: Buffer.from('<identities/>') });
  });

  it('refuses a NUL, an absolute path and an empty one with the one message', async () => {
    for (const where of ['own.xml\0', path.join(importDir, '7', 'own.xml'), '.', '/']) {
      await expect(load(where)).rejects.toThrow(`${where} is not a file the app can read in this site's import directory (${path.join(importDir, '7')}/)`);
    }
  });
});
