import { FieldMapping, ProfileField, type DataSource } from '../../db/models';
import { badRequest } from '../../errors';
import {
  countEntries,
  detectIdAttribute,
  LdapStepError,
  openLdapSession,
  readRootDse,
  readEntry,
  searchPages,
  userSearchBase,
  type LdapConnectOptions,
  type LdapSession,
} from '../../directory/ldap';
import type { Logger } from '../../logger';
import type { SecretBox } from '../../secrets';
import { buildMappers } from '../readers/fieldMappers';
import { requestedAttributes, toSourceRecord } from '../readers/ldapReader';
import { XmlFormatError, xmlRecords } from '../../directory/xml';
import { assertBindAllowed, getSource, incrementalOf, ldapSettingsOf, ldapWarnings, readSecrets, xmlSettingsOf, type SourceWarning } from './sourceStore';
import { testWriteAccess, type WriteAccessResult } from '../writeBack/writeBack';
import { loadXmlFile, scanXml, XmlSourceError, xmlToSourceRecord, type XmlAccess } from '../readers/xmlReader';
import { checkPatternAgainst, detectPattern, formatTimestamp } from '../readers/timestamps';
import { incrementalFilterOf, timeAttributeOf, usnMarkOf } from '../readers/usn';

/** What the Test button asks: nothing for the connection test; one person and one attribute for the write-access test (LDAP). */
export type SourceTestRequest = { accountId?: undefined } | { accountId: string; attribute: string };

/**
 * The Test button of a source (`POST /sources/{id}/test`): the write-access test when the request
 * names a person and an attribute (LDAP sources only, 400 otherwise), else the connection test of
 * the source's kind with its saved mappings. 404 for an unknown source; `plain_bind_refused` (400)
 * when the operator's rules would not let it bind.
 */
export async function testSource(tenantId: string, sourceId: string, request: SourceTestRequest, options: ConnectionTestOptions): Promise<ConnectionTestResult | XmlTestResult | WriteAccessResult> {
  const source = await getSource(tenantId, sourceId);
  assertBindAllowed(source, options.ldap);
  if (request.accountId) {
    if (source.kind !== 'ldap') throw badRequest('Only LDAP sources write back.');
    return testWriteAccess(source, request.accountId, request.attribute, options.secrets, options.ldap);
  }
  const [mappings, fields] = await Promise.all([FieldMapping.findAll({ where: { tenantId, sourceId: source.id } }), ProfileField.findAll({ where: { tenantId } })]);
  return source.kind === 'xml' ? testXmlSource(source, mappings, fields, options) : testLdapConnection(source, mappings, fields, options);
}

/** One step of "Save and test connection", in the order they run. */
export interface TestStep {
  step: 'connect' | 'rootDse' | 'idAttribute' | 'count' | 'samples' | 'incremental';
  ok: boolean;
  ms: number;
  detail: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  steps: TestStep[];
  rootDse?: { vendorName?: string; namingContexts: string[]; pagedResults: boolean; isActiveDirectory: boolean };
  searchBase?: string;
  filter?: string;
  idAttribute?: string;
  count?: number;
  samples?: Array<{ dn: string; matchValue: string | null; values: Record<string, unknown>; hasPicture: boolean; problems: string[] }>;
  /** With incremental sync on: the exact filter the next incremental run sends, and the pattern check. */
  incremental?: { filter: string | null; nextRunIsFull: boolean; serverTimestamp?: string; detectedPattern?: string };
  error?: { step: string; resultCode?: number; resultName?: string; message: string; usualCauses: string[] };
  /** What works but should not stay so; `id` is stable (`plain_bind`: the password crosses the network in clear). */
  warnings: SourceWarning[];
}

const SAMPLE_SIZE = 5;

/** What the connection tests take besides the source: the operator's rules and where details are logged. */
export interface ConnectionTestOptions {
  secrets: SecretBox;
  ldap: LdapConnectOptions;
  xml: XmlAccess;
  /** Gets what the admin is not shown: the socket's or TLS library's own words. */
  logger: Logger;
}

