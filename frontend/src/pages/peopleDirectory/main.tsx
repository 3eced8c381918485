import { bootstrap } from '../../app/bootstrap';
import { PeopleDirectoryPage } from './PeopleDirectoryPage';

/** The People Directory's entry (frontend/entries.json: `people-directory`). */
void bootstrap('People Directory', () => <PeopleDirectoryPage />);
