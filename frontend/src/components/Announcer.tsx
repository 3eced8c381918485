import { useCallback, useRef, useState } from 'react';

/**
 * A polite live region and the function that speaks through it. The text is cleared first, so
 * the same sentence twice in a row is said twice; sentences announced within the same moment
 * (two runs ending together) are said together, none lost.
 */
export function useAnnouncer(): { announce: (text: string) => void; region: JSX.Element } {
  const [text, setText] = useState('');
  const timer = useRef<number | undefined>(undefined);
  const pending = useRef<string[]>([]);
  const announce = useCallback((next: string) => {
    setText('');
    pending.current.push(next);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      setText(pending.current.join(' '));
      pending.current = [];
    }, 50);
  }, []);
  const region = (
    <div className="rc-assistive" aria-live="polite" data-testid="announcer">
      {text}
    </div>
  );
  return { announce, region };
}
