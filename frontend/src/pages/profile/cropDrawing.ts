import { INSET, sourceSquare, STAGE, WINDOW, type Crop } from './crop';

/** The square under the window, drawn into a size×size context (the preview, the saved picture). */
export function drawSquare(ctx: CanvasRenderingContext2D, image: HTMLImageElement, crop: Crop, size: number): void {
  const square = sourceSquare(crop);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, square.x, square.y, square.size, square.size, 0, 0, size, size);
}

/** The stage: the picture, dimmed outside the window, the window's square and the circle avatars show. */
export function drawStage(ctx: CanvasRenderingContext2D, image: HTMLImageElement, crop: Crop, ratio: number): void {
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = '#f4f5f7';
  ctx.fillRect(0, 0, STAGE, STAGE);
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, crop.x, crop.y, image.naturalWidth * crop.scale, image.naturalHeight * crop.scale);
  ctx.fillStyle = 'rgba(9, 30, 66, 0.54)';
  ctx.fillRect(0, 0, STAGE, INSET);
  ctx.fillRect(0, INSET + WINDOW, STAGE, INSET);
  ctx.fillRect(0, INSET, INSET, WINDOW);
  ctx.fillRect(INSET + WINDOW, INSET, INSET, WINDOW);
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 2;
  ctx.strokeRect(INSET, INSET, WINDOW, WINDOW);
  ctx.setLineDash([4, 4]);
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.arc(STAGE / 2, STAGE / 2, WINDOW / 2, 0, Math.PI * 2);
  ctx.stroke();
  ctx.setLineDash([]);
}

/** The crop as a square JPEG of `size` pixels; null when the browser cannot make one. */
export function cropToJpeg(image: HTMLImageElement, crop: Crop, size: number): Promise<Blob | null> {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.resolve(null);
  drawSquare(ctx, image, crop, size);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
}
