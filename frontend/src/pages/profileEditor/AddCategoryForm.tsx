import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import AddIcon from '@atlaskit/icon/core/add';
import { token } from '@atlaskit/tokens';
import { useRef, useState } from 'react';
import { FormField } from '../../components/FormField';
import { TextInput } from '../../components/inputs';
import { errorText } from './styles';
import type { EditorState } from './useProfileEditor';

/** "Add a category": its name (required, unique), errors next to the input; the focus stays for the next one. */
export function AddCategoryForm({ state }: { state: EditorState }) {
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const submit = async () => {
    const trimmed = name.trim();
    setError('');
    setFormError('');
    if (!trimmed) {
      setError('Give the category a name.');
      input.current?.focus();
      return;
    }
    setBusy(true);
    const failed = await state.saveCategory(null, { name: trimmed }, (saved) => `Category ${saved.name} added.`);
    setBusy(false);
    if (!failed) setName('');
    else if (failed.messageFor('name') || failed.code === 'duplicate_category') setError(failed.messageFor('name') ?? failed.message);
    else setFormError(failed.message);
    input.current?.focus();
  };
  return (
    <form
      noValidate
      data-testid="add-category-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      style={{ display: 'flex', flexDirection: 'column', gap: token('space.100') }}
    >
      <Heading size="small" as="h3">
        Add a category
      </Heading>
      <div style={{ display: 'flex', alignItems: 'flex-start', flexWrap: 'wrap', gap: token('space.100') }}>
        <div style={{ flex: '0 1 320px' }}>
          <FormField label="Category name" required error={error} errorTestId="error-name">
            {(control) => (
              <TextInput
                {...control}
                ref={input}
                name="name"
                maxLength={100}
                placeholder="e.g. Team, Skills, Contact"
                value={name}
                onChange={(event) => {
                  setName(event.currentTarget.value);
                  setError('');
                }}
              />
            )}
          </FormField>
        </div>
        <div style={{ paddingTop: token('space.300') }}>
          <Button type="submit" iconBefore={AddIcon} isLoading={busy} testId="add-category-submit">
            Add category
          </Button>
        </div>
      </div>
      <div role="alert" data-testid="error-form" style={errorText}>
        {formError}
      </div>
    </form>
  );
}
