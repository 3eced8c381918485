import Button, { IconButton } from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import AddIcon from '@atlaskit/icon/core/add';
import ArrowDownIcon from '@atlaskit/icon/core/arrow-down';
import ArrowUpIcon from '@atlaskit/icon/core/arrow-up';
import CrossIcon from '@atlaskit/icon/core/cross';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { useId, useRef, useState } from 'react';
import { addOption, changeOption, moveOption, removeOption, type OptionItem } from './options';
import { TextInput } from '../../components/inputs';
import { errorText, muted, row, subtle } from './styles';

export interface OptionsEditorProps {
  items: OptionItem[];
  onChange: (items: OptionItem[]) => void;
  /** The problem of the whole list, and those of single choices by index. */
  error?: string;
  optionErrors: Record<number, string>;
}

/**
 * The choices of a select field: rename, move (buttons, focus stays on the one pressed), retire or
 * remove existing ones (a removal shows until saved and can be undone), add new ones (Enter adds).
 */
export function OptionsEditor({ items, onChange, error, optionErrors }: OptionsEditorProps) {
  const id = useId();
  const list = useRef<HTMLOListElement>(null);
  const newInput = useRef<HTMLInputElement>(null);
  const [label, setLabel] = useState('');
  const add = () => {
    if (label.trim()) onChange(addOption(items, label));
    setLabel('');
    newInput.current?.focus();
  };
  const move = (i: number, step: -1 | 1) => {
    onChange(moveOption(items, i, step));
    // The button of the row that moved, where it is now.
    window.setTimeout(() => list.current?.children[i + step]?.querySelector<HTMLButtonElement>(`[data-testid="${step < 0 ? 'option-up' : 'option-down'}"]:not([disabled])`)?.focus(), 0);
  };
  return (
    <div role="group" aria-labelledby={`${id}-title`} data-testid="options-editor" style={{ display: 'flex', flexDirection: 'column', gap: token('space.100') }}>
      <Heading size="xsmall" as="h5" id={`${id}-title`}>
        Choices
      </Heading>
      <p style={subtle}>People pick from these. Retire a choice to stop offering it while keeping it on profiles that already have it.</p>
      <ol ref={list} data-testid="option-list" style={{ display: 'flex', flexDirection: 'column', gap: token('space.050'), margin: 0, paddingLeft: token('space.300') }}>
        {items.map((item, i) => (
          <li key={item.uid} data-testid="option-row" data-removed={item.removed ? 'true' : undefined}>
            <span style={row}>
              <span style={{ flex: '1 1 180px', minWidth: 0 }}>
                <TextInput
                  testId="option-label"
                  aria-label={`Choice ${i + 1}`}
                  value={item.label}
                  maxLength={100}
                  disabled={item.removed}
                  aria-invalid={optionErrors[i] ? true : undefined}
                  onChange={(event) => onChange(changeOption(items, i, { label: event.currentTarget.value }))}
                  style={{ textDecoration: item.removed ? 'line-through' : undefined, color: item.retired || item.removed ? token('color.text.subtlest') : undefined }}
                />
              </span>
              {item.id && !item.removed && <Checkbox label="Retired" testId="option-retired" isChecked={item.retired} onChange={(event) => onChange(changeOption(items, i, { retired: event.currentTarget.checked }))} />}
              {item.removed ? (
                <>
                  <span style={muted}>Removed when you save.</span>
                  <Button appearance="subtle" spacing="compact" testId="option-undo" onClick={() => onChange(changeOption(items, i, { removed: false }))}>
                    Undo
                  </Button>
                </>
              ) : (
                <>
                  <IconButton icon={ArrowUpIcon} label={`Move choice ${i + 1} up`} appearance="subtle" spacing="compact" isDisabled={i === 0} testId="option-up" onClick={() => move(i, -1)} />
                  <IconButton icon={ArrowDownIcon} label={`Move choice ${i + 1} down`} appearance="subtle" spacing="compact" isDisabled={i === items.length - 1} testId="option-down" onClick={() => move(i, 1)} />
                  <IconButton icon={CrossIcon} label={`Remove choice ${i + 1}`} appearance="subtle" spacing="compact" testId="option-remove" onClick={() => onChange(removeOption(items, i))} />
                </>
              )}
            </span>
            <div role="alert" data-testid="option-error" style={errorText}>
              {optionErrors[i] ?? ''}
            </div>
          </li>
        ))}
        {!items.length && <li style={muted}>No choices yet.</li>}
      </ol>
      <span style={row}>
        <label htmlFor={`${id}-new`} className="rc-assistive">
          New choice
        </label>
        <span style={{ flex: '0 1 260px', minWidth: 0 }}>
          <TextInput
            ref={newInput}
            id={`${id}-new`}
            testId="option-new"
            placeholder="New choice"
            maxLength={100}
            value={label}
            onChange={(event) => setLabel(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                add();
              }
            }}
          />
        </span>
        <Button spacing="compact" iconBefore={AddIcon} testId="option-add" onClick={add}>
          Add choice
        </Button>
      </span>
      <div role="alert" data-testid="error-options" style={errorText}>
        {error ?? ''}
      </div>
    </div>
  );
}
