import { useRef } from 'react';
import { PICTURE_CHOICES } from '../../kinds';
import { Choice, Field, Group, Select, TextInput } from '../controls';
import type { LdapPartProps } from './LdapConnection';

const ENABLED_TEXT = 'Runs on its schedule, and its values fill profiles. A disabled source can still be tested and run by hand; its values count again once it is enabled (with the next sync).';

/** Pictures: the attribute holding people's photos (a preset, another, or none). */
export function LdapPictures({ v, set, errors }: LdapPartProps) {
  const other = useRef<HTMLInputElement>(null);
  const otherInput =
    v.pictureChoice === 'other' ? (
      <TextInput ref={other} name="settings.pictureAttribute" aria-label="Picture attribute name" placeholder="e.g. photo" value={v.pictureOther} onChange={(e) => set('pictureOther', e.target.value)} aria-invalid={errors['settings.pictureAttribute'] ? true : undefined} />
    ) : null;
  return (
    <Group title="Pictures" testId="group-pictures">
      <Field label="Picture attribute" path="settings.pictureAttribute" errors={errors} wide extra={otherInput} description="A binary attribute with the person’s photo; Rollcall resizes it for profiles.">
        {({ name: _name, ...c }) => (
          <Select
            {...c}
            name="pictureChoice"
            testId="picture-choice"
            value={v.pictureChoice}
            onChange={(e) => {
              set('pictureChoice', e.target.value);
              if (e.target.value === 'other') window.setTimeout(() => other.current?.focus(), 0);
            }}
          >
            {PICTURE_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
    </Group>
  );
}

/** A number input of the Advanced group. */
function NumberField({ label, path, value, onChange, errors, description, min, max, step, placeholder }: { label: string; path: string; value: string; onChange: (v: string) => void; errors: LdapPartProps['errors']; description: string; min: string; max: string; step: string; placeholder?: string }) {
  return (
    <Field label={label} path={path} errors={errors} description={description}>
      {(c) => <TextInput {...c} type="number" inputMode="numeric" min={min} max={max} step={step} placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/** Advanced: paging, timeouts, the safety threshold, priority and the enabled switch (LDAP and XML: `ldap` adds the paging and timeouts). */
export function AdvancedGroup({ values, set, errors, ldap, creating, thresholdText }: { values: Record<string, string | boolean>; set: (key: string, value: string | boolean) => void; errors: LdapPartProps['errors']; ldap: boolean; creating: boolean; thresholdText: string }) {
  const str = (key: string) => String(values[key] ?? '');
  return (
    <Group title="Advanced" testId="group-advanced">
      {ldap && <NumberField label="Page size" path="settings.pageSize" value={str('pageSize')} onChange={(x) => set('pageSize', x)} errors={errors} description="Entries per page of the paged search (default 500)." min="1" max="5000" step="1" />}
      <NumberField label="Safety threshold (%)" path="settings.goneThresholdPercent" value={str('goneThresholdPercent')} onChange={(x) => set('goneThresholdPercent', x)} errors={errors} description={thresholdText} min="0" max="100" step="any" />
      {ldap && <NumberField label="Connect timeout (ms)" path="settings.connectTimeoutMs" value={str('connectTimeoutMs')} onChange={(x) => set('connectTimeoutMs', x)} errors={errors} description="Default 10000." min="100" max="120000" step="100" />}
      {ldap && <NumberField label="Operation timeout (ms)" path="settings.operationTimeoutMs" value={str('operationTimeoutMs')} onChange={(x) => set('operationTimeoutMs', x)} errors={errors} description="Default 60000." min="1000" max="3600000" step="1000" />}
      <NumberField label="Priority" path="priority" value={str('priority')} onChange={(x) => set('priority', x)} errors={errors} placeholder={creating ? 'Last' : ''} description="1 = highest: where sources fill the same field, the higher priority wins. A new priority reaches profiles with the next sync of any source." min="1" max="1000" step="1" />
      <div>
        <Choice type="checkbox" name="enabled" checked={!!values.enabled} onChange={(on) => set('enabled', on)} label="Enabled" description={ENABLED_TEXT} />
      </div>
    </Group>
  );
}
