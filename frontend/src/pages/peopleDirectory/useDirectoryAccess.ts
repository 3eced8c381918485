import { useCallback, useEffect, useState } from 'react';
import type { DirectorySettings } from '../../api/directory';
import { useServices } from '../../app/HostContext';

/**
 * What the viewer may do on the directory: whether they administer the site (`/rest/v1/me`), the
 * site's directory settings (admins), and so whether an admin may export. A user may when the
 * admin allows it: each page of results says so (`canExport`), which the page reads beside this.
 * A failure to find out hides the admin parts; the results do not depend on it.
 */
export function useDirectoryAccess() {
  const { api } = useServices();
  const [isAdmin, setIsAdmin] = useState(false);
  const [settings, setSettings] = useState<DirectorySettings | null>(null);

  useEffect(() => {
    let live = true;
    // The settings are the admins' to read (the contract): a user's page does not ask, and shows no export.
    api.me.get().then(
      async (me) => {
        if (!live || !me.isAdmin) return;
        setIsAdmin(true);
        const s = await api.directory.settings().catch(() => null);
        if (live && s) setSettings(s);
      },
      () => undefined,
    );
    return () => void (live = false);
  }, [api]);

  const saved = useCallback((s: DirectorySettings) => setSettings(s), []);
  return { isAdmin, settings, canExport: isAdmin || settings?.exportForUsers === true, saved };
}
