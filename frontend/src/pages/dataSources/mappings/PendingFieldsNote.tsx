import type { Field } from '../../../api/profileSchema';
import { Notice } from '../../../components/Notice';
import { fieldList } from './rules';

/** "The next incremental run will fill Department for everyone": fields mapped since the last full run (none: nothing shown). */
export function PendingFieldsNote({ pending, fields }: { pending: readonly string[]; fields: readonly Field[] }) {
  if (pending.length === 0) return null;
  const labels = pending.map((key) => fields.find((f) => f.key === key)?.label ?? key);
  return (
    <Notice appearance="information" testId="mappings-pending-fields" attributes={{ 'data-fields': pending.join(' ') }}>
      <p style={{ margin: 0 }}>
        The next incremental run will fill <strong>{fieldList(labels)}</strong> for everyone (mapped since the last full run).
      </p>
    </Notice>
  );
}
