import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useEffect, useRef } from 'react';

export type SaveBusy = 'save' | 'test' | null;

export interface FormButtonsProps {
  creating: boolean;
  saveLabel: string;
  testLabel: string;
  busy: SaveBusy;
  busyText: string;
  testing: boolean;
  status: string;
  /** The button to focus when the form appears (after a save). */
  focus: 'save' | 'test' | null;
  onTest: () => void;
  onCancel: () => void;
}

/** Save (the form's submit), Save and test, Cancel / Back, and what the last save did. */
export function FormButtons({ creating, saveLabel, testLabel, busy, busyText, testing, status, focus, onTest, onCancel }: FormButtonsProps) {
  const save = useRef<HTMLButtonElement>(null);
  const test = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus === 'save') save.current?.focus();
    if (focus === 'test') test.current?.focus();
    // Only when the form appears.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const off = busy !== null || testing;
  return (
    <div style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', flexWrap: 'wrap' }}>
      <Button ref={save} type="submit" appearance="primary" testId="save-source" isDisabled={off && busy !== 'save'} isLoading={busy === 'save'}>
        {busy === 'save' ? busyText : saveLabel}
      </Button>
      <Button ref={test} testId="save-and-test" isDisabled={off && busy !== 'test'} isLoading={busy === 'test' || testing} onClick={onTest}>
        {busy === 'test' ? busyText : testing ? 'Testing…' : testLabel}
      </Button>
      <Button appearance="subtle" testId="cancel-source" onClick={onCancel}>
        {creating ? 'Cancel' : 'Back to all sources'}
      </Button>
      <div data-testid="form-status" role="status" style={{ color: token('color.text.success') }}>
        {status}
      </div>
    </div>
  );
}
