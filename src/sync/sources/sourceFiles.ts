import crypto from 'node:crypto';
import { ForeignKeyConstraintError, QueryTypes } from 'sequelize';
import { SourceFile, type DataSource } from '../../db/models';
import { badRequest, notFound, payloadTooLarge, quotaExceeded, uploadRunning } from '../../errors';
import type { SourceLocks } from '../runs/sourceLock';
import { getSource } from './sourceStore';

/**
 * Uploaded XML files, stored in chunks (`source_file_chunks`, keyed by tenant, source, file id and
 * sequence number). An upload streams into chunks under a new file id while the previous file stays
 * in place; the source's `source_files` row is pointed at the new id only when the whole file is in
 * and checked, in one transaction that also drops the previous chunks. So the process holds a chunk
 * at a time, never the upload, and a refused or aborted upload loses nothing.
 */

/** Bytes a chunk row holds (at least; the last piece received may overshoot by one network read). */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/** How uploads are bounded. */
export interface UploadLimits {
  /** XML_MAX_BYTES: the largest file. */
  maxBytes: number;
  /** XML_SITE_QUOTA_BYTES: all of a site's uploaded files together, this one included. */
  siteQuotaBytes: number;
  /** One upload per site at a time, across instances (keyed by tenant id). */
  locks: SourceLocks;
}

export interface UploadProps {
  tenantId: string;
  sourceId: string;
  /** The file's name as shown on the page. */
  name: string;
  uploadedBy: string;
  /** Content-Length when the client sent one: a body above the limit is refused before a byte is read. */
  declaredBytes?: number;
  /** The request body. */
  body: AsyncIterable<Buffer>;
}

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)} MB`;

/**
 * The upload of an XML source's file: {@link storeUpload} into the tenant's source `sourceId`,
 * which it returns. 404 for an unknown or another tenant's source, 400 for an LDAP source (before
 * a byte of the body is read), and what `storeUpload` refuses.
 */
export async function uploadSourceFile(tenantId: string, sourceId: string, upload: Omit<UploadProps, 'tenantId' | 'sourceId'>, limits: UploadLimits): Promise<DataSource> {
  const source = await getSource(tenantId, sourceId);
  if (source.kind !== 'xml') throw badRequest('Only XML sources take a file.');
  await storeUpload({ ...upload, tenantId: source.tenantId, sourceId: String(source.id) }, limits);
  return source;
}

/**
 * Streams an upload into storage and makes it the source's file.
 * @throws AppError 413 `payload_too_large` as soon as the body passes `maxBytes`, 413 `quota_exceeded`
 * as soon as the site's files would pass its quota, 409 `upload_running` while another upload of
 * the site is in progress, 400 for an empty body or one that broke off.
 */
export async function storeUpload(props: UploadProps, limits: UploadLimits): Promise<void> {
  const { tenantId, sourceId } = props;
  const tooLarge = () => payloadTooLarge(`The file is larger than the limit of ${megabytes(limits.maxBytes)} (XML_MAX_BYTES): the previous file is kept.`);
  if (props.declaredBytes !== undefined && props.declaredBytes > limits.maxBytes) throw tooLarge();
  const release = await limits.locks.tryAcquire(tenantId);
  if (!release) throw uploadRunning('Another file is being uploaded to this site: try again when that upload has finished.');
  const sequelize = SourceFile.sequelize!;
  const iterator = props.body[Symbol.asyncIterator]();
  let fileId: string | undefined;
  let stored = false;
  try {
    const newFile = String((await sequelize.query<{ id: string }>("SELECT nextval('source_file_ids') AS id", { type: QueryTypes.SELECT }))[0].id);
    fileId = newFile;
    // Chunks no file points to: an upload of an instance that died. Under the lock none is being written.
    await sequelize.query(
      `DELETE FROM source_file_chunks c WHERE c.tenant_id = $1
       AND NOT EXISTS (SELECT 1 FROM source_files f WHERE f.tenant_id = c.tenant_id AND f.source_id = c.source_id AND f.file_id = c.file_id)`,
      { bind: [tenantId] },
    );
    const [{ others }] = await sequelize.query<{ others: string }>('SELECT coalesce(sum(size), 0) AS others FROM source_files WHERE tenant_id = $1 AND source_id <> $2', {
      bind: [tenantId, sourceId],
      type: QueryTypes.SELECT,
    });
    const overQuota = (size: number) =>
      quotaExceeded(
        `This site's uploaded files would take ${megabytes(Number(others) + size)} with this one, above the site's quota of ${megabytes(limits.siteQuotaBytes)} ` +
          `(XML_SITE_QUOTA_BYTES; its other sources' files take ${megabytes(Number(others))}): the previous file is kept.`,
      );
    if (props.declaredBytes !== undefined && Number(others) + props.declaredBytes > limits.siteQuotaBytes) throw overQuota(props.declaredBytes);

    const hash = crypto.createHash('sha256');
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      // A bound Buffer travels to PostgreSQL as binary, without a hex copy.
      await sequelize.query('INSERT INTO source_file_chunks (tenant_id, source_id, file_id, seq, bytes) VALUES ($1, $2, $3, $4, $5)', {
        bind: [tenantId, sourceId, newFile, seq++, pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes)],
      });
      pending = [];
      pendingBytes = 0;
    };
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await iterator.next();
      } catch {
        throw badRequest('The upload broke off before the whole file arrived: the previous file is kept.');
      }
      if (next.done) break;
      size += next.value.length;
      if (size > limits.maxBytes) throw tooLarge();
      if (Number(others) + size > limits.siteQuotaBytes) throw overQuota(size);
      hash.update(next.value);
      pending.push(next.value);
      pendingBytes += next.value.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    if (size === 0) throw badRequest('Send the XML file as the request body.');
    if (pendingBytes > 0) await flush();

    await sequelize.transaction(async (transaction) => {
      await SourceFile.upsert(
        { tenantId, sourceId, name: props.name, fileId: newFile, sha256: hash.digest('hex'), size, uploadedBy: props.uploadedBy, uploadedAt: new Date() },
        { transaction },
      );
      await sequelize.query('DELETE FROM source_file_chunks WHERE tenant_id = $1 AND source_id = $2 AND file_id <> $3', { bind: [tenantId, sourceId, newFile], transaction });
    });
    stored = true;
  } catch (err) {
    // The source was deleted while its file was coming in.
    if (err instanceof ForeignKeyConstraintError) throw notFound(`Source ${sourceId}`);
    throw err;
  } finally {
    // Stop reading without destroying the request: the caller may still answer on its connection.
    await iterator.return?.().catch(() => undefined);
    if (!stored && fileId) await sequelize.query('DELETE FROM source_file_chunks WHERE tenant_id = $1 AND source_id = $2 AND file_id = $3', { bind: [tenantId, sourceId, fileId] }).catch(() => undefined);
    await release();
  }
}

