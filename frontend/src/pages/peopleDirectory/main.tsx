import { bootstrap } from '../../app/bootstrap';
import { PeopleDirectoryPage } from './PeopleDirectoryPage';

/** The People Directory's entry (frontend/entries.json: `people-directory`); the directory itself is issue #17. */
void bootstrap('People Directory', () => <PeopleDirectoryPage />);
