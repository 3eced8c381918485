import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { initialCrop, keyAction, MAX_ZOOM, moveCrop, STAGE, zoomCrop, type Crop } from './crop';
import { drawSquare, drawStage } from './cropDrawing';

/** The preview's side, in CSS pixels. */
export const PREVIEW = 96;

/**
 * The crop step's state and its inputs: drag (mouse, touch, pen), wheel and slider zoom, arrow
 * keys and +/-. Draws the stage and the preview on every change.
 */
export function useCrop(image: HTMLImageElement) {
  const size = { width: image.naturalWidth, height: image.naturalHeight };
  const [crop, setCrop] = useState<Crop>(() => initialCrop(size));
  const stage = useRef<HTMLCanvasElement>(null);
  const preview = useRef<HTMLCanvasElement>(null);
  const zoom = useRef<HTMLInputElement>(null);
  const drag = useRef<{ x: number; y: number; start: Crop } | null>(null);
  const ratio = window.devicePixelRatio || 1;

  useEffect(() => {
    const ctx = stage.current?.getContext('2d');
    if (ctx) drawStage(ctx, image, crop, ratio);
    const p = preview.current?.getContext('2d');
    if (p && preview.current) drawSquare(p, image, crop, preview.current.width);
    if (zoom.current) zoom.current.value = String(crop.zoom);
  }, [crop, image, ratio]);

  // Native listeners: the wheel must be able to prevent scrolling (React's is passive), and the
  // slider is read on every input event, however its value was set.
  useEffect(() => {
    const canvas = stage.current;
    const slider = zoom.current;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = canvas!.getBoundingClientRect();
      setCrop((c) => zoomCrop(c, size, c.zoom * (event.deltaY < 0 ? 1.08 : 1 / 1.08), event.clientX - rect.left, event.clientY - rect.top));
    };
    const onInput = () => setCrop((c) => zoomCrop(c, size, Number(slider!.value)));
    canvas?.addEventListener('wheel', onWheel, { passive: false });
    slider?.addEventListener('input', onInput);
    return () => {
      canvas?.removeEventListener('wheel', onWheel);
      slider?.removeEventListener('input', onInput);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the image (and so its size) is fixed for the step
  }, [image]);

  const stageProps = {
    ref: stage,
    width: STAGE * ratio,
    height: STAGE * ratio,
    onPointerDown: (event: PointerEvent<HTMLCanvasElement>) => {
      drag.current = { x: event.clientX, y: event.clientY, start: crop };
      event.currentTarget.setPointerCapture(event.pointerId);
    },
    onPointerMove: (event: PointerEvent<HTMLCanvasElement>) => {
      const d = drag.current;
      if (d) setCrop(moveCrop(d.start, size, event.clientX - d.x, event.clientY - d.y));
    },
    onPointerUp: () => void (drag.current = null),
    onPointerCancel: () => void (drag.current = null),
    onKeyDown: (event: KeyboardEvent<HTMLCanvasElement>) => {
      const action = keyAction(event.key, event.shiftKey);
      if (!action) return;
      event.preventDefault();
      setCrop((c) => ('move' in action ? moveCrop(c, size, ...action.move) : zoomCrop(c, size, c.zoom + action.zoomBy)));
    },
  };
  const previewProps = { ref: preview, width: PREVIEW * ratio, height: PREVIEW * ratio };
  const zoomProps = { ref: zoom, min: 1, max: MAX_ZOOM, step: 0.01, defaultValue: 1 };
  return { crop, stageProps, previewProps, zoomProps };
}
