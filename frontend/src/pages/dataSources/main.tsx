import { bootstrap } from '../../app/bootstrap';
import { DataSourcesPage } from './DataSourcesPage';

/** The Data Sources page's entry (frontend/entries.json: `data-sources`). */
void bootstrap('Data Sources', () => <DataSourcesPage />);
