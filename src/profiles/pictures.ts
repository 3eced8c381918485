import crypto from 'node:crypto';
import { imageSize } from 'image-size';
import sharp, { type Metadata, type Sharp } from 'sharp';

/** The square sizes every picture is shown in, in pixels. */
export const RENDITION_SIZES = [512, 128, 48] as const;

export type RenditionSize = (typeof RENDITION_SIZES)[number];

/** Images above this many pixels are refused before decoding (decompression bombs). */
export const MAX_INPUT_PIXELS = 40_000_000;

/** What every rendition is encoded as. */
export const RENDITION_CONTENT_TYPE = 'image/jpeg';

export interface Renditions {
  originalHash: string;
  contentType: typeof RENDITION_CONTENT_TYPE;
  size512: Buffer;
  size128: Buffer;
  size48: Buffer;
}

/**
 * Why an image was refused, as a value callers can switch on (an upload answers 422 for
 * `tooManyPixels`, 415 for the others):
 * - `unreadable`: neither image-size nor sharp recognises an image in the bytes;
 * - `unsupportedFormat`: an image, but not JPEG, PNG, GIF or WebP;
 * - `tooManyPixels`: the header's dimensions are missing or above {@link MAX_INPUT_PIXELS};
 * - `undecodable`: the header is sound, the data is not (sharp failed while decoding).
 */
export type PictureFailure = 'unreadable' | 'unsupportedFormat' | 'tooManyPixels' | 'undecodable';

/** An image was refused: {@link PictureFailure} says why, the message says it in words. */
export class PictureError extends Error {
  constructor(
    readonly kind: PictureFailure,
    message: string,
  ) {
    super(message);
    this.name = 'PictureError';
  }
}

/** The formats Rollcall reads, by sharp's names; image-size calls JPEG `jpg`. */
const FORMATS = new Set(['jpeg', 'png', 'gif', 'webp']);

/** The entity of a picture: sha256 of the original bytes, base64url. */
export function pictureHash(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('base64url');
}

/**
 * Checks a picture without decoding it: the format is recognised from the content (never the
 * name), JPEG, PNG, GIF or WebP, and the header's dimensions are at most MAX_INPUT_PIXELS.
 * Synchronous and cheap (image-size parses the header in ~10 µs for a 20 KB JPEG; sharp's
 * metadata() costs ~0.6 ms of CPU and a trip to libuv's pool), so a sync checks thousands of
 * pictures on the main thread. A file whose header is sound but whose data is not passes here and
 * fails when it is rendered. Throws PictureError.
 */
export function inspectPicture(bytes: Buffer): void {
  let size: { type?: string; width: number; height: number };
  try {
    size = imageSize(bytes);
  } catch {
    throw new PictureError('unreadable', 'not an image Rollcall can read');
  }
  checkHeader(size.type === 'jpg' ? 'jpeg' : size.type, size.width, size.height);
}

/** The one rule for a picture's header, whoever read it. */
function checkHeader(format: string | undefined, width: number | undefined, height: number | undefined): void {
  if (!format || !FORMATS.has(format)) throw new PictureError('unsupportedFormat', `unsupported image format ${format ?? 'unknown'} (JPEG, PNG, GIF or WebP)`);
  if (!width || !height || width * height > MAX_INPUT_PIXELS) {
    throw new PictureError('tooManyPixels', `image dimensions ${width}×${height} are too large (at most ${MAX_INPUT_PIXELS / 1_000_000} million pixels)`);
  }
}

/**
 * One square JPEG rendition of an original (checked with inspectPicture): EXIF orientation
 * applied, centre-cropped, transparency on white, metadata dropped. libjpeg-turbo and a centre
 * crop: several times faster than mozjpeg and a saliency crop. A small rendition made straight
 * from a JPEG is cheap: libjpeg shrinks while it decodes.
 */
export async function renderRendition(original: Buffer, size: RenditionSize): Promise<Buffer> {
  try {
    return await encode(sharp(original, { limitInputPixels: MAX_INPUT_PIXELS, animated: false }).rotate().resize(size, size, { fit: 'cover', position: 'centre' }).flatten({ background: '#ffffff' }));
  } catch (err) {
    throw undecodable(err);
  }
}

/**
 * Re-encodes a picture (recognised by content, never by name) into all square JPEG renditions at
 * once, as an upload needs: the person learns right away when their picture cannot be used.
 */
export async function renderPicture(bytes: Buffer): Promise<Renditions> {
  let metadata: Metadata;
  try {
    // libvips reads the header more strictly than inspectPicture (an upload may afford it), and
    // decodes no pixels, so the size is checked before anything is decoded.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new PictureError('unreadable', 'not an image Rollcall can read');
  }
  checkHeader(metadata.format, metadata.width, metadata.height);
  // One decode of the original: the 512 px rendition is made from it, the smaller ones from that
  // (decoding a 512 px JPEG costs little).
  const size512 = await renderRendition(bytes, 512);
  try {
    const [size128, size48] = await Promise.all([128, 48].map((size) => encode(sharp(size512).resize(size, size))));
    return { originalHash: pictureHash(bytes), contentType: RENDITION_CONTENT_TYPE, size512, size128, size48 };
  } catch (err) {
    throw undecodable(err);
  }
}

function encode(image: Sharp): Promise<Buffer> {
  return image.jpeg({ quality: 85 }).toBuffer();
}

function undecodable(err: unknown): PictureError {
  return new PictureError('undecodable', `the image could not be decoded: ${err instanceof Error ? err.message : String(err)}`);
}
