import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DownloadError, downloadHttps } from '../../net/download';
import type { OutboundGuard } from '../../net/outbound';
import type { DataSource } from '../../db/models';
import { detachedString, xmlRecords, type XmlRecord } from '../../directory/xml';
import type { SecretBox } from '../../secrets';
import { KeyHashes } from './keyHashes';
import { readStoredFile, StoredFileChangedError } from '../sources/sourceFiles';
import type { FieldMapper } from './fieldMappers';
import type { SourceReader, SourceRecord, SourceValue } from './sourceRecord';
import type { XmlSettings } from '../sources/sourceSettings';
import { readSecrets, xmlSettingsOf } from '../sources/sourceStore';

/** Where XML sources may read from, and how much. */
export interface XmlAccess {
  /** XML_IMPORT_DIR: a site reads files by path only inside its own directory in it ({@link siteImportDir}); unset: no files by path. */
  importDir?: string;
  /** XML_MAX_BYTES. */
  maxBytes: number;
  /** HTTPS URLs are fetched only from addresses it allows (OUTBOUND_ALLOW). */
  guard: OutboundGuard;
  /** XML_CA_FILE's certificates: trusted for HTTPS URLs in addition to Node's store. */
  ca?: string[];
}

/** The file could not be had: a message for the admin, naming what is wrong. */
export class XmlSourceError extends Error {
  constructor(
    message: string,
    /** What the socket or TLS library said, for the log only. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'XmlSourceError';
  }
}

/** The source's file, from the upload, the import directory or the URL. */
export async function loadXmlFile(source: DataSource, secrets: SecretBox, access: XmlAccess): Promise<{ name: string; bytes: Buffer }> {
  const { location } = xmlSettingsOf(source);
  if (location.kind === 'upload') {
    let file;
    try {
      file = await readStoredFile(source.tenantId, String(source.id));
    } catch (err) {
      throw err instanceof StoredFileChangedError ? new XmlSourceError(err.message) : err;
    }
    if (!file) throw new XmlSourceError('No file has been uploaded for this source yet.');
    return file;
  }
  if (location.kind === 'path') {
    if (!access.importDir) throw new XmlSourceError('Reading files by path is off: the server has no import directory (XML_IMPORT_DIR). Upload the file instead.');
    return readImportFile(access.importDir, source.tenantId, location.path, access.maxBytes);
  }
  const password = readSecrets(source, secrets).password;
  const headers: Record<string, string> = { Accept: 'application/xml, text/xml' };
  if (location.username) headers.Authorization = `Basic ${Buffer.from(`${location.username}:${password ?? ''}`).toString('base64')}`;
  const url = new URL(location.url);
  try {
    const bytes = await downloadHttps(url, { guard: access.guard, ca: access.ca, headers, maxBytes: access.maxBytes, timeoutMs: 120_000 });
    return { name: path.basename(url.pathname) || location.url, bytes };
  } catch (err) {
    if (!(err instanceof DownloadError)) throw err;
    const advice = err.status === 401 ? ' Check the user and password.' : err.failure === 'certificate' ? ' Use a certificate from a public CA, or ask the operator to trust its CA (XML_CA_FILE).' : '';
    throw new XmlSourceError(`${err.message}${advice}`, err.detail);
  }
}

/**
 * A site's own directory inside XML_IMPORT_DIR: `<XML_IMPORT_DIR>/<tenant id>`. The tenant id is the
 * one name that is unique and stable by construction: a site's host name changes when the site is
 * renamed and is not unique across tenants (a site deleted and created again under its old name is
 * a new tenant; the test sites all live on 127.0.0.1).
 */
export function siteImportDir(importDir: string, tenantId: string): string {
  if (!/^[0-9]+$/.test(tenantId)) throw new Error(`not a tenant id: ${tenantId}`);
  return path.join(path.resolve(importDir), tenantId);
}

/**
 * Reads `relative` inside the site's import directory. Another site's files must stay out of reach
 * whatever the path names, and the answer must not tell a file outside from a missing one (it would
 * map the server's files): every refusal is the same message. The check is made on the opened
 * descriptor, never on a path checked before opening (a link swapped in between would pass): the
 * last component is opened with O_NOFOLLOW (O_NONBLOCK so that a FIFO cannot hang the open), and
 * the descriptor must be a regular file whose real path is exactly the site directory plus the
 * relative path, which refuses a symbolic link in any component, even one that stays inside.
 */
async function readImportFile(importDir: string, tenantId: string, relative: string, maxBytes: number): Promise<{ name: string; bytes: Buffer }> {
  const siteDir = siteImportDir(importDir, tenantId);
  const refused = () => new XmlSourceError(`${relative} is not a file the app can read in this site's import directory (${siteDir}/): paths are relative to it, without "..", and links are not followed.`);
  const segments = relative.split('/').filter((s) => s !== '' && s !== '.');
  if (relative.includes('\0') || path.isAbsolute(relative) || segments.length === 0 || segments.includes('..')) throw refused();
  const root = await fs.realpath(siteDir).catch(() => {
    throw new XmlSourceError(`This site has no import directory on the server yet: the server's operator creates ${siteDir}/ and puts the site's files there.`);
  });
  const wanted = path.join(root, ...segments);
  const handle = await fs.open(wanted, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(() => {
    throw refused();
  });
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || (await openedPath(handle, wanted, stat)) !== wanted) throw refused();
    if (stat.size > maxBytes) throw new XmlSourceError(`${relative} is ${(stat.size / 1048576).toFixed(1)} MB, above the limit of ${(maxBytes / 1048576).toFixed(0)} MB.`);
    try {
      return { name: path.basename(wanted), bytes: await handle.readFile() };
    } catch (err) {
      throw new XmlSourceError(`The app cannot read ${relative}: ${(err as NodeJS.ErrnoException).code ?? 'unknown error'}. Check the file's permissions.`);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Where the opened file really is: Linux names it in /proc/self/fd. Without procfs, the path's real
 * location counts only when it is the very file opened (same device and inode).
 */
async function openedPath(handle: fs.FileHandle, wanted: string, stat: { dev: number; ino: number }): Promise<string | null> {
  try {
    return await fs.readlink(`/proc/self/fd/${handle.fd}`);
  } catch {
    const real = await fs.realpath(wanted).catch(() => null);
    const now = real ? await fs.stat(real).catch(() => null) : null;
    return now && now.dev === stat.dev && now.ino === stat.ino ? real : null;
  }
}


const keyOf = (settings: XmlSettings, record: XmlRecord): string | null => {
  const raw = record.values.get(settings.matchPath)?.[0]?.trim();
  if (!raw) return null;
  // A copy of its own: the value may be a slice of the parser's text (V8 keeps sliced strings as views
  // of their parent), and the key outlives the record (in the page, its errors, the duplicates found by the scan).
  return detachedString(settings.matchBy === 'email' ? raw.toLowerCase() : raw);
};

/** What a first pass over the document learnt: it is well-formed, how many records, which keys repeat. */
export interface XmlScan {
  records: number;
  /** Every key that appears more than once, with the places of all its occurrences in document order. */
  duplicates: Map<string, Array<{ index: number; line: number }>>;
}

/**
 * Reads the whole document without keeping records: malformed XML fails here, before anything is
 * written. Finding repeated keys does not keep the keys either (memory would grow with the file):
 * the scan keeps a 53-bit hash of each key, 8 bytes a record, sorts them, and only when two hashes
 * are equal reads the document a second time, keeping the real keys of those records alone, so that
 * a hash collision of two different keys never skips a record.
 */
export function scanXml(document: Buffer, settings: XmlSettings, maxBytes: number, hashes = new KeyHashes()): XmlScan {
  let records = 0;
  for (const record of xmlRecords(document, settings.recordPath, { maxBytes })) {
    records++;
    const key = keyOf(settings, record);
    if (key) hashes.add(key);
  }
  const candidates = hashes.repeated();
  const duplicates = new Map<string, Array<{ index: number; line: number }>>();
  if (candidates.size === 0) return { records, duplicates };
  for (const record of xmlRecords(document, settings.recordPath, { maxBytes })) {
    const key = keyOf(settings, record);
    if (!key || !candidates.mayRepeat(key)) continue;
    const places = duplicates.get(key);
    if (places) places.push({ index: record.index, line: record.line });
    else duplicates.set(key, [{ index: record.index, line: record.line }]);
  }
  for (const [key, places] of duplicates) if (places.length === 1) duplicates.delete(key);
  return { records, duplicates };
}

/** Maps one XML record: an element present but empty clears the field; an absent one leaves it alone. */
export function xmlToSourceRecord(record: XmlRecord, settings: XmlSettings, mappers: FieldMapper[]): SourceRecord {
  const key = keyOf(settings, record);
  const out: SourceRecord = { externalId: key, locator: `record ${record.index} (line ${record.line})`, dnKey: null, matchValue: key, values: {}, errors: [] };
  if (!key) out.errors.push(`Record ${record.index} (line ${record.line}) has no ${settings.matchPath}: skipped.`);
  for (const mapper of mappers) {
    const raw = record.values.get(mapper.attribute);
    if (raw === undefined) continue;
    const result = mapper.map(raw);
    if ('error' in result) out.errors.push(result.error);
    else out.values[mapper.fieldKey] = result.value as SourceValue;
  }
  return out;
}

/** The XML source adapter: pages of records from the (already scanned) document. Duplicate keys are skipped and reported. */
export function xmlReader(document: Buffer, settings: XmlSettings, mappers: FieldMapper[], scan: XmlScan, maxBytes: number, pageSize = 500): SourceReader {
  return {
    async *pages() {
      let page: SourceRecord[] = [];
      for (const record of xmlRecords(document, settings.recordPath, { maxBytes })) {
        const mapped = xmlToSourceRecord(record, settings, mappers);
        const places = mapped.externalId ? scan.duplicates.get(mapped.externalId) : undefined;
        if (places) {
          const others = places.filter((p) => p.index !== record.index).map((p) => `record ${p.index} (line ${p.line})`);
          mapped.errors = [`The match key "${mapped.externalId}" appears more than once (also ${others.join(', ')}): all of them were skipped.`];
          mapped.externalId = null;
        }
        page.push(mapped);
        if (page.length >= pageSize) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
    },
    close: async () => undefined,
  };
}

