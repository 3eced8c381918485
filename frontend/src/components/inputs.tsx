import AtlaskitTextArea, { type TextAreaProps as AtlaskitTextAreaProps } from '@atlaskit/textarea';
import Textfield, { type TextFieldProps } from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { forwardRef, type ChangeEventHandler, type CSSProperties, type SelectHTMLAttributes } from 'react';

/**
 * The pages' text controls: Atlaskit's text field and text area (compiled CSS, bundled as a file:
 * nothing injected at run time), taking the attributes a native control takes — `aria-invalid`
 * (as FormField's render function passes it) becomes `isInvalid`, `disabled` becomes
 * `isDisabled`, `testId` is the input's `data-testid` — and a native select in the same look
 * (Atlaskit's Select is react-select with run-time styles, which the CSP refuses).
 */

type Native = { 'aria-invalid'?: boolean; disabled?: boolean };

export type TextInputProps = Omit<TextFieldProps, 'isInvalid' | 'isDisabled' | 'aria-invalid' | 'onChange'> & Native & { onChange?: ChangeEventHandler<HTMLInputElement> };

/*
 * Each in a block of its own: Atlaskit's field grows (flex-grow, flex-basis 100%), which in a
 * column of label, input and description would make it as tall as its grid row.
 */

/** A single-line text input (Atlaskit's TextField); `ref` is the input; `width` its maximum width. */
export const TextInput = forwardRef<HTMLInputElement, TextInputProps>(function TextInput({ 'aria-invalid': invalid, disabled, onChange, ...rest }, ref) {
  // Atlaskit types the handler as a FormEvent's; it is the input's change event.
  return (
    <div>
      <Textfield ref={ref} autoComplete="off" {...rest} onChange={onChange as TextFieldProps['onChange']} isInvalid={!!invalid} isDisabled={!!disabled} />
    </div>
  );
});

export type TextAreaProps = Omit<AtlaskitTextAreaProps, 'isInvalid' | 'isDisabled' | 'aria-invalid'> & Native;

/** A multi-line text input (Atlaskit's TextArea, growing with its text); `ref` is the textarea. */
export const TextArea = forwardRef<HTMLTextAreaElement, TextAreaProps>(function TextArea({ 'aria-invalid': invalid, disabled, ...rest }, ref) {
  return (
    <div>
      <AtlaskitTextArea ref={ref} {...rest} aria-invalid={invalid || undefined} isInvalid={!!invalid} isDisabled={!!disabled} />
    </div>
  );
});

/** A native select's look, matching the text field's (the theme's input colours, red-bordered while invalid, greyed when disabled). */
export function selectStyle(invalid = false, disabled = false): CSSProperties {
  const border = invalid ? token('color.border.danger') : disabled ? token('color.border.disabled') : token('color.border.input');
  return {
    boxSizing: 'border-box',
    width: '100%',
    minHeight: '36px',
    padding: `${token('space.075')} ${token('space.050')}`,
    font: token('font.body'),
    color: disabled ? token('color.text.disabled') : token('color.text'),
    backgroundColor: disabled ? token('color.background.disabled') : token('color.background.input'),
    border: `${token('border.width', '1px')} solid ${border}`,
    boxShadow: invalid ? `inset 0 0 0 ${token('border.width', '1px')} ${border}` : undefined,
    borderRadius: token('radius.medium', '6px'),
    cursor: disabled ? 'not-allowed' : 'pointer',
  };
}

export type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & { testId?: string; 'aria-invalid'?: boolean };

/** A native select in the text field's look; `testId` is its `data-testid`; `style` adds to the look (a width). */
export const Select = forwardRef<HTMLSelectElement, SelectProps>(function Select({ testId, style, ...rest }, ref) {
  return <select ref={ref} data-testid={testId} {...rest} style={{ ...selectStyle(!!rest['aria-invalid'], !!rest.disabled), ...style }} />;
});
