import { Attribute, Change } from 'ldapts';
import { DataSource, DirectoryEntry, FieldMapping, ProfileField } from '../../db/models';
import { openLdapSession, readEntry, toLdapStepError, type LdapConnectOptions, type LdapSession } from '../../directory/ldap';
import { AppError, attributeNotTestable, ldapConflict, ldapEntryMissing, ldapRefused, noDirectoryEntry, notFound, writeBackRefused } from '../../errors';
import { jpegWithin, type PictureWriteBack } from '../../profiles/pictureStore';
import type { DirectoryPort } from '../../profiles/profiles';
import type { DirectoryValue } from '../../profiles/refresh';
import type { SecretBox } from '../../secrets';
import { directoryFailure } from './directoryFailure';
import { buildMappers } from '../readers/fieldMappers';
import { canonicalAttribute, protectedAttributeReason, rdnAttributesOf, USUAL_RDN_ATTRIBUTES } from './protectedAttributes';
import { contentHash, pictureHashOf, type SourceRecord, type SourceValue } from '../readers/sourceRecord';
import { ldapSettingsOf, readSecrets } from '../sources/sourceStore';

/**
 * The directory side of profile edits: re-reading a person's directory values when their edit
 * form opens, and writing edits back with an LDAP modify (replace) as the source's bind user.
 * After a write-back the stored entry and its content hash take the new values, so the next sync
 * sees the entry as unchanged instead of as a new edit.
 */

interface PersonInSource {
  source: DataSource;
  entry: DirectoryEntry;
  mappings: FieldMapping[];
}

/** Every enabled LDAP source that has this person, by priority, with its mappings. */
async function sourcesHolding(tenantId: string, accountId: string): Promise<PersonInSource[]> {
  const entries = await DirectoryEntry.findAll({ where: { tenantId, accountId, goneAt: null } });
  if (entries.length === 0) return [];
  const sources = await DataSource.findAll({ where: { tenantId, kind: 'ldap', enabled: true, id: entries.map((e) => e.sourceId) }, order: [['priority', 'ASC'], ['id', 'ASC']] });
  const mappings = await FieldMapping.findAll({ where: { tenantId, sourceId: sources.map((s) => s.id) } });
  return sources.map((source) => ({
    source,
    entry: entries.find((e) => String(e.sourceId) === String(source.id))!,
    mappings: mappings.filter((m) => String(m.sourceId) === String(source.id)),
  }));
}

async function withSession<T>(source: DataSource, secrets: SecretBox, ldap: LdapConnectOptions, use: (session: LdapSession) => Promise<T>): Promise<T> {
  const session = await openLdapSession(ldapSettingsOf(source), readSecrets(source, secrets).bindPassword, ldap);
  try {
    return await use(session);
  } finally {
    await session.close();
  }
}

/** The person's current mapped values in one source (person references are left as stored). */
async function currentValues(person: PersonInSource, fields: Map<string, ProfileField>, session: LdapSession): Promise<Record<string, SourceValue>> {
  const mappers = buildMappers(person.mappings, fields, 'dn').filter((m) => !['user', 'multiuser'].includes(fields.get(m.fieldKey)!.type));
  const entry = await readEntry(session, person.entry.dn, mappers.map((m) => m.attribute));
  if (!entry) throw ldapEntryMissing(`Your entry ${person.entry.dn} is no longer in ${person.source.name}.`);
  const values: Record<string, SourceValue> = {};
  for (const mapper of mappers) {
    const result = mapper.map(entry.attributes[mapper.attribute.toLowerCase()]);
    if (!('error' in result)) values[mapper.fieldKey] = result.value;
  }
  return values;
}

/**
 * Refuses (422 write_back_refused) a change to an attribute Rollcall never writes (the match, id
 * or RDN attribute of this very entry, credentials, operational ones): mappings saved before the
 * rule are not trusted (sync/writeBack/protectedAttributes.ts).
 */
