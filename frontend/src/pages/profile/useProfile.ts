import { useCallback, useEffect, useState } from 'react';
import { ApiError, messageOf } from '../../api/errors';
import type { Profile, ProfileForEdit } from '../../api/profiles';
import { useServices } from '../../app/HostContext';
import { usePicture } from './usePicture';

/** What the shell tells the page (src/http/pages.ts `shellConfig()`). */
export interface PageParameters {
  /** The profile asked for (the viewer's own when the link names none). */
  accountId: string;
  /** False when the link names something that is no account id. */
  valid: boolean;
  /** The viewer (whose own profile this may be). */
  viewerId: string | null;
  /** The start of a profile page's address in Confluence (`…/profile?ac.accountId=`). */
  profileLink?: string;
  /** The Confluence site (people pictures with site-relative paths). */
  siteUrl?: string;
}

/** Why there is no profile to show. */
export type LoadProblem = { kind: 'invalid' } | { kind: 'missing' } | { kind: 'error'; error: ApiError };

/**
 * The Profile page's state: its parameters, the profile (loaded, reloaded after a save or a new
 * picture), the picture, and the mode: `view`, or `edit` with the form's view (a reopened form is
 * a new one: `formKey` changes).
 */
export function useProfile() {
  const { host, api } = useServices();
  const [params, setParams] = useState<PageParameters | null>(null);
  const [profile, setProfile] = useState<Profile | null>(null);
  const [problem, setProblem] = useState<LoadProblem | null>(null);
  const [form, setForm] = useState<{ view: ProfileForEdit; key: number } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const picture = usePicture(profile);

  useEffect(() => {
    void host.context().then(({ accountId, parameters }) =>
      setParams({ accountId: parameters.accountId || accountId || '', valid: parameters.accountIdValid !== 'false', viewerId: accountId, profileLink: parameters.profileLink, siteUrl: parameters.siteUrl }),
    );
  }, [host]);

  const load = useCallback(async () => {
    if (!params) return;
    if (!params.valid || !params.accountId) return setProblem({ kind: 'invalid' });
    setProblem(null);
    try {
      setProfile(await api.profiles.get(params.accountId));
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(0, 'unknown', messageOf(error));
      setProblem(apiError.status === 404 ? { kind: 'missing' } : { kind: 'error', error: apiError });
    }
  }, [api, params]);

  useEffect(() => {
    void load();
  }, [load]);

  const startEdit = useCallback(async () => {
    if (!params) return;
    setFormError(null);
    setOpening(true);
    try {
      const view = await api.profiles.getForEdit(params.accountId);
      setForm((f) => ({ view, key: (f?.key ?? 0) + 1 }));
    } catch (error) {
      setFormError(messageOf(error));
    } finally {
      setOpening(false);
    }
  }, [api, params]);

  const closeForm = useCallback((saved?: Profile) => {
    if (saved) setProfile(saved);
    setForm(null);
  }, []);

  return { params, profile, problem, load, picture, form, formError, opening, startEdit, closeForm, mode: form ? ('edit' as const) : ('view' as const) };
}

export type ProfileState = ReturnType<typeof useProfile>;
