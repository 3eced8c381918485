import { useEffect, useState } from 'react';
import type { Profile } from '../../api/profiles';
import { useServices } from '../../app/HostContext';

/**
 * The profile's picture as a blob: URL (an <img src> cannot send the token), fetched again when
 * the picture's version changes; null (initials) when there is none or it cannot be read. The
 * previous URL is released.
 */
export function usePicture(profile: Profile | null) {
  const { api } = useServices();
  const [url, setUrl] = useState<string | null>(null);
  const accountId = profile?.accountId;
  const version = profile?.hasPicture ? (profile.pictureVersion ?? '') : null;

  useEffect(() => {
    if (!accountId || version === null) {
      setUrl(null);
      return;
    }
    let current = true;
    api.profiles.picture(accountId, version).then(
      (blob) => current && setUrl(URL.createObjectURL(blob)),
      () => current && setUrl(null),
    );
    return () => void (current = false);
  }, [api, accountId, version]);

  useEffect(() => (url ? () => URL.revokeObjectURL(url) : undefined), [url]);

  return { url };
}
