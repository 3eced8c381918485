import { DirectoryEntry } from '../../db/models';
import { searchPages, userSearchBase, type LdapSession } from '../../directory/ldap';
import type { FieldMapper } from './fieldMappers';
import type { SourceReader, SourceRecord, SourceValue } from './sourceRecord';
import type { LdapSettings } from '../sources/sourceSettings';

export interface TargetedReaderOptions {
  session: LdapSession;
  settings: LdapSettings;
  idAttribute: string;
  tenantId: string;
  sourceId: string;
  /** Mappers of the fields to fill: those mapped or re-mapped since the last full run. */
  mappers: FieldMapper[];
}

/**
 * After a mapping was added or changed, an incremental run still has to fill that field for
 * everyone, not only for people modified since the mark (Linchpin's known gap). This reader asks
 * the directory for just the new attributes of every person the source already knows, and
 * rebuilds each record from the stored entry plus the new values, so the engine's usual hash
 * diff writes exactly the profiles that change.
 */
export function targetedLdapReader(options: TargetedReaderOptions): SourceReader {
  const { session, settings, tenantId, sourceId } = options;
  return {
    async *pages() {
      for await (const page of searchPages(session, {
        base: userSearchBase(settings),
        filter: settings.userFilter,
        idAttribute: options.idAttribute,
        attributes: options.mappers.map((m) => m.attribute),
        pageSize: settings.pageSize,
      })) {
        const ids = page.map((e) => e.externalId).filter((id): id is string => !!id);
        const stored = new Map(
          (ids.length ? await DirectoryEntry.findAll({ where: { tenantId, sourceId, externalId: ids, goneAt: null } }) : []).map((e) => [e.externalId, e]),
        );
        const records: SourceRecord[] = [];
        for (const entry of page) {
          const known = entry.externalId ? stored.get(entry.externalId) : undefined;
          if (!known) continue; // new people come with the modified-since search or the next full run
          const values: Record<string, SourceValue> = { ...(known.values as Record<string, SourceValue>) };
          const errors: string[] = [];
          for (const mapper of options.mappers) {
            const result = mapper.map(entry.attributes[mapper.attribute.toLowerCase()]);
            if ('error' in result) errors.push(result.error);
            else values[mapper.fieldKey] = result.value;
          }
          records.push({ externalId: known.externalId, locator: entry.dn, dnKey: known.dn, matchValue: known.matchKey, values, pictureHash: known.pictureHash, errors });
        }
        yield records;
      }
    },
    close: async () => undefined, // the session belongs to the caller
  };
}
