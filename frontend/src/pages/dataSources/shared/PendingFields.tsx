import type { Field } from '../../../api/profileSchema';
import type { Source } from '../../../api/sources';
import { Notice } from '../../../components/Notice';
import { listWords } from '../format';

/** Fields mapped since the last full run, which the next incremental run fills for everyone; nothing when there are none (or incremental sync is off). */
export function PendingFields({ source, fields, testId }: { source: Source; fields: Field[]; testId: string }) {
  const inc = source.incremental;
  if (!inc?.enabled || !inc.pendingFields.length) return null;
  const labels = inc.pendingFields.map((key) => fields.find((f) => f.key === key)?.label ?? key);
  return (
    <div style={{ gridColumn: '1 / -1' }}>
      <Notice appearance="information" testId={testId} attributes={{ 'data-fields': inc.pendingFields.join(' ') }}>
        <p>
          {'The next incremental run will fill '}
          <strong>{listWords(labels)}</strong>
          {' for everyone (mapped since the last full run).'}
        </p>
      </Notice>
    </div>
  );
}
