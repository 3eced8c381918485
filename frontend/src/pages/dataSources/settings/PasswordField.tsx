import { token } from '@atlaskit/tokens';
import { useEffect, useId, useRef } from 'react';
import { ErrorFor, LinkButton, TextInput, type Errors } from './controls';
import type { PasswordMode, PasswordState } from './password';

export interface PasswordFieldProps {
  name: 'bindPassword' | 'password';
  label: string;
  inputTestId: string;
  state: PasswordState;
  onChange: (state: PasswordState) => void;
  errors: Errors;
  setText: string;
  removedText: string;
  rebindText: string;
}

/**
 * A password, write-only: a set password is never shown or prefilled. "Change password" reveals
 * an empty input (focused); "Remove" clears it on save; the rebind note says which changes make
 * the server drop it.
 */
export function PasswordField({ name, label, inputTestId, state, onChange, errors, setText, removedText, rebindText }: PasswordFieldProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const undo = useRef<HTMLDivElement>(null);
  const focusNext = useRef<'input' | 'undo' | null>(null);
  useEffect(() => {
    if (focusNext.current === 'input') input.current?.focus();
    if (focusNext.current === 'undo') undo.current?.querySelector('button')?.focus();
    focusNext.current = null;
  }, [state.mode]);
  const to = (mode: PasswordMode, focus: 'input' | 'undo' | null = null) => {
    focusNext.current = focus;
    onChange({ mode, value: '' });
  };
  const typing = state.mode === 'set' || state.mode === 'change';
  const note = { color: token('color.text.subtlest'), font: token('font.body.small') };
  return (
    <div data-field={name} style={{ display: 'flex', flexDirection: 'column', gap: token('space.050') }}>
      <label htmlFor={typing ? id : undefined} style={{ font: token('font.body.small'), fontWeight: token('font.weight.semibold'), color: token('color.text.subtle') }}>
        {label}
      </label>
      <div data-testid="password-field" data-mode={state.mode} style={{ display: 'flex', flexDirection: 'column', gap: token('space.050') }}>
        {state.mode === 'keep' && (
          <>
            <div data-testid="password-set" style={{ display: 'flex', gap: token('space.100'), flexWrap: 'wrap' }}>
              <span>A password is set.</span>
              <LinkButton testId="change-password" onClick={() => to('change', 'input')}>
                Change password
              </LinkButton>
              <LinkButton testId="remove-password" onClick={() => to('remove', 'undo')}>
                Remove
              </LinkButton>
            </div>
            <div className="description" data-testid="password-rebind" style={note}>
              {rebindText}
            </div>
          </>
        )}
        {state.mode === 'remove' && (
          <div ref={undo} data-testid="password-removed" style={{ display: 'flex', gap: token('space.100'), flexWrap: 'wrap' }}>
            <span>{removedText}</span>
            <LinkButton testId="keep-password" onClick={() => to('keep')}>
              Undo
            </LinkButton>
          </div>
        )}
        {typing && (
          <>
            <TextInput ref={input} id={id} type="password" name={name} autoComplete="new-password" testId={inputTestId} value={state.value} aria-invalid={errors[name] ? true : undefined} onChange={(e) => onChange({ ...state, value: e.target.value })} />
            {state.mode === 'change' ? (
              <div className="description" style={note}>
                {'Enter the new password. '}
                <LinkButton testId="keep-password" onClick={() => to('keep')}>
                  Keep the current password
                </LinkButton>
              </div>
            ) : (
              <div className="description" style={note}>
                {setText}
              </div>
            )}
          </>
        )}
      </div>
      <ErrorFor path={name} errors={errors} />
    </div>
  );
}
