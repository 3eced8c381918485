import { bootstrap } from '../../app/bootstrap';
import { MigrationPage } from './MigrationPage';

/** The Profile Migration page's entry (frontend/entries.json: `profile-migration`). */
void bootstrap('Profile Migration', () => <MigrationPage />);
