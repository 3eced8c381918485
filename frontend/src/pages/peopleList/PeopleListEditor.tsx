import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useEffect, useState, type FormEvent } from 'react';
import { queryProblemOf, type DirectoryColumn, type QueryProblem } from '../../api/directory';
import { messageOf } from '../../api/errors';
import { useServices } from '../../app/HostContext';
import { FormField } from '../../components/FormField';
import { TextInput } from '../../components/inputs';
import { QueryError } from '../peopleDirectory/SearchBox';
import { chooseColumns, type PeopleListConfig } from './columns';

export interface PeopleListEditorProps {
  /** The macro's parameters now (empty for a new macro). */
  load: () => Promise<Partial<PeopleListConfig>>;
  /** Saves the macro's parameters (Connect: `AP.confluence.saveMacro`; Forge: `view.submit`). */
  submit: (config: PeopleListConfig) => Promise<void>;
  /** Closes without saving, where the host has a way (Connect's editor). */
  cancel?: () => void;
}

type Check = { kind: 'idle' } | { kind: 'checking' } | { kind: 'ok'; total: number; columns: DirectoryColumn[] } | { kind: 'invalid'; problem: QueryProblem } | { kind: 'error'; message: string };

/**
 * The People list macro's editor (Connect's macro `editor`, Forge's `config` resource): the search
 * and the columns. The search is checked by the directory itself (one person asked for): a syntax
 * error shows with its column and is not saved; the check also says how many people match and
 * which columns exist.
 */
export function PeopleListEditor({ load, submit, cancel }: PeopleListEditorProps) {
  const { api } = useServices();
  const [query, setQuery] = useState('');
  const [columns, setColumns] = useState('');
  const [checked, setChecked] = useState<Check>({ kind: 'idle' });
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    void load().then((config) => {
      setQuery(config.query ?? '');
      setColumns(config.columns ?? '');
    });
  }, [load]);

  const check = async (q: string): Promise<Check> => {
    setChecked({ kind: 'checking' });
    let outcome: Check;
    try {
      const page = await api.directory.search({ q, limit: 1 });
      outcome = { kind: 'ok', total: page.total, columns: page.columns };
    } catch (error) {
      const problem = queryProblemOf(error);
      outcome = problem ? { kind: 'invalid', problem } : { kind: 'error', message: messageOf(error) };
    }
    setChecked(outcome);
    return outcome;
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaveError(null);
    const q = query.trim();
    const outcome = await check(q);
    if (outcome.kind === 'invalid') return;
    setSaving(true);
    try {
      await submit({ query: q, columns: columns.trim() });
    } catch {
      setSaveError('The macro could not be saved. Try again.');
    } finally {
      setSaving(false);
    }
  };

  const missing = checked.kind === 'ok' ? chooseColumns(checked.columns, columns).missing : [];
  return (
    <form data-testid="people-list-editor" onSubmit={(e) => void save(e)} style={{ display: 'flex', flexDirection: 'column', gap: token('space.200'), padding: token('space.200') }}>
      <FormField label="Search" description='A People Directory search, e.g. department:"R&D (Berlin)" -is:left. Empty: everyone.'>
        {(control) => <TextInput {...control} testId="people-list-query" value={query} onChange={(e) => (setQuery(e.target.value), setChecked({ kind: 'idle' }))} aria-invalid={checked.kind === 'invalid'} spellCheck={false} />}
      </FormField>
      {checked.kind === 'invalid' && <QueryError id="people-list-query-error" query={query.trim()} problem={checked.problem} />}
      {checked.kind === 'error' && (
        <p role="alert" style={{ margin: 0, color: token('color.text.danger') }}>
          {checked.message}
        </p>
      )}
      {checked.kind === 'ok' && (
        <p role="status" data-testid="people-list-check" style={{ margin: 0, color: token('color.text.subtle') }}>
          {checked.total === 1 ? '1 person matches.' : `${checked.total} people match.`}
        </p>
      )}
      <FormField label="Columns" description={checked.kind === 'ok' ? `Field keys, separated by commas. Empty: every field. You can use: ${checked.columns.map((c) => c.key).join(', ') || 'none'}.` : 'Field keys, separated by commas (e.g. position,department,phone). Empty: every field shown in profiles.'}>
        {(control) => <TextInput {...control} testId="people-list-columns" value={columns} onChange={(e) => setColumns(e.target.value)} spellCheck={false} />}
      </FormField>
      {missing.length > 0 && (
        <p role="note" data-testid="people-list-missing" style={{ margin: 0, color: token('color.text.warning') }}>
          No such field for you: {missing.join(', ')}. Those columns will not show.
        </p>
      )}
      {saveError && (
        <p role="alert" style={{ margin: 0, color: token('color.text.danger') }}>
          {saveError}
        </p>
      )}
      <div style={{ display: 'flex', gap: token('space.100') }}>
        <Button appearance="primary" type="submit" isDisabled={saving || checked.kind === 'checking'} testId="people-list-save">
          Save
        </Button>
        <Button onClick={() => void check(query.trim())} testId="people-list-check-button">
          Check the search
        </Button>
        {cancel && (
          <Button appearance="subtle" onClick={cancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
