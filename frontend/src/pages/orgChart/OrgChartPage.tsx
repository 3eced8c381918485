import { PageLayout } from '../../components/PageLayout';
import { Notice } from '../../components/Notice';

/** The Org Chart (a placeholder: the chart itself is issue #18). */
export function OrgChartPage() {
  return (
    <PageLayout title="Org Chart" intro="Who reports to whom." rootProps={{ 'data-testid': 'org-chart' }}>
      <Notice appearance="information" role="note">
        The org chart is drawn from each person’s superior field.
      </Notice>
    </PageLayout>
  );
}
