import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { useEffect, useId, useRef } from 'react';
import type { Profile, ProfileCategory, ProfileForEdit } from '../../api/profiles';
import { Notice } from '../../components/Notice';
import { FieldControl } from './FieldControl';
import { FormMessage } from './FormMessage';
import { refreshNotice } from './formValues';
import { RestrictedLozenge } from './RestrictedLozenge';
import { useProfileForm, type ProfileFormState } from './useProfileForm';

export interface ProfileFormProps {
  view: ProfileForEdit;
  siteUrl?: string;
  onSaved: (profile: Profile) => void;
  onCancel: () => void;
  onReload: () => void;
}

function FormCategory({ category, form, siteUrl }: { category: ProfileCategory; form: ProfileFormState; siteUrl?: string }) {
  const titleId = useId();
  return (
    <section role="group" aria-labelledby={titleId} data-testid="form-category" data-category-id={category.id} style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }}>
      <Heading size="small" as="h3" id={titleId}>
        {category.name}
        {category.restricted && <RestrictedLozenge />}
      </Heading>
      {category.fields.map((field) => (
        <FieldControl key={field.key} field={field} draft={form.drafts[field.key]} onDraft={(d) => form.setDraft(field.key, d)} error={form.errors[field.key] ?? ''} conflict={form.conflicts[field.key]} onChoose={(c) => form.choose(field.key, c)} siteUrl={siteUrl} />
      ))}
    </section>
  );
}

/**
 * The edit form: the directory's newer values (if any) on top, the message of a refused save, the
 * fields by category, Save and Cancel. The first input takes the focus when it opens.
 */
export function ProfileForm({ view, siteUrl, onSaved, onCancel, onReload }: ProfileFormProps) {
  const form = useProfileForm(view, onSaved, onCancel);
  const notice = refreshNotice(form.fields);
  const element = useRef<HTMLFormElement>(null);
  useEffect(() => {
    element.current?.querySelector<HTMLElement>('input:not([disabled]):not([type=hidden]):not([type=file]), textarea:not([disabled]), select:not([disabled])')?.focus();
  }, []);
  return (
    <form
      ref={element}
      noValidate
      data-testid="profile-form"
      aria-label="Edit the profile"
      onSubmit={(event) => {
        event.preventDefault();
        void form.save();
      }}
      style={{ display: 'flex', flexDirection: 'column', gap: token('space.400') }}
    >
      {notice && (
        <Notice appearance="information" title={notice.title} role="status" testId="refresh-notice">
          <p>{notice.text}</p>
        </Notice>
      )}
      <div data-testid="form-message" aria-live="polite" style={{ display: 'contents' }}>
        {form.note && <FormMessage note={form.note} onReload={onReload} />}
      </div>
      {view.categories
        .filter((c) => c.fields.length > 0)
        .map((category) => (
          <FormCategory key={category.id} category={category} form={form} siteUrl={siteUrl} />
        ))}
      <div style={{ display: 'flex', gap: token('space.100') }}>
        <Button type="submit" appearance="primary" isLoading={form.busy} testId="save-profile">
          Save
        </Button>
        <Button appearance="subtle" onClick={onCancel} isDisabled={form.busy} testId="cancel-edit">
          Cancel
        </Button>
      </div>
    </form>
  );
}
