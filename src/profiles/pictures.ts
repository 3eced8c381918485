import crypto from 'node:crypto';
import sharp, { type Metadata, type Sharp } from 'sharp';

/** The square sizes every picture is stored in, in pixels. */
export const RENDITION_SIZES = [512, 128, 48] as const;

/** Images above this many pixels are refused before decoding (decompression bombs). */
export const MAX_INPUT_PIXELS = 40_000_000;

export interface Renditions {
  originalHash: string;
  contentType: 'image/jpeg';
  size512: Buffer;
  size128: Buffer;
  size48: Buffer;
}

/** Why an image was refused: not an image, an unsupported format, or absurd dimensions. */
export class PictureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PictureError';
  }
}

const FORMATS = new Set(['jpeg', 'png', 'gif', 'webp']);

/**
 * Re-encodes a picture (recognised by content, never by name) into square JPEG renditions,
 * centre-cropped, with EXIF orientation applied and metadata dropped.
 */
export async function renderPicture(bytes: Buffer): Promise<Renditions> {
  let metadata: Metadata;
  try {
    // Reading the header decodes no pixels, so the size is checked before anything is decoded.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new PictureError('not an image Rollcall can read');
  }
  if (!metadata.format || !FORMATS.has(metadata.format)) throw new PictureError(`unsupported image format ${metadata.format ?? 'unknown'} (JPEG, PNG, GIF or WebP)`);
  if (!metadata.width || !metadata.height || metadata.width * metadata.height > MAX_INPUT_PIXELS) {
    throw new PictureError(`image dimensions ${metadata.width}×${metadata.height} are too large (at most ${MAX_INPUT_PIXELS / 1_000_000} million pixels)`);
  }
  // One decode of the original: the 512 px rendition is made from it, the smaller ones from that
  // (decoding a 512 px JPEG costs little). libjpeg-turbo and a centre crop: several times faster
  // than mozjpeg and a saliency crop, which matters when a sync brings thousands of photos.
  const encode = (image: Sharp) => image.jpeg({ quality: 85 }).toBuffer();
  try {
    const size512 = await encode(
      sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, animated: false }).rotate().resize(512, 512, { fit: 'cover', position: 'centre' }).flatten({ background: '#ffffff' }),
    );
    const [size128, size48] = await Promise.all([128, 48].map((size) => encode(sharp(size512).resize(size, size))));
    return { originalHash: crypto.createHash('sha256').update(bytes).digest('base64url'), contentType: 'image/jpeg', size512, size128, size48 };
  } catch (err) {
    throw new PictureError(`the image could not be decoded: ${err instanceof Error ? err.message : String(err)}`);
  }
}
