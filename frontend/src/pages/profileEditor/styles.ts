/** The editor's shared looks, from Atlassian's tokens (light and dark). */
import { token } from '@atlaskit/tokens';
import type { CSSProperties } from 'react';

export const muted: CSSProperties = { color: token('color.text.subtlest') };
export const subtle: CSSProperties = { margin: 0, color: token('color.text.subtle') };
export const row: CSSProperties = { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: token('space.100') };
export const column: CSSProperties = { display: 'flex', flexDirection: 'column', gap: token('space.100') };
export const errorText: CSSProperties = { color: token('color.text.danger') };
export const handle: CSSProperties = { display: 'inline-flex', cursor: 'grab', color: token('color.icon.subtle'), padding: token('space.025') };

/** The line that marks where a drop lands (before or after). */
export function dropLine(where: 'before' | 'after' | undefined): CSSProperties {
  if (!where) return {};
  return { boxShadow: `inset 0 ${where === 'before' ? '2px' : '-2px'} 0 ${token('color.border.selected')}` };
}
