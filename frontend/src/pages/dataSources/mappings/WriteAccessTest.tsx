import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { Field } from '../../../api/profileSchema';
import { FormField } from '../../../components/FormField';
import { Select, TextInput } from '../../../components/inputs';
import type { Edits } from './edits';
import { PersonCombobox } from './PersonCombobox';
import { useWriteAccessTest } from './useWriteAccessTest';
import { WriteTestResult } from './WriteTestResult';
import { attributeOptionText, chosenAttribute, testAttributes } from './writeTest';

export interface WriteAccessTestProps {
  sourceId: string;
  fields: readonly Field[];
  /** The mappings as the form holds them: the select offers their attributes. */
  edits: Edits;
  writable(fieldKey: string): boolean;
  picture: { attribute: string; writeBack: boolean } | null;
  /** The form holds changes not saved yet (the server tests only saved mappings). */
  unsaved: boolean;
}

/**
 * "Test write access": a person of the site and an attribute (a mapped one, or typed) → may the
 * bind user write it in their entry? The server writes the current values back unchanged.
 */
export function WriteAccessTest({ sourceId, fields, edits, writable, picture, unsaved }: WriteAccessTestProps) {
  const test = useWriteAccessTest(sourceId);
  const headingId = useId();
  const [picked, setPicked] = useState<string | null>(null);
  const [other, setOther] = useState('');
  const [running, setRunning] = useState(false);
  const personInput = useRef<HTMLInputElement>(null);
  const otherInput = useRef<HTMLInputElement>(null);
  const list = testAttributes(fields, edits, writable, picture);
  const selected = chosenAttribute(list, picked);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setRunning(true);
    const focus = await test.run(selected || other);
    setRunning(false);
    if (focus === 'person') personInput.current?.focus();
    else if (focus === 'attribute') (selected ? undefined : otherInput.current)?.focus();
  };

  return (
    <section data-testid="write-test" aria-labelledby={headingId} style={{ display: 'flex', flexDirection: 'column', gap: token('space.150') }}>
      <Heading size="small" as="h3" id={headingId}>
        Test write access
      </Heading>
      <p style={{ margin: 0, color: token('color.text.subtle') }}>
        May the bind user write this attribute of this person’s entry in this directory? Rollcall writes the attribute’s current value back unchanged, so nothing in the directory changes.
        One check per directory and attribute; it uses the saved settings.
      </p>
      {unsaved && (
        <p data-testid="write-test-unsaved" style={{ margin: 0, color: token('color.text.warning') }}>
          The mappings above have unsaved changes: the test knows only the saved ones.
        </p>
      )}
      <form noValidate aria-label="Test write access" onSubmit={(event) => void onSubmit(event)} style={{ display: 'flex', flexDirection: 'column', gap: token('space.150') }}>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: token('space.200'), alignItems: 'start' }}>
          <FormField label="Confluence user" error={test.personError} description={test.person && <span data-testid="write-test-chosen">{`Account id: ${test.person.accountId}`}</span>}>
            {(control) => <PersonCombobox control={control} chosen={test.person} onChoose={test.choose} onSearchError={test.setPersonError} inputRef={personInput} />}
          </FormField>
          <FormField label="LDAP attribute" error={test.attributeError}>
            {(control) => (
              <>
                <Select
                  {...control}
                  aria-invalid={!!selected && !!control['aria-invalid']}
                  name="attribute"
                  testId="write-test-attribute"
                  value={selected}
                  onChange={(event) => {
                    setPicked(event.currentTarget.value);
                    test.setAttributeError(null);
                    if (event.currentTarget.value === '') window.setTimeout(() => otherInput.current?.focus(), 0);
                  }}
                >
                  {list.map((a) => (
                    <option key={a.attribute} value={a.attribute}>
                      {attributeOptionText(a)}
                    </option>
                  ))}
                  <option value="">Another attribute…</option>
                </Select>
                <div hidden={selected !== ''} style={{ display: selected === '' ? undefined : 'none', marginTop: token('space.050') }}>
                  <TextInput
                    ref={otherInput}
                    hidden={selected !== ''}
                    name="attributeOther"
                    placeholder="e.g. telephoneNumber"
                    spellCheck={false}
                    aria-label="Attribute name"
                    aria-describedby={control['aria-describedby']}
                    aria-invalid={control['aria-invalid']}
                    testId="write-test-attribute-other"
                    value={other}
                    onChange={(event) => setOther(event.currentTarget.value)}
                  />
                </div>
              </>
            )}
          </FormField>
        </div>
        <div>
          <Button type="submit" testId="write-test-run" isLoading={running}>
            Test write access
          </Button>
        </div>
      </form>
      <div aria-live="polite">{test.result && <WriteTestResult result={test.result} />}</div>
    </section>
  );
}
