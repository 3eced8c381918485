import { bootstrap } from '../../app/bootstrap';
import { OrgChartEntry } from './OrgChartEntry';

/** The Org Chart's entry (frontend/entries.json: `org-chart`): the page, or the org chart macro. */
void bootstrap('Org Chart', () => <OrgChartEntry />);
