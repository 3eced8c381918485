import { token } from '@atlaskit/tokens';
import type { CSSProperties } from 'react';

/**
 * The look of a native text input, textarea or select (Atlaskit's text field: a subtle border,
 * the theme's input colours), for the controls Atlaskit offers no package of here.
 */
export function controlStyle(width: 'short' | 'medium' | 'long' = 'long', invalid = false): CSSProperties {
  return {
    boxSizing: 'border-box',
    width: '100%',
    maxWidth: width === 'short' ? '200px' : width === 'medium' ? '300px' : '500px',
    minHeight: '36px',
    padding: `${token('space.075')} ${token('space.100')}`,
    font: 'inherit',
    color: token('color.text'),
    backgroundColor: token('color.background.input'),
    border: `1px solid ${invalid ? token('color.border.danger') : token('color.border.input')}`,
    borderRadius: token('radius.small', '3px'),
  };
}
