import { bootstrap } from '../../app/bootstrap';
import { ProfileEditorPage } from './ProfileEditorPage';

/** The Profile Editor page's entry (frontend/entries.json: `profile-editor`). */
void bootstrap('Profile Editor', () => <ProfileEditorPage />);