function assertWritable(person: PersonInSource, fieldKeys: string[], fields: Map<string, ProfileField>): void {
  const settings = ldapSettingsOf(person.source);
  const identity = { matchAttribute: settings.accountMatch.attribute, idAttribute: settings.idAttribute, rdnAttributes: rdnAttributesOf(person.entry.dn) };
  for (const fieldKey of fieldKeys) {
    const attribute = person.mappings.find((m) => m.fieldKey === fieldKey)!.attribute;
    const reason = protectedAttributeReason(attribute, identity);
    if (reason) {
      const label = fields.get(fieldKey)?.label ?? fieldKey;
      throw writeBackRefused(422, `${label} cannot be written back to ${person.source.name}: ${reason}. An admin should turn write-back off for it.`, [{ field: fieldKey, attribute }]);
    }
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function directoryPort(secrets: SecretBox, ldap: LdapConnectOptions): DirectoryPort {
  return {
    async readCurrent(tenantId, accountId) {
      const people = await sourcesHolding(tenantId, accountId);
      if (people.length === 0) return {};
      const fields = new Map((await ProfileField.findAll({ where: { tenantId } })).map((f) => [f.key, f]));
      const values: Record<string, DirectoryValue> = {};
      // Fields whose value depends on a directory that could not be read: unknown, whatever a
      // directory of lower priority says.
      const unknown = new Set<string>();
      // By priority, as a sync merges them (profileWriter.ts): the first source with a value wins;
      // a field no source fills is empty, from the first source that maps it.
      for (const person of people) {
        let read: Record<string, SourceValue>;
        try {
          read = await withSession(person.source, secrets, ldap, (session) => currentValues(person, fields, session));
        } catch {
          // A directory that cannot be reached right now (or no longer holds the entry): the fields
          // it maps that no higher directory has settled are unknown, so the form shows their stored
          // values and a save refreshes none of them from a directory further down.
          for (const { fieldKey } of person.mappings) {
            if (!values[fieldKey] || values[fieldKey].value === null) {
              delete values[fieldKey];
              unknown.add(fieldKey);
            }
          }
          continue;
        }
        for (const [fieldKey, value] of Object.entries(read)) {
          if (unknown.has(fieldKey)) continue;
          if (!values[fieldKey] || (values[fieldKey].value === null && value !== null)) values[fieldKey] = { value, sourceId: String(person.source.id) };
        }
      }
      return values;
    },

    async writeBack(tenantId, accountId, changes) {
      const people = await sourcesHolding(tenantId, accountId);
      const fields = new Map((await ProfileField.findAll({ where: { tenantId } })).map((f) => [f.key, f]));
      for (const person of people) {
        const mine = changes.filter((c) => person.mappings.some((m) => m.fieldKey === c.fieldKey && m.writeBack));
        if (mine.length === 0) continue;
        // An outage or a failed bind is a 502/503 naming the directory, not a 500 (directoryFailure.ts).
        assertWritable(person, mine.map((c) => c.fieldKey), fields);
        await withSession(person.source, secrets, ldap, async (session) => {
          const now = await currentValues(person, fields, session);
          const conflicts = mine.filter((c) => !same(now[c.fieldKey], c.baseline));
          if (conflicts.length > 0) {
            throw ldapConflict(
              `${conflicts.map((c) => fields.get(c.fieldKey)!.label).join(', ')} changed in ${person.source.name} since you opened the form: choose which value to keep.`,
              conflicts.map((c) => ({ field: c.fieldKey, label: fields.get(c.fieldKey)!.label, yours: c.value, directory: now[c.fieldKey] ?? null, whenOpened: c.baseline ?? null })),
            );
          }
          const modifications = mine.map((c) => {
            const attribute = person.mappings.find((m) => m.fieldKey === c.fieldKey)!.attribute;
            const values = c.value === null ? [] : Array.isArray(c.value) ? (c.value as unknown[]).map(String) : [String(c.value)];
            return new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values }) });
          });
          try {
            await session.client.modify(person.entry.dn, modifications);
          } catch (err) {
            const failure = toLdapStepError('modify', err, { base: person.entry.dn });
            if (failure.kind !== 'result') throw failure; // the connection failed, not the change
            throw ldapRefused(`${person.source.name} refused the change: ${failure.message}`, { usualCauses: failure.usualCauses });
          }
          // The entry now holds what the directory holds: the next sync sees it unchanged.
          const values = { ...(person.entry.values as Record<string, SourceValue>) };
          for (const c of mine) values[c.fieldKey] = c.value as SourceValue;
          const record: SourceRecord = { externalId: person.entry.externalId, locator: person.entry.dn, dnKey: person.entry.dn, matchValue: person.entry.matchKey, values, errors: [] };
          await person.entry.update({ values, contentHash: contentHash(record, person.entry.pictureHash) });
        }).catch((err: unknown) => {
          throw directoryFailure(person.source, err);
        });
      }
      const handled = new Set(people.flatMap((p) => p.mappings.filter((m) => m.writeBack).map((m) => m.fieldKey)));
      const orphan = changes.find((c) => !handled.has(c.fieldKey));
      if (orphan) {
        throw noDirectoryEntry(`${fields.get(orphan.fieldKey)?.label ?? orphan.fieldKey} cannot be written back: this person has no entry in a directory that writes it.`);
      }
    },
  };
}

