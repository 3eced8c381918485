import { IconButton } from '@atlaskit/button/new';
import ArrowDownIcon from '@atlaskit/icon/core/arrow-down';
import ArrowUpIcon from '@atlaskit/icon/core/arrow-up';
import DeleteIcon from '@atlaskit/icon/core/delete';
import DragHandleIcon from '@atlaskit/icon/core/drag-handle-vertical';
import EditIcon from '@atlaskit/icon/core/edit';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import type { Field } from '../../api/profileSchema';
import { ConfirmBox } from '../../components/ConfirmBox';
import { useFieldHelp } from '../../components/FieldHelp';
import type { DropMark } from './dropTarget';
import { typeInfo } from './fieldForm';
import { choicesText } from './options';
import { stepPlace } from './order';
import { dropLine, errorText, handle, muted } from './styles';
import type { EditorState } from './useProfileEditor';

export interface FieldRowProps {
  field: Field;
  state: EditorState;
  mark: DropMark | null;
  dragging: boolean;
}

/**
 * A field in the list: drag handle (the row is dragged, except while its help panel is open, so
 * its text can be selected), label with its help, type and markers, and the buttons: move up and
 * down (on into the neighbouring category), edit, delete (not for default fields) with its
 * confirmation; a failed move or delete says why below.
 */
export function FieldRow({ field, state, mark, dragging }: FieldRowProps) {
  const { key, label } = field;
  const help = useFieldHelp(field.helpText, label, 'field-help');
  const schema = state.schema!;
  const info = typeInfo(state.types, field.type);
  const editing = state.form?.mode === 'edit' && state.form.key === key;
  const confirming = state.confirming?.kind === 'field' && state.confirming.key === key;
  const where = mark?.kind === 'field' && mark.key === key ? mark.where : undefined;
  return (
    <li
      draggable={!help.open}
      data-field-key={key}
      data-testid="field-row"
      data-pending={state.pending[`field:${key}`] ? 'true' : undefined}
      data-drop={where}
      style={{ padding: `${token('space.100')} ${token('space.150')}`, borderTop: `1px solid ${token('color.border')}`, opacity: dragging ? 0.4 : 1, backgroundColor: editing ? token('color.background.selected') : undefined, ...dropLine(where) }}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: token('space.100') }}>
        <span data-testid="field-handle" title="Drag to move the field" style={handle}>
          <DragHandleIcon label="" />
        </span>
        <span style={{ display: 'flex', flexDirection: 'column', gap: token('space.025'), flex: '1 1 auto', minWidth: 0 }}>
          <span style={{ display: 'flex', alignItems: 'center', overflowWrap: 'anywhere' }}>
            <span data-testid="field-label" style={{ fontWeight: token('font.weight.medium'), color: token('color.text') }}>
              {label}
            </span>
            {help.icon}
          </span>
          <span style={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: token('space.075') }}>
            <span data-testid="field-type" style={muted}>
              {info.label}
            </span>
            {field.required && <Marker testId="field-required" title="People must fill it in" text="Required" appearance="inprogress" />}
            {!field.shownInProfile && <Marker testId="field-hidden" title="Not shown in profiles" text="Hidden" appearance="default" />}
            {field.builtin && <Marker testId="field-builtin" title="A default field: it can be renamed and moved, not deleted" text="Default" appearance="default" />}
            {field.orgChartSuperior && <Marker testId="field-superior" title="Names the person’s superior in the org chart" text="Org chart superior" appearance="success" />}
            {info.hasOptions && (
              <span data-testid="field-choices" style={muted}>
                {choicesText(field.options)}
              </span>
            )}
          </span>
        </span>
        <span style={{ display: 'flex', alignItems: 'center', gap: token('space.025') }}>
          <IconButton icon={ArrowUpIcon} label={`Move ${label} up`} appearance="subtle" spacing="compact" isDisabled={!stepPlace(schema, key, -1)} testId="field-move-up" onClick={() => state.stepField(key, -1)} />
          <IconButton icon={ArrowDownIcon} label={`Move ${label} down`} appearance="subtle" spacing="compact" isDisabled={!stepPlace(schema, key, 1)} testId="field-move-down" onClick={() => state.stepField(key, 1)} />
          <IconButton icon={EditIcon} label={`Edit ${label}`} appearance="subtle" spacing="compact" isDisabled={editing} testId="field-edit" onClick={() => state.openForm({ mode: 'edit', key, categoryId: field.categoryId })} />
          {field.builtin ? (
            // Keeps the buttons of every row in the same columns.
            <span aria-hidden="true" style={{ width: '24px' }} />
          ) : (
            <IconButton icon={DeleteIcon} label={`Delete ${label}`} appearance="subtle" spacing="compact" isDisabled={confirming} testId="field-delete" onClick={() => state.confirm({ kind: 'field', key })} />
          )}
        </span>
      </div>
      {help.panel}
      {confirming && (
        <div style={{ marginTop: token('space.100') }}>
          <ConfirmBox testId="confirm-delete" question={`Delete the field “${label}”?`} confirmLabel="Delete" busy={!!state.pending[`field:${key}`]} onConfirm={() => void state.deleteField(field)} onCancel={() => state.confirm(null)}>
            Its values are removed from every profile. This cannot be undone.
          </ConfirmBox>
        </div>
      )}
      {state.fieldErrors[key] && (
        <div role="alert" data-testid="field-error" style={{ ...errorText, marginTop: token('space.050') }}>
          {state.fieldErrors[key]}
        </div>
      )}
    </li>
  );
}

function Marker({ testId, title, text, appearance }: { testId: string; title: string; text: string; appearance: 'default' | 'inprogress' | 'success' }) {
  return (
    <span data-testid={testId} title={title}>
      <Lozenge appearance={appearance}>{text}</Lozenge>
    </span>
  );
}
