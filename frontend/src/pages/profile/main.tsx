import { bootstrap } from '../../app/bootstrap';
import { ProfilePage } from './ProfilePage';

/** The Profile page's entry (frontend/entries.json: `profile`). */
void bootstrap('Profile', () => <ProfilePage />);
