import { type Entry } from 'ldapts';
import { ID_ATTRIBUTE_CANDIDATES } from './settings';
import { compileFilter, pagedEntries, searchOnce, uniqueNames, type SearchSpec } from './search';
import type { LdapSession } from './session';
import { LdapStepError } from './ldapErrors';

/** One directory entry, normalized for the sync engine. */
export interface LdapRecord {
  /** The DN as the server sent it. Identity is {@link externalId}, never the DN (entries move). */
  dn: string;
  /**
   * The id attribute's value as a string: entryUUID, nsUniqueId, ipaUniqueID as they are;
   * objectGUID as the standard GUID string (see {@link formatObjectGuid}); any other binary id as
   * lower-case hex. Null when the entry has no such attribute (or the bind user may not read it).
   */
  externalId: string | null;
  /**
   * Text attributes, keys lower-cased, values in the server's order; an attribute without values
   * (or withheld by access rules) is absent. The id attribute and modifyTimestamp are here too.
   */
  attributes: Record<string, string[]>;
  /**
   * Binary attributes (those requested as binary, and the types that are always binary such as
   * objectGUID, jpegPhoto, thumbnailPhoto), keys lower-cased. A value of a text attribute that is
   * not UTF-8 lands here too, under the same key, rather than being mangled.
   */
  binary: Record<string, Buffer[]>;
  /** The raw `modifyTimestamp` (GeneralizedTime, e.g. `20260101120000Z`), when it was requested. */
  modifyTimestamp?: string;
}

/** What {@link searchPages} takes. */
export interface SearchPagesOptions {
  /** The search base, usually `userSearchBase(settings)`. */
  base: string;
  /** RFC 4515 filter, usually `settings.userFilter`. */
  filter: string;
  /** The stable id attribute (always requested; operational attributes are returned only by name). */
  idAttribute: string;
  /** Text attributes to read (`['*']` for all user attributes). */
  attributes: string[];
  /** Attributes to read as bytes (jpegPhoto, thumbnailPhoto…). */
  binaryAttributes?: string[];
  /** Entries per page (RFC 2696). */
  pageSize: number;
  /** Stops the search; see {@link searchPages}. */
  signal?: AbortSignal;
  /** Told when the server does not page (see {@link searchPages}). */
  onWarning?: (message: string) => void;
}

/**
 * Attribute types that are binary whatever the caller says (lower case): ids, photos, certificates.
 * objectGUID must never be read as text: its bytes are often valid UTF-8 by accident.
 */
export const ALWAYS_BINARY_ATTRIBUTES: ReadonlySet<string> = new Set([
  'objectguid',
  'objectsid',
  'guid',
  'jpegphoto',
  'thumbnailphoto',
  'photo',
  'audio',
  'usercertificate',
  'cacertificate',
  'usersmimecertificate',
  'userpkcs12',
  'msexchmailboxguid',
  'ms-ds-consistencyguid',
]);

/**
 * Reads the people below `options.base` matching `options.filter` (scope sub), one array per
 * server page of the paged results control (RFC 2696, https://www.rfc-editor.org/rfc/rfc2696), so
 * the directory is never held in memory whole.
 *
 * - Stopping early (`break` in `for await`, or `return()`) requests no further page. The session
 *   stays open for other operations; it is the caller's to close (`withLdapSession` does).
 * - `signal`: checked before each page; an abort while a page is awaited closes the session, since
 *   ldapts cannot abandon an operation, and the signal's reason is thrown.
 * - A server that does not announce paging gets the same request, answers it unpaged within its
 *   size limit (else sizeLimitExceeded), and `onWarning` is told.
 * - Failures, mid-way included, throw {@link LdapStepError} with step `search`; an invalid filter
 *   throws before anything is sent.
 */
export async function* searchPages(session: LdapSession, options: SearchPagesOptions): AsyncGenerator<LdapRecord[], void, undefined> {
  const filter = compileFilter('search', options.filter);
  const plan = readPlan(options.idAttribute, options.attributes, options.binaryAttributes ?? []);
  const spec: SearchSpec = { base: options.base, scope: 'sub', filter, ...plan.request };
  const pages = pagedEntries(session, 'search', spec, {
    pageSize: options.pageSize,
    signal: options.signal,
    onWarning: options.onWarning,
  });
  for await (const entries of pages) {
    const records: LdapRecord[] = [];
    for (const entry of entries) records.push(await completeRanges(session, toRecord(entry, plan), plan));
    yield records;
  }
}

