import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import type { HTMLAttributes, ReactNode } from 'react';

export interface PageLayoutProps {
  title: string;
  /** Attributes of the page's root (`data-testid`, `data-state`, … for tests and styling). */
  rootProps?: HTMLAttributes<HTMLElement> & Record<`data-${string}`, string | undefined>;
  /** Above the heading's intro: a hint that matters more than the rest (e.g. "migrate first"). */
  banner?: ReactNode;
  /** One paragraph under the heading saying what the page is for. */
  intro?: ReactNode;
  children: ReactNode;
}

/** Every page's frame: the heading, an optional banner and intro, then the page, in Atlassian's spacing. */
export function PageLayout({ title, rootProps, banner, intro, children }: PageLayoutProps) {
  return (
    <main {...rootProps} style={{ padding: `${token('space.300')} ${token('space.400')}`, maxWidth: '1100px', display: 'flex', flexDirection: 'column', gap: token('space.300') }}>
      <Heading size="large" as="h1">
        {title}
      </Heading>
      {banner}
      {intro && <p style={{ margin: 0, color: token('color.text.subtle'), maxWidth: '760px' }}>{intro}</p>}
      {children}
    </main>
  );
}

/** A titled part of a page (`<section>` named by its heading). */
export function PageSection({ id, title, children, testId }: { id: string; title: string; children: ReactNode; testId?: string }) {
  return (
    <section aria-labelledby={id} data-testid={testId} style={{ display: 'flex', flexDirection: 'column', gap: token('space.150') }}>
      <Heading size="medium" as="h2" id={id}>
        {title}
      </Heading>
      {children}
    </section>
  );
}
