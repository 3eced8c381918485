import { useEffect, useState } from 'react';
import { useServices } from '../../app/HostContext';

/**
 * Whether to recommend Profile Migration (until the first migration ran): asked once the editor's
 * data is in (`ready`); when the call fails (a 403, …) no hint shows. `checked` once answered.
 */
export function useMigrationHint(ready: boolean): { checked: boolean; show: boolean } {
  const { api } = useServices();
  const [hint, setHint] = useState({ checked: false, show: false });
  useEffect(() => {
    if (!ready) return;
    let live = true;
    api.migration.status().then(
      (status) => live && setHint({ checked: true, show: status.showHint }),
      () => live && setHint({ checked: true, show: false }),
    );
    return () => {
      live = false;
    };
  }, [api, ready]);
  return hint;
}
