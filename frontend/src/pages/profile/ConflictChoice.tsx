import WarningIcon from '@atlaskit/icon/core/warning';
import { Radio } from '@atlaskit/radio';
import { token } from '@atlaskit/tokens';
import { useId } from 'react';
import { sourceNameOf, valueLabel, type FormField } from './formValues';
import type { Conflict } from './useProfileForm';

/** Both values of a field the directory changed since the form opened, and the choice between them. */
export function ConflictChoice({ field, conflict, onChoose }: { field: FormField; conflict: Conflict; onChoose: (chosen: 'yours' | 'directory') => void }) {
  const name = useId();
  const source = sourceNameOf(field);
  const option = (kind: 'yours' | 'directory', label: string) => (
    <Radio
      name={name}
      value={kind}
      isChecked={conflict.chosen === kind}
      onChange={() => onChoose(kind)}
      testId={`conflict-${kind}`}
      label={
        <span>
          <span style={{ color: token('color.text.subtle') }}>{`${label} `}</span>
          <strong data-testid={`conflict-${kind}-value`}>{valueLabel(field, conflict[kind])}</strong>
        </span>
      }
    />
  );
  return (
    <div
      role="group"
      aria-label={`${field.label}: choose a value`}
      data-testid="conflict"
      data-field-key={field.key}
      style={{ display: 'flex', flexDirection: 'column', gap: token('space.050'), maxWidth: '500px', padding: token('space.150'), borderRadius: token('radius.small', '3px'), backgroundColor: conflict.chosen ? token('color.background.neutral.subtle.hovered') : token('color.background.warning'), color: token('color.text') }}
    >
      <p style={{ display: 'flex', alignItems: 'flex-start', gap: token('space.050'), margin: 0 }}>
        <WarningIcon label="" size="small" color={token('color.icon.warning')} />
        {` ${field.label} changed in ${source} since you opened the form. Which value do you keep?`}
      </p>
      {option('yours', 'Yours:')}
      {option('directory', `In ${source} now:`)}
    </div>
  );
}
