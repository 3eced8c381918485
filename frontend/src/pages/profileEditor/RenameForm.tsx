import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useEffect, useId, useRef, useState } from 'react';
import type { ApiError } from '../../api/errors';
import { TextInput } from '../../components/inputs';
import { errorText, row } from './styles';

export interface RenameFormProps {
  name: string;
  /** Saves the name; the error to show next to the input, or null once renamed. */
  onSave: (name: string) => Promise<ApiError | null>;
  /** Closes the form (Escape, Cancel, or saved). */
  onClose: () => void;
}

/** Renames a category in place: Enter saves, Escape leaves the name as it was; errors show next to the input. */
export function RenameForm({ name, onSave, onClose }: RenameFormProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(name);
  const [error, setError] = useState('');
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const submit = async () => {
    const next = value.trim();
    setError('');
    setFormError('');
    if (!next) {
      setError('Give the category a name.');
      return;
    }
    if (next === name) return onClose();
    setBusy(true);
    const failed = await onSave(next);
    setBusy(false);
    if (!failed) return onClose();
    const named = failed.messageFor('name');
    if (named || failed.code === 'duplicate_category') setError(named ?? failed.message);
    else setFormError(failed.message);
    input.current?.focus();
  };

  return (
    <form
      noValidate
      data-testid="category-rename-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      style={{ display: 'flex', flexDirection: 'column', gap: token('space.050'), flex: '1 1 240px' }}
    >
      <label htmlFor={id} className="rc-assistive">
        Category name
      </label>
      <span style={row}>
        <span style={{ flex: '1 1 200px', minWidth: 0 }}>
          <TextInput
            ref={input}
            id={id}
            name="name"
            testId="category-name-input"
            isCompact
            value={value}
            maxLength={100}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-error`}
            onChange={(event) => setValue(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.preventDefault();
                onClose();
              }
            }}
          />
        </span>
        <Button type="submit" appearance="primary" spacing="compact" isLoading={busy}>
          Save
        </Button>
        <Button appearance="subtle" spacing="compact" onClick={onClose}>
          Cancel
        </Button>
      </span>
      <div id={`${id}-error`} role="alert" data-testid="error-name" style={errorText}>
        {error}
      </div>
      <div role="alert" data-testid="error-form" style={errorText}>
        {formError}
      </div>
    </form>
  );
}
