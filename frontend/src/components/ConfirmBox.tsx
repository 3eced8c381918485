import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface ConfirmBoxProps {
  question: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  testId: string;
}

/**
 * Asks before an action that writes (an inline alert dialog, next to the button that asked, so
 * that it works in an iframe of any height). The confirm button takes the focus; Escape cancels.
 */
export function ConfirmBox({ question, children, confirmLabel, onConfirm, onCancel, busy, testId }: ConfirmBoxProps) {
  const textId = useId();
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <div
      role="alertdialog"
      aria-label={question}
      aria-describedby={textId}
      data-testid={testId}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !busy) onCancel();
      }}
      style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: token('space.150'), padding: token('space.200'), borderRadius: token('radius.medium'), backgroundColor: token('color.background.warning'), color: token('color.text') }}
    >
      <span id={textId} style={{ flex: '1 1 320px' }}>
        <strong>{question}</strong> {children}
      </span>
      <Button ref={confirm} appearance="primary" onClick={onConfirm} isLoading={busy} testId={`${testId}-yes`}>
        {confirmLabel}
      </Button>
      <Button appearance="subtle" onClick={onCancel} isDisabled={busy} testId={`${testId}-no`}>
        Cancel
      </Button>
    </div>
  );
}
