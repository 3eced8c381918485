import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { useEffect, useRef, useState } from 'react';
import type { Field } from '../../api/profileSchema';
import { FormField } from '../../components/FormField';
import { Select, TextArea, TextInput } from '../../components/inputs';
import { allowedTypes, asFieldType, draftOf, fieldRequest, formErrors, HELP_MAX, helpCount, NO_ERRORS, typeInfo, type ErrorTarget, type FieldDraft, type FormErrors } from './fieldForm';
import { FieldSettings } from './FieldSettings';
import { OptionsEditor } from './OptionsEditor';
import { errorText, subtle } from './styles';
import type { EditorState, OpenForm } from './useProfileEditor';

const HELP_NOTE = 'Plain text. Short help is a tooltip next to the field; longer help (over 200 characters, or several lines) opens in a panel when the question mark is clicked. ';

/**
 * Adds a field to a category or edits one: label, type (an existing field offers only the types
 * its values convert to), category, help text (up to 10,000 characters, counted), settings, and
 * the choices of a select type. Each of the server's problems shows next to its input; Escape
 * or Cancel closes the form.
 */
export function FieldForm({ open, field, state }: { open: OpenForm; field: Field | null; state: EditorState }) {
  const [draft, setDraft] = useState<FieldDraft>(() => draftOf(field, open.categoryId));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const editing = !!field;
  const schema = state.schema!;
  const allowed = allowedTypes(field, state.types);
  const hasOptions = typeInfo(state.types, draft.type).hasOptions;
  const superior = editing && draft.type === 'user';
  const change = (next: Partial<FieldDraft>) => setDraft((d) => ({ ...d, ...next }));
  const close = () => state.openForm(null, open);
  useEffect(() => {
    const label = formRef.current?.querySelector<HTMLInputElement>('input[name="label"]');
    label?.focus();
    if (editing) label?.select();
  }, [editing]);

  const submit = async () => {
    const request = fieldRequest(draft, field, state.types);
    if (request.kind === 'invalid') return show(request.errors);
    setErrors(NO_ERRORS);
    setBusy(true);
    const failed = await state.saveField(request, field);
    if (!failed) return;
    setBusy(false);
    const shown = (target: ErrorTarget) => (target === 'options' ? hasOptions : target === 'orgChartSuperior' ? superior : true);
    show(formErrors(failed, draft.options, shown));
  };
  const show = (next: FormErrors) => {
    setErrors(next);
    window.setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
  };

  const typeNote = editing ? (allowed.length < 2 ? 'Existing values cannot be converted to another type.' : 'Only types that existing values convert to are offered.') : undefined;
  const categoryName = schema.categories.find((c) => c.id === open.categoryId)?.name ?? '';
  return (
    <form
      ref={formRef}
      noValidate
      data-testid="field-form"
      data-mode={open.mode}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) close();
      }}
      style={{ display: 'flex', flexDirection: 'column', gap: token('space.200'), padding: token('space.200'), borderRadius: token('radius.medium'), border: `1px solid ${token('color.border')}`, backgroundColor: token('elevation.surface.raised'), boxShadow: token('elevation.shadow.raised') }}
    >
      <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.050') }}>
        <Heading size="xsmall" as="h4">
          {field ? `Edit “${field.label}”` : `Add a field to ${categoryName}`}
        </Heading>
        {field?.builtin && <p style={subtle}>A default field: you can rename and move it, but not delete it.</p>}
        <div role="alert" data-testid="error-form" style={errorText}>
          {errors.inputs.form ?? ''}
        </div>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: token('space.200') }}>
        <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.150') }}>
          <FormField label="Label" required error={errors.inputs.label} errorTestId="error-label">
            {(control) => <TextInput {...control} name="label" testId="field-form-label" maxLength={100} value={draft.label} onChange={(e) => change({ label: e.currentTarget.value })} />}
          </FormField>
          <FormField label="Type" description={typeNote} error={errors.inputs.type} errorTestId="error-type">
            {(control) => (
              <Select {...control} name="type" testId="field-form-type" disabled={editing && allowed.length < 2} value={draft.type} onChange={(e) => change({ type: asFieldType(e.currentTarget.value) })}>
                {allowed.map((type) => (
                  <option key={type} value={type}>
                    {typeInfo(state.types, type).label}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <FormField label="Category" error={errors.inputs.categoryId} errorTestId="error-categoryId">
            {(control) => (
              <Select {...control} name="categoryId" testId="field-form-category" value={draft.categoryId} onChange={(e) => change({ categoryId: e.currentTarget.value })}>
                {schema.categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.150') }}>
          <FormField
            label="Help text"
            error={errors.inputs.helpText}
            errorTestId="error-helpText"
            description={
              <>
                {HELP_NOTE}
                <span data-testid="help-count">{helpCount(draft.helpText)}</span>
              </>
            }
          >
            {(control) => <TextArea {...control} name="helpText" testId="field-form-help" minimumRows={3} maxLength={HELP_MAX} value={draft.helpText} onChange={(e) => change({ helpText: e.currentTarget.value })} />}
          </FormField>
          <FieldSettings draft={draft} change={change} errors={errors} superior={superior} />
        </div>
      </div>
      {hasOptions && <OptionsEditor items={draft.options} onChange={(options) => change({ options })} error={errors.inputs.options} optionErrors={errors.options} />}
      <div style={{ display: 'flex', gap: token('space.100') }}>
        <Button type="submit" appearance="primary" isLoading={busy} testId="field-form-submit">
          {editing ? 'Save' : 'Add field'}
        </Button>
        <Button appearance="subtle" testId="field-form-cancel" onClick={close}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
