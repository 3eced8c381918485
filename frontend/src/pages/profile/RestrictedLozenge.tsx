import LockLockedIcon from '@atlaskit/icon/core/lock-locked';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';

/** Beside a category's name: only members of some groups see it. */
export function RestrictedLozenge({ testId }: { testId?: string }) {
  return (
    <span title="Only members of some groups see this category" data-testid={testId} style={{ display: 'inline-flex', alignItems: 'center', gap: token('space.050'), marginLeft: token('space.100'), verticalAlign: 'middle' }}>
      <Lozenge appearance="moved">
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: token('space.050') }}>
          <LockLockedIcon label="" size="small" /> Restricted
        </span>
      </Lozenge>
    </span>
  );
}