/** Raised when the stored file is not the one described (replaced while read, or damaged). */
export class StoredFileChangedError extends Error {
  constructor() {
    super('The uploaded file was replaced while it was being read: run the source again.');
    this.name = 'StoredFileChangedError';
  }
}

/**
 * The source's uploaded file, or null when none was uploaded. Read a chunk per query: node-postgres
 * receives bytea as hex text, so a whole file in one value would put a string of twice its size in
 * the V8 heap; chunks keep that string small and the file outside the heap, in one Buffer.
 * @throws StoredFileChangedError when the file was replaced between two chunks (the sha256 differs).
 */
export async function readStoredFile(tenantId: string, sourceId: string): Promise<{ name: string; bytes: Buffer } | null> {
  const file = await SourceFile.findOne({ attributes: ['name', 'fileId', 'size', 'sha256'], where: { tenantId, sourceId } });
  if (!file) return null;
  const sequelize = SourceFile.sequelize!;
  const bytes = Buffer.allocUnsafe(file.size);
  let offset = 0;
  for (let seq = 0; offset < file.size; seq++) {
    const [row] = await sequelize.query<{ bytes: Buffer }>('SELECT bytes FROM source_file_chunks WHERE tenant_id = $1 AND source_id = $2 AND file_id = $3 AND seq = $4', {
      bind: [tenantId, sourceId, file.fileId, seq],
      type: QueryTypes.SELECT,
    });
    if (!row || offset + row.bytes.length > file.size) throw new StoredFileChangedError();
    row.bytes.copy(bytes, offset);
    offset += row.bytes.length;
  }
  // A file replaced between two chunks must not be read as a mix of both.
  if (crypto.createHash('sha256').update(bytes).digest('hex') !== file.sha256) throw new StoredFileChangedError();
  return { name: file.name, bytes };
}
