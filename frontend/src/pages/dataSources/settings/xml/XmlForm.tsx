import { token } from '@atlaskit/tokens';
import { useEffect, useState } from 'react';
import { DEFAULT_SCHEDULE, KINDS, LOCATION_CHOICES, SCHEDULE_PRESETS, XML_EXAMPLE } from '../../kinds';
import { Choice, ErrorFor, Field, FieldSet, Group, TextInput } from '../controls';
import { FormButtons } from '../FormButtons';
import { AdvancedGroup } from '../ldap/LdapAdvanced';
import { savedFull, ScheduleColumn } from '../ldap/LdapSchedules';
import { initialPassword, PasswordField, type PasswordState } from '../PasswordField';
import { ScheduleEditor } from '../ScheduleEditor';
import type { SettingsFormProps } from '../SettingsFormProps';
import { useSettingsForm } from '../useSettingsForm';
import { UploadPanel } from './UploadPanel';
import { collectXml, xmlInitial, type XmlValues } from './xmlValues';

/**
 * The settings of an XML source: where the file is (uploaded here, a file in the server's import
 * directory, or an HTTPS URL with an optional user and write-only password), the record element
 * and the match key, advanced settings and the schedule. A chosen file goes up after the save.
 */
export function XmlForm(props: SettingsFormProps) {
  const { source } = props;
  const creating = !source;
  const { v, set, errors, setErrors, form, submit } = useSettingsForm<XmlValues>(() => xmlInitial(source));
  const [password, setPassword] = useState<PasswordState>(() => initialPassword(!!source?.hasPassword));
  const [replacing, setReplacing] = useState(!source?.file || !!props.fileError);
  const [file, setFile] = useState<File | null>(null);
  useEffect(() => {
    if (props.fileError) setErrors({ file: props.fileError });
  }, [props.fileError, setErrors]);
  const pending = v.location === 'upload' && replacing ? file : null;
  const save = (andTest: boolean) => {
    const collected = collectXml(v, password, pending, creating);
    void submit(collected, () => props.onSave(collected.body, andTest, pending));
  };
  const chooseMatch = (kind: 'email' | 'accountId') => {
    set('matchBy', kind);
    if (kind === 'accountId' && v.matchPath === 'mail') set('matchPath', '');
    if (kind === 'email' && !v.matchPath) set('matchPath', 'mail');
  };
  const dir = props.importDirectory;
  return (
    <form ref={form} noValidate data-testid="source-form" data-mode={creating ? 'add' : 'edit'} data-kind="xml" aria-label={creating ? 'Add an XML file' : `Settings of ${source.name}`} onInput={props.onEdited} onSubmit={(e) => { e.preventDefault(); save(false); }} style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }}>
      <ErrorFor path="_form" errors={errors} />
      <Group title="File" intro="Where Rollcall reads the export from: it reads the whole file on every run." testId="group-file">
        <Field label="Name" path="name" errors={errors} required>
          {(c) => <TextInput {...c} testId="source-name-input" maxLength={100} placeholder="e.g. HR export" value={v.name} onChange={(e) => set('name', e.target.value)} />}
        </Field>
        <FieldSet legend="Where the file is" testId="xml-location" attributes={{ 'data-location': v.location }}>
          {LOCATION_CHOICES.map((c) => (
            <Choice key={c.value} type="radio" name="settings.location.kind" value={c.value} testId={`location-kind-${c.value}`} checked={v.location === c.value} onChange={() => set('location', c.value)} label={c.label} description={c.description} />
          ))}
          <ErrorFor path="settings.location" errors={errors} />
          <div hidden={v.location !== 'upload'}>
            <UploadPanel stored={source?.file ?? null} creating={creating} replacing={replacing} onReplacing={setReplacing} file={file} onFile={setFile} errors={errors} />
          </div>
          <div data-testid="location-path-panel" hidden={v.location !== 'path'}>
            <Field label="Path in the import directory" path="settings.location.path" errors={errors} required description={`${dir ? `Relative to this site’s import directory on the server, ${dir}, e.g. hr/identities.xml.` : 'The server reads no files by path (it has no XML_IMPORT_DIR): upload the file instead.'} Only files inside that directory can be read, without ../ or links.`}>
              {(c) => <TextInput {...c} testId="location-path" placeholder="e.g. hr/identities.xml" value={v.path} onChange={(e) => set('path', e.target.value)} />}
            </Field>
          </div>
          <div data-testid="location-url-panel" hidden={v.location !== 'url'}>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: token('space.200') }}>
              <Field label="HTTPS URL" path="settings.location.url" errors={errors} required wide description="https:// only. Rollcall downloads the file on every run and does not follow redirects.">
                {(c) => <TextInput {...c} testId="location-url" inputMode="url" placeholder="https://hr.example.com/export/identities.xml" value={v.url} onChange={(e) => set('url', e.target.value)} />}
              </Field>
              <Field label="User" path="settings.location.username" errors={errors} description="Only if the server asks for one (HTTP Basic authentication).">
                {(c) => <TextInput {...c} testId="location-username" placeholder="Optional" value={v.username} onChange={(e) => set('username', e.target.value)} />}
              </Field>
              <PasswordField
                name="password"
                label="Password"
                inputTestId="url-password"
                state={password}
                onChange={setPassword}
                errors={errors}
                setText="Write-only: Rollcall stores it encrypted and never shows it again. Sent with the user; leave empty if the URL needs none."
                removedText="The password is removed when you save: Rollcall then sends the user without one."
                rebindText="Changing the URL or the user requires the password again: the stored one is removed when you save without it."
              />
            </div>
          </div>
        </FieldSet>
      </Group>
      <Group title="Records" intro="Which element is one person, and how each finds its Confluence account." testId="group-records">
        <Field label="Record element" path="settings.recordPath" errors={errors} required description="The element that holds one person, as a path of element names from the root: identities/identity, or just identity.">
          {(c) => <TextInput {...c} testId="record-path" placeholder="identities/identity" value={v.recordPath} onChange={(e) => set('recordPath', e.target.value)} />}
        </Field>
        <div data-testid="xml-example" style={{ gridColumn: '1 / -1' }}>
          <p style={{ margin: 0, color: token('color.text.subtle') }}>For an export like this one, the record element is identities/identity and the match key element mail; department and team are mapped to profile fields on the Field mappings tab.</p>
          <pre aria-label="An example of an XML export" style={{ margin: `${token('space.100')} 0 0`, padding: token('space.100'), backgroundColor: token('color.background.neutral'), borderRadius: token('radius.small', '3px'), overflowX: 'auto' }}>
            <code>{XML_EXAMPLE}</code>
          </pre>
        </div>
        <FieldSet legend="Account matching" intro="How a record finds its Confluence account." testId="xml-match">
          <Field label="Match key element" path="settings.matchPath" errors={errors} description="The element or attribute of each record that holds its key: e.g. mail, or @id for <identity id=&quot;…&quot;>.">
            {(c) => <TextInput {...c} testId="match-path" placeholder={v.matchBy === 'accountId' ? 'e.g. @accountId' : 'mail'} value={v.matchPath} onChange={(e) => set('matchPath', e.target.value)} />}
          </Field>
          <p style={{ margin: 0 }}>It holds</p>
          <Choice type="radio" name="settings.matchBy" value="email" testId="match-by-email" checked={v.matchBy === 'email'} onChange={() => chooseMatch('email')} label="An email address" description="Matched with the Confluence account’s email, ignoring case." />
          <Choice type="radio" name="settings.matchBy" value="accountId" testId="match-by-account-id" checked={v.matchBy === 'accountId'} onChange={() => chooseMatch('accountId')} label="An Atlassian account id" description="Matched with the account id itself, e.g. 5b10ac8d82e05b22cc7d4ef5." />
          <ErrorFor path="settings.matchBy" errors={errors} />
        </FieldSet>
      </Group>
      <AdvancedGroup values={v as unknown as Record<string, string | boolean>} set={(key, value) => set(key as keyof XmlValues, value as never)} errors={errors} ldap={false} creating={creating} thresholdText="A run stops before marking more than this share of known people as gone from the file (default 20)." />
      <Group title="Schedule" intro="In UTC." testId="group-schedule">
        <ScheduleColumn testId="schedule-full" title={KINDS.xml.job} intro="Reads the whole file, fills every mapped field and marks people who are no longer in it." wide>
          <ScheduleEditor path="schedule" prefix="" inputTestId="schedule-input" value={v.schedule} onChange={(x) => set('schedule', x)} errors={errors} description="minute hour day-of-month month day-of-week, in UTC. Empty = only when you click Run now." presets={SCHEDULE_PRESETS} saved={savedFull(source)} defaultCron={DEFAULT_SCHEDULE} defaultWords="Every 3 hours, on the hour" emptyText="No schedule: the file is read only when you click Run now." offText={null} />
        </ScheduleColumn>
      </Group>
      <FormButtons creating={creating} saveLabel={creating ? 'Add XML source' : 'Save'} testLabel="Save and test" busy={props.busy} busyText={props.busyText} testing={props.testing} status={props.status} focus={props.focus} onTest={() => save(true)} onCancel={props.onCancel} />
    </form>
  );
}
