import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api/errors';
import { useServices } from '../../app/HostContext';

/**
 * Changing the picture: a chosen file opens the crop step (a file the browser cannot draw goes to
 * Rollcall as it is, which says why it refuses it), the crop is uploaded, the picture removed.
 * Refusals show next to the picture (`error`); each success reloads the profile and flags.
 */
export function usePictureEdit(accountId: string | undefined, reload: () => Promise<void>) {
  const { api, host } = useServices();
  const [cropping, setCropping] = useState<{ image: HTMLImageElement; url: string } | null>(null);
  const [error, setError] = useState('');
  const [removing, setRemoving] = useState(false);

  useEffect(() => (cropping ? () => URL.revokeObjectURL(cropping.url) : undefined), [cropping]);

  const upload = useCallback(
    async (picture: Blob) => {
      if (!accountId) return;
      setError('');
      try {
        await api.profiles.uploadPicture(accountId, picture);
      } catch (err) {
        setError(messageOf(err));
        throw err;
      }
    },
    [accountId, api],
  );

  const choose = useCallback(
    (file: File) => {
      setError('');
      const url = URL.createObjectURL(file);
      const image = new Image();
      image.onload = () => setCropping({ image, url });
      image.onerror = () => {
        URL.revokeObjectURL(url);
        upload(file).then(reload, () => undefined);
      };
      image.src = url;
    },
    [reload, upload],
  );

  const save = useCallback(
    async (picture: Blob) => {
      await upload(picture);
      setCropping(null);
      await reload();
      host.showFlag({ title: 'Picture saved', body: 'Your new picture is on your profile.', type: 'success' });
    },
    [host, reload, upload],
  );

  const cancel = useCallback(() => {
    setCropping(null);
    window.setTimeout(() => document.querySelector<HTMLElement>('[data-testid="change-picture"]')?.focus(), 0);
  }, []);

  const remove = useCallback(async () => {
    if (!accountId) return;
    setError('');
    setRemoving(true);
    try {
      await api.profiles.removePicture(accountId);
      await reload();
      host.showFlag({ title: 'Picture removed', type: 'success' });
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setRemoving(false);
    }
  }, [accountId, api, host, reload]);

  return { cropping, error, removing, choose, save, cancel, remove };
}

export type PictureEdit = ReturnType<typeof usePictureEdit>;
