import { token } from '@atlaskit/tokens';
import { useId, useState } from 'react';

export interface SwitchProps {
  name: string;
  label: string;
  description?: string;
  checked: boolean;
  onChange(checked: boolean): void;
  testId?: string;
}

/**
 * An on/off switch: a native checkbox with `role="switch"` (keyboard, forms and screen readers as
 * usual) drawn as a track and thumb in the theme's colours, its state said beside the label.
 */
export function Switch({ name, label, description, checked, onChange, testId }: SwitchProps) {
  const id = useId();
  const [focused, setFocused] = useState(false);
  const track = checked ? token('color.background.accent.green.bolder') : token('color.background.neutral.bold');
  return (
    <div style={{ display: 'flex', gap: token('space.150'), alignItems: 'flex-start' }}>
      <span style={{ position: 'relative', flex: 'none', width: 40, height: 20, marginTop: 2 }}>
        <span
          aria-hidden="true"
          style={{
            position: 'absolute',
            inset: 0,
            borderRadius: 10,
            background: track,
            outline: focused ? `2px solid ${token('color.border.focused')}` : 'none',
            outlineOffset: 2,
            transition: 'background 0.15s',
          }}
        >
          <span
            style={{ position: 'absolute', top: 2, left: checked ? 22 : 2, width: 16, height: 16, borderRadius: '50%', background: token('elevation.surface'), transition: 'left 0.15s' }}
          />
        </span>
        <input
          type="checkbox"
          role="switch"
          id={id}
          name={name}
          checked={checked}
          onChange={(event) => onChange(event.currentTarget.checked)}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          aria-describedby={description ? `${id}-description` : undefined}
          data-testid={testId}
          style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', margin: 0, opacity: 0, cursor: 'pointer' }}
        />
      </span>
      <span style={{ display: 'flex', flexDirection: 'column', gap: token('space.025') }}>
        <label htmlFor={id} style={{ fontWeight: token('font.weight.semibold'), cursor: 'pointer' }}>
          {label}{' '}
          <span aria-hidden="true" style={{ color: token('color.text.subtle'), fontWeight: token('font.weight.regular') }}>
            {checked ? 'On' : 'Off'}
          </span>
        </label>
        {description && (
          <span id={`${id}-description`} style={{ color: token('color.text.subtlest'), font: token('font.body.small') }}>
            {description}
          </span>
        )}
      </span>
    </div>
  );
}
