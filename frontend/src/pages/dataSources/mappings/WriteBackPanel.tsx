import { token } from '@atlaskit/tokens';
import { Notice } from '../../../components/Notice';
import { Switch } from './Switch';

export interface WriteBackPanelProps {
  on: boolean;
  onChange(on: boolean): void;
  /** A field or the picture is ticked: with the switch off, a note says nothing is written yet. */
  anyTicked: boolean;
}

/** "Write profile changes back to LDAP": the source's switch (saved with the mappings), the warning, and the note while it is off. */
export function WriteBackPanel({ on, onChange, anyTicked }: WriteBackPanelProps) {
  return (
    <section data-testid="write-back-panel" aria-label="Write-back to LDAP" style={{ display: 'flex', flexDirection: 'column', gap: token('space.150') }}>
      <Switch
        name="writeBack"
        testId="source-write-back"
        label="Write profile changes back to LDAP"
        description="When people edit a field ticked below in their profile, Rollcall writes the new value into their entry in this directory, as the bind user of the Settings tab."
        checked={on}
        onChange={onChange}
      />
      <Notice appearance="warning" title="This changes your company’s directory" testId="write-back-warning">
        <p style={{ margin: 0 }}>
          Values people type into their profile are written into LDAP, where every application that reads the directory sees them. The bind user needs write access to each ticked
          attribute: check it with Test write access below.
        </p>
      </Notice>
      <p data-testid="write-back-off-note" hidden={on || !anyTicked} style={{ margin: 0, color: token('color.text.subtle') }}>
        Write-back is off for this directory: ticked fields are written only once you switch it on.
      </p>
    </section>
  );
}
