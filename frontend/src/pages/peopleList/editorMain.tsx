import { bootstrap } from '../../app/bootstrap';
import { ConnectEditor } from './ConnectEditor';

/** The People list macro editor's entry on Connect (frontend/entries.json: `people-list-editor`; the macro's `editor` page). */
void bootstrap('People list', () => <ConnectEditor />);
