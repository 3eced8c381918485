import Button from '@atlaskit/button/new';
import { Notice } from './Notice';

export interface LoadErrorProps {
  title: string;
  message: string;
  /** With it, a "Try again" button (left out when trying again cannot help, e.g. a 403). */
  onRetry?: () => void;
}

/** A page (or a part of one) that could not be loaded: why, and a way to try again. */
export function LoadError({ title, message, onRetry }: LoadErrorProps) {
  return (
    <Notice appearance="error" title={title} role="alert" testId="load-error">
      <p>{message}</p>
      {onRetry && (
        <p>
          <Button onClick={onRetry} testId="load-error-retry">
            Try again
          </Button>
        </p>
      )}
    </Notice>
  );
}
