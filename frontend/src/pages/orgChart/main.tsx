import { bootstrap } from '../../app/bootstrap';
import { PageLayout } from '../../components/PageLayout';
import { Notice } from '../../components/Notice';

/** The Org Chart's entry (frontend/entries.json: `org-chart`); the chart itself is issue #18. */
void bootstrap('Org Chart', () => (
  <PageLayout title="Org Chart" intro="Who reports to whom." rootProps={{ 'data-testid': 'org-chart' }}>
    <Notice appearance="information" role="note">
      The org chart is drawn from each person’s superior field.
    </Notice>
  </PageLayout>
));
