import { useState } from 'react';
import { ApiError, messageOf } from '../../api/errors';
import type { Profile, ProfileForEdit, ProfileSave } from '../../api/profiles';
import { useServices } from '../../app/HostContext';
import { changedValues, conflictsOf, draftOf, fieldOfPath, refreshSources, savedText, sourceNameOf, type Draft } from './formValues';

/** A message above the form: why it was not saved, or what to do now. */
export interface FormNote {
  appearance: 'error' | 'warning';
  title: string;
  lines: string[];
  /** Why a directory usually refuses a change (`ldap_refused`). */
  causes?: string[];
  /** Offer to reload the form (the profile changed since it opened). */
  reload?: boolean;
}

/** A value the directory changed since the form opened, and the person's choice. */
export interface Conflict {
  yours: unknown;
  directory: unknown;
  chosen: 'yours' | 'directory' | null;
}

const focusTestId = (testId: string) => window.setTimeout(() => document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.focus(), 0);

/**
 * The edit form's state: a draft per field, errors per field (the server's `values.<key>`
 * problems), the message above the form, the directory's conflicts and the person's choices, and
 * saving (only what changed, with the version and the directory values the form was built from).
 */
export function useProfileForm(view: ProfileForEdit, onSaved: (profile: Profile) => void, onClose: () => void) {
  const { api, host } = useServices();
  const fields = view.categories.flatMap((c) => c.fields);
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() => Object.fromEntries(fields.map((f) => [f.key, draftOf(f, f.value)])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<FormNote | null>(null);
  const [conflicts, setConflicts] = useState<Record<string, Conflict>>({});
  const [busy, setBusy] = useState(false);

  const setDraft = (key: string, draft: Draft) => setDrafts((d) => ({ ...d, [key]: draft }));
  const choose = (key: string, chosen: 'yours' | 'directory') => {
    const conflict = conflicts[key];
    const field = fields.find((f) => f.key === key);
    if (!conflict || !field) return;
    setConflicts((c) => ({ ...c, [key]: { ...conflict, chosen } }));
    setDraft(key, draftOf(field, conflict[chosen]));
    setErrors((e) => ({ ...e, [key]: '' }));
  };

  const failed = (error: unknown) => {
    const e = error instanceof ApiError ? error : new ApiError(0, 'unknown', messageOf(error));
    if (e.status === 409 && e.code === 'stale_version') {
      return setNote({ appearance: 'warning', title: 'This profile changed since you opened the form', lines: ['Someone (or a sync) saved it in the meantime. Reload the form to see the current values, then make your change again.'], reload: true });
    }
    const found = conflictsOf(e.details);
    if (e.status === 409 && e.code === 'ldap_conflict' && found.length) {
      setNote({ appearance: 'warning', title: 'The directory changed since you opened the form', lines: [e.message] });
      setConflicts((c) => ({ ...c, ...Object.fromEntries(found.map((d) => [d.field, { yours: d.yours, directory: d.directory, chosen: null }])) }));
      window.setTimeout(() => document.querySelector(`[data-testid="form-field"][data-field-key="${found[0].field}"]`)?.scrollIntoView({ block: 'center' }), 0);
      return;
    }
    if (e.status === 422 && e.code === 'invalid_values' && e.fieldProblems.length) {
      const byField: Record<string, string> = {};
      const general: string[] = [];
      for (const problem of e.fieldProblems) {
        const key = fieldOfPath(problem.path);
        if (key && drafts[key]) byField[key] = byField[key] ? `${byField[key]} ${problem.message}` : problem.message;
        else general.push(problem.message);
      }
      setErrors(byField);
      setNote({ appearance: 'error', title: 'The profile was not saved', lines: general.length ? general : ['Correct the values marked below.'] });
      const first = fields.find((f) => byField[f.key]);
      if (first) focusTestId(`input-${first.key}`);
      return;
    }
    if (e.code === 'ldap_refused') {
      const causes = (e.details as { usualCauses?: unknown } | null)?.usualCauses;
      return setNote({ appearance: 'error', title: 'The directory refused the change: nothing was saved', lines: [e.message], causes: Array.isArray(causes) ? causes.map(String) : [] });
    }
    setNote({ appearance: 'error', title: 'The profile was not saved', lines: [e.message] });
  };

  const save = async () => {
    setErrors({});
    setNote(null);
    const unresolved = Object.keys(conflicts).filter((key) => !conflicts[key].chosen);
    if (unresolved.length) {
      setErrors(Object.fromEntries(unresolved.map((key) => [key, 'Choose which value to keep.'])));
      window.setTimeout(() => document.querySelector<HTMLElement>(`[data-testid="conflict"][data-field-key="${unresolved[0]}"] input`)?.focus(), 0);
      return;
    }
    const values = changedValues(fields, drafts);
    const refreshed = fields.filter((f) => f.refreshed);
    const own = Object.keys(values).length > 0;
    if (!own && !refreshed.length) {
      onClose();
      host.showFlag({ title: 'Nothing to save', body: 'The profile is as it was.', type: 'info' });
      return;
    }
    const ldapValues = { ...view.ldapValues } as NonNullable<ProfileSave['ldapValues']>;
    for (const key of Object.keys(values)) if (conflicts[key]) ldapValues[key] = conflicts[key].directory as (typeof ldapValues)[string]; // the new baseline
    const writtenTo = fields.filter((f) => f.key in values && f.writesBack).map(sourceNameOf);
    setBusy(true);
    try {
      const saved = await api.profiles.save(view.accountId, { values, version: view.version, ldapValues });
      onSaved(saved);
      host.showFlag({ title: 'Profile saved', body: savedText({ own, writtenTo, refreshedFrom: refreshSources(refreshed) }), type: 'success' });
    } catch (error) {
      setBusy(false);
      failed(error);
    }
  };

  return { fields, drafts, setDraft, errors, note, conflicts, choose, busy, save };
}

export type ProfileFormState = ReturnType<typeof useProfileForm>;
