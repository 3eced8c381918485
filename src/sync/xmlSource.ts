import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { col, fn } from 'sequelize';
import { SourceFile, type DataSource } from '../db/models';
import { DownloadError, downloadHttps } from '../net/download';
import type { OutboundGuard } from '../net/outbound';
import { detachedString, xmlRecords, type XmlRecord } from '../directory/xml';
import type { SecretBox } from '../secrets';
import { KeyHashes } from './keyHashes';
import type { FieldMapper } from './mapping';
import type { SourceReader, SourceRecord, SourceValue } from './records';
import type { XmlSettings } from './sourceSettings';
import { readSecrets, xmlSettingsOf } from './sources';

/** Where XML sources may read from, and how much. */
export interface XmlAccess {
  /** XML_IMPORT_DIR: files by path only inside it; unset: no files by path. */
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
    const file = await SourceFile.findOne({ attributes: ['name', 'size', 'sha256'], where: { tenantId: source.tenantId, sourceId: source.id } });
    if (!file) throw new XmlSourceError('No file has been uploaded for this source yet.');
    return { name: file.name, bytes: await readUploadedBytes(source, file.size, file.sha256) };
  }
  if (location.kind === 'path') {
    if (!access.importDir) throw new XmlSourceError('Reading files by path is off: the server has no import directory (XML_IMPORT_DIR). Upload the file instead.');
    const root = await fs.realpath(access.importDir).catch(() => {
      throw new XmlSourceError(`The import directory ${access.importDir} does not exist on the server.`);
    });
    const wanted = path.resolve(root, location.path);
    let real: string;
    try {
      real = await fs.realpath(wanted);
    } catch {
      throw new XmlSourceError(`There is no file ${location.path} in the import directory.`);
    }
    // Symbolic links and ../ must not lead out of the import directory.
    if (real !== root && !real.startsWith(root + path.sep)) throw new XmlSourceError(`${location.path} is outside the import directory: only files inside it can be read.`);
    const stat = await fs.stat(real);
    if (!stat.isFile()) throw new XmlSourceError(`${location.path} is not a file.`);
    if (stat.size > access.maxBytes) throw new XmlSourceError(`${location.path} is ${(stat.size / 1048576).toFixed(1)} MB, above the limit of ${(access.maxBytes / 1048576).toFixed(0)} MB.`);
    try {
      return { name: path.basename(real), bytes: await fs.readFile(real) };
    } catch (err) {
      throw new XmlSourceError(`The app cannot read ${location.path}: ${(err as NodeJS.ErrnoException).code ?? 'unknown error'}. Check the file's permissions.`);
    }
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
 * An uploaded file's bytes, read in slices: node-postgres receives bytea as hex text, so reading the
 * column whole would put a string of twice the file's size in the V8 heap; slices keep that string
 * small and the file outside the heap, in one Buffer.
 */
async function readUploadedBytes(source: DataSource, size: number, sha256: string): Promise<Buffer> {
  const changed = () => new XmlSourceError('The uploaded file was replaced while it was being read: run the source again.');
  const bytes = Buffer.allocUnsafe(size);
  for (let offset = 0; offset < size; offset += UPLOAD_SLICE) {
    const row = await SourceFile.findOne({
      attributes: [[fn('substring', col('bytes'), offset + 1, UPLOAD_SLICE), 'bytes']],
      where: { tenantId: source.tenantId, sourceId: source.id },
    });
    const slice = row?.bytes;
    if (!slice || slice.length !== Math.min(UPLOAD_SLICE, size - offset)) throw changed();
    slice.copy(bytes, offset);
  }
  // A file replaced between two slices must not be read as a mix of both.
  if (crypto.createHash('sha256').update(bytes).digest('hex') !== sha256) throw changed();
  return bytes;
}

const UPLOAD_SLICE = 4 * 1024 * 1024;

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