/** Active Directory's thumbnailPhoto holds at most 100 KB. */
const THUMBNAIL_PHOTO_MAX = 100 * 1024;

/** Writes uploaded pictures to the picture attribute of every source that has the person and allows it. */
export function pictureWriteBack(secrets: SecretBox, ldap: LdapConnectOptions): PictureWriteBack {
  return {
    async write(tenantId, accountId, jpeg) {
      for (const person of await sourcesHolding(tenantId, accountId)) {
        const settings = ldapSettingsOf(person.source);
        if (!person.source.writeBack || !settings.pictureWriteBack || !settings.pictureAttribute) continue;
        const bytes = settings.pictureAttribute.toLowerCase() === 'thumbnailphoto' ? await jpegWithin(jpeg, THUMBNAIL_PHOTO_MAX) : jpeg;
        await withSession(person.source, secrets, ldap, async (session) => {
          try {
            await session.client.modify(person.entry.dn, [new Change({ operation: 'replace', modification: new Attribute({ type: settings.pictureAttribute!, values: [bytes] }) })]);
          } catch (err) {
            const failure = toLdapStepError('modify', err, { base: person.entry.dn });
            throw ldapRefused(`${person.source.name} refused the picture: ${failure.message}`, { usualCauses: failure.usualCauses });
          }
        });
        // The entry now carries this picture: the next sync sees it unchanged.
        const pictureHash = pictureHashOf(bytes);
        const record: SourceRecord = { externalId: person.entry.externalId, locator: person.entry.dn, dnKey: person.entry.dn, matchValue: person.entry.matchKey, values: person.entry.values as Record<string, SourceValue>, errors: [] };
        await person.entry.update({ pictureHash, contentHash: contentHash(record, pictureHash) });
      }
    },
  };
}

export interface WriteAccessResult {
  ok: boolean;
  dn?: string;
  attribute: string;
  message: string;
  error?: { resultCode?: number; resultName?: string; message: string; usualCauses: string[] };
}

/**
 * The write-access test of the Data Sources page: may this source's bind user write `attribute`
 * of this person's entry? It writes the attribute's current values back unchanged (an LDAP
 * modify/replace with the same values), so nothing in the directory changes but its ACLs are
 * really asked.
 *
 * Refused before anything is sent (400 attribute_not_testable): an attribute the source does not
 * map (only mapped attributes and the picture attribute are tested; write-back flag or not, so
 * an admin can test before ticking it); one Rollcall never writes (match, id and this entry's RDN
 * attributes, credentials, group membership, operational ones); and one of which the bind user
 * reads no value: a replace with what it could not read would delete the attribute (a
 * write-only attribute, or an empty one), so an empty replace is never sent.
 */
