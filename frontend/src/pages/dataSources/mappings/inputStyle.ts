import { token } from '@atlaskit/tokens';
import type { CSSProperties } from 'react';

/** A text input or select in Atlassian's look (the theme's input colours), red-bordered while invalid. */
export function inputStyle(invalid: boolean): CSSProperties {
  return {
    boxSizing: 'border-box',
    width: '100%',
    minHeight: 32,
    padding: `${token('space.050')} ${token('space.100')}`,
    font: token('font.body'),
    color: token('color.text'),
    background: token('color.background.input'),
    border: `1px solid ${invalid ? token('color.border.danger') : token('color.border.input')}`,
    borderRadius: token('radius.small'),
  };
}
