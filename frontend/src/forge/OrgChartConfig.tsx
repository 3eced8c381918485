import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useEffect, useState, type FormEvent } from 'react';
import { useServices } from '../app/HostContext';
import { FormField } from '../components/FormField';
import { Select, TextInput } from '../components/inputs';
import { PersonPicker, type Person } from '../components/PersonPicker';

/** What the org chart macro keeps (`context.extension.config`, read back by forge.ts `pageParameters`). */
export interface OrgChartConfiguration {
  /** The person at the top; absent: the page's author. */
  accountId?: string;
  depth: string;
  fields?: string;
}

/**
 * The org chart macro's configuration on Forge (its `config.resource`): the person at the top
 * (none: the page's author), how many levels below, and optionally which fields the cards show;
 * saved through `view.submit`.
 */
export function OrgChartConfig({ submit }: { submit: (config: OrgChartConfiguration) => Promise<void> }) {
  const { host } = useServices();
  const [people, setPeople] = useState<Person[]>([]);
  const [depth, setDepth] = useState('2');
  const [fields, setFields] = useState('');
  const [siteUrl, setSiteUrl] = useState<string | undefined>();
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    void host.context().then(({ parameters }) => {
      if (parameters.accountId) setPeople([{ accountId: parameters.accountId, displayName: parameters.accountId }]);
      if (parameters.depth) setDepth(parameters.depth);
      setFields(parameters.fields ?? '');
      setSiteUrl(parameters.siteUrl);
    });
  }, [host]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError('');
    setSaving(true);
    try {
      await submit({ ...(people[0] ? { accountId: people[0].accountId } : {}), depth, ...(fields.trim() ? { fields: fields.trim() } : {}) });
    } catch {
      setError('The macro could not be saved. Try again.');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form data-testid="org-chart-config" onSubmit={(e) => void save(e)} style={{ display: 'flex', flexDirection: 'column', gap: token('space.200'), padding: token('space.200') }}>
      <FormField label="Top person" description="Empty: the page’s author." error={error} errorTestId="org-chart-config-error">
        {(control) => <PersonPicker label="Top person" multi={false} value={people} onChange={setPeople} control={control} testId="org-chart-config-person" siteUrl={siteUrl} />}
      </FormField>
      <FormField label="Levels below">
        {(control) => (
          <Select {...control} testId="org-chart-config-depth" value={depth} onChange={(e) => setDepth(e.target.value)}>
            {['1', '2', '3', '4'].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField label="Fields on the cards" description="Field keys, separated by commas. Empty: position and department.">
        {(control) => <TextInput {...control} testId="org-chart-config-fields" value={fields} onChange={(e) => setFields(e.target.value)} />}
      </FormField>
      <div>
        <Button appearance="primary" type="submit" isDisabled={saving} testId="org-chart-config-save">
          Save
        </Button>
      </div>
    </form>
  );
}
