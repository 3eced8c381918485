import { bootstrap } from '../../app/bootstrap';
import { OrgChartPage } from './OrgChartPage';

/** The Org Chart's entry (frontend/entries.json: `org-chart`). */
void bootstrap('Org Chart', () => <OrgChartPage />);
