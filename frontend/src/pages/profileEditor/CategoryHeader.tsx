import Button, { IconButton } from '@atlaskit/button/new';
import ArrowDownIcon from '@atlaskit/icon/core/arrow-down';
import ArrowUpIcon from '@atlaskit/icon/core/arrow-up';
import DeleteIcon from '@atlaskit/icon/core/delete';
import DragHandleIcon from '@atlaskit/icon/core/drag-handle-vertical';
import EditIcon from '@atlaskit/icon/core/edit';
import LockLockedIcon from '@atlaskit/icon/core/lock-locked';
import LockUnlockedIcon from '@atlaskit/icon/core/lock-unlocked';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import { useEffect, useRef, useState } from 'react';
import type { Category } from '../../api/profileSchema';
import { fieldCount } from './preview';
import { RenameForm } from './RenameForm';
import { handle, muted } from './styles';
import type { EditorState } from './useProfileEditor';

export interface CategoryHeaderProps {
  category: Category;
  index: number;
  count: number;
  titleId: string;
  state: EditorState;
  groupsOpen: boolean;
  onToggleGroups: () => void;
}

/**
 * A category's header: the drag handle (the header is what is dragged, unless renaming), the name
 * or its rename form, the "Restricted to" lozenge, the field count, and the buttons: move up and
 * down (the keyboard's way to reorder), Visibility, Delete.
 */
export function CategoryHeader({ category, index, count, titleId, state, groupsOpen, onToggleGroups }: CategoryHeaderProps) {
  const [renaming, setRenaming] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);
  useEffect(() => {
    if (wasRenaming.current && !renaming) renameButton.current?.focus();
    wasRenaming.current = renaming;
  }, [renaming]);
  const { id, name } = category;
  const groups = category.restrictedToGroups.map((g) => g.name);
  const last = index === (state.schema?.categories.length ?? 0) - 1;
  const confirming = state.confirming?.kind === 'category' && state.confirming.id === id;
  return (
    <header data-testid="category-header" draggable={!renaming} style={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: token('space.100'), padding: `${token('space.100')} ${token('space.150')}`, backgroundColor: token('color.background.neutral.subtle.hovered'), borderBottom: `1px solid ${token('color.border')}`, cursor: renaming ? 'auto' : 'grab' }}>
      <span data-testid="category-handle" title="Drag to move the category" style={handle}>
        <DragHandleIcon label="" />
      </span>
      {renaming ? (
        <RenameForm name={name} onSave={(next) => state.saveCategory(id, { name: next }, () => `Category renamed to ${next}.`)} onClose={() => setRenaming(false)} />
      ) : (
        <>
          <Heading size="small" as="h3" id={titleId} testId="category-name">
            {name}
          </Heading>
          <IconButton ref={renameButton} icon={EditIcon} label={`Rename ${name}`} appearance="subtle" spacing="compact" testId="category-rename" onClick={() => setRenaming(true)} />
        </>
      )}
      {groups.length > 0 && (
        <span data-testid="category-restricted" title="Only members of these groups see this category" style={{ display: 'inline-flex', alignItems: 'center', gap: token('space.050') }}>
          <LockLockedIcon label="" size="small" color={token('color.icon.warning')} />
          <Lozenge appearance="moved">{`Restricted to: ${groups.join(', ')}`}</Lozenge>
        </span>
      )}
      <span data-testid="category-count" style={muted}>
        {fieldCount(count)}
      </span>
      <span style={{ display: 'flex', alignItems: 'center', gap: token('space.025'), marginLeft: 'auto' }}>
        <IconButton icon={ArrowUpIcon} label={`Move ${name} up`} appearance="subtle" spacing="compact" isDisabled={index === 0} testId="category-move-up" onClick={() => state.placeCategory(id, index - 1, 'category-move-up')} />
        <IconButton icon={ArrowDownIcon} label={`Move ${name} down`} appearance="subtle" spacing="compact" isDisabled={last} testId="category-move-down" onClick={() => state.placeCategory(id, index + 1, 'category-move-down')} />
        <Button appearance="subtle" spacing="compact" iconBefore={groups.length ? LockLockedIcon : LockUnlockedIcon} aria-expanded={groupsOpen} testId="category-groups-toggle" onClick={onToggleGroups}>
          Visibility
        </Button>
        <IconButton icon={DeleteIcon} label={`Delete ${name}`} appearance="subtle" spacing="compact" isDisabled={confirming} testId="category-delete" onClick={() => state.confirm({ kind: 'category', id })} />
      </span>
    </header>
  );
}
