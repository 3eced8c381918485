import { Checkbox } from '@atlaskit/checkbox';
import { token } from '@atlaskit/tokens';
import { forwardRef, useId } from 'react';
import { bodyCell } from '../../../components/DataTable';
import { TextInput } from '../../../components/inputs';
import type { Field } from '../../../api/profileSchema';
import type { RowEdit } from './edits';
import { fieldTypeLabel } from '../../../components/fieldTypes';
import { canWriteBack, rowHint, suggestionsFor, type SourceKindWord } from './rules';

export interface MappingRowProps {
  field: Field;
  kind: SourceKindWord;
  matchBy: 'email' | 'accountId';
  edit: RowEdit;
  error: string;
  /** What the other rows map (left out of this row's suggestions). */
  used: readonly string[];
  onAttribute(attribute: string): void;
  onWriteBack(on: boolean): void;
}

const muted = { color: token('color.text.subtle') };
// Text cells start level with the input's text (the input is 32 px high).
const besideInput = { paddingTop: token('space.100') };

/**
 * One profile field: its label (naming the input), type, attribute or record path with
 * suggestions, hint and error, and for LDAP the write-back tick (shown once an attribute is mapped;
 * disabled, with why, for fields that cannot be written back).
 */
export const MappingRow = forwardRef<HTMLInputElement, MappingRowProps>(function MappingRow({ field, kind, matchBy, edit, error, used, onAttribute, onWriteBack }, ref) {
  const id = useId();
  const hint = rowHint(field, kind, matchBy);
  const eligible = canWriteBack(field);
  const mapped = edit.attribute.trim() !== '';
  const described = [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
  return (
    <tr data-testid="mapping-row" data-field-key={field.key} data-write-back-allowed={eligible ? 'true' : 'false'}>
      <th scope="row" style={{ ...bodyCell, ...besideInput, textAlign: 'left', fontWeight: token('font.weight.medium') }}>
        <label htmlFor={id} id={`${id}-label`} data-testid="mapping-label">
          {field.label}
        </label>
      </th>
      <td style={{ ...bodyCell, ...besideInput, ...muted }} data-testid="mapping-type">
        {fieldTypeLabel(field.type)}
      </td>
      <td style={{ ...bodyCell, minWidth: 220 }}>
        <TextInput
          ref={ref}
          id={id}
          name="attribute"
          list={`${id}-suggestions`}
          value={edit.attribute}
          placeholder="Not mapped"
          spellCheck={false}
          data-field-key={field.key}
          testId="mapping-input"
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          onChange={(event) => onAttribute(event.currentTarget.value)}
        />
        <datalist id={`${id}-suggestions`}>
          {suggestionsFor(kind, used, edit.attribute).map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        {hint && (
          <div id={`${id}-hint`} style={{ color: token('color.text.subtlest'), font: token('font.body.small'), marginTop: token('space.050') }}>
            {hint}
          </div>
        )}
        <div id={`${id}-error`} role="alert" data-testid="mapping-error" style={{ color: token('color.text.danger'), font: token('font.body.small') }}>
          {error}
        </div>
      </td>
      {kind === 'ldap' && (
        <td style={{ ...bodyCell, paddingTop: token('space.075') }} data-testid="mapping-write-back-cell">
          {mapped && (
            <>
              <Checkbox
                testId="mapping-write-back"
                name="writeBack"
                isChecked={eligible && edit.writeBack}
                isDisabled={!eligible}
                onChange={(event) => onWriteBack(event.currentTarget.checked)}
                label={<span data-testid="mapping-write-back-label">Write data entered by the user into the corresponding LDAP attribute</span>}
                // The same words on every row: the field's label tells a screen reader which row it is.
                aria-describedby={eligible ? `${id}-label` : `${id}-label ${id}-write-back-na`}
                data-field-key={field.key}
              />
              {!eligible && (
                <div id={`${id}-write-back-na`} style={{ color: token('color.text.subtlest'), font: token('font.body.small'), marginTop: token('space.050') }}>
                  Only text-like fields (text, multiline, email, phone, URL, number, date) can be written back.
                </div>
              )}
            </>
          )}
        </td>
      )}
    </tr>
  );
});