/**
 * Reads one entry by DN (scope base). Null when it does not exist (noSuchObject). Without an
 * `idAttribute`, the session's configured one is used, or else the first of
 * {@link ID_ATTRIBUTE_CANDIDATES} the entry has. Other failures throw {@link LdapStepError}
 * with step `search`.
 */
export async function readEntry(
  session: LdapSession,
  dn: string,
  attributes: string[],
  binaryAttributes: string[] = [],
  idAttribute: string | undefined = session.settings.idAttribute,
): Promise<LdapRecord | null> {
  const plan = readPlan(idAttribute ?? [...ID_ATTRIBUTE_CANDIDATES], attributes, binaryAttributes);
  const spec: SearchSpec = { base: dn, scope: 'base', filter: compileFilter('search', '(objectClass=*)'), ...plan.request };
  try {
    const [entry] = await searchOnce(session, 'search', spec);
    return entry ? await completeRanges(session, toRecord(entry, plan), plan) : null;
  } catch (error) {
    if (error instanceof LdapStepError && error.resultCode === 32) return null;
    throw error;
  }
}

/**
 * An objectGUID (16 bytes) as Active Directory writes it: `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`,
 * the first three groups little-endian (the byte order of Windows' GUID struct), the last two as
 * stored. Bytes 01 02 … 10 give `04030201-0605-0807-090a-0b0c0d0e0f10`. Throws a RangeError for
 * anything but 16 bytes.
 */
export function formatObjectGuid(bytes: Buffer): string {
  if (bytes.length !== 16) throw new RangeError(`an objectGUID has 16 bytes, not ${bytes.length}`);
  const hex = (start: number, end: number, reverse = false) => {
    const part = Buffer.from(bytes.subarray(start, end));
    return (reverse ? part.reverse() : part).toString('hex');
  };
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10), hex(10, 16)].join('-');
}

/** What to request, and how to read the answer. */
interface ReadPlan {
  request: Pick<SearchSpec, 'attributes' | 'binaryAttributes'>;
  /** Lower-case id attribute candidates, in order of preference. */
  idKeys: string[];
  binaryKeys: Set<string>;
  wantsModifyTimestamp: boolean;
}

function readPlan(idAttribute: string | string[], attributes: string[], binaryAttributes: string[]): ReadPlan {
  const ids = Array.isArray(idAttribute) ? idAttribute : [idAttribute];
  const binaryKeys = new Set(binaryAttributes.map((name) => name.toLowerCase()));
  const all = uniqueNames([...attributes, ...binaryAttributes, ...ids]);
  for (const name of all) if (ALWAYS_BINARY_ATTRIBUTES.has(baseType(name))) binaryKeys.add(name.toLowerCase());
  return {
    request: { attributes: all, binaryAttributes: all.filter((name) => binaryKeys.has(name.toLowerCase())) },
    idKeys: ids.map((name) => name.toLowerCase()),
    binaryKeys,
    wantsModifyTimestamp: attributes.some((name) => name.toLowerCase() === 'modifytimestamp'),
  };
}

