import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useCallback, useRef, type FormEvent } from 'react';
import type { Field } from '../../../api/profileSchema';
import type { Source } from '../../../api/sources';
import { LoadError } from '../../../components/LoadError';
import { Notice } from '../../../components/Notice';
import { matchByOf, pendingFieldsOf } from './edits';
import { MappingActions } from './MappingActions';
import { MappingsIntro } from './MappingsIntro';
import { MappingTable } from './MappingTable';
import { PendingFieldsNote } from './PendingFieldsNote';
import { canWriteBack } from './rules';
import { useMappings, type SaveOutcome } from './useMappings';
import { WriteAccessTest } from './WriteAccessTest';
import { WriteBackPanel } from './WriteBackPanel';

export interface MappingsTabProps {
  source: Source;
  fields: Field[];
  /** A connection test runs (the page's): the tab's save buttons are disabled meanwhile. */
  testing: boolean;
  /** The source changed on the server (e.g. its writeBack switch): the page updates its copy. */
  onSourceChanged(source: Source): void;
  /** "Save and test connection" saved the mappings: the page runs its connection test now and shows the result in its test slot below the tab. */
  onTestConnection(): void;
}

/**
 * The Field mappings tab of a source: per profile field an LDAP attribute or an XML record path;
 * for LDAP the write-back switch, ticks and picture (saved with the mappings) and the write-access
 * test. "Save and test connection" hands over to the page's connection test.
 */
export function MappingsTab({ source, fields, testing, onSourceChanged, onTestConnection }: MappingsTabProps): JSX.Element {
  const state = useMappings(source, fields, onSourceChanged);
  const { kind } = state;
  const inputs = useRef(new Map<string, HTMLInputElement>());
  const formError = useRef<HTMLDivElement>(null);
  const inputRef = useCallback(
    (key: string) => (input: HTMLInputElement | null) => {
      if (input) inputs.current.set(key, input);
      else inputs.current.delete(key);
    },
    [],
  );
  const focusAfter = (outcome: SaveOutcome) => {
    if (outcome.focus === 'row') inputs.current.get(outcome.fieldKey)?.focus();
    // The form's message renders with the state: focus it once it is there.
    else if (outcome.focus === 'form') window.setTimeout(() => formError.current?.focus(), 0);
  };
  const save = (andTest: boolean) => void state.save(andTest, onTestConnection).then(focusAfter);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save(false);
  };
  const writable = (key: string) => canWriteBack(fields.find((f) => f.key === key));
  const anyTicked = fields.some((f) => state.rowOf(f.key).writeBack && state.rowOf(f.key).attribute.trim() && canWriteBack(f)) || (!!state.pictureAttribute && state.pictureWriteBack);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.400') }}>
      <form
        noValidate
        aria-label="Field mappings"
        aria-busy={!state.loaded}
        data-testid="mappings-form"
        data-kind={kind}
        data-loaded={state.loaded ? 'true' : undefined}
        data-write-back={kind === 'ldap' ? (state.writeBack ? 'on' : 'off') : undefined}
        onSubmit={onSubmit}
        style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }}
      >
        <MappingsIntro kind={kind} matchBy={matchByOf(source)} />
        {kind === 'ldap' && <WriteBackPanel on={state.writeBack} onChange={state.setSourceWriteBack} anyTicked={anyTicked} />}
        <div ref={formError} tabIndex={-1} data-testid="mappings-error">
          {state.formError && (
            <Notice appearance="error" role="alert">
              <p style={{ margin: 0 }}>{state.formError}</p>
            </Notice>
          )}
        </div>
        {state.loadError ? (
          <LoadError title="The mappings could not be loaded" message={state.loadError} onRetry={() => void state.reload()} />
        ) : !state.loaded ? (
          <div style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', color: token('color.text.subtle') }}>
            <Spinner size="small" label="Loading" /> Loading the mappings…
          </div>
        ) : (
          <MappingTable
            kind={kind}
            matchBy={matchByOf(source)}
            fields={fields}
            categories={state.categories}
            edits={state.edits}
            errors={state.rowErrors}
            onAttribute={state.setAttribute}
            onWriteBack={state.setRowWriteBack}
            picture={{ attribute: state.pictureAttribute, writeBack: state.pictureWriteBack, onWriteBack: state.setPictureWriteBack }}
            inputRef={inputRef}
          />
        )}
        {kind === 'ldap' && <PendingFieldsNote pending={pendingFieldsOf(source)} fields={fields} />}
        <MappingActions kind={kind} saving={state.saving} disabled={!state.loaded || testing} onSaveAndTest={() => save(true)} status={state.status} />
      </form>
      {kind === 'ldap' && (
        <WriteAccessTest sourceId={source.id} fields={fields} edits={state.edits} writable={writable} unsaved={state.unsaved} picture={state.pictureAttribute ? { attribute: state.pictureAttribute, writeBack: state.pictureWriteBack } : null} />
      )}
    </div>
  );
}
