import { useCallback, useEffect, useState } from 'react';
import type { DirectorySettings } from '../../api/directory';
import { useServices } from '../../app/HostContext';

/**
 * What the viewer may do on the directory: whether they administer the site (`/rest/v1/me`), the
 * site's directory settings when they may read them, and so whether they may export (admins
 * always; users when the settings allow it). A failure to find out hides the admin parts and the
 * export; the results do not depend on it.
 */
export function useDirectoryAccess() {
  const { api } = useServices();
  const [isAdmin, setIsAdmin] = useState(false);
  const [settings, setSettings] = useState<DirectorySettings | null>(null);

  useEffect(() => {
    let live = true;
    api.me.get().then((me) => live && setIsAdmin(me.isAdmin), () => undefined);
    api.directory.settings().then((s) => live && setSettings(s), () => undefined);
    return () => void (live = false);
  }, [api]);

  const saved = useCallback((s: DirectorySettings) => setSettings(s), []);
  return { isAdmin, settings, canExport: isAdmin || settings?.exportForUsers === true, saved };
}
