import sharp from 'sharp';
import { jpegWithin } from './pictureStore';
import { renderPicture } from './pictures';

describe('jpegWithin', () => {
  it('re-encodes a picture smaller until it fits Active Directory\'s 100 KB thumbnailPhoto', async () => {
    const noisy = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 80 } } }).png().toBuffer();
    const { size512 } = await renderPicture(noisy);
    expect(size512.length).toBeGreaterThan(100 * 1024);
    const fitted = await jpegWithin(size512, 100 * 1024);
    expect(fitted.length).toBeLessThanOrEqual(100 * 1024);
    expect((await sharp(fitted).metadata()).format).toBe('jpeg');
  });

  it('refuses with 422 picture_too_large when not even the smallest re-encoding fits', async () => {
    const { size512 } = await renderPicture(await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c00' } }).png().toBuffer());
    await expect(jpegWithin(size512, 100)).rejects.toMatchObject({ id: 'picture_too_large', status: 422 });
  });

  it('leaves a picture that already fits as it is', async () => {
    const small = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c00' } }).jpeg().toBuffer();
    expect(await jpegWithin(small, 100 * 1024)).toBe(small);
  });
});
