import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import type { SourceKind } from '../../../api/sources';

/** "Add LDAP directory" and "Add XML file": a new source of either kind. */
export function AddButtons({ onAdd }: { onAdd: (kind: SourceKind) => void }) {
  return (
    <div style={{ display: 'flex', gap: token('space.100'), flexWrap: 'wrap' }}>
      <Button appearance="primary" testId="add-source" onClick={() => onAdd('ldap')}>
        Add LDAP directory
      </Button>
      <Button testId="add-xml-source" onClick={() => onAdd('xml')}>
        Add XML file
      </Button>
    </div>
  );
}
