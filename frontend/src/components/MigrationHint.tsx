import Button from '@atlaskit/button/new';
import { Notice } from './Notice';

export interface MigrationHintProps {
  /** What follows "Migrate existing profile data first:" on this page. */
  detail: string;
  /** With it, an "Open Profile Migration" button (on pages other than Profile Migration). */
  onOpen?: () => void;
}

/**
 * Shown until the first migration ran (`GET /rest/v1/migration`'s `showHint`), on Profile
 * Migration and on the Profile Editor: bring existing data over before people fill in profiles.
 */
export function MigrationHint({ detail, onOpen }: MigrationHintProps) {
  return (
    <Notice appearance="information" testId="migration-hint" role="status">
      <p>
        <strong>Migrate existing profile data first:</strong> {detail}
      </p>
      {onOpen && (
        <p>
          <Button onClick={onOpen} testId="open-migration">
            Open Profile Migration
          </Button>
        </p>
      )}
    </Notice>
  );
}
