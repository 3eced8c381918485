import { bootstrap } from '../../app/bootstrap';
import { MigrationPage } from './MigrationPage';

/** The Profile Migration page's entry (PAGE_ENTRIES in frontend/vite.config.ts). */
void bootstrap('Profile Migration', () => <MigrationPage />);
