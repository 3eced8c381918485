import sharp from 'sharp';
import { pngBomb } from '../../test/support/images';
import { inspectPicture, PictureError, renderRendition } from './pictures';

/** A photo-like JPEG of about 20 KB, the size of a typical directory photo. */
async function photo(): Promise<Buffer> {
  const noise = await sharp({ create: { width: 360, height: 480, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .blur(1.2)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(noise.data, { raw: noise.info }).jpeg({ quality: 75 }).toBuffer();
}

/** The PictureError `check` throws, as {kind, message}. */
function refusal(check: () => void): { kind: string; message: string } {
  try {
    check();
  } catch (err) {
    if (err instanceof PictureError) return { kind: err.kind, message: err.message };
    throw err;
  }
  throw new Error('no PictureError thrown');
}

describe('inspectPicture', () => {
  it('accepts JPEG, PNG, GIF and WebP, recognised by their content', async () => {
    const image = sharp({ create: { width: 40, height: 30, channels: 3, background: '#c00' } });
    for (const bytes of await Promise.all([image.clone().jpeg().toBuffer(), image.clone().png().toBuffer(), image.clone().gif().toBuffer(), image.clone().webp().toBuffer()])) {
      expect(() => inspectPicture(bytes)).not.toThrow();
    }
  });

  it('refuses what is not an image, another format, and a decompression bomb, with the reason', async () => {
    const tiff = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).tiff().toBuffer();
    expect(refusal(() => inspectPicture(Buffer.from('these are notes, not a picture')))).toEqual({ kind: 'unreadable', message: 'not an image Rollcall can read' });
    expect(refusal(() => inspectPicture(tiff))).toEqual({ kind: 'unsupportedFormat', message: 'unsupported image format tiff (JPEG, PNG, GIF or WebP)' });
    expect(refusal(() => inspectPicture(pngBomb(12_000, 12_000)))).toEqual({ kind: 'tooManyPixels', message: 'image dimensions 12000×12000 are too large (at most 40 million pixels)' });
  });
});

describe('renderRendition', () => {
  it('makes one square JPEG of the size asked for', async () => {
    const jpeg = await photo();
    for (const size of [512, 128, 48] as const) {
      expect(await sharp(await renderRendition(jpeg, size)).metadata()).toMatchObject({ format: 'jpeg', width: size, height: size });
    }
  });

  it('refuses a picture whose header is sound but whose data is not', async () => {
    const header = Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 40, 0, 30, 0]); // GIF89a, 40×30
    const broken = Buffer.concat([header, Buffer.from('these bytes are no picture data at all')]);
    expect(() => inspectPicture(broken)).not.toThrow();
    await expect(renderRendition(broken, 48)).rejects.toMatchObject({ kind: 'undecodable', message: expect.stringMatching(/^the image could not be decoded/) });
  });
});
