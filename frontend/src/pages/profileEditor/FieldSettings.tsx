import { Checkbox } from '@atlaskit/checkbox';
import { token } from '@atlaskit/tokens';
import type { FieldDraft, FormErrors } from './fieldForm';
import { errorText } from './styles';

type Flag = 'required' | 'shownInProfile' | 'orgChartSuperior';

const FLAGS: Array<{ name: Flag; label: string; description: string }> = [
  { name: 'required', label: 'Required', description: 'People must fill it in.' },
  { name: 'shownInProfile', label: 'Shown in profile', description: 'Untick to keep the field out of profiles (it can still be synchronised and searched).' },
  { name: 'orgChartSuperior', label: 'Org chart superior', description: 'This field names the person’s superior: the org chart is drawn from it. One field at most.' },
];

export interface FieldSettingsProps {
  draft: FieldDraft;
  change: (change: Partial<FieldDraft>) => void;
  errors: FormErrors;
  /** Whether "Org chart superior" is offered (editing a user field). */
  superior: boolean;
}

/** The field's settings: Required, Shown in profile, and (for an existing user field) Org chart superior; each with its error. */
export function FieldSettings({ draft, change, errors, superior }: FieldSettingsProps) {
  return (
    <fieldset style={{ border: 0, margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
      <legend style={{ font: token('font.body.small'), fontWeight: token('font.weight.bold'), marginBottom: token('space.050'), padding: 0, color: token('color.text.subtle') }}>Settings</legend>
      {FLAGS.filter((flag) => flag.name !== 'orgChartSuperior' || superior).map((flag) => (
        <div key={flag.name}>
          <Checkbox
            name={flag.name}
            label={flag.label}
            testId={`field-form-${flag.name}`}
            isChecked={draft[flag.name]}
            isInvalid={!!errors.inputs[flag.name]}
            onChange={(event) => change({ [flag.name]: event.currentTarget.checked })}
          />
          <div style={{ paddingLeft: token('space.300'), color: token('color.text.subtlest'), font: token('font.body.small') }}>{flag.description}</div>
          <div role="alert" data-testid={`error-${flag.name}`} style={{ ...errorText, paddingLeft: token('space.300') }}>
            {errors.inputs[flag.name] ?? ''}
          </div>
        </div>
      ))}
    </fieldset>
  );
}