export async function testWriteAccess(source: DataSource, accountId: string, attribute: string, secrets: SecretBox, ldap: LdapConnectOptions): Promise<WriteAccessResult> {
  const settings = ldapSettingsOf(source);
  const mapped = (await FieldMapping.findAll({ attributes: ['attribute'], where: { tenantId: source.tenantId, sourceId: source.id } })).map((m) => m.attribute);
  if (settings.pictureAttribute) mapped.push(settings.pictureAttribute);
  if (!mapped.some((m) => canonicalAttribute(m) === canonicalAttribute(attribute))) {
    throw attributeNotTestable(`${attribute} is not mapped on ${source.name}: only the attributes it maps (and its picture attribute) can be tested. Map it and save first.`, [{ path: 'attribute', message: 'not mapped' }]);
  }
  const entry = await DirectoryEntry.findOne({ where: { tenantId: source.tenantId, sourceId: source.id, accountId, goneAt: null } });
  const identity = { matchAttribute: settings.accountMatch.attribute, idAttribute: settings.idAttribute, rdnAttributes: entry ? rdnAttributesOf(entry.dn) : USUAL_RDN_ATTRIBUTES };
  const reason = protectedAttributeReason(attribute, identity);
  if (reason) throw attributeNotTestable(`${attribute} cannot be tested: ${reason}, and Rollcall never writes it.`, [{ path: 'attribute', message: reason }]);
  if (!entry) {
    return {
      ok: false,
      attribute,
      message: `This person has no entry in ${source.name}: a local Confluence user, or one the user filter leaves out. Run a sync first if they were added recently.`,
      error: { message: 'No directory entry', usualCauses: ['a local user with no directory entry', 'the user filter or the additional user DN leaves the entry out', 'no sync has run since the entry was added'] },
    };
  }
  try {
    await withSession(source, secrets, ldap, async (session) => {
      const current = await readEntry(session, entry.dn, [attribute]);
      if (!current) throw notFound(`The entry ${entry.dn}`, `The entry ${entry.dn} is no longer in the directory.`);
      const key = attribute.toLowerCase();
      // A value that is not UTF-8 comes as bytes, the others as text: every one goes back.
      const text = current.attributes[key] ?? [];
      const bytes = current.binary[key] ?? [];
      const values: string[] | Buffer[] = bytes.length === 0 ? text : [...bytes, ...text.map((v) => Buffer.from(v, 'utf8'))];
      if (values.length === 0) {
        throw attributeNotTestable(
          `The bind user reads no value of ${attribute} on ${entry.dn} (it is empty there, or the bind user may not read it). The test writes the current values back unchanged, so it cannot test an attribute whose values it cannot read: test with a person who has a value.`,
          [{ path: 'attribute', message: 'no readable value' }],
        );
      }
      try {
        await session.client.modify(entry.dn, [new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values }) })]);
      } catch (err) {
        throw toLdapStepError('modify', err, { base: entry.dn });
      }
    });
    return { ok: true, dn: entry.dn, attribute, message: `The bind user may write ${attribute} of ${entry.dn}. Its value was not changed.` };
  } catch (err) {
    if (err instanceof AppError && err.id === 'attribute_not_testable') throw err;
    if (err instanceof AppError) return { ok: false, dn: entry.dn, attribute, message: err.message, error: { message: err.message, usualCauses: ['the entry moved or was deleted since the last sync'] } };
    const failure = toLdapStepError('modify', err, { base: entry.dn });
    const causes = [
      ...failure.usualCauses,
      ...(failure.resultCode === 50 ? [`the bind user has no write right on ${attribute} (an ACL, or AD's delegated permissions)`] : []),
      ...(failure.resultCode === 17 || failure.resultCode === 21 ? [`${attribute} is not in the schema of this entry's object classes`] : []),
    ];
    return {
      ok: false,
      dn: entry.dn,
      attribute,
      message: `The bind user may not write ${attribute} of ${entry.dn}: ${failure.message}`,
      error: { resultCode: failure.resultCode, resultName: failure.resultName, message: failure.message, usualCauses: [...new Set(causes)] },
    };
  }
}
