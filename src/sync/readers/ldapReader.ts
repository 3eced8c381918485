import { normalizeDn, searchPages, userSearchBase, type LdapRecord, type LdapSession } from '../../directory/ldap';
import { KeyHashes } from './keyHashes';
import type { FieldMapper } from './fieldMappers';
import type { SourceReader, SourceRecord } from './sourceRecord';
import type { LdapSettings } from '../sources/sourceSettings';
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
  /** Match keys on more than one entry (from {@link scanMatchKeys}): those entries are skipped and reported. */
  duplicates?: Map<string, string[]>;
}

/** The match key as accounts are looked up by it: an email in lower case, an account id as it is. */
function matchKeyOf(settings: LdapSettings, entry: LdapRecord): string | null {
  const raw = entry.attributes[settings.accountMatch.attribute.toLowerCase()]?.[0]?.trim();
  if (!raw) return null;
  return settings.accountMatch.kind === 'email' ? raw.toLowerCase() : raw;
}

/** The filter a run reads with: the user filter, narrowed by `extraFilter` (incremental runs). */
function runFilter(options: Pick<LdapReaderOptions, 'settings' | 'extraFilter'>): string {
  return options.extraFilter ? `(&${options.settings.userFilter}${options.extraFilter})` : options.settings.userFilter;
}

/**
 * A first pass over the entries a run reads (their match attribute only), as the XML scan does:
 * the match keys found on more than one entry, each with the DNs of all its entries. Two entries
 * matching one account would otherwise both fill it, the last one read winning; now neither does,
 * and the run reports each. Memory: 8 bytes an entry (a hash, {@link KeyHashes}); only when two
 * hashes are equal is the directory read a second time, keeping the keys of those entries alone.
 *
 * An incremental run scans the entries it reads (modified since the mark): a key repeated between
 * a modified entry and one not modified is found by the next full run.
 */
export async function scanMatchKeys(options: Pick<LdapReaderOptions, 'session' | 'settings' | 'idAttribute' | 'extraFilter'>): Promise<Map<string, string[]>> {
  const { settings } = options;
  const search = () =>
    searchPages(options.session, { base: userSearchBase(settings), filter: runFilter(options), idAttribute: options.idAttribute, attributes: [settings.accountMatch.attribute], pageSize: settings.pageSize });
  const hashes = new KeyHashes();
  for await (const page of search()) {
    for (const entry of page) {
      const key = matchKeyOf(settings, entry);
      if (key) hashes.add(key);
    }
  }
  const candidates = hashes.repeated();
  const duplicates = new Map<string, string[]>();
  if (candidates.size === 0) return duplicates;
  for await (const page of search()) {
    for (const entry of page) {
      const key = matchKeyOf(settings, entry);
      if (!key || !candidates.mayRepeat(key)) continue;
      duplicates.set(key, [...(duplicates.get(key) ?? []), entry.dn]);
    }
  }
  for (const [key, dns] of duplicates) if (dns.length === 1) duplicates.delete(key);
  return duplicates;
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
  const filter = runFilter(options);
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
        yield page.map((entry) => {
          const record = toSourceRecord(entry, options);
          const key = options.duplicates?.size ? matchKeyOf(options.settings, entry) : null;
          const dns = key ? options.duplicates!.get(key) : undefined;
          if (dns) {
            // As the XML source does: reported, and not matched to anyone (so it fills no profile).
            const others = dns.filter((dn) => dn !== entry.dn);
            record.errors = [`The match key "${key}" (${options.settings.accountMatch.attribute}) is on more than one entry (also ${others.join('; ')}): all of them were skipped.`];
            record.externalId = null;
          }
          return record;
        });
      }
    },
    close: () => options.session.close(),
  };
}
