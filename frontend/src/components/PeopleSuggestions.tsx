import { token } from '@atlaskit/tokens';
import { Avatar } from './Avatar';
import type { PeopleSearch, Person } from './usePeopleSearch';

/** A picture the people search gave: absolute, or relative to the Confluence site; null when neither. */
export function pictureOf(url: string | null | undefined, siteUrl: string | undefined): string | null {
  if (!url) return null;
  try {
    const absolute = new URL(url, siteUrl || undefined).toString();
    return /^https?:/.test(absolute) ? absolute : null;
  } catch {
    return null;
  }
}

const note = { padding: `${token('space.075')} ${token('space.150')}`, color: token('color.text.subtle') };

/** The picker's list of suggestions (a listbox; the input keeps the focus and names the active one). */
export function PeopleSuggestions({ id, search, siteUrl, onChoose }: { id: string; search: PeopleSearch; siteUrl?: string; onChoose: (person: Person) => void }) {
  return (
    <ul
      id={id}
      role="listbox"
      hidden={!search.open}
      data-testid="user-suggestions"
      style={{ position: 'absolute', zIndex: 10, left: 0, right: 0, top: '100%', margin: `${token('space.050')} 0 0`, padding: `${token('space.050')} 0`, listStyle: 'none', backgroundColor: token('elevation.surface.overlay'), boxShadow: token('elevation.shadow.overlay'), borderRadius: token('radius.small', '3px'), maxHeight: '260px', overflowY: 'auto' }}
    >
      {search.failure && (
        <li role="presentation" style={note}>
          {search.failure}
        </li>
      )}
      {!search.failure && !search.suggestions.length && (
        <li role="presentation" data-testid="user-suggestion-none" style={note}>
          {`No one matches “${search.query}”.`}
        </li>
      )}
      {search.suggestions.map((person, i) => {
        const name = person.displayName || person.accountId;
        const active = i === search.active;
        return (
          <li
            key={person.accountId}
            id={`${id}-${i}`}
            role="option"
            aria-selected={active}
            data-testid="user-suggestion"
            data-account-id={person.accountId}
            onMouseDown={(event) => event.preventDefault() /* the focus stays in the input */}
            onClick={() => onChoose({ accountId: person.accountId, displayName: name })}
            onMouseEnter={() => search.setActive(i)}
            style={{ display: 'flex', alignItems: 'center', gap: token('space.100'), padding: `${token('space.075')} ${token('space.150')}`, cursor: 'pointer', backgroundColor: active ? token('color.background.neutral.subtle.hovered') : undefined, boxShadow: active ? `inset 2px 0 0 ${token('color.border.selected')}` : undefined }}
          >
            <Avatar name={name} src={pictureOf(person.pictureUrl, siteUrl)} size="small" />
            <span>{name}</span>
          </li>
        );
      })}
    </ul>
  );
}
