import Button from '@atlaskit/button/new';
import AddIcon from '@atlaskit/icon/core/add';
import { token } from '@atlaskit/tokens';
import { Fragment, useEffect, useRef, useState } from 'react';
import type { Category, Field } from '../../api/profileSchema';
import { ConfirmBox } from '../../components/ConfirmBox';
import { CategoryHeader } from './CategoryHeader';
import type { Dragged, DropMark } from './dropTarget';
import { FieldForm } from './FieldForm';
import { FieldRow } from './FieldRow';
import { GroupEditor } from './GroupEditor';
import { fieldsOf } from './order';
import { dropLine, errorText, muted } from './styles';
import type { EditorState } from './useProfileEditor';

export interface CategoryCardProps {
  category: Category;
  index: number;
  state: EditorState;
  dragged: Dragged | null;
  mark: DropMark | null;
}

/**
 * One category: its header, the delete confirmation and any error, the visibility editor when
 * open, its fields in order (with the edit form below the field edited), and "Add field".
 */
export function CategoryCard({ category, index, state, dragged, mark }: CategoryCardProps) {
  const { id, name } = category;
  const [groupsOpen, setGroupsOpen] = useState(false);
  const section = useRef<HTMLElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (wasOpen.current && !groupsOpen) section.current?.querySelector<HTMLElement>('[data-testid="category-groups-toggle"]')?.focus();
    wasOpen.current = groupsOpen;
  }, [groupsOpen]);
  const schema = state.schema!;
  const fields = fieldsOf(schema, id);
  const titleId = `pe-category-title-${id}`;
  const form = state.form;
  const editedKey = form?.mode === 'edit' ? form.key : null;
  const adding = form?.mode === 'add' && form.categoryId === id;
  const confirming = state.confirming?.kind === 'category' && state.confirming.id === id;
  const inside = mark?.kind === 'inside' && mark.categoryId === id;
  const where = mark?.kind === 'category' && mark.id === id ? mark.where : undefined;
  const formItem = (field: Field | null) =>
    form && (
      <li style={{ padding: token('space.150'), borderTop: `1px solid ${token('color.border')}` }}>
        <FieldForm key={field?.key ?? 'add'} open={form} field={field} state={state} />
      </li>
    );
  return (
    <section
      ref={section}
      data-testid="category"
      data-category-id={id}
      data-pending={state.pending[`category:${id}`] ? 'true' : undefined}
      data-drop={where}
      aria-labelledby={titleId}
      style={{ border: `1px solid ${token('color.border')}`, borderRadius: token('radius.medium'), overflow: 'hidden', backgroundColor: token('elevation.surface'), opacity: dragged?.kind === 'category' && dragged.id === id ? 0.4 : 1, ...dropLine(where) }}
    >
      <CategoryHeader category={category} index={index} count={fields.length} titleId={titleId} state={state} groupsOpen={groupsOpen} onToggleGroups={() => setGroupsOpen(!groupsOpen)} />
      {confirming && (
        <div style={{ padding: token('space.150') }}>
          <ConfirmBox testId="confirm-delete" question={`Delete the category “${name}”?`} confirmLabel="Delete" busy={!!state.pending[`category:${id}`]} onConfirm={() => void state.deleteCategory(category)} onCancel={() => state.confirm(null)}>
            {fields.length ? 'It still holds fields: move or delete them first.' : 'This cannot be undone.'}
          </ConfirmBox>
        </div>
      )}
      <div role="alert" data-testid="category-error" style={{ ...errorText, padding: state.categoryErrors[id] ? `${token('space.100')} ${token('space.150')}` : 0 }}>
        {state.categoryErrors[id] ?? ''}
      </div>
      {groupsOpen && <GroupEditor category={category} state={state} onDone={() => setGroupsOpen(false)} />}
      <ol data-testid="field-list" aria-label={`Fields of ${name}`} data-drop={inside ? 'inside' : undefined} style={{ margin: 0, padding: 0, listStyle: 'none', backgroundColor: inside ? token('color.background.selected') : undefined, outline: inside ? `2px dashed ${token('color.border.selected')}` : undefined, outlineOffset: '-4px' }}>
        {fields.map((field) => (
          <Fragment key={field.key}>
            <FieldRow field={field} state={state} mark={mark} dragging={dragged?.kind === 'field' && dragged.key === field.key} />
            {editedKey === field.key && formItem(field)}
          </Fragment>
        ))}
        {!fields.length && (
          <li data-testid="fields-empty" style={{ ...muted, padding: `${token('space.200')} ${token('space.150')}` }}>
            No fields in this category yet. Add one, or drag a field here.
          </li>
        )}
        {adding && formItem(null)}
      </ol>
      {!adding && (
        <div style={{ padding: `${token('space.075')} ${token('space.100')}`, borderTop: `1px solid ${token('color.border')}` }}>
          <Button appearance="subtle" iconBefore={AddIcon} testId="add-field" onClick={() => state.openForm({ mode: 'add', categoryId: id })}>
            Add field
          </Button>
        </div>
      )}
    </section>
  );
}

