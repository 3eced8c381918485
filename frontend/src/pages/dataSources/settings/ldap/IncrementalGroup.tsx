import { token } from '@atlaskit/tokens';
import { useRef } from 'react';
import type { Field as ProfileField } from '../../../../api/profileSchema';
import type { Source } from '../../../../api/sources';
import { PendingFields } from '../../shared/PendingFields';
import { lastSyncState } from '../../format';
import { ErrorFor, Field, Group, LinkButton, Select, TextInput, type Errors } from '../controls';
import type { LdapPartProps } from './LdapConnection';
import { TimestampPattern } from './TimestampPattern';
import { timestampAttributeOf } from './ldapValues';

const muted = { color: token('color.text.subtle') };

/** What the typed Last LDAP sync date means for the next run. */
function LastSyncState({ value, saved, overlap }: { value: string; saved: string | null; overlap: string }) {
  const state = lastSyncState(value, saved);
  const minutes = overlap.trim() === '' ? '5' : overlap.trim();
  return (
    <div data-testid="last-sync-state" data-state={state} aria-live="polite">
      {state === 'full' && (
        <span>
          <strong>Empty: the next run is a full one.</strong> It reads every entry, then sets this date.
        </span>
      )}
      {state === 'set' && <span>{`The next incremental run reads the entries changed since ${value.trim()} UTC, less the ${minutes}-minute overlap.`}</span>}
      {state === 'changed' && <span>{`After you save, the next incremental run reads the entries changed since ${value.trim()} UTC.`}</span>}
    </div>
  );
}

/** Incremental synchronisation: the switch, and while on the date, attribute, pattern (with Detect), overlap and the fields a run will fill. */
export function IncrementalGroup(props: LdapPartProps & { setErrors: (e: Errors) => void; source: Source | null; fields: ProfileField[]; onSourceChanged: (s: Source) => void }) {
  const { v, set, errors, source } = props;
  const date = useRef<HTMLInputElement>(null);
  return (
    <Group title="Incremental synchronisation" intro="People removed from the directory are noticed only by the bulk profile update (a full run): keep it on a schedule too." testId="group-incremental">
      <div style={{ gridColumn: '1 / -1', display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: token('space.100') }}>
        <input id="ds-incremental-enabled" type="checkbox" role="switch" name="incremental.enabled" data-testid="incremental-enabled" checked={v.incEnabled} aria-describedby="ds-incremental-enabled-description" onChange={(e) => set('incEnabled', e.target.checked)} style={{ width: '16px', height: '16px', accentColor: token('color.background.selected.bold') }} />
        <label htmlFor="ds-incremental-enabled">
          {'Incremental synchronisation '}
          <span aria-hidden="true" style={muted}>{v.incEnabled ? 'On' : 'Off'}</span>
        </label>
        <span id="ds-incremental-enabled-description" className="description" style={{ ...muted, gridColumn: 2, font: token('font.body.small') }}>
          Between bulk profile updates, read only the entries changed since the Last LDAP sync date: quick, even on a large directory.
        </span>
        <span style={{ gridColumn: 2 }}>
          <ErrorFor path="incremental.enabled" errors={errors} />
        </span>
      </div>
      <div data-testid="incremental-details" hidden={!v.incEnabled} style={{ gridColumn: '1 / -1' }}>
        <div style={{ display: v.incEnabled ? 'grid' : 'none', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: token('space.200') }}>
          <Field
            label="Last LDAP sync date"
            path="incremental.lastSyncDate"
            errors={errors}
            description="dd-MM-yyyy HH:mm:ss in UTC, e.g. 23-05-2016 15:00:00. Rollcall moves it forward after each successful run; set an earlier date to re-read everyone changed since then."
            extra={<LastSyncState value={v.lastSyncDate} saved={source?.incremental?.lastSyncDate ?? null} overlap={v.overlapMinutes} />}
          >
            {(c) => (
              <div style={{ display: 'flex', gap: token('space.100'), alignItems: 'center' }}>
                <div style={{ flex: '0 1 200px' }}>
                  <TextInput {...c} ref={date} testId="last-sync-date" placeholder="dd-MM-yyyy HH:mm:ss" value={v.lastSyncDate} onChange={(e) => set('lastSyncDate', e.target.value)} />
                </div>
                <span data-testid="last-sync-utc" style={muted}>(UTC)</span>
                {v.lastSyncDate.trim() && (
                  <LinkButton
                    testId="clear-last-sync-date"
                    title="Empty the date: the next run is a full one"
                    onClick={() => {
                      set('lastSyncDate', '');
                      date.current?.focus();
                    }}
                  >
                    Clear
                  </LinkButton>
                )}
              </div>
            )}
          </Field>
          <Field label="Timestamp attribute" path="incremental.timestampAttribute" errors={errors} description="Where the directory says when an entry last changed. On Active Directory, uSNChanged is exact (whenChanged has whole seconds, and each domain controller writes its own): it works while the URL reaches the same domain controller, and reads by whenChanged when another one answers.">
            {(c) => (
              <Select {...c} testId="timestamp-attribute" value={v.timestampAttribute} onChange={(e) => set('timestampAttribute', timestampAttributeOf(e.target.value))}>
                <option value="modifyTimestamp">modifyTimestamp (any LDAP server)</option>
                <option value="whenChanged">whenChanged (Active Directory)</option>
                <option value="uSNChanged">uSNChanged (Active Directory, one domain controller)</option>
              </Select>
            )}
          </Field>
          <TimestampPattern {...props} />
          <Field label="Overlap window (minutes)" path="incremental.overlapMinutes" errors={errors} description="Each run also re-reads this many minutes before the Last LDAP sync date, so changes written in the same second or under a slightly wrong server clock are not missed. Default 5.">
            {(c) => <TextInput {...c} type="number" inputMode="numeric" min="0" max="1440" step="1" testId="overlap-minutes" value={v.overlapMinutes} onChange={(e) => set('overlapMinutes', e.target.value)} />}
          </Field>
          {source && v.incEnabled && <PendingFields source={source} fields={props.fields} testId="incremental-pending-fields" />}
        </div>
      </div>
    </Group>
  );
}
