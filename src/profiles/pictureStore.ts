import sharp from 'sharp';
import { Account, ProfilePicture } from '../db/models';
import { AppError, forbidden, notFound } from '../errors';
import { canEditProfile, type Viewer } from './policy';
import { MAX_INPUT_PIXELS, PictureError, renderPicture, RENDITION_SIZES } from './pictures';
import { recordAudit } from './structure';

export type RenditionSize = (typeof RENDITION_SIZES)[number];

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
    if (err instanceof PictureError) {
      throw new AppError(/dimensions/.test(err.message) ? 422 : 415, /dimensions/.test(err.message) ? 'picture_too_large' : 'unsupported_media_type', `This picture cannot be used: ${err.message}.`);
    }
    throw err;
  }
  if (writeBack) await writeBack.write(tenantId, accountId, renditions.size512);
  await ProfilePicture.sequelize!.transaction(async (transaction) => {
    await ProfilePicture.upsert({ tenantId, accountId, source: 'user', ...renditions }, { transaction });
    await recordAudit({ tenantId, accountId: viewer.accountId }, { action: 'picture.uploaded', subjectType: 'profile', subjectId: accountId, details: { hash: renditions.originalHash } }, transaction);
  });
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

/** One rendition with its entity tag (the original's hash and the size). */
export async function getRendition(tenantId: string, accountId: string, size: RenditionSize): Promise<{ bytes: Buffer; etag: string; contentType: string; updatedAt: Date }> {
  const column = size === 512 ? 'size512' : size === 128 ? 'size128' : 'size48';
  const picture = await ProfilePicture.findOne({ attributes: [column, 'originalHash', 'contentType', 'updatedAt'], where: { tenantId, accountId } });
  if (!picture) throw notFound(`A picture of ${accountId}`);
  return { bytes: picture[column], etag: `"${picture.originalHash}-${size}"`, contentType: picture.contentType, updatedAt: new Date(picture.updatedAt) };
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
  throw new AppError(422, 'picture_too_large', 'The picture cannot be made small enough for the directory.');
}
