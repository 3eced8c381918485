import { token } from '@atlaskit/tokens';
import type { CSSProperties } from 'react';

/**
 * The look of a native text input, textarea or select (Atlaskit's text field: a subtle border,
 * the theme's input colours; greyed when disabled), for the controls Atlaskit offers no package of here.
 */
export function controlStyle(width: 'short' | 'medium' | 'long' = 'long', invalid = false, disabled = false): CSSProperties {
  return {
    boxSizing: 'border-box',
    width: '100%',
    maxWidth: width === 'short' ? '200px' : width === 'medium' ? '300px' : '500px',
    minHeight: '36px',
    padding: `${token('space.075')} ${token('space.100')}`,
    font: 'inherit',
    color: disabled ? token('color.text.disabled') : token('color.text'),
    backgroundColor: disabled ? token('color.background.disabled') : token('color.background.input'),
    border: `1px solid ${invalid ? token('color.border.danger') : disabled ? token('color.border.disabled') : token('color.border.input')}`,
    cursor: disabled ? 'not-allowed' : undefined,
    borderRadius: token('radius.small', '3px'),
  };
}
