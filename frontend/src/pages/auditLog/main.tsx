import { bootstrap } from '../../app/bootstrap';
import { AuditLogPage } from './AuditLogPage';

/** The Audit log page's entry (frontend/entries.json: `audit-log`). */
void bootstrap('Audit log', () => <AuditLogPage />);
