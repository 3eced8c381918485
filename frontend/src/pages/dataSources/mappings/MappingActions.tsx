import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import type { SourceKindWord } from './rules';

export interface MappingActionsProps {
  kind: SourceKindWord;
  /** Which save runs, if one does. */
  saving: 'save' | 'test' | null;
  /** Not loaded yet, or the page's connection test runs. */
  disabled: boolean;
  onSaveAndTest(): void;
  /** What the last save did, or null. */
  status: string | null;
}

/** Save mappings (the form's submit), Save and test connection, and what the last save did (a status region). */
export function MappingActions({ kind, saving, disabled, onSaveAndTest, status }: MappingActionsProps) {
  const off = disabled || saving !== null;
  return (
    <div style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', flexWrap: 'wrap' }}>
      <Button type="submit" appearance="primary" testId="save-mappings" isDisabled={off} isLoading={saving === 'save'}>
        Save mappings
      </Button>
      <Button testId="mappings-save-and-test" onClick={onSaveAndTest} isDisabled={off} isLoading={saving === 'test'}>
        {kind === 'ldap' ? 'Save and test connection' : 'Save and test'}
      </Button>
      <span role="status" data-testid="mappings-status" style={{ color: token('color.text.success') }}>
        {status && (
          <>
            <span aria-hidden="true">✓ </span>
            {status}
          </>
        )}
      </span>
    </div>
  );
}
