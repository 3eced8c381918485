import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useCallback } from 'react';
import type { Profile } from '../../api/profiles';
import { LoadError } from '../../components/LoadError';
import { Notice } from '../../components/Notice';
import { PageLayout } from '../../components/PageLayout';
import { profileHref } from '../../components/PersonLink';
import { Cropper } from './Cropper';
import { ProfileForm } from './ProfileForm';
import { ProfileHeader } from './ProfileHeader';
import { ProfileHistory } from './ProfileHistory';
import { ProfileView } from './ProfileView';
import { ReportingLines } from './ReportingLines';
import { useProfile, type LoadProblem } from './useProfile';
import { usePictureEdit } from './usePictureEdit';

const focusEdit = () => window.setTimeout(() => document.querySelector<HTMLElement>('[data-testid="edit-profile"]')?.focus(), 0);

function Problem({ problem, onRetry }: { problem: LoadProblem; onRetry: () => void }) {
  if (problem.kind === 'error') return <LoadError title="The profile could not be loaded" message={problem.error.message} onRetry={problem.error.status === 403 ? undefined : onRetry} />;
  return (
    <Notice appearance="warning" title="No such person" role="status" testId="page-message-warning">
      <p>{problem.kind === 'invalid' ? 'The link names an account id that is not valid.' : 'There is no one with this account on this Confluence site. They may have been removed.'}</p>
    </Notice>
  );
}

/**
 * The Profile page: a person's profile as the viewer may see it, the edit form (own profile;
 * admins any), and the picture with its crop step. Links to other people open their profiles
 * through the host.
 */
export function ProfilePage() {
  const state = useProfile();
  const { params, profile, problem, form } = state;
  const pictureEdit = usePictureEdit(profile?.accountId, state.load);
  const personHref = useCallback((accountId: string) => profileHref(params?.profileLink, accountId), [params]);
  const closeForm = (saved?: Profile) => {
    state.closeForm(saved);
    if (!saved) focusEdit();
  };
  return (
    <PageLayout title="Profile" rootProps={{ 'data-testid': 'profile', 'data-loaded': problem ? 'error' : profile ? 'true' : undefined, 'data-mode': state.mode }}>
      {/* The slots take no room (and no gap) while empty: display contents. */}
      <div data-testid="page-message" aria-live="polite" style={{ display: 'contents' }}>
        {problem && <Problem problem={problem} onRetry={() => void state.load()} />}
        {state.formError && (
          <Notice appearance="error" title="The form could not be opened" role="alert" testId="page-message-error">
            <p>{state.formError}</p>
          </Notice>
        )}
      </div>
      {profile && !problem && (
        <ProfileHeader profile={profile} pictureUrl={state.picture.url} pictureEdit={pictureEdit} opening={state.opening} onEdit={profile.canEdit && !form ? () => void state.startEdit() : undefined} />
      )}
      <div data-testid="cropper-slot" style={{ display: 'contents' }}>{pictureEdit.cropping && <Cropper image={pictureEdit.cropping.image} onSave={pictureEdit.save} onCancel={pictureEdit.cancel} />}</div>
      <div data-testid="profile-body" aria-busy={!profile && !problem} style={{ display: 'flex', flexDirection: 'column', gap: token('space.400') }}>
        {!profile && !problem && (
          <div data-testid="loading" style={{ display: 'flex', alignItems: 'center', gap: token('space.100') }}>
            <Spinner size="small" />
            <span>Loading the profile…</span>
          </div>
        )}
        {profile && !problem && !form && <ProfileView profile={profile} own={profile.accountId === params?.viewerId} personHref={personHref} />}
        {profile && !problem && !form && <ReportingLines accountId={profile.accountId} personHref={personHref} />}
        {/* The history and the person's own data: for the person and admins (those who may edit the profile). */}
        {profile && !problem && !form && profile.canEdit && <ProfileHistory key={profile.accountId} accountId={profile.accountId} own={profile.accountId === params?.viewerId} />}
        {profile && !problem && form && <ProfileForm key={form.key} view={form.view} siteUrl={params?.siteUrl} onSaved={closeForm} onCancel={() => closeForm()} onReload={() => void state.startEdit()} />}
      </div>
    </PageLayout>
  );
}
