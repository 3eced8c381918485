import Button from '@atlaskit/button/new';
import { useEffect, useRef } from 'react';
import { Notice } from '../../components/Notice';
import type { FormNote } from './useProfileForm';

/** Above the form: why it was not saved (an alert), with the directory's usual causes or "Reload the form". */
export function FormMessage({ note, onReload }: { note: FormNote; onReload: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Braces: Chromium's scrollIntoView answers a promise, which React would take for a cleanup.
    box.current?.scrollIntoView({ block: 'nearest' });
  }, [note]);
  return (
    <div ref={box}>
      <Notice appearance={note.appearance} title={note.title} role="alert" testId={`form-message-${note.appearance}`}>
        {note.lines.map((line, i) => (
          <p key={i}>{line}</p>
        ))}
        {note.causes && note.causes.length > 0 && (
          <ul>
            {note.causes.map((cause, i) => (
              <li key={i}>{cause}</li>
            ))}
          </ul>
        )}
        {note.reload && (
          <p>
            <Button onClick={onReload} testId="reload-form">
              Reload the form
            </Button>
          </p>
        )}
      </Notice>
    </div>
  );
}
