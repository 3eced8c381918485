import { PageLayout } from '../../components/PageLayout';
import { Notice } from '../../components/Notice';

/** The People Directory (a placeholder: the directory itself is issue #17). */
export function PeopleDirectoryPage() {
  return (
    <PageLayout title="People Directory" intro="Find people by name, department or location." rootProps={{ 'data-testid': 'people-directory' }}>
      <Notice appearance="information" role="note">
        The directory will list everyone in this Confluence site.
      </Notice>
    </PageLayout>
  );
}
