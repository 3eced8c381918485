/**
 * The crop step's geometry, pure: the picture lies under a fixed square window on a stage; it is
 * moved and zoomed, never so far that the window shows anything but the picture. The saved
 * picture is the square under the window.
 */

/** The stage's side, in CSS pixels. */
export const STAGE = 320;
/** The square window's side (centred on the stage). */
export const WINDOW = 256;
export const INSET = (STAGE - WINDOW) / 2;
export const MAX_ZOOM = 4;
/** The saved picture: a square JPEG of this many pixels (the server keeps 512/128/48). */
export const OUTPUT = 512;

/** Where the picture lies: its zoom (1 = the window just covered), its scale, and its top-left corner on the stage. */
export interface Crop {
  zoom: number;
  scale: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

const coverScale = (image: Size) => Math.max(WINDOW / image.width, WINDOW / image.height);

/** Keeps the window covered: the picture never leaves a gap inside it. */
export function clampCrop(crop: Crop, image: Size): Crop {
  const w = image.width * crop.scale;
  const h = image.height * crop.scale;
  return { ...crop, x: Math.min(INSET, Math.max(INSET + WINDOW - w, crop.x)), y: Math.min(INSET, Math.max(INSET + WINDOW - h, crop.y)) };
}

/** The picture just covering the window, centred. */
export function initialCrop(image: Size): Crop {
  const scale = coverScale(image);
  return { zoom: 1, scale, x: STAGE / 2 - (image.width * scale) / 2, y: STAGE / 2 - (image.height * scale) / 2 };
}

/** Zooms to `zoom` (1–4), keeping the point (px, py) of the stage in place (its centre by default). */
export function zoomCrop(crop: Crop, image: Size, zoom: number, px = STAGE / 2, py = STAGE / 2): Crop {
  const z = Math.min(MAX_ZOOM, Math.max(1, zoom));
  const scale = coverScale(image) * z;
  const x = px - ((px - crop.x) * scale) / crop.scale;
  const y = py - ((py - crop.y) * scale) / crop.scale;
  return clampCrop({ zoom: z, scale, x, y }, image);
}

export function moveCrop(crop: Crop, image: Size, dx: number, dy: number): Crop {
  return clampCrop({ ...crop, x: crop.x + dx, y: crop.y + dy }, image);
}

/** The square of the picture (in its own pixels) under the window. */
export function sourceSquare(crop: Crop): { x: number; y: number; size: number } {
  return { x: (INSET - crop.x) / crop.scale, y: (INSET - crop.y) / crop.scale, size: WINDOW / crop.scale };
}

/** What a key does on the stage: arrows move (Shift: further), + and - zoom; null for other keys. */
export function keyAction(key: string, shift: boolean): { move: [number, number] } | { zoomBy: number } | null {
  const step = shift ? 20 : 4;
  const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
  if (moves[key]) return { move: moves[key] };
  if (key === '+' || key === '=') return { zoomBy: 0.1 };
  if (key === '-') return { zoomBy: -0.1 };
  return null;
}
