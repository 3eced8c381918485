import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { forwardRef, useId, type CSSProperties, type ReactNode } from 'react';
import { TextArea as SharedTextArea, TextInput as SharedTextInput, type TextAreaProps, type TextInputProps } from '../../../components/inputs';

export { Select } from '../../../components/inputs';

/**
 * The settings forms' controls: the shared text controls (Atlaskit's text field and text area, the
 * native select; components/inputs.tsx) without spell checking, named by their REST path
 * (`settings.url`) so that a server problem finds its input, each with its label, description
 * (`.description`) and error (`data-error-for`, an alert) next to it.
 */

const muted: CSSProperties = { color: token('color.text.subtlest'), font: token('font.body.small') };
const errorStyle: CSSProperties = { color: token('color.text.danger'), font: token('font.body.small') };

/** The problems shown in a form, by input path (`_form` for the rest). */
export type Errors = Record<string, string>;

/** An input path's error placeholder (always there: empty without an error). */
export function ErrorFor({ path, errors }: { path: string; errors: Errors }) {
  return (
    <div data-error-for={path} role="alert" style={errorStyle}>
      {errors[path] ?? ''}
    </div>
  );
}

export interface FieldProps {
  label: string;
  /** The REST path the input feeds (its `name`, its error's `data-error-for`). */
  path: string;
  errors: Errors;
  required?: boolean;
  description?: ReactNode;
  wide?: boolean;
  /** Below the control, before the description (presets, a second input). */
  extra?: ReactNode;
  testId?: string;
  children: (control: { id: string; name: string; 'aria-describedby': string; 'aria-invalid': true | undefined; 'aria-required': true | undefined }) => ReactNode;
}

/** A labelled control with its description and its error. */
export function Field({ label, path, errors, required, description, wide, extra, testId, children }: FieldProps) {
  const id = useId();
  return (
    <div data-field={path} data-testid={testId} style={{ display: 'flex', flexDirection: 'column', gap: token('space.050'), gridColumn: wide ? '1 / -1' : undefined }}>
      <label htmlFor={id} style={{ font: token('font.body.small'), fontWeight: token('font.weight.semibold'), color: token('color.text.subtle') }}>
        {label}
        {required && <span aria-hidden="true" style={{ color: token('color.text.danger') }}>{' *'}</span>}
      </label>
      {children({ id, name: path, 'aria-describedby': `${id}-description`, 'aria-invalid': errors[path] ? true : undefined, 'aria-required': required || undefined })}
      {extra}
      {description && (
        <div className="description" id={`${id}-description`} style={muted}>
          {description}
        </div>
      )}
      <ErrorFor path={path} errors={errors} />
    </div>
  );
}

/** A text input (Atlaskit's text field) for names, paths and filters: no spell checking. */
export const TextInput = forwardRef<HTMLInputElement, TextInputProps>(function TextInput(props, ref) {
  return <SharedTextInput ref={ref} spellCheck={false} {...props} />;
});

/** A text area for certificates and the like: code font, no spell checking. */
export function TextArea(props: TextAreaProps) {
  return <SharedTextArea spellCheck={false} isMonospaced {...props} />;
}

/** A checkbox or radio with its label and description (the input is a real one: a click on the label checks it). */
export function Choice(props: { type: 'checkbox' | 'radio'; name: string; value?: string; checked: boolean; onChange: (checked: boolean) => void; label: ReactNode; description?: ReactNode; testId?: string; role?: string; disabled?: boolean }) {
  const id = useId();
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: token('space.100'), alignItems: 'start' }}>
      <input
        id={id}
        type={props.type}
        name={props.name}
        value={props.value}
        checked={props.checked}
        disabled={props.disabled}
        role={props.role}
        data-testid={props.testId}
        aria-describedby={props.description ? `${id}-description` : undefined}
        onChange={(event) => props.onChange(event.target.checked)}
        style={{ margin: `${token('space.050')} 0 0`, width: '16px', height: '16px', accentColor: token('color.background.selected.bold') }}
      />
      <label htmlFor={id}>{props.label}</label>
      {props.description && (
        <div className="description" id={`${id}-description`} style={{ ...muted, gridColumn: 2 }}>
          {props.description}
        </div>
      )}
    </div>
  );
}

/** A titled part of a form (an h3 section that names its group), its fields in a two-column grid. */
export function Group({ title, intro, testId, children }: { title: string; intro?: string; testId: string; children: ReactNode }) {
  const id = useId();
  return (
    <section role="group" aria-labelledby={id} data-testid={testId} style={{ display: 'flex', flexDirection: 'column', gap: token('space.150'), padding: token('space.200'), border: `1px solid ${token('color.border')}`, borderRadius: token('radius.medium', '6px') }}>
      <Heading size="small" as="h3" id={id}>
        {title}
      </Heading>
      {intro && <p style={{ margin: 0, color: token('color.text.subtle') }}>{intro}</p>}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: token('space.200') }}>{children}</div>
    </section>
  );
}

/** A fieldset spanning the grid (radios that belong together). */
export function FieldSet({ legend, intro, testId, attributes, children }: { legend: string; intro?: string; testId?: string; attributes?: Record<`data-${string}`, string>; children: ReactNode }) {
  return (
    <fieldset data-testid={testId} {...attributes} style={{ gridColumn: '1 / -1', border: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
      <legend style={{ fontWeight: token('font.weight.semibold'), padding: 0, marginBottom: token('space.050') }}>{legend}</legend>
      {intro && <p style={{ margin: 0, color: token('color.text.subtle') }}>{intro}</p>}
      {children}
    </fieldset>
  );
}

/** A link-looking button for small in-place actions (Clear, a preset, Change password). */
export function LinkButton({ children, onClick, testId, title }: { children: ReactNode; onClick: () => void; testId?: string; title?: string }) {
  return (
    <button type="button" onClick={onClick} data-testid={testId} title={title} style={{ background: 'none', border: 'none', padding: 0, color: token('color.link'), cursor: 'pointer', font: 'inherit', textDecoration: 'underline' }}>
      {children}
    </button>
  );
}
