import sharp from 'sharp';
import { Op, QueryTypes, type Transaction } from 'sequelize';
import { Account, ProfilePicture } from '../db/models';
import { forbidden, notFound, pictureTooLarge, unsupportedMediaType } from '../errors';
import type { Logger } from '../logger';
import { canEditProfile, type Viewer } from './policy';
import { inspectPicture, MAX_INPUT_PIXELS, PictureError, pictureHash, renderPicture, renderRendition, RENDITION_CONTENT_TYPE, type RenditionSize } from './pictures';
import { recordAudit } from './structure';

export type { RenditionSize };

/** Writes an uploaded picture to the person's directory entry too, when a source says so. */
export interface PictureWriteBack {
  write(tenantId: string, accountId: string, jpeg: Buffer): Promise<void>;
}

/**
 * Stores a picture a person uploaded (recognised by its content; JPEG, PNG, GIF or WebP) as
 * square renditions. An uploaded picture wins over a directory's until it is removed.
 */
export async function savePicture(tenantId: string, viewer: Viewer, accountId: string, bytes: Buffer, writeBack?: PictureWriteBack): Promise<void> {
  if (!canEditProfile(viewer, accountId)) throw forbidden('You may change only your own picture.');
  if (!(await Account.findOne({ attributes: ['accountId'], where: { tenantId, accountId } }))) throw notFound(`Person ${accountId}`);
  let renditions;
  try {
    renditions = await renderPicture(bytes);
  } catch (err) {
    if (err instanceof PictureError) throw uploadRefused(err);
    throw err;
  }
  if (writeBack) await writeBack.write(tenantId, accountId, renditions.size512);
  await ProfilePicture.sequelize!.transaction(async (transaction) => {
    // original: null, as an upload over a directory's picture must not keep the directory's bytes.
    await ProfilePicture.upsert({ tenantId, accountId, source: 'user', original: null, ...renditions }, { transaction });
    await recordAudit({ tenantId, accountId: viewer.accountId }, { action: 'picture.uploaded', subjectType: 'profile', subjectId: accountId, details: { hash: renditions.originalHash } }, transaction);
  });
}

/**
 * What an upload answers for a picture it cannot use: too many pixels is the picture's size
 * (`picture_too_large`, 422); anything else means it is not an image Rollcall reads
 * (`unsupported_media_type`, 415).
 */
function uploadRefused(err: PictureError) {
  const message = `This picture cannot be used: ${err.message}.`;
  return err.kind === 'tooManyPixels' ? pictureTooLarge(message) : unsupportedMediaType(message);
}

/** Removes an uploaded picture (a directory's picture returns with the next sync that carries one). */
export async function deletePicture(tenantId: string, viewer: Viewer, accountId: string): Promise<void> {
  if (!canEditProfile(viewer, accountId)) throw forbidden('You may change only your own picture.');
  await ProfilePicture.sequelize!.transaction(async (transaction) => {
    const removed = await ProfilePicture.destroy({ where: { tenantId, accountId, source: 'user' }, transaction });
    if (removed === 0) throw notFound('An uploaded picture');
    await recordAudit({ tenantId, accountId: viewer.accountId }, { action: 'picture.removed', subjectType: 'profile', subjectId: accountId }, transaction);
  });
}

/**
 * Stores a source's picture (`source` is `<kind>:<id>`) as its original bytes, after a header
 * check cheap enough for thousands per sync; its renditions are made on first request
 * (getRendition). A picture the person uploaded wins and stays. `bytes` null removes this source's
 * picture. Returns why the picture was refused (and stores nothing), or undefined.
 */
export async function storeSourcePicture(tenantId: string, source: string, accountId: string, bytes: Buffer | null, transaction: Transaction): Promise<string | undefined> {
  return (await storeSourcePictures(tenantId, source, [{ accountId, bytes }], transaction))[0];
}

/**
 * {@link storeSourcePicture} for a sync's page: the pictures in as few statements as fit in
 * {@link PICTURE_STATEMENT_BYTES}, the removals in one. Returns each picture's refusal reason (or
 * undefined), in order. When one account comes twice, the last picture or removal counts (a refused
 * picture changes nothing). `hash`, when the caller has it (the sync hashes a picture to see
 * whether it changed), is the picture's {@link pictureHash}: the bytes are then not hashed twice.
 */
export async function storeSourcePictures(
  tenantId: string,
  source: string,
  pictures: Array<{ accountId: string; bytes: Buffer | null; hash?: string | null }>,
  transaction: Transaction,
): Promise<Array<string | undefined>> {
  const problems: Array<string | undefined> = [];
  const stored = new Map<string, { bytes: Buffer; hash?: string | null }>();
  const removed = new Set<string>();
  for (const { accountId, bytes, hash } of pictures) {
    let problem: string | undefined;
    if (bytes) {
      try {
        inspectPicture(bytes);
        stored.set(accountId, { bytes, hash });
        removed.delete(accountId);
      } catch (err) {
        if (!(err instanceof PictureError)) throw err;
        problem = err.message;
      }
    } else {
      removed.add(accountId);
      stored.delete(accountId);
    }
    problems.push(problem);
  }
  if (removed.size > 0) {
    await ProfilePicture.destroy({ where: { tenantId, accountId: [...removed], source }, transaction });
  }
  let batch: Array<[string, { bytes: Buffer; hash?: string | null }]> = [];
  let batchBytes = 0;
  for (const picture of stored) {
    batch.push(picture);
    batchBytes += picture[1].bytes.length;
    if (batchBytes >= PICTURE_STATEMENT_BYTES) {
      await insertOriginals(tenantId, source, batch, transaction);
      batch = [];
      batchBytes = 0;
    }
  }
  if (batch.length > 0) await insertOriginals(tenantId, source, batch, transaction);
  return problems;
}

