import { bootstrap } from '../../app/bootstrap';
import { PeopleListMacro } from './PeopleListMacro';

/** The People list macro's entry on Connect (frontend/entries.json: `people-list`; the macro's iframe). */
void bootstrap('People list', () => <PeopleListMacro />);
