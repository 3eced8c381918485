import { clampCrop, initialCrop, INSET, keyAction, moveCrop, sourceSquare, WINDOW, zoomCrop } from './crop';

const rounded = (square: { x: number; y: number; size: number }) => ({ x: Math.round(square.x), y: Math.round(square.y), size: Math.round(square.size) });

const landscape = { width: 640, height: 400 };

describe('the crop step', () => {
  it('starts with the picture just covering the window, centred', () => {
    const crop = initialCrop(landscape);
    expect(crop.zoom).toBe(1);
    expect(400 * crop.scale).toBe(WINDOW);
    expect(rounded(sourceSquare(crop))).toEqual({ x: 120, y: 0, size: 400 });
  });

  it('never moves the picture so far that the window shows a gap', () => {
    const crop = initialCrop(landscape);
    expect(moveCrop(crop, landscape, 0, 50).y).toBe(INSET);
    expect(rounded(sourceSquare(moveCrop(crop, landscape, -1000, 0)))).toEqual({ x: 240, y: 0, size: 400 });
    expect(clampCrop({ ...crop, x: 500 }, landscape).x).toBe(INSET);
  });

  it('zooms between 1 and 4 around the point given, the centre by default', () => {
    const crop = initialCrop(landscape);
    const zoomed = zoomCrop(crop, landscape, 2);
    expect(zoomed.zoom).toBe(2);
    expect(rounded(sourceSquare(zoomed))).toEqual({ x: 220, y: 100, size: 200 });
    expect(zoomCrop(crop, landscape, 9).zoom).toBe(4);
    expect(zoomCrop(zoomed, landscape, 0.5).zoom).toBe(1);
  });

  it('moves with the arrow keys (further with Shift) and zooms with + and -', () => {
    expect(keyAction('ArrowLeft', false)).toEqual({ move: [-4, 0] });
    expect(keyAction('ArrowDown', true)).toEqual({ move: [0, 20] });
    expect(keyAction('=', false)).toEqual({ zoomBy: 0.1 });
    expect(keyAction('-', false)).toEqual({ zoomBy: -0.1 });
    expect(keyAction('a', false)).toBeNull();
  });
});
