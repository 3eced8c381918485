import Button from '@atlaskit/button/new';
import QuestionCircleIcon from '@atlaskit/icon/core/question-circle';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { isLongHelp } from './helpText';

const trigger = { display: 'inline-flex', alignItems: 'center', verticalAlign: 'middle', marginLeft: token('space.050'), padding: 0, border: 0, borderRadius: token('radius.small'), background: 'none', color: token('color.icon.subtle'), cursor: 'help' } as const;

export interface FieldHelp {
  /** Beside the field's label: the question mark (null without help text). */
  icon: ReactNode;
  /** Where a block of text fits (below the row): the long help's panel, null for short help. */
  panel: ReactNode;
  open: boolean;
}

/**
 * A field's help: short help is the question mark's tooltip and accessible name ("Help: …");
 * long help makes the question mark a button opening a panel with the whole text, which takes the
 * focus (arrow keys scroll it within its height); Escape, Close or the button close it and the
 * focus returns to the button. The text reaches the DOM as React text, its line breaks kept.
 */
export function useFieldHelp(helpText: string, label: string, testId: string): FieldHelp {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const text = useRef<HTMLDivElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (open) text.current?.focus();
    else if (opened.current) button.current?.focus();
    opened.current = open;
  }, [open]);
  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !open) return;
      event.preventDefault();
      event.stopPropagation(); // the help closes, not the form around it
      setOpen(false);
    },
    [open],
  );
  if (!helpText) return { icon: null, panel: null, open: false };
  const glyph = <QuestionCircleIcon label="" size="small" />;
  if (!isLongHelp(helpText)) {
    return {
      icon: (
        <span role="img" tabIndex={0} title={helpText} aria-label={`Help: ${helpText}`} data-testid={testId} data-icon="question-circle" style={trigger}>
          {glyph}
        </span>
      ),
      panel: null,
      open: false,
    };
  }
  return {
    icon: (
      <button ref={button} type="button" title="Show the help" aria-label={`Help: ${label}`} aria-expanded={open} aria-controls={panelId} data-testid={testId} data-help="long" data-icon="question-circle" onClick={() => setOpen(!open)} onKeyDown={onKeyDown} style={{ ...trigger, cursor: 'pointer', color: open ? token('color.icon.selected') : trigger.color }}>
        {glyph}
      </button>
    ),
    panel: (
      <div id={panelId} role="region" aria-label={`Help: ${label}`} hidden={!open} data-testid="help-panel" onKeyDown={onKeyDown} style={{ display: open ? 'flex' : 'none', flexDirection: 'column', gap: token('space.050'), marginTop: token('space.100'), padding: token('space.150'), borderRadius: token('radius.medium'), backgroundColor: token('color.background.neutral.subtle.hovered'), border: `1px solid ${token('color.border')}` }}>
        <div ref={text} tabIndex={0} data-testid="help-text" style={{ maxHeight: '240px', overflowY: 'auto', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', color: token('color.text'), cursor: 'text', userSelect: 'text' }}>
          {helpText}
        </div>
        <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button appearance="subtle" spacing="compact" onClick={() => setOpen(false)} testId="help-close">
            Close
          </Button>
        </div>
      </div>
    ),
    open,
  };
}
