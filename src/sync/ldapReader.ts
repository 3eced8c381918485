import { normalizeDn, searchPages, userSearchBase, type LdapRecord, type LdapSession } from '../directory/ldap';
import type { FieldMapper } from './mapping';
import type { SourceReader, SourceRecord } from './records';
import type { LdapSettings } from './sourceSettings';
import { parseGeneralizedTime } from './timestamps';

export interface LdapReaderOptions {
  session: LdapSession;
  settings: LdapSettings;
  /** The stable id attribute (configured or detected). */
  idAttribute: string;
  mappers: FieldMapper[];
  /** Narrows the user filter, e.g. to entries modified since a mark (incremental runs). */
  extraFilter?: string;
  /** The modification-time attribute to track (modifyTimestamp, whenChanged): its highest value becomes the next mark. */
  timestampAttribute?: string;
}

/** The attribute names a run asks the directory for. */
export function requestedAttributes(options: Pick<LdapReaderOptions, 'settings' | 'idAttribute' | 'mappers' | 'timestampAttribute'>): { text: string[]; binary: string[] } {
  const text = new Set<string>([options.settings.accountMatch.attribute, ...options.mappers.map((m) => m.attribute)]);
  if (options.timestampAttribute) text.add(options.timestampAttribute);
  const binary = new Set<string>();
  if (options.settings.pictureAttribute) binary.add(options.settings.pictureAttribute);
  text.delete(options.settings.pictureAttribute ?? '');
  return { text: [...text, options.idAttribute], binary: [...binary] };
}

/** Maps one LDAP entry to a source record: matching value, mapped field values, picture. */
export function toSourceRecord(entry: LdapRecord, options: Pick<LdapReaderOptions, 'settings' | 'mappers'>): SourceRecord {
  const attr = (name: string) => entry.attributes[name.toLowerCase()];
  const record: SourceRecord = {
    externalId: entry.externalId,
    locator: entry.dn,
    dnKey: normalizeDn(entry.dn),
    matchValue: attr(options.settings.accountMatch.attribute)?.[0]?.trim() || null,
    values: {},
    errors: [],
  };
  for (const mapper of options.mappers) {
    const result = mapper.map(attr(mapper.attribute));
    if ('error' in result) record.errors.push(result.error);
    else record.values[mapper.fieldKey] = result.value;
  }
  if (options.settings.pictureAttribute) {
    record.picture = entry.binary[options.settings.pictureAttribute.toLowerCase()]?.[0] ?? null;
  }
  return record;
}

/** Reads the source's people page by page (paged results), as source records. */
export function ldapReader(options: LdapReaderOptions): SourceReader {
  const { text, binary } = requestedAttributes(options);
  const filter = options.extraFilter ? `(&${options.settings.userFilter}${options.extraFilter})` : options.settings.userFilter;
  const timestampKey = options.timestampAttribute?.toLowerCase();
  let highest: Date | null = null;
  return {
    highestTimestamp: () => highest,
    async *pages() {
      for await (const page of searchPages(options.session, {
        base: userSearchBase(options.settings),
        filter,
        idAttribute: options.idAttribute,
        attributes: text,
        binaryAttributes: binary,
        pageSize: options.settings.pageSize,
      })) {
        if (timestampKey) {
          for (const entry of page) {
            const raw = entry.attributes[timestampKey]?.[0];
            const at = raw ? parseGeneralizedTime(raw) : null;
            if (at && (!highest || at > highest)) highest = at;
          }
        }
        yield page.map((entry) => toSourceRecord(entry, options));
      }
    },
    close: () => options.session.close(),
  };
}
