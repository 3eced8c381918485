import { token } from '@atlaskit/tokens';
import type { SourceKind } from '../../../api/sources';
import { EmptyState } from '../../../components/EmptyState';
import { AddButtons } from './AddButtons';

/** No source yet: what sources do, what each kind needs, and the two ways to add one. */
export function EmptySources({ onAdd }: { onAdd: (kind: SourceKind) => void }) {
  return (
    <EmptyState
      testId="empty-state"
      title="Fill profiles from your company directory"
      description={
        <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.100'), maxWidth: '760px' }}>
          <p style={{ margin: 0 }}>
            Connect an LDAP directory (OpenLDAP, Active Directory, …) and Rollcall reads people’s job titles, departments, phone numbers, managers and pictures from it, matches each entry to a Confluence account by email, and keeps profiles up to date on a schedule.
          </p>
          <p style={{ margin: 0 }}>Or read an XML export of your HR system: uploaded here, from a file on the server, or from an HTTPS URL. Each record is matched by its email or Atlassian account id.</p>
          <p style={{ margin: 0 }}>No data sources yet. For a directory you need its URL, a base DN and, usually, a service account to bind with; for an XML file, the file.</p>
        </div>
      }
      action={<AddButtons onAdd={onAdd} />}
    />
  );
}
