import { Label } from '@atlaskit/form';
import { token } from '@atlaskit/tokens';
import { useId, type ReactNode } from 'react';

/** What the control inside a FormField needs to be named and described. */
export interface FieldControlProps {
  id: string;
  'aria-describedby': string;
  'aria-invalid': boolean | undefined;
  'aria-required': boolean | undefined;
}

export interface FormFieldProps {
  label: string;
  required?: boolean;
  description?: ReactNode;
  /** The field's problem (the client's check or the server's `details[].path` for it); empty for none. */
  error?: string | null;
  /** The error's test id (its element is always there, empty without an error). */
  errorTestId?: string;
  children: (control: FieldControlProps) => ReactNode;
}

/**
 * A labelled form control with its description and its error next to it: the control is named by
 * the label and described by both, marked invalid while there is an error, and the error is an
 * alert so that screen readers say it when it appears.
 */
export function FormField({ label, required, description, error, errorTestId, children }: FormFieldProps) {
  const id = useId();
  const descriptionId = `${id}-description`;
  const errorId = `${id}-error`;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.050') }}>
      <Label htmlFor={id}>
        {label}
        {required && (
          <span aria-hidden="true" style={{ color: token('color.text.danger') }}>
            {' *'}
          </span>
        )}
      </Label>
      {children({ id, 'aria-describedby': `${descriptionId} ${errorId}`, 'aria-invalid': error ? true : undefined, 'aria-required': required || undefined })}
      {description && (
        <div id={descriptionId} style={{ color: token('color.text.subtlest'), font: token('font.body.small') }}>
          {description}
        </div>
      )}
      <div id={errorId} role="alert" data-testid={errorTestId} style={{ color: token('color.text.danger') }}>
        {error || ''}
      </div>
    </div>
  );
}
