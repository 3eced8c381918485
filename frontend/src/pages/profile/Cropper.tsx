import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { useEffect, useId, useRef, useState } from 'react';
import { messageOf } from '../../api/errors';
import { OUTPUT, STAGE } from './crop';
import { cropToJpeg } from './cropDrawing';
import { PREVIEW, useCrop } from './useCrop';

export interface CropperProps {
  image: HTMLImageElement;
  /** Uploads the crop; rejects with the reason it was refused. */
  onSave: (picture: Blob) => Promise<void>;
  onCancel: () => void;
}

const subtle = { color: token('color.text.subtle') };

/**
 * The crop step: the picture under a fixed square window; drag it (mouse, touch or arrow keys) and
 * zoom it (slider, wheel, + and -) until the square shows what should be seen. Saving uploads that
 * square as a 512×512 JPEG. The stage takes the focus when the step opens.
 */
export function Cropper({ image, onSave, onCancel }: CropperProps) {
  const { stageProps, previewProps, zoomProps, crop } = useCrop(image);
  const zoomId = useId();
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const canvas = stageProps.ref;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    canvas.current?.focus();
    return () => void (mounted.current = false);
  }, [canvas]);

  const save = async () => {
    setError('');
    setBusy(true);
    const blob = await cropToJpeg(image, crop, OUTPUT);
    try {
      if (!blob) throw new Error('Your browser could not make the picture. Try another file.');
      await onSave(blob);
    } catch (err) {
      if (!mounted.current) return;
      setBusy(false);
      // 413 (too large), 415 (not an image Rollcall reads), 422 (absurd dimensions), 403, or the browser's own failure.
      setError(err instanceof Error ? err.message : messageOf(err));
    }
  };

  return (
    <section data-testid="cropper" aria-labelledby={headingId} style={{ display: 'flex', flexDirection: 'column', gap: token('space.150'), padding: token('space.200'), border: `1px solid ${token('color.border')}`, borderRadius: token('radius.medium', '6px'), backgroundColor: token('elevation.surface.raised'), boxShadow: token('elevation.shadow.raised') }}>
      <div>
        <Heading size="small" as="h3" id={headingId}>
          Crop your picture
        </Heading>
        <p style={{ ...subtle, margin: `${token('space.050')} 0 0` }}>Drag the picture to choose what shows in the square; zoom with the slider or your mouse wheel.</p>
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: token('space.300'), alignItems: 'flex-start' }}>
        <canvas
          {...stageProps}
          tabIndex={0}
          role="img"
          aria-label="Picture to crop: drag or use the arrow keys to move it, + and - to zoom"
          data-testid="crop-canvas"
          style={{ width: STAGE, height: STAGE, borderRadius: token('radius.small', '3px'), cursor: 'grab', touchAction: 'none', outlineOffset: '2px' }}
        />
        <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.200'), minWidth: '220px' }}>
          <div style={{ display: 'flex', alignItems: 'center', gap: token('space.150') }}>
            <canvas {...previewProps} aria-hidden="true" data-testid="crop-preview" style={{ width: PREVIEW, height: PREVIEW, borderRadius: '50%', border: `1px solid ${token('color.border')}` }} />
            <span style={subtle}>Preview</span>
          </div>
          <div style={{ display: 'flex', alignItems: 'center', gap: token('space.100') }}>
            <label htmlFor={zoomId}>Zoom</label>
            <span aria-hidden="true" style={subtle}>
              −
            </span>
            <input {...zoomProps} id={zoomId} type="range" data-testid="crop-zoom" style={{ flex: 1 }} />
            <span aria-hidden="true" style={subtle}>
              +
            </span>
          </div>
          <div role="alert" data-testid="crop-error" style={{ color: token('color.text.danger') }}>
            {error}
          </div>
          <div style={{ display: 'flex', gap: token('space.100') }}>
            <Button appearance="primary" onClick={() => void save()} isLoading={busy} testId="crop-save">
              Save picture
            </Button>
            <Button appearance="subtle" onClick={onCancel} isDisabled={busy} testId="crop-cancel">
              Cancel
            </Button>
          </div>
        </div>
      </div>
    </section>
  );
}
