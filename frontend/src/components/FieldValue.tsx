import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import { Fragment } from 'react';
import { valueView, type Segment, type ValueSource } from './fieldFormat';
import { PersonLink } from './PersonLink';

export interface FieldValueProps {
  field: ValueSource;
  /** A person's profile address (user fields link to their profiles). */
  personHref: (accountId: string) => string;
  /** Shown for an empty value. */
  emptyText?: string;
}

const linkStyle = { color: token('color.link') };

function Segments({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.href ? (
          <a key={i} href={s.href} target="_blank" rel="noopener noreferrer" style={linkStyle}>
            {s.text}
          </a>
        ) : (
          <Fragment key={i}>{s.text}</Fragment>
        ),
      )}
    </>
  );
}

/**
 * A profile value by field type (fieldFormat.ts describes it): web addresses, mail and phone
 * numbers as links, dates as days, people as links to their profiles, chosen options as lozenges,
 * text with its line breaks and its web addresses linked. Text only: nothing becomes HTML.
 */
export function FieldValue({ field, personHref, emptyText = 'Not filled in' }: FieldValueProps) {
  const view = valueView(field);
  switch (view.kind) {
    case 'empty':
      return <span style={{ color: token('color.text.subtlest'), fontStyle: 'italic' }}>{emptyText}</span>;
    case 'text':
      return (
        <span style={view.multiline ? { whiteSpace: 'pre-line' } : undefined}>
          <Segments segments={view.segments} />
        </span>
      );
    case 'link':
      return (
        <a href={view.href} style={linkStyle} {...(view.external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
          {view.text}
        </a>
      );
    case 'date':
      return <time dateTime={view.dateTime}>{view.text}</time>;
    case 'people':
      return (
        <span>
          {view.people.map((p, i) => (
            <Fragment key={p.accountId}>
              {i > 0 && ', '}
              <PersonLink accountId={p.accountId} name={p.name} href={personHref(p.accountId)} />
            </Fragment>
          ))}
        </span>
      );
    case 'choices':
      return (
        <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: token('space.050') }}>
          {view.labels.map((label) => (
            <Lozenge key={label}>{label}</Lozenge>
          ))}
        </span>
      );
    default:
      return <span>{view.text}</span>;
  }
}
