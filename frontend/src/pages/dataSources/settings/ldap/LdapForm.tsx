import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorFor } from '../controls';
import { FormButtons } from '../FormButtons';
import { initialPassword, type PasswordState } from '../PasswordField';
import type { SettingsFormProps } from '../SettingsFormProps';
import { useSettingsForm } from '../useSettingsForm';
import { AdvancedGroup, LdapPictures } from './LdapAdvanced';
import { LdapConnection, LdapUsers } from './LdapConnection';
import { LdapSchedules } from './LdapSchedules';
import { IncrementalGroup } from './IncrementalGroup';
import { collectLdap, ldapInitial, type LdapValues } from './ldapValues';

/** The settings of an LDAP directory (or of a new one): connection, users, pictures, advanced, incremental sync, schedules. */
export function LdapForm(props: SettingsFormProps) {
  const { source } = props;
  const creating = !source;
  const { v, set: setValue, errors, setErrors, form, submit } = useSettingsForm<LdapValues>(() => ldapInitial(source));
  // The form follows what a run or Detect changes while it stays open: a Last LDAP sync date the admin has not touched.
  const touched = useRef(false);
  const set = useCallback(
    <K extends keyof LdapValues>(key: K, value: LdapValues[K]) => {
      if (key === 'lastSyncDate') touched.current = true;
      setValue(key, value);
    },
    [setValue],
  );
  const savedDate = source?.incremental?.lastSyncDate ?? null;
  useEffect(() => {
    if (!touched.current) setValue('lastSyncDate', savedDate ?? '');
  }, [savedDate, setValue]);
  const [password, setPassword] = useState<PasswordState>(() => initialPassword(!!source?.hasBindPassword));
  const save = (andTest: boolean) => {
    const collected = collectLdap(v, password, source);
    void submit(collected, () => props.onSave(collected.body, andTest, null));
  };
  const part = { v, set, errors };
  return (
    <form
      ref={form}
      noValidate
      data-testid="source-form"
      data-mode={creating ? 'add' : 'edit'}
      data-kind="ldap"
      aria-label={creating ? 'Add an LDAP directory' : `Settings of ${source.name}`}
      onInput={props.onEdited}
      onSubmit={(event) => {
        event.preventDefault();
        save(false);
      }}
      style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }}
    >
      <ErrorFor path="_form" errors={errors} />
      <LdapConnection {...part} password={password} onPassword={setPassword} />
      <LdapUsers {...part} />
      <LdapPictures {...part} />
      <AdvancedGroup
        values={v as unknown as Record<string, string | boolean>}
        set={(key, value) => set(key as keyof LdapValues, value as never)}
        errors={errors}
        ldap
        creating={creating}
        thresholdText="A full run stops before marking more than this share of known people as gone (default 20)."
      />
      <IncrementalGroup {...part} setErrors={setErrors} source={source} fields={props.fields} onSourceChanged={props.onSourceChanged} />
      <LdapSchedules {...part} source={source} />
      <FormButtons creating={creating} saveLabel={creating ? 'Add directory' : 'Save'} testLabel="Save and test connection" busy={props.busy} busyText={props.busyText} testing={props.testing} status={props.status} focus={props.focus} onTest={() => save(true)} onCancel={props.onCancel} />
    </form>
  );
}
