import { Checkbox } from '@atlaskit/checkbox';
import { token } from '@atlaskit/tokens';
import { useId } from 'react';
import type { ProfileField } from '../../api/profiles';
import { displayText } from '../../components/fieldFormat';
import { FormField, type FieldControlProps } from '../../components/FormField';
import { Select, TextArea, TextInput } from '../../components/inputs';
import { PersonPicker } from '../../components/PersonPicker';
import { ConflictChoice } from './ConflictChoice';
import { FieldNotes } from './FieldNotes';
import type { Draft } from './formValues';
import type { Conflict } from './useProfileForm';

export interface ProfileFieldControlProps {
  field: ProfileField;
  draft: Draft;
  onDraft: (draft: Draft) => void;
  error: string;
  conflict?: Conflict;
  onChoose: (chosen: 'yours' | 'directory') => void;
  siteUrl?: string;
}

const WIDTH = { short: 200, medium: 300, long: 500 };

/** The input by type, with its limits (the server checks them too) and its maximum width in pixels. */
const INPUTS: Record<string, { type: string; maxLength?: number; width: number }> = {
  email: { type: 'email', maxLength: 254, width: WIDTH.long },
  phone: { type: 'tel', maxLength: 60, width: WIDTH.medium },
  url: { type: 'url', maxLength: 2000, width: WIDTH.long },
  number: { type: 'number', width: WIDTH.short },
  date: { type: 'date', width: WIDTH.short },
  text: { type: 'text', maxLength: 1000, width: WIDTH.long },
};

function Control({ field, draft, onDraft, control, siteUrl }: Pick<ProfileFieldControlProps, 'field' | 'draft' | 'onDraft' | 'siteUrl'> & { control: FieldControlProps }) {
  const testId = `input-${field.key}`;
  if (!field.editable) {
    const text = displayText(field);
    return field.type === 'multiline' ? <TextArea {...control} minimumRows={3} disabled value={text} testId={testId} style={{ maxWidth: WIDTH.long }} /> : <TextInput {...control} disabled value={text} testId={testId} width={WIDTH.long} />;
  }
  if (draft.kind === 'people') return <PersonPicker label={field.label} multi={field.type === 'multiuser'} value={draft.people} onChange={(people) => onDraft({ kind: 'people', people })} control={control} testId={testId} siteUrl={siteUrl} />;
  if (draft.kind !== 'text') return null;
  const onText = (text: string) => onDraft({ kind: 'text', text });
  if (field.type === 'select') {
    return (
      <Select {...control} name={`values.${field.key}`} testId={testId} value={draft.text} onChange={(e) => onText(e.target.value)} style={{ maxWidth: WIDTH.medium }}>
        <option value="">{field.required ? 'Choose…' : 'None'}</option>
        {(field.options ?? []).map((o) => (
          <option key={o.id} value={o.id}>
            {o.label + (o.retired ? ' (no longer offered)' : '')}
          </option>
        ))}
      </Select>
    );
  }
  if (field.type === 'multiline') return <TextArea {...control} name={`values.${field.key}`} minimumRows={4} maxLength={10000} testId={testId} value={draft.text} onChange={(e) => onText(e.target.value)} style={{ maxWidth: WIDTH.long }} />;
  const input = INPUTS[field.type] ?? INPUTS.text;
  return <TextInput {...control} name={`values.${field.key}`} type={input.type} maxLength={input.maxLength} step={field.type === 'number' ? 'any' : undefined} testId={testId} width={input.width} value={draft.text} onChange={(e) => onText(e.target.value)} />;
}

/** A multi-select field: a checkbox per option, in a fieldset its legend names. */
function OptionsField({ field, draft, onDraft, error }: Pick<ProfileFieldControlProps, 'field' | 'draft' | 'onDraft' | 'error'>) {
  const legendId = useId();
  const ids = draft.kind === 'options' ? draft.ids : [];
  return (
    <fieldset aria-labelledby={legendId} style={{ border: 0, margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: token('space.050') }}>
      <legend id={legendId} style={{ padding: 0, color: token('color.text.subtle'), font: token('font.body.small'), fontWeight: token('font.weight.semibold') }}>
        {field.label}
        {field.required && <span aria-hidden="true" style={{ color: token('color.text.danger') }}>{' *'}</span>}
      </legend>
      {(field.options ?? []).map((o) => (
        <Checkbox key={o.id} value={o.id} label={o.label + (o.retired ? ' (no longer offered)' : '')} isChecked={ids.includes(o.id)} onChange={(e) => onDraft({ kind: 'options', ids: e.target.checked ? [...ids, o.id] : ids.filter((id) => id !== o.id) })} testId={`option-${field.key}`} />
      ))}
      <FieldNotes field={field} helpText={field.helpText} shownInProfile={field.shownInProfile} />
      <div role="alert" data-testid="field-error" style={{ color: token('color.text.danger') }}>
        {error}
      </div>
    </fieldset>
  );
}

/** One field of the edit form: its control by type, its notes and error, and the directory's conflict when there is one. */
export function FieldControl({ field, draft, onDraft, error, conflict, onChoose, siteUrl }: ProfileFieldControlProps) {
  return (
    <div data-testid="form-field" data-field-key={field.key} data-type={field.type} style={{ display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
      {field.type === 'multiselect' && field.editable ? (
        <OptionsField field={field} draft={draft} onDraft={onDraft} error={error} />
      ) : (
        <FormField label={field.label} required={field.required} description={<FieldNotes field={field} helpText={field.helpText} shownInProfile={field.shownInProfile} />} error={error} errorTestId="field-error">
          {(control) => <Control field={field} draft={draft} onDraft={onDraft} control={control} siteUrl={siteUrl} />}
        </FormField>
      )}
      {conflict && <ConflictChoice field={field} conflict={conflict} onChoose={onChoose} />}
    </div>
  );
}
