import type { DataSource, FieldMapping, ProfileField, SyncMode } from '../../db/models';
import { detectIdAttribute, openLdapSession, readRootDse, userSearchBase, type LdapConnectOptions } from '../../directory/ldap';
import type { SecretBox } from '../../secrets';
import { ldapReader, scanMatchKeys } from './ldapReader';
import { buildMappers } from './fieldMappers';
import type { SourceReader } from './sourceRecord';
import { incrementalOf, ldapSettingsOf, readSecrets, xmlSettingsOf } from '../sources/sourceStore';
import { loadXmlFile, scanXml, xmlReader, type XmlAccess } from './xmlReader';
import { targetedLdapReader } from './targetedReader';
import { incrementalFilterOf, timeAttributeOf, usnMarkOf, type UsnMark } from './usn';

/** A source opened for a run: its records, and how the engine treats them. */
export interface OpenedSource {
  reader: SourceReader;
  /** Incremental runs with fields mapped since the last full run: those fields, read for everyone. */
  backfill?: SourceReader;
  matchBy: 'email' | 'accountId';
  goneThresholdPercent: number;
  /** The filter narrowing an incremental run (by time, or by USN: see usn.ts). */
  incrementalFilter?: string;
  /** On uSNChanged: the DC and its highest committed USN, taken before the search; the next mark once the run succeeds. */
  usnMark?: UsnMark;
}

export interface OpenSourceOptions {
  mappings: FieldMapping[];
  fields: ProfileField[];
  secrets: SecretBox;
  mode: SyncMode;
  /** Incremental runs: entries modified at or after this mark (the timestamp attribute's filter value). */
  since?: string;
  /** Where XML sources may read from. */
  xml: XmlAccess;
  /** How LDAP sources may connect. */
  ldap: LdapConnectOptions;
}

/** Opens the adapter of the source's kind; the caller closes `reader`. */
export async function openSource(source: DataSource, options: OpenSourceOptions): Promise<OpenedSource> {
  const fields = new Map(options.fields.map((f) => [f.key, f]));
  if (source.kind === 'xml') {
    // The whole file is read and checked first: a malformed file fails here, before anything is written.
    const settings = xmlSettingsOf(source);
    const { bytes } = await loadXmlFile(source, options.secrets, options.xml);
    const scan = scanXml(bytes, settings, options.xml.maxBytes);
    const mappers = buildMappers(options.mappings, fields, settings.matchBy === 'email' ? 'email' : 'accountId');
    return { reader: xmlReader(bytes, settings, mappers, scan, options.xml.maxBytes), matchBy: settings.matchBy, goneThresholdPercent: settings.goneThresholdPercent };
  }
  const settings = ldapSettingsOf(source);
  const session = await openLdapSession(settings, readSecrets(source, options.secrets).bindPassword, options.ldap);
  try {
    const idAttribute = settings.idAttribute ?? (await detectIdAttribute(session, userSearchBase(settings), settings.userFilter));
    if (!idAttribute) throw new Error('No stable id attribute (entryUUID, objectGUID, nsUniqueId) was found on the entries: choose one in the settings.');
    const incremental = incrementalOf(source);
    const mappers = buildMappers(options.mappings, fields, 'dn');
    const pending = new Set(options.mode === 'incremental' ? incremental.pendingFields : []);
    const usnMark = incremental.timestampAttribute === 'uSNChanged' ? usnMarkOf(incremental, await readRootDse(session)) : undefined;
    const extraFilter = options.since ? incrementalFilterOf(incremental, options.since, usnMark) : undefined;
    // Entries sharing a match key are found first, so that none of them fills an account (as in XML).
    const duplicates = await scanMatchKeys({ session, settings, idAttribute, extraFilter });
    return {
      reader: ldapReader({ session, settings, idAttribute, mappers, timestampAttribute: timeAttributeOf(incremental), extraFilter, duplicates }),
      backfill:
        pending.size > 0
          ? targetedLdapReader({ session, settings, idAttribute, tenantId: source.tenantId, sourceId: String(source.id), mappers: mappers.filter((m) => pending.has(m.fieldKey)) })
          : undefined,
      matchBy: settings.accountMatch.kind,
      goneThresholdPercent: settings.goneThresholdPercent,
      incrementalFilter: extraFilter,
      usnMark,
    };
  } catch (err) {
    await session.close();
    throw err;
  }
}
