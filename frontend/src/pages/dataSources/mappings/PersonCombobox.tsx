import { token } from '@atlaskit/tokens';
import { useEffect, useRef, useState, type KeyboardEvent, type MutableRefObject } from 'react';
import { messageOf } from '../../../api/errors';
import type { PersonFound } from '../../../api/people';
import { useServices } from '../../../app/HostContext';
import type { FieldControlProps } from '../../../components/FormField';
import { TextInput } from '../../../components/inputs';

export interface PersonComboboxProps {
  control: FieldControlProps;
  chosen: PersonFound | null;
  onChoose(person: PersonFound | null): void;
  /** The search failed: the field shows why. */
  onSearchError(message: string): void;
  /** The input, for the form to focus it. */
  inputRef: MutableRefObject<HTMLInputElement | null>;
}

const SEARCH_DELAY_MS = 200;

/**
 * A person of the site, typed and chosen from a list (ARIA combobox with a listbox: arrows move,
 * Enter chooses, Escape closes). People come from the people search as one types; typing again
 * forgets the choice.
 */
export function PersonCombobox({ control, chosen, onChoose, onSearchError, inputRef: input }: PersonComboboxProps) {
  const { api } = useServices();
  const [text, setText] = useState('');
  const [options, setOptions] = useState<PersonFound[] | null>(null);
  const [active, setActive] = useState(-1);
  const seq = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  const listId = `${control.id}-people`;
  const open = options !== null;

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const search = (query: string) => {
    const mine = ++seq.current;
    api.people.search(query.trim()).then(
      (people) => {
        if (mine === seq.current && document.activeElement === input.current) {
          setOptions(people);
          setActive(-1);
        }
      },
      (error: unknown) => {
        if (mine !== seq.current) return;
        setOptions(null);
        onSearchError(`People could not be searched: ${messageOf(error)}`);
      },
    );
  };
  const close = () => {
    setOptions(null);
    setActive(-1);
  };
  const choose = (person: PersonFound) => {
    setText(person.displayName || person.accountId);
    onChoose(person);
    close();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!options) return search(text);
      if (options.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((active + step + options.length) % options.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (options && active >= 0 && options[active]) choose(options[active]);
      else if (options?.length === 1) choose(options[0]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      close();
    }
  };

  useEffect(() => {
    if (active >= 0) document.getElementById(`${listId}-${active}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active, listId]);

  return (
    <>
      <TextInput
        {...control}
        ref={input}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        spellCheck={false}
        placeholder="Start typing a name or email"
        testId="write-test-user"
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          onChoose(null);
          window.clearTimeout(timer.current);
          const query = event.currentTarget.value;
          timer.current = window.setTimeout(() => search(query), SEARCH_DELAY_MS);
        }}
        onFocus={() => {
          if (!chosen) search(text);
        }}
        onBlur={() => window.setTimeout(close, 150)}
        onKeyDown={onKeyDown}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="People"
        data-testid="write-test-options"
        hidden={!open}
        style={{ listStyle: 'none', margin: 0, padding: token('space.050'), maxHeight: 240, overflowY: 'auto', border: `1px solid ${token('color.border')}`, borderRadius: token('radius.small'), background: token('elevation.surface.overlay'), boxShadow: token('elevation.shadow.overlay') }}
      >
        {options?.map((person, i) => (
          <li
            key={person.accountId}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            data-testid="write-test-option"
            data-account-id={person.accountId}
            onMouseDown={(event) => {
              event.preventDefault(); // the focus stays in the input
              choose(person);
            }}
            style={{ display: 'flex', justifyContent: 'space-between', gap: token('space.100'), padding: `${token('space.075')} ${token('space.100')}`, cursor: 'pointer', borderRadius: token('radius.small'), background: i === active ? token('color.background.selected') : undefined }}
          >
            <span>{person.displayName || person.accountId}</span>
            <span style={{ color: token('color.text.subtlest') }}>{person.accountId}</span>
          </li>
        ))}
        {options?.length === 0 && (
          <li data-testid="write-test-no-option" style={{ padding: token('space.075'), color: token('color.text.subtle') }}>
            Nobody in this site matches.
          </li>
        )}
      </ul>
    </>
  );
}
