import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useEffect, useId, useRef } from 'react';
import type { Source } from '../../../../api/sources';
import { fileSize, localTime, relative } from '../../format';
import { ErrorFor, LinkButton, type Errors } from '../controls';

export interface UploadPanelProps {
  stored: Source['file'] | null;
  creating: boolean;
  replacing: boolean;
  onReplacing: (replacing: boolean) => void;
  file: File | null;
  onFile: (file: File | null) => void;
  errors: Errors;
}

/** The uploaded file (name, size, when) with Replace, or the file input for a first or a new one. */
export function UploadPanel({ stored, creating, replacing, onReplacing, file, onFile, errors }: UploadPanelProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const replace = useRef<HTMLButtonElement>(null);
  const focusInput = useRef(false);
  useEffect(() => {
    if (replacing && focusInput.current) input.current?.focus();
    focusInput.current = false;
  }, [replacing]);
  const muted = { color: token('color.text.subtle') };
  return (
    <div data-testid="location-upload-panel" style={{ display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
      {stored ? (
        <div data-testid="xml-stored-file" style={{ display: 'flex', gap: token('space.150'), alignItems: 'center', flexWrap: 'wrap' }}>
          <strong data-testid="xml-file-name">{stored.name}</strong>
          <span style={muted} data-testid="xml-file-size">{fileSize(stored.size)}</span>
          <span style={muted} data-testid="xml-file-uploaded">{`Uploaded ${localTime(stored.uploadedAt)} (${relative(stored.uploadedAt)})`}</span>
          {!replacing && (
            <Button
              ref={replace}
              spacing="compact"
              testId="replace-file"
              title="Choose a new export: it replaces this file when you save"
              onClick={() => {
                focusInput.current = true;
                onReplacing(true);
              }}
            >
              Replace file
            </Button>
          )}
        </div>
      ) : (
        <p data-testid="xml-no-file" style={{ ...muted, margin: 0 }}>
          {creating ? 'No file yet: choose the export below.' : 'No file has been uploaded yet: choose the export below and save.'}
        </p>
      )}
      <div data-testid="xml-file-pick" data-field="file" hidden={!replacing} style={{ flexDirection: 'column', gap: token('space.050') }}>
        <label htmlFor={id} style={{ font: token('font.body.small'), fontWeight: token('font.weight.semibold'), color: token('color.text.subtle') }}>
          {stored ? 'New file' : 'XML file'}
        </label>
        <input ref={input} id={id} type="file" name="file" accept=".xml,application/xml,text/xml" data-testid="xml-file" aria-describedby={`${id}-description`} aria-invalid={errors.file ? true : undefined} onChange={(e) => onFile(e.target.files?.[0] ?? null)} />
        <div data-testid="xml-file-chosen" aria-live="polite">
          {file && (
            <span>
              <strong data-testid="xml-file-chosen-name">{file.name}</strong>
              {` · ${fileSize(file.size)} · uploaded when you save`}
            </span>
          )}
        </div>
        <div className="description" id={`${id}-description`} style={{ color: token('color.text.subtlest'), font: token('font.body.small') }}>
          {stored ? 'It replaces the current file when you save. ' : 'Sent when you save, and kept on the server for scheduled runs until you replace it. '}
          {stored && (
            <LinkButton
              testId="keep-file"
              onClick={() => {
                if (input.current) input.current.value = '';
                onFile(null);
                onReplacing(false);
                window.setTimeout(() => replace.current?.focus(), 0);
              }}
            >
              Keep the current file
            </LinkButton>
          )}
        </div>
        <ErrorFor path="file" errors={errors} />
      </div>
    </div>
  );
}
