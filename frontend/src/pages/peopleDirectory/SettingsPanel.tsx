import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { useEffect, useId, useState } from 'react';
import type { DirectorySettings } from '../../api/directory';
import { messageOf } from '../../api/errors';
import type { Field } from '../../api/profileSchema';
import { useServices } from '../../app/HostContext';

/** Field types whose values can be counted beside the results (the server's `FACET_TYPES`). */
const FACET_TYPES = new Set(['text', 'select', 'multiselect']);

export interface SettingsPanelProps {
  settings: DirectorySettings;
  /** After a save: the settings as saved (the page reloads the results: the facets change). */
  onSaved: (settings: DirectorySettings) => void;
}

/**
 * The directory's settings, for admins, on the directory itself (where their effect shows): who
 * may export, and which select fields are counted beside the results. Closed until opened.
 */
export function SettingsPanel({ settings, onSaved }: SettingsPanelProps) {
  const { api, host } = useServices();
  const [open, setOpen] = useState(false);
  const [fields, setFields] = useState<Field[] | null>(null);
  const [draft, setDraft] = useState(settings);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const panelId = useId();

  useEffect(() => setDraft(settings), [settings]);
  useEffect(() => {
    if (open && !fields) api.fields.list().then((all) => setFields(all.filter((f) => FACET_TYPES.has(f.type))), (e) => setError(messageOf(e)));
  }, [api, open, fields]);

  const toggleFacet = (key: string, on: boolean) => setDraft((d) => ({ ...d, facetFields: on ? [...d.facetFields.filter((k) => k !== key), key] : d.facetFields.filter((k) => k !== key) }));

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const saved = await api.directory.saveSettings(draft);
      host.showFlag({ type: 'success', title: 'Directory settings saved' });
      onSaved(saved);
      setOpen(false);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="directory-settings">
      <Button appearance="subtle" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)} testId="directory-settings-toggle">
        Directory settings
      </Button>
      {open && (
      <section
        id={panelId}
        aria-label="Directory settings"
        style={{ marginTop: token('space.100'), padding: token('space.200'), borderRadius: token('radius.medium'), border: `1px solid ${token('color.border')}`, display: 'flex', flexDirection: 'column', gap: token('space.150'), maxWidth: '560px' }}
      >
        <Heading size="xsmall" as="h2">
          Export
        </Heading>
        <Checkbox
          label="Everyone may export the directory as CSV (admins always may)"
          isChecked={draft.exportForUsers}
          onChange={(e) => setDraft({ ...draft, exportForUsers: e.currentTarget.checked })}
          testId="settings-export-for-users"
        />
        <Heading size="xsmall" as="h2">
          Counted beside the results
        </Heading>
        <p style={{ margin: 0, color: token('color.text.subtle') }}>The values of these fields are counted beside the results; a count narrows the search to its value.</p>
        {!fields && !error && <p style={{ margin: 0, color: token('color.text.subtle') }}>Loading the fields…</p>}
        {fields && fields.length === 0 && <p style={{ margin: 0, color: token('color.text.subtle') }}>No text or select fields yet: add one in the Profile Editor.</p>}
        {fields?.map((f) => (
          <Checkbox key={f.key} label={f.label} isChecked={draft.facetFields.includes(f.key)} onChange={(e) => toggleFacet(f.key, e.currentTarget.checked)} testId={`settings-facet-${f.key}`} />
        ))}
        {error && (
          <p role="alert" style={{ margin: 0, color: token('color.text.danger') }} data-testid="settings-error">
            {error}
          </p>
        )}
        <div style={{ display: 'flex', gap: token('space.100') }}>
          <Button appearance="primary" onClick={() => void save()} isDisabled={saving} testId="settings-save">
            Save
          </Button>
          <Button appearance="subtle" onClick={() => (setDraft(settings), setOpen(false))}>
            Cancel
          </Button>
        </div>
      </section>
      )}
    </div>
  );
}
