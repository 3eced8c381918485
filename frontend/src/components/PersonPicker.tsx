import { token } from '@atlaskit/tokens';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { FieldControlProps } from './FormField';
import { Avatar } from './Avatar';
import { TextInput } from './inputs';
import { PeopleSuggestions } from './PeopleSuggestions';
import { usePeopleSearch, type Person } from './usePeopleSearch';

export type { Person } from './usePeopleSearch';

export interface PersonPickerProps {
  /** The field's label (names the list of chosen people). */
  label: string;
  /** Several people (a multi-user field); one otherwise, and choosing another replaces them. */
  multi: boolean;
  value: Person[];
  onChange: (people: Person[]) => void;
  /** From FormField: the input's id and aria attributes. */
  control: FieldControlProps;
  /** The input's test id. */
  testId: string;
  /** The Confluence site, for pictures the people search gives as site-relative paths. */
  siteUrl?: string;
}

/**
 * A person picker: chips for the chosen people and a combobox that searches the people Rollcall
 * knows. Arrow keys move through the suggestions, Enter picks one (never submits the form), Escape
 * closes them, Backspace in the empty input removes the last chip.
 */
export function PersonPicker({ label, multi, value, onChange, control, testId, siteUrl }: PersonPickerProps) {
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const search = usePeopleSearch(value);
  const choose = (person: Person) => {
    onChange(multi ? (value.some((p) => p.accountId === person.accountId) ? value : [...value, person]) : [person]);
    setText('');
    search.close();
    input.current?.focus();
  };
  const remove = (accountId: string) => {
    onChange(value.filter((p) => p.accountId !== accountId));
    input.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = search.suggestions.length;
    if (event.key === 'ArrowDown' && count) {
      event.preventDefault();
      search.setActive((search.active + 1) % count);
    } else if (event.key === 'ArrowUp' && count) {
      event.preventDefault();
      search.setActive((search.active - 1 + count) % count);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const person = search.suggestions[search.active];
      if (person) choose({ accountId: person.accountId, displayName: person.displayName || person.accountId });
    } else if (event.key === 'Escape' && search.open) {
      event.preventDefault();
      search.close();
    } else if (event.key === 'Backspace' && !text && value.length) {
      onChange(value.slice(0, -1));
    }
  };
  const placeholder = !multi && value.length ? 'Type to choose someone else' : multi ? 'Add a person: type a name or email' : 'Type a name or email';
  return (
    <div data-testid="user-picker" style={{ display: 'flex', flexDirection: 'column', gap: token('space.075'), maxWidth: '500px' }}>
      <ul aria-label={`${label}: chosen people`} data-testid="user-chips" style={{ display: 'flex', flexWrap: 'wrap', gap: token('space.050'), margin: 0, padding: 0, listStyle: 'none' }}>
        {value.map((person) => (
          <li key={person.accountId} data-testid="user-chip" data-account-id={person.accountId} style={{ display: 'inline-flex', alignItems: 'center', gap: token('space.050'), padding: `2px ${token('space.050')} 2px 2px`, borderRadius: '999px', backgroundColor: token('color.background.neutral') }}>
            <Avatar name={person.displayName} size="small" />
            <span>{person.displayName}</span>
            <button type="button" title={`Remove ${person.displayName}`} aria-label={`Remove ${person.displayName}`} data-testid="user-chip-remove" onClick={() => remove(person.accountId)} style={{ border: 0, background: 'none', color: token('color.icon.subtle'), cursor: 'pointer', fontSize: '16px', lineHeight: 1, padding: `0 ${token('space.025')}` }}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <div style={{ position: 'relative' }}>
        <TextInput
          {...control}
          ref={input}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={search.open}
          aria-controls={listId}
          aria-activedescendant={search.open && search.active >= 0 ? `${listId}-${search.active}` : undefined}
          placeholder={placeholder}
          testId={testId}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            search.find(event.target.value);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => window.setTimeout(search.close, 150)}
        />
        <PeopleSuggestions id={listId} search={search} siteUrl={siteUrl} onChoose={choose} />
      </div>
    </div>
  );
}
