import { token } from '@atlaskit/tokens';
import { initialsOf } from './fieldFormat';

/** Avatar sizes in pixels: `small` beside a name in a list or chip, `large` on a profile. */
const SIZES = { small: 24, medium: 48, large: 96 } as const;

export interface AvatarProps {
  /** The person's name: the image's text and the initials. */
  name: string;
  /** The picture's URL (a blob: or https: URL); initials without one. */
  src?: string | null;
  size: keyof typeof SIZES;
  /** Said by screen readers (`Picture of …`); leave it out where the name is written next to it. */
  label?: string;
  testId?: string;
}

/**
 * A person's round picture, or their initials on a neutral disc when there is none (Atlassian's
 * avatar look, in the theme's colours). Decorative unless `label` names it.
 */
export function Avatar({ name, src, size, label, testId }: AvatarProps) {
  const px = SIZES[size];
  const box = { width: px, height: px, borderRadius: '50%', flex: 'none' } as const;
  if (src) return <img src={src} alt={label ?? ''} data-testid={testId} style={{ ...box, objectFit: 'cover', display: 'block' }} />;
  return (
    <span
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      data-testid={testId}
      style={{
        ...box,
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        backgroundColor: token('color.background.accent.blue.subtler'),
        color: token('color.text.accent.blue.bolder'),
        fontWeight: token('font.weight.semibold'),
        fontSize: Math.round(px * 0.4),
        lineHeight: 1,
        userSelect: 'none',
      }}
    >
      {initialsOf(name)}
    </span>
  );
}
