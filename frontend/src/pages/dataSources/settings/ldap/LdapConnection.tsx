import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import type { Errors } from '../controls';
import { Choice, ErrorFor, Field, FieldSet, Group, TextArea, TextInput } from '../controls';
import { PasswordField } from '../PasswordField';
import type { PasswordState } from '../password';
import { activeDirectoryPreset, type LdapValues } from './ldapValues';

export interface LdapPartProps {
  v: LdapValues;
  set: <K extends keyof LdapValues>(key: K, value: LdapValues[K]) => void;
  errors: Errors;
}

/** Connection: name, URL, StartTLS, CA certificate, bind DN and the write-only bind password. */
export function LdapConnection({ v, set, errors, password, onPassword }: LdapPartProps & { password: PasswordState; onPassword: (p: PasswordState) => void }) {
  return (
    <Group title="Connection" intro="Where the directory is and how Rollcall signs in to it." testId="group-connection">
      <Field label="Name" path="name" errors={errors} required>
        {(c) => <TextInput {...c} testId="source-name-input" maxLength={100} placeholder="e.g. Company LDAP" value={v.name} onChange={(e) => set('name', e.target.value)} />}
      </Field>
      <Field label="Directory URL" path="settings.url" errors={errors} required description="ldap://host:389 or ldaps://host:636">
        {(c) => <TextInput {...c} inputMode="url" placeholder="ldap://ldap.example.com:389" value={v.url} onChange={(e) => set('url', e.target.value)} />}
      </Field>
      <div style={{ gridColumn: '1 / -1' }}>
        <Choice type="checkbox" name="settings.startTls" checked={v.startTls} onChange={(on) => set('startTls', on)} label="Use StartTLS" description="Encrypts an ldap:// connection before binding. Not with ldaps://, which is encrypted already." />
        <ErrorFor path="settings.startTls" errors={errors} />
      </div>
      <Field label="CA certificate (PEM)" path="settings.caCertificate" errors={errors} wide description="Only if the server’s certificate is signed by your own certificate authority: it is trusted in addition to the public ones.">
        {(c) => <TextArea {...c} minimumRows={4} placeholder={'-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----'} value={v.caCertificate} onChange={(e) => set('caCertificate', e.target.value)} />}
      </Field>
      <Field label="Bind DN" path="settings.bindDn" errors={errors} description="The service account Rollcall binds as. Leave empty to bind anonymously.">
        {(c) => <TextInput {...c} placeholder="cn=rollcall,ou=system,dc=example,dc=com" value={v.bindDn} onChange={(e) => set('bindDn', e.target.value)} />}
      </Field>
      <PasswordField
        name="bindPassword"
        label="Bind password"
        inputTestId="bind-password"
        state={password}
        onChange={onPassword}
        errors={errors}
        setText="Write-only: Rollcall stores it encrypted and never shows it again. Leave empty to bind anonymously."
        removedText="The password is removed when you save: Rollcall then binds without one."
        rebindText="Changing the server (URL, StartTLS, CA certificate) or the bind DN requires the password again: the stored one is removed when you save without it."
      />
    </Group>
  );
}

/** Users: base DN, additional user DN, filter, id attribute and how an entry finds its account. */
export function LdapUsers({ v, set, errors }: LdapPartProps) {
  const chooseMatch = (kind: 'email' | 'accountId') => {
    set('matchKind', kind);
    if (kind === 'accountId' && v.matchAttribute === 'mail') set('matchAttribute', '');
    if (kind === 'email' && !v.matchAttribute) set('matchAttribute', 'mail');
  };
  return (
    <Group title="Users" intro="Where the people are, and how each entry finds its Confluence account." testId="group-users">
      <DirectoryPresets set={set} />
      <Field label="Base DN" path="settings.baseDn" errors={errors} required description="The directory’s root, e.g. dc=example,dc=com.">
        {(c) => <TextInput {...c} placeholder="dc=example,dc=com" value={v.baseDn} onChange={(e) => set('baseDn', e.target.value)} />}
      </Field>
      <Field label="Additional user DN" path="settings.additionalUserDn" errors={errors} description="Below the base DN, e.g. ou=people: Rollcall searches there. Leave empty to search the whole base DN.">
        {(c) => <TextInput {...c} placeholder="ou=people" value={v.additionalUserDn} onChange={(e) => set('additionalUserDn', e.target.value)} />}
      </Field>
      <Field label="User object filter" path="settings.userFilter" errors={errors} wide description="Which entries are people (RFC 4515), e.g. (&(objectClass=inetOrgPerson)(!(employeeType=contractor))).">
        {(c) => <TextInput {...c} testId="user-filter" placeholder="(objectClass=inetOrgPerson)" value={v.userFilter} onChange={(e) => set('userFilter', e.target.value)} />}
      </Field>
      <Field label="Stable id attribute" path="settings.idAttribute" errors={errors} description="Blank = detect (entryUUID, objectGUID or nsUniqueId). It keeps a person’s profile when their DN changes.">
        {(c) => <TextInput {...c} placeholder="Detect" value={v.idAttribute} onChange={(e) => set('idAttribute', e.target.value)} />}
      </Field>
      <FieldSet legend="Account matching" intro="How an entry finds its Confluence account.">
        <Choice type="radio" name="settings.accountMatch.kind" value="email" checked={v.matchKind === 'email'} onChange={() => chooseMatch('email')} label="By email address" description="The attribute holds the person’s email; it is matched with the Confluence account’s email, ignoring case." />
        <Choice type="radio" name="settings.accountMatch.kind" value="accountId" checked={v.matchKind === 'accountId'} onChange={() => chooseMatch('accountId')} label="By Atlassian account id" description="The attribute holds the Atlassian account id itself." />
        <ErrorFor path="settings.accountMatch.kind" errors={errors} />
        <Field label="Attribute holding it" path="settings.accountMatch.attribute" errors={errors}>
          {(c) => <TextInput {...c} placeholder={v.matchKind === 'accountId' ? 'e.g. atlassianAccountId' : 'mail'} value={v.matchAttribute} onChange={(e) => set('matchAttribute', e.target.value)} />}
        </Field>
        <ErrorFor path="settings.accountMatch" errors={errors} />
      </FieldSet>
    </Group>
  );
}

/**
 * "Fill in for Active Directory": the user filter (people, not disabled accounts), objectGUID,
 * whenChanged with AD's pattern and thumbnailPhoto, in one click; a status line says what changed.
 */
function DirectoryPresets({ set }: Pick<LdapPartProps, 'set'>) {
  const [filled, setFilled] = useState('');
  const fillActiveDirectory = () => {
    const preset = activeDirectoryPreset();
    for (const key of Object.keys(preset) as Array<keyof typeof preset>) set(key, preset[key]);
    setFilled('Filled in for Active Directory: the user filter, objectGUID, whenChanged with its pattern, and thumbnailPhoto. Check them, then save.');
  };
  return (
    <div data-testid="directory-presets" style={{ gridColumn: '1 / -1', display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: token('space.100') }}>
      <span id="directory-presets-label" style={{ font: token('font.body'), color: token('color.text.subtle') }}>
        Presets:
      </span>
      <Button testId="preset-active-directory" onClick={fillActiveDirectory} aria-describedby="directory-presets-label directory-presets-status">
        Active Directory
      </Button>
      <span id="directory-presets-status" role="status" data-testid="preset-status" style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>
        {filled}
      </span>
    </div>
  );
}
