import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useRef } from 'react';
import type { Profile } from '../../api/profiles';
import type { PictureEdit } from './usePictureEdit';

/**
 * Under the picture, for those who may edit the profile: "Add a picture" / "Change picture" (a
 * hidden file input the button opens), "Remove", and why a picture was refused.
 */
export function PictureActions({ profile, edit }: { profile: Profile; edit: PictureEdit }) {
  const file = useRef<HTMLInputElement>(null);
  return (
    <>
      <div data-testid="picture-actions" hidden={!profile.canEdit} style={{ display: profile.canEdit ? 'flex' : 'none', alignItems: 'center', justifyContent: 'center', flexWrap: 'wrap', gap: token('space.050') }}>
        <input
          ref={file}
          type="file"
          accept="image/*"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="picture-file"
          style={{ display: 'none' }}
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            event.target.value = '';
            if (chosen) edit.choose(chosen);
          }}
        />
        <Button appearance="subtle" spacing="compact" onClick={() => file.current?.click()} testId="change-picture">
          {profile.hasPicture ? 'Change picture' : 'Add a picture'}
        </Button>
        {profile.hasPicture && (
          <>
            <span aria-hidden="true" style={{ color: token('color.text.subtlest') }}>
              ·
            </span>
            <Button appearance="subtle" spacing="compact" onClick={() => void edit.remove()} isLoading={edit.removing} testId="remove-picture">
              Remove
            </Button>
          </>
        )}
      </div>
      <div role="alert" data-testid="picture-error" style={{ color: token('color.text.danger'), maxWidth: '200px', textAlign: 'center' }}>
        {edit.error}
      </div>
    </>
  );
}