/**
 * Connects, binds, reads the rootDSE, finds the id attribute, counts the people under the user
 * base with the filter, and maps up to five of them, stopping at the first failing step with
 * LDAP's result code and diagnostic text and the usual causes.
 */
export async function testLdapConnection(source: DataSource, mappings: FieldMapping[], fields: ProfileField[], options: ConnectionTestOptions): Promise<ConnectionTestResult> {
  const box = options.secrets;
  const settings = ldapSettingsOf(source);
  const result: ConnectionTestResult = { ok: false, steps: [], searchBase: userSearchBase(settings), filter: settings.userFilter, warnings: ldapWarnings(settings) };
  const step = async <T>(name: TestStep['step'], run: () => Promise<T>, detail: (value: T) => string): Promise<T> => {
    const started = Date.now();
    try {
      const value = await run();
      result.steps.push({ step: name, ok: true, ms: Date.now() - started, detail: detail(value) });
      return value;
    } catch (err) {
      result.steps.push({ step: name, ok: false, ms: Date.now() - started, detail: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  };

  let session: LdapSession | undefined;
  try {
    session = await step('connect', () => openLdapSession(settings, readSecrets(source, box).bindPassword, options.ldap), () => `Connected to ${settings.url}${settings.startTls ? ' with StartTLS' : ''} and bound as ${settings.bindDn || 'anonymous'}`);
    const s = session;
    const rootDse = await step('rootDse', () => readRootDse(s), (r) => `${r.vendorName ?? (r.isActiveDirectory ? 'Active Directory' : 'LDAP server')}; paged results ${r.pagedResults ? 'supported' : 'NOT supported'}`);
    result.rootDse = { vendorName: rootDse.vendorName, namingContexts: rootDse.namingContexts, pagedResults: rootDse.pagedResults, isActiveDirectory: rootDse.isActiveDirectory };
    const idAttribute = await step(
      'idAttribute',
      async () => {
        const found = settings.idAttribute ?? (await detectIdAttribute(s, userSearchBase(settings), settings.userFilter));
        if (!found) throw new Error('No entry under the user base matches the filter, or none has entryUUID, objectGUID or nsUniqueId: check the filter or choose the id attribute.');
        return found;
      },
      (a) => (settings.idAttribute ? `Using ${a}` : `Detected ${a}`),
    );
    result.idAttribute = idAttribute;
    result.count = await step('count', () => countEntries(s, userSearchBase(settings), settings.userFilter), (n) => `${n} entries under ${userSearchBase(settings)} match ${settings.userFilter}`);
    const mappers = buildMappers(mappings, new Map(fields.map((f) => [f.key, f])), 'dn');
    const { text, binary } = requestedAttributes({ settings, idAttribute, mappers });
    result.samples = await step(
      'samples',
      async () => {
        for await (const page of searchPages(s, { base: userSearchBase(settings), filter: settings.userFilter, idAttribute, attributes: text, binaryAttributes: binary, pageSize: SAMPLE_SIZE })) {
          return page.slice(0, SAMPLE_SIZE).map((entry) => {
            const record = toSourceRecord(entry, { settings, mappers });
            return { dn: record.locator, matchValue: record.matchValue, values: record.values, hasPicture: !!record.picture, problems: record.errors };
          });
        }
        return [];
      },
      (samples) => `Mapped ${samples.length} sample ${samples.length === 1 ? 'entry' : 'entries'}`,
    );
    const incremental = incrementalOf(source);
    if (incremental.enabled) {
      const firstDn = result.samples[0]?.dn;
      await step(
        'incremental',
        async () => {
          // On uSNChanged the date is whenChanged's (see ../readers/usn.ts), and the filter the USN's when the mark is this DC's.
          const timeAttribute = timeAttributeOf(incremental);
          const entry = firstDn ? await readEntry(s, firstDn, [timeAttribute]) : null;
          const raw = entry?.attributes[timeAttribute.toLowerCase()]?.[0];
          const since = incremental.lastSyncAt ? new Date(new Date(incremental.lastSyncAt).getTime() - incremental.overlapMinutes * 60_000) : null;
          result.incremental = {
            filter: since ? `(&${settings.userFilter}${incrementalFilterOf(incremental, formatTimestamp(since, incremental.timestampPattern), usnMarkOf(incremental, rootDse))})` : null,
            nextRunIsFull: !since,
            serverTimestamp: raw,
            detectedPattern: raw ? detectPattern(raw) : undefined,
          };
          if (!raw) throw new Error(`The entries carry no ${timeAttribute} the bind user may read: incremental sync cannot work without it.`);
          const problem = checkPatternAgainst(raw, incremental.timestampPattern);
          if (problem) throw new Error(problem);
          return result.incremental;
        },
        (r) => (r.filter ? `An incremental run would send ${r.filter}` : 'No "Last LDAP sync date" yet: the next run is a full one'),
      );
    }
    result.ok = true;
  } catch (err) {
    if (err instanceof LdapStepError) {
      options.logger.info({ tenantId: source.tenantId, sourceId: source.id, step: err.step, kind: err.kind, transportCode: err.transportCode, diagnostic: err.diagnostic }, 'LDAP connection test failed');
    }
    result.error =
      err instanceof LdapStepError
        ? { step: err.step, resultCode: err.resultCode, resultName: err.resultName, message: err.message, usualCauses: err.usualCauses }
        : { step: result.steps.at(-1)?.step ?? 'connect', message: err instanceof Error ? err.message : String(err), usualCauses: [] };
  } finally {
    await session?.close().catch(() => undefined);
  }
  return result;
}

export interface XmlTestResult {
  ok: boolean;
  file?: { name: string; size: number };
  records?: number;
  duplicates?: Array<{ key: string; places: string[] }>;
  samples?: Array<{ locator: string; matchValue: string | null; values: Record<string, unknown>; problems: string[] }>;
  error?: { step: 'read' | 'parse'; message: string; line?: number; column?: number };
}

/** "Test" for an XML source: reads and parses the file, counts the records and maps five of them. */
export async function testXmlSource(source: DataSource, mappings: FieldMapping[], fields: ProfileField[], options: ConnectionTestOptions): Promise<XmlTestResult> {
  const access = options.xml;
  const settings = xmlSettingsOf(source);
  let file;
  try {
    file = await loadXmlFile(source, options.secrets, access);
  } catch (err) {
    if (err instanceof XmlSourceError && err.detail) options.logger.info({ tenantId: source.tenantId, sourceId: source.id, detail: err.detail }, 'XML source test could not read the file');
    return { ok: false, error: { step: 'read', message: err instanceof Error ? err.message : String(err) } };
  }
  try {
    const scan = scanXml(file.bytes, settings, access.maxBytes);
    const mappers = buildMappers(mappings, new Map(fields.map((f) => [f.key, f])), settings.matchBy === 'email' ? 'email' : 'accountId');
    const samples: NonNullable<XmlTestResult['samples']> = [];
    for (const record of xmlRecords(file.bytes, settings.recordPath, { maxBytes: access.maxBytes })) {
      const mapped = xmlToSourceRecord(record, settings, mappers);
      samples.push({ locator: mapped.locator, matchValue: mapped.matchValue, values: mapped.values, problems: mapped.errors });
      if (samples.length === 5) break;
    }
    return {
      ok: true,
      file: { name: file.name, size: file.bytes.length },
      records: scan.records,
      duplicates: [...scan.duplicates].map(([key, places]) => ({ key, places: places.map((p) => `record ${p.index} (line ${p.line})`) })),
      samples,
    };
  } catch (err) {
    if (err instanceof XmlFormatError) return { ok: false, file: { name: file.name, size: file.bytes.length }, error: { step: 'parse', message: err.message, line: err.line, column: err.column } };
    throw err;
  }
}
