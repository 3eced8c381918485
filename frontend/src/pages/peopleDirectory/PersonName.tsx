import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import type { DirectoryPerson } from '../../api/directory';
import { Avatar } from '../../components/Avatar';
import { PersonLink } from '../../components/PersonLink';

export interface PersonNameProps {
  person: DirectoryPerson;
  picture?: string;
  /** A profile's address (for a new tab); `#` when unknown. */
  href: string;
  size?: 'small' | 'medium';
}

/** A person in the results: picture or initials, the name linking to their profile, and "Left" when they left the directory. */
export function PersonName({ person, picture, href, size = 'small' }: PersonNameProps) {
  const name = person.displayName ?? person.accountId;
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: token('space.100'), flexWrap: 'wrap' }}>
      <Avatar name={name} src={picture} size={size} />
      <PersonLink accountId={person.accountId} name={name} href={href} />
      {person.left && (
        <span data-testid="person-left" title="This person left the directory">
          <Lozenge appearance="removed">Left</Lozenge>
        </span>
      )}
    </span>
  );
}
