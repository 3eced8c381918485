import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import EditIcon from '@atlaskit/icon/core/edit';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import type { Profile } from '../../api/profiles';
import { Avatar } from '../../components/Avatar';
import { displayText, formatMoment, isEmptyValue, relativeTime } from '../../components/fieldFormat';
import { PictureActions } from './PictureActions';
import type { PictureEdit } from './usePictureEdit';

export interface ProfileHeaderProps {
  profile: Profile;
  pictureUrl: string | null;
  pictureEdit: PictureEdit;
  /** The Edit button (only in view mode, for those who may edit). */
  onEdit?: () => void;
  opening: boolean;
}

/** Position · department, from those fields where they hold a value. */
function subtitleOf(profile: Profile): string {
  const fields = profile.categories.flatMap((c) => c.fields);
  return ['position', 'department']
    .map((key) => fields.find((f) => f.key === key))
    .filter((f) => f && !isEmptyValue(f.value))
    .map((f) => displayText(f!))
    .join(' · ');
}

/** The profile's head: picture (and its actions), name, whether they left the directory, position · department, last change, Edit. */
export function ProfileHeader({ profile, pictureUrl, pictureEdit, onEdit, opening }: ProfileHeaderProps) {
  const name = profile.displayName || profile.accountId;
  const subtitle = subtitleOf(profile);
  return (
    <section data-testid="profile-header" aria-label={`Profile of ${name}`} style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', gap: token('space.300') }}>
      <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: token('space.100') }}>
        <div data-testid="picture">
          <Avatar name={name} src={pictureUrl} size="large" label={pictureUrl ? `Picture of ${name}` : name} testId={pictureUrl ? 'picture-img' : 'picture-initials'} />
        </div>
        <PictureActions profile={profile} edit={pictureEdit} />
      </div>
      <div style={{ flex: '1 1 320px', display: 'flex', flexDirection: 'column', gap: token('space.050'), paddingTop: token('space.100') }}>
        <Heading size="large" as="h2" testId="profile-name">
          {name}
          {profile.leftDirectoryAt && (
            <span title={`Left the directory on ${formatMoment(profile.leftDirectoryAt)}`} data-testid="left-directory" style={{ marginLeft: token('space.100'), verticalAlign: 'middle' }}>
              <Lozenge>Left the directory</Lozenge>
            </span>
          )}
        </Heading>
        {subtitle && (
          <p data-testid="profile-subtitle" style={{ margin: 0, font: token('font.body.large'), color: token('color.text.subtle') }}>
            {subtitle}
          </p>
        )}
        <p data-testid="profile-meta" style={{ margin: 0, color: token('color.text.subtlest'), font: token('font.body.small') }}>
          {profile.updatedAt ? (
            <>
              Last changed{' '}
              <time dateTime={profile.updatedAt} title={formatMoment(profile.updatedAt)} data-testid="last-changed">
                {relativeTime(profile.updatedAt)}
              </time>
            </>
          ) : (
            <span data-testid="last-changed">Not changed in Rollcall yet</span>
          )}
        </p>
      </div>
      {onEdit && (
        <div data-testid="header-actions" style={{ paddingTop: token('space.100') }}>
          <Button iconBefore={EditIcon} onClick={onEdit} isLoading={opening} testId="edit-profile">
            Edit profile
          </Button>
        </div>
      )}
    </section>
  );
}
