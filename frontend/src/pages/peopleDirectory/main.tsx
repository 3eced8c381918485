import { bootstrap } from '../../app/bootstrap';
import { PageLayout } from '../../components/PageLayout';
import { Notice } from '../../components/Notice';

/** The People Directory's entry (frontend/entries.json: `people-directory`); the directory itself is issue #17. */
void bootstrap('People Directory', () => (
  <PageLayout title="People Directory" intro="Find people by name, department or location." rootProps={{ 'data-testid': 'people-directory' }}>
    <Notice appearance="information" role="note">
      The directory will list everyone in this Confluence site.
    </Notice>
  </PageLayout>
));
