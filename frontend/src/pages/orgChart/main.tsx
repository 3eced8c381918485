import { bootstrap } from '../../app/bootstrap';
import { OrgChartPage } from './OrgChartPage';

/** The Org Chart's entry (frontend/entries.json: `org-chart`); the chart itself is issue #18. */
void bootstrap('Org Chart', () => <OrgChartPage />);