/** Pictures per statement, by their bytes: a page of big photos must stay far below PostgreSQL's 1 GB message limit. */
const PICTURE_STATEMENT_BYTES = 16 * 1024 * 1024;

async function insertOriginals(tenantId: string, source: string, pictures: Array<[string, { bytes: Buffer; hash?: string | null }]>, transaction: Transaction): Promise<void> {
  // Bind parameters: the pictures travel as bytes (pg sends Buffers in binary), not as hex text.
  const bind: unknown[] = [tenantId, source, RENDITION_CONTENT_TYPE];
  const rows = pictures.map(([accountId, { bytes, hash }]) => {
    bind.push(accountId, hash ?? pictureHash(bytes), bytes);
    const n = bind.length;
    return `($1::bigint, $${n - 2}::text, $2::text, $${n - 1}::text, $3::text, $${n}::bytea, NULL::bytea, NULL::bytea, NULL::bytea, now())`;
  });
  await ProfilePicture.sequelize!.query(
    `INSERT INTO profile_pictures (tenant_id, account_id, source, original_hash, content_type, original, size_512, size_128, size_48, updated_at)
     VALUES ${rows.join(', ')}
     ON CONFLICT (tenant_id, account_id) DO UPDATE SET source = EXCLUDED.source, original_hash = EXCLUDED.original_hash,
       content_type = EXCLUDED.content_type, original = EXCLUDED.original, size_512 = NULL, size_128 = NULL, size_48 = NULL, updated_at = now()
     WHERE profile_pictures.source <> 'user'
       AND (profile_pictures.original_hash <> EXCLUDED.original_hash OR profile_pictures.source <> EXCLUDED.source)`,
    { bind, transaction },
  );
}

const COLUMNS = { 512: 'size_512', 128: 'size_128', 48: 'size_48' } as const satisfies Record<RenditionSize, string>;

/**
 * One rendition with its entity tag (the original's hash and the size). A directory's picture is
 * rendered here on its first request, that size alone (a 48 px rendition costs a fraction of all
 * three), and kept. A picture that cannot be rendered is removed and logged: the person then has
 * no picture (404), rather than a failing request on every view.
 */
export async function getRendition(tenantId: string, accountId: string, size: RenditionSize, logger: Logger): Promise<{ bytes: Buffer; etag: string; contentType: string; updatedAt: Date }> {
  const column = COLUMNS[size];
  // The original is read only while this rendition is missing.
  const [picture] = await ProfilePicture.sequelize!.query<{ rendition: Buffer | null; original: Buffer | null; original_hash: string; content_type: string; updated_at: Date }>(
    `SELECT ${column} AS rendition, CASE WHEN ${column} IS NULL THEN original END AS original, original_hash, content_type, updated_at
     FROM profile_pictures WHERE tenant_id = $1 AND account_id = $2`,
    { bind: [tenantId, accountId], type: QueryTypes.SELECT },
  );
  if (!picture) throw notFound(`A picture of ${accountId}`);
  const entity = { etag: `"${picture.original_hash}-${size}"`, contentType: picture.content_type, updatedAt: new Date(picture.updated_at) };
  if (picture.rendition) return { bytes: picture.rendition, ...entity };

  let bytes: Buffer;
  try {
    bytes = await renderRendition(picture.original!, size);
  } catch (err) {
    if (!(err instanceof PictureError)) throw err;
    // Guarded by the hash: a newer picture stored meanwhile stays.
    await ProfilePicture.destroy({ where: { tenantId, accountId, originalHash: picture.original_hash, source: { [Op.ne]: 'user' } } });
    logger.warn({ tenantId, accountId, originalHash: picture.original_hash, reason: err.message }, 'a directory picture could not be rendered and was removed');
    throw notFound(`A picture of ${accountId}`);
  }
  // Guarded by the hash: a rendition of the picture read must not land on a newer one.
  await ProfilePicture.sequelize!.query(`UPDATE profile_pictures SET ${column} = $1 WHERE tenant_id = $2 AND account_id = $3 AND original_hash = $4 AND ${column} IS NULL`, {
    bind: [bytes, tenantId, accountId, picture.original_hash],
  });
  return { bytes, ...entity };
}

/**
 * A JPEG for a directory attribute: Active Directory's thumbnailPhoto holds at most 100 KB, so the
 * picture is re-encoded smaller until it fits.
 */
export async function jpegWithin(bytes: Buffer, maxBytes: number): Promise<Buffer> {
  if (bytes.length <= maxBytes) return bytes;
  for (const [size, quality] of [
    [512, 70],
    [384, 70],
    [256, 70],
    [192, 60],
    [128, 60],
    [96, 50],
  ] as const) {
    const out = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).resize(size, size, { fit: 'cover' }).jpeg({ quality, mozjpeg: true }).toBuffer();
    if (out.length <= maxBytes) return out;
  }
  throw pictureTooLarge('The picture cannot be made small enough for the directory.');
}
