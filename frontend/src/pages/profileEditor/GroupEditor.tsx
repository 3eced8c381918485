import Button, { IconButton } from '@atlaskit/button/new';
import CrossIcon from '@atlaskit/icon/core/cross';
import { Label } from '@atlaskit/form';
import { token } from '@atlaskit/tokens';
import { useEffect, useId, useRef, useState } from 'react';
import type { Category, Group } from '../../api/profileSchema';
import { TextInput } from '../../components/inputs';
import { errorText, subtle } from './styles';
import { useGroupSearch } from './useGroupSearch';
import type { EditorState } from './useProfileEditor';

export interface GroupEditorProps {
  category: Category;
  state: EditorState;
  onDone: () => void;
}

/**
 * Who sees a category: its groups as removable chips, and a combobox searching Confluence's
 * groups (arrow keys choose, Enter adds, Escape closes the list). Each change is saved at once.
 */
export function GroupEditor({ category, state, onDone }: GroupEditorProps) {
  const id = useId();
  const listId = `${id}-suggestions`;
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  const groups = category.restrictedToGroups;
  const search = useGroupSearch(groups);
  const { suggestions } = search;
  useEffect(() => input.current?.focus(), []);

  const save = async (next: Group[], said: string) => {
    setError('');
    setSaving(true);
    const failed = await state.saveCategory(category.id, { restrictedToGroups: next }, () => said);
    setSaving(false);
    if (failed) setError(failed.messageFor('restrictedToGroups') ?? failed.message);
    // After the input is enabled again.
    window.setTimeout(() => input.current?.focus(), 0);
  };
  const choose = (group: Group) => {
    search.clear();
    if (!groups.some((g) => g.id === group.id)) void save([...groups, { id: group.id, name: group.name }], `Added ${group.name}.`);
  };

  return (
    <form noValidate data-testid="group-editor" data-pending={saving ? 'true' : undefined} onSubmit={(event) => event.preventDefault()} style={{ display: 'flex', flexDirection: 'column', gap: token('space.100'), padding: token('space.150'), borderBottom: `1px solid ${token('color.border')}`, backgroundColor: token('color.background.neutral.subtle') }}>
      <p data-testid="group-editor-status" style={subtle}>
        {groups.length ? 'Only members of these groups see this category. Remove them all to show it to everyone.' : 'Everyone can see this category. Add groups to show it only to their members.'}
      </p>
      <ul data-testid="group-chips" aria-label="Groups that see this category" style={{ display: 'flex', flexWrap: 'wrap', gap: token('space.050'), margin: 0, padding: 0, listStyle: 'none' }}>
        {groups.map((group) => (
          <li key={group.id} style={{ display: 'inline-flex', alignItems: 'center', gap: token('space.025'), paddingLeft: token('space.100'), borderRadius: token('radius.small'), backgroundColor: token('color.background.neutral'), color: token('color.text') }}>
            <span data-testid="group-chip">{group.name}</span>
            <IconButton icon={CrossIcon} label={`Remove ${group.name}`} appearance="subtle" spacing="compact" testId="group-chip-remove" onClick={() => void save(groups.filter((g) => g.id !== group.id), `Removed ${group.name}.`)} />
          </li>
        ))}
      </ul>
      <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.050'), maxWidth: '360px', position: 'relative' }}>
        <Label htmlFor={id}>Add a group</Label>
        <TextInput
          ref={input}
          id={id}
          testId="group-search"
          role="combobox"
          placeholder="Search for a group"
          aria-autocomplete="list"
          aria-expanded={suggestions.open}
          aria-controls={listId}
          aria-activedescendant={suggestions.open && suggestions.active >= 0 ? `${listId}-${suggestions.active}` : undefined}
          disabled={saving}
          value={search.query}
          onChange={(event) => search.setQuery(event.currentTarget.value)}
          onBlur={() => window.setTimeout(search.close, 150)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              search.step(event.key === 'ArrowDown' ? 1 : -1);
            } else if (event.key === 'Enter') {
              event.preventDefault();
              const group = suggestions.groups[suggestions.active];
              if (group) choose(group);
            } else if (event.key === 'Escape' && suggestions.open) {
              event.preventDefault();
              event.stopPropagation();
              search.close();
            }
          }}
        />
        <ul id={listId} role="listbox" data-testid="group-suggestions" hidden={!suggestions.open} style={{ display: suggestions.open ? 'block' : 'none', margin: 0, padding: `${token('space.050')} 0`, listStyle: 'none', borderRadius: token('radius.medium'), backgroundColor: token('elevation.surface.overlay'), boxShadow: token('elevation.shadow.overlay') }}>
          {suggestions.groups.map((group, i) => (
            <li
              key={group.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === suggestions.active}
              data-testid="group-suggestion"
              onMouseDown={(event) => {
                event.preventDefault(); // keep the focus in the input
                choose(group);
              }}
              style={{ padding: `${token('space.075')} ${token('space.150')}`, cursor: 'pointer', color: token('color.text'), backgroundColor: i === suggestions.active ? token('color.background.selected') : undefined }}
            >
              {group.name}
            </li>
          ))}
          {suggestions.note && (
            <li role="presentation" style={{ padding: `${token('space.075')} ${token('space.150')}`, color: token('color.text.subtle') }}>
              {suggestions.note}
            </li>
          )}
        </ul>
      </div>
      <div role="alert" data-testid="error-restrictedToGroups" style={errorText}>
        {error}
      </div>
      <div>
        <Button spacing="compact" testId="group-editor-done" onClick={onDone}>
          Done
        </Button>
      </div>
    </form>
  );
}
