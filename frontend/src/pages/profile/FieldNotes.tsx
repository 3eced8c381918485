import LockLockedIcon from '@atlaskit/icon/core/lock-locked';
import RefreshIcon from '@atlaskit/icon/core/refresh';
import { token } from '@atlaskit/tokens';
import { HelpDescription } from '../../components/FieldHelp';
import { refreshedNoteText, sourceNameOf, type FormField } from './formValues';

const row = { display: 'flex', alignItems: 'center', gap: token('space.050') } as const;

/**
 * Below a form field: the directory's change since the last sync (what Save replaces), the help,
 * and where the value lives (read-only: change it in the directory; write-back: saving updates it).
 */
export function FieldNotes({ field, helpText, shownInProfile }: { field: FormField; helpText: string; shownInProfile: boolean }) {
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.025') }}>
      {field.refreshed && (
        <div data-testid="refreshed-note" style={{ ...row, color: token('color.text.information') }}>
          <RefreshIcon label="" size="small" />
          {` ${refreshedNoteText(field.refreshed)}`}
        </div>
      )}
      <HelpDescription helpText={helpText} label={field.label} />
      {!field.editable ? (
        <div data-testid="readonly-note" style={row}>
          <LockLockedIcon label="" size="small" />
          {` Comes from ${sourceNameOf(field)}; change it there.`}
        </div>
      ) : (
        field.writesBack && <div data-testid="writeback-note">{`Saving also updates ${sourceNameOf(field)}.`}</div>
      )}
      {!shownInProfile && <div>Not shown on the profile page.</div>}
    </div>
  );
}
