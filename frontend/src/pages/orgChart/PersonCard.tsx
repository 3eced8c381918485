import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import type { KeyboardEvent } from 'react';
import type { OrgChart, OrgPerson } from '../../api/orgChart';
import { Avatar } from '../../components/Avatar';
import { pictureOf } from '../../components/PeopleSuggestions';
import { PersonLink, profileHref } from '../../components/PersonLink';
import { CARD_HEIGHT, CARD_WIDTH } from './layout';

export interface PersonCardProps {
  person: OrgPerson;
  cardFields: OrgChart['cardFields'];
  x: number;
  y: number;
  depth: number;
  /** The person the chart was opened on. */
  focus: boolean;
  /** The card the keyboard is on (the one card in the tab order). */
  selected: boolean;
  /** Null: nobody below (or not known); otherwise whether their reports are shown. */
  expanded: boolean | null;
  /** On the chain above the focus: more reports than the one shown may be opened. */
  onChain: boolean;
  loading: boolean;
  profileLink?: string;
  siteUrl?: string;
  onToggle(): void;
  onSelect(): void;
  onKey(event: KeyboardEvent<HTMLDivElement>): void;
}

/** The name a card shows for a person Confluence gave no name. */
export const nameOf = (person: OrgPerson) => person.displayName ?? 'Unknown person';

/** The words under a person's name on the card's toggle. */
export function reportsText(person: OrgPerson, onChain: boolean): string | null {
  if (person.directReports !== undefined) {
    if (person.directReports === 0) return null;
    const direct = `${person.directReports.toLocaleString()} ${person.directReports === 1 ? 'report' : 'reports'}`;
    return person.totalReports && person.totalReports > person.directReports ? `${direct} · ${person.totalReports.toLocaleString()} in all` : direct;
  }
  return onChain ? 'All reports' : null;
}

/**
 * One person on the chart: picture, name (a link to their profile), the card fields, marks for
 * people who left the directory or are no longer on the site, and the button that opens or closes
 * their reports. A treeitem of the chart's tree: arrow keys move between cards, Enter opens.
 */
export function PersonCard(props: PersonCardProps) {
  const { person, cardFields, focus, selected, expanded, onChain, loading } = props;
  const name = nameOf(person);
  const toggleText = reportsText(person, onChain);
  return (
    <div
      role="treeitem"
      aria-level={props.depth + 1}
      aria-expanded={expanded === null ? undefined : expanded}
      aria-selected={selected}
      aria-label={name}
      tabIndex={selected ? 0 : -1}
      data-testid="org-card"
      data-account-id={person.accountId}
      data-focus={focus ? 'true' : undefined}
      className="org-card"
      onKeyDown={props.onKey}
      onFocus={props.onSelect}
      style={{
        position: 'absolute',
        left: props.x,
        top: props.y,
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        boxSizing: 'border-box',
        display: 'flex',
        gap: token('space.100'),
        padding: token('space.100'),
        borderRadius: token('radius.medium'),
        backgroundColor: focus ? token('color.background.selected') : token('elevation.surface.raised'),
        boxShadow: token('elevation.shadow.raised'),
        border: `${focus ? 2 : 1}px solid ${focus ? token('color.border.selected') : token('color.border')}`,
        outlineOffset: 2,
        opacity: person.leftDirectory || !person.active ? 0.75 : 1,
      }}
    >
      <Avatar name={name} src={pictureOf(person.pictureUrl, props.siteUrl)} size="small" />
      <div style={{ minWidth: 0, flex: 1, display: 'flex', flexDirection: 'column', gap: 2, fontSize: 12, lineHeight: '16px' }}>
        <span style={{ fontWeight: token('font.weight.semibold'), fontSize: 14, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
          <PersonLink accountId={person.accountId} name={name} href={profileHref(props.profileLink, person.accountId)} tabIndex={-1} />
        </span>
        {cardFields.map((f) =>
          person.values[f.key] ? (
            <span key={f.key} title={`${f.label}: ${person.values[f.key]}`} style={{ color: token('color.text.subtle'), whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
              {person.values[f.key]}
            </span>
          ) : null,
        )}
        <span style={{ display: 'flex', gap: 4, alignItems: 'center', marginTop: 'auto' }}>
          {person.leftDirectory && <Lozenge appearance="moved">Left the directory</Lozenge>}
          {!person.onSite && <Lozenge appearance="removed">Not on the site</Lozenge>}
          {person.onSite && !person.active && <Lozenge appearance="default">Deactivated</Lozenge>}
          {toggleText && (
            <button
              type="button"
              tabIndex={-1}
              className="org-toggle"
              data-testid="org-toggle"
              aria-expanded={expanded === true}
              aria-label={`${expanded ? 'Hide' : 'Show'} the reports of ${name}`}
              onClick={props.onToggle}
              style={{ marginLeft: 'auto', border: 'none', background: 'none', padding: 0, cursor: 'pointer', color: token('color.link'), font: 'inherit' }}
            >
              {loading ? 'Loading…' : `${expanded ? '▾' : '▸'} ${toggleText}`}
            </button>
          )}
        </span>
      </div>
    </div>
  );
}