/** `cn` of `cn;lang-en`. */
function baseType(name: string): string {
  return name.toLowerCase().split(';')[0] ?? '';
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A record, and the attributes the server answered only in part (ranged retrieval): the server's name and the next index to ask for. */
interface PartialRecord {
  record: LdapRecord;
  pending: Map<string, number>;
}

/**
 * `member;range=0-1499` → `{ name: 'member', next: 1500 }`; `member;range=1500-*` → `{ name:
 * 'member', next: null }` (the last part); undefined for a name without a range option.
 * Active Directory answers a multi-valued attribute with more values than its MaxValRange
 * (1500 by default) in ranges, under such a name, whether or not the client asked for one.
 */
export function rangeOf(name: string): { name: string; next: number | null } | undefined {
  const options = name.split(';');
  const index = options.findIndex((option, i) => i > 0 && /^range=/i.test(option));
  if (index < 0) return undefined;
  const match = /^range=(\d+)-(\d+|\*)$/i.exec(options[index]!);
  if (!match) return undefined;
  const rest = options.filter((_, i) => i !== index).join(';');
  return { name: rest, next: match[2] === '*' ? null : Number(match[2]) + 1 };
}

/** Most parts a ranged attribute is read in (1,500 values a part on AD: 3 million values). */
const MAX_RANGE_PARTS = 2000;

/**
 * Asks for the rest of every attribute the server answered in part (`member;range=1500-*`, then
 * on from where each answer stops), one base search a part, and adds the values to the record
 * under the attribute's own name. An entry gone meanwhile keeps what was read.
 */
async function completeRanges(session: LdapSession, partial: PartialRecord, plan: ReadPlan): Promise<LdapRecord> {
  const { record, pending } = partial;
  for (let part = 0; pending.size > 0 && part < MAX_RANGE_PARTS; part++) {
    const [name, next] = pending.entries().next().value as [string, number];
    pending.delete(name);
    const spec: SearchSpec = {
      base: record.dn,
      scope: 'base',
      filter: compileFilter('search', '(objectClass=*)'),
      attributes: [`${name};range=${next}-*`],
      binaryAttributes: plan.binaryKeys.has(name.toLowerCase()) || ALWAYS_BINARY_ATTRIBUTES.has(baseType(name)) ? [`${name};range=${next}-*`] : [],
    };
    const [entry] = await searchOnce(session, 'search', spec);
    if (!entry) break;
    const more = toRecord(entry, plan);
    for (const [key, values] of Object.entries(more.record.attributes)) (record.attributes[key] ??= []).push(...values);
    for (const [key, values] of Object.entries(more.record.binary)) (record.binary[key] ??= []).push(...values);
    for (const [key, from] of more.pending) if (from > next) pending.set(key, from);
  }
  return record;
}

function toRecord(entry: Entry, plan: ReadPlan): PartialRecord {
  const attributes: Record<string, string[]> = {};
  const binary: Record<string, Buffer[]> = {};
  const pending = new Map<string, number>();
  const add = <T>(into: Record<string, T[]>, key: string, value: T) => (into[key] ??= []).push(value);

  for (const [serverName, raw] of Object.entries(entry)) {
    if (serverName === 'dn') continue;
    // A ranged answer's values belong to the attribute itself; the rest is asked for after.
    const range = rangeOf(serverName);
    const name = range ? range.name : serverName;
    if (range?.next) pending.set(name, range.next);
    const key = name.toLowerCase();
    const isBinary = plan.binaryKeys.has(key) || ALWAYS_BINARY_ATTRIBUTES.has(baseType(key));
    // ldapts gives one value bare, several as an array, and [] for a requested attribute the entry lacks.
    const values: Array<string | Buffer> = Array.isArray(raw) ? raw : [raw];
    for (const value of values) {
      if (isBinary) {
        // A string only when the server's spelling escaped explicitBufferAttributes (UTF-8 text
        // re-encodes to the same bytes). A Buffer is a view into ldapts' receive buffer, which
        // holds the neighbouring entries too: a copy lets that go as soon as the page is parsed.
        add(binary, key, typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value));
      } else if (typeof value === 'string') {
        add(attributes, key, value);
      } else {
        const text = decodeUtf8(value);
        if (text === undefined) add(binary, key, value);
        else add(attributes, key, text);
      }
    }
  }

  const record: LdapRecord = { dn: entry.dn, externalId: externalIdOf(attributes, binary, plan.idKeys), attributes, binary };
  if (plan.wantsModifyTimestamp && attributes.modifytimestamp?.[0]) record.modifyTimestamp = attributes.modifytimestamp[0];
  return { record, pending };
}

function externalIdOf(attributes: Record<string, string[]>, binary: Record<string, Buffer[]>, idKeys: string[]): string | null {
  for (const key of idKeys) {
    const bytes = binary[key]?.[0];
    if (bytes) return key === 'objectguid' && bytes.length === 16 ? formatObjectGuid(bytes) : bytes.toString('hex');
    const text = attributes[key]?.[0];
    if (text) return text;
  }
  return null;
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}
