import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useEffect, useState, type FormEvent } from 'react';
import { useServices } from '../app/HostContext';
import { FormField } from '../components/FormField';
import { TextInput } from '../components/inputs';
import { PersonPicker, type Person } from '../components/PersonPicker';
import { DEFAULT_CARD_FIELDS } from './cards';

/** What the profile card macro keeps (`context.extension.config`, read back by forge.ts `pageParameters`). */
export interface CardConfiguration {
  accountId: string;
  fields?: string;
}

/**
 * The profile card macro's configuration on Forge (its `config.resource`): the person (the people
 * search Rollcall knows) and, optionally, which fields, saved through `view.submit`.
 */
export function CardConfig({ submit }: { submit: (config: CardConfiguration) => Promise<void> }) {
  const { host } = useServices();
  const [people, setPeople] = useState<Person[]>([]);
  const [fields, setFields] = useState('');
  const [siteUrl, setSiteUrl] = useState<string | undefined>();
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    void host.context().then(({ parameters }) => {
      if (parameters.accountId) setPeople([{ accountId: parameters.accountId, displayName: parameters.accountId }]);
      setFields(parameters.fields ?? '');
      setSiteUrl(parameters.siteUrl);
    });
  }, [host]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!people[0]) return setError('Choose the person whose card this is.');
    setError('');
    setSaving(true);
    try {
      await submit(fields.trim() ? { accountId: people[0].accountId, fields: fields.trim() } : { accountId: people[0].accountId });
    } catch {
      setError('The macro could not be saved. Try again.');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form data-testid="card-config" onSubmit={(e) => void save(e)} style={{ display: 'flex', flexDirection: 'column', gap: token('space.200'), padding: token('space.200') }}>
      <FormField label="Person" required error={error} errorTestId="card-config-error">
        {(control) => <PersonPicker label="Person" multi={false} value={people} onChange={setPeople} control={control} testId="card-config-person" siteUrl={siteUrl} />}
      </FormField>
      <FormField label="Fields" description={`Field keys, separated by commas. Empty: the position and ${DEFAULT_CARD_FIELDS.join(', ')}.`}>
        {(control) => <TextInput {...control} testId="card-config-fields" value={fields} onChange={(e) => setFields(e.target.value)} />}
      </FormField>
      <div>
        <Button appearance="primary" type="submit" isDisabled={saving} testId="card-config-save">
          Save
        </Button>
      </div>
    </form>
  );
}
