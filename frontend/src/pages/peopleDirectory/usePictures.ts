import { useEffect, useRef, useState } from 'react';
import type { DirectoryPerson } from '../../api/directory';
import { useServices } from '../../app/HostContext';

/** Pictures fetched at once (a page of 50 people should not open 50 requests together). */
const PARALLEL = 4;

/**
 * The people's pictures as blob: URLs by account id (an <img src> cannot send the host's token),
 * fetched a few at a time as people appear; someone without a picture, or whose picture cannot be
 * read, keeps their initials. The URLs are released when the page goes.
 */
export function usePictures(people: DirectoryPerson[]): Record<string, string> {
  const { api } = useServices();
  const [urls, setUrls] = useState<Record<string, string>>({});
  const asked = useRef(new Set<string>());
  const made = useRef<string[]>([]);

  useEffect(() => {
    const queue = people.filter((p) => p.pictureUrl && !asked.current.has(`${p.accountId} ${p.pictureUrl}`));
    for (const p of queue) asked.current.add(`${p.accountId} ${p.pictureUrl}`);
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        const person = queue[next++];
        try {
          const blob = await api.directory.picture(person.accountId, person.pictureUrl!);
          const url = URL.createObjectURL(blob);
          made.current.push(url);
          setUrls((u) => ({ ...u, [person.accountId]: url }));
        } catch {
          // initials instead
        }
      }
    };
    for (let i = 0; i < Math.min(PARALLEL, queue.length); i++) void worker();
  }, [api, people]);

  useEffect(() => () => made.current.forEach((url) => URL.revokeObjectURL(url)), []);
  return urls;
}
