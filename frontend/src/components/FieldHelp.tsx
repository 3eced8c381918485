import Button from '@atlaskit/button/new';
import QuestionCircleIcon from '@atlaskit/icon/core/question-circle';
import { token } from '@atlaskit/tokens';
import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { helpExcerpt, isLongHelp } from './helpText';

interface PanelProps {
  id: string;
  label: string;
  text: string;
  open: boolean;
  textRef: RefObject<HTMLDivElement>;
  onClose: () => void;
  onKeyDown: (event: KeyboardEvent) => void;
}

/** The whole help text: it scrolls within its height (arrow keys and Page Down once focused). */
function HelpPanel({ id, label, text, open, textRef, onClose, onKeyDown }: PanelProps) {
  return (
    <div id={id} role="region" aria-label={`Help: ${label}`} hidden={!open} data-testid="help-panel" onKeyDown={onKeyDown} style={{ margin: `${token('space.075')} 0 ${token('space.050')}`, border: `1px solid ${token('color.border')}`, borderLeft: `3px solid ${token('color.border.information')}`, borderRadius: token('radius.small'), backgroundColor: token('color.background.neutral.subtle.hovered'), color: token('color.text'), fontWeight: 'normal', maxWidth: '640px' }}>
      <div ref={textRef} tabIndex={0} data-testid="help-text" style={{ boxSizing: 'border-box', maxHeight: '240px', overflowY: 'auto', padding: `${token('space.100')} ${token('space.150')}`, whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
        {text}
      </div>
      <div style={{ display: 'flex', justifyContent: 'flex-end', padding: `0 ${token('space.100')}`, borderTop: `1px solid ${token('color.border')}` }}>
        <Button appearance="subtle" spacing="compact" onClick={onClose} testId="help-close">
          Close
        </Button>
      </div>
    </div>
  );
}

/**
 * The open/closed state of a long help's panel: opening focuses the text, closing (Escape, Close,
 * the trigger again) gives the focus back to the trigger. Escape closes the help only.
 */
function useHelpPanel(label: string, text: string) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const toggled = useRef(false);
  // In the commit that shows or hides the panel: the text takes the focus, or gives it back.
  useLayoutEffect(() => {
    if (!toggled.current) return;
    toggled.current = false;
    (open ? textRef.current : trigger.current)?.focus();
  }, [open]);
  const set = (next: boolean) => {
    toggled.current = true;
    setOpen(next);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    event.preventDefault();
    event.stopPropagation(); // the help closes, not the form around it
    set(false);
  };
  const triggerProps = { ref: trigger, 'aria-expanded': open, 'aria-controls': id, onClick: () => set(!open), onKeyDown };
  const panel = <HelpPanel id={id} label={label} text={text} open={open} textRef={textRef} onClose={() => set(false)} onKeyDown={onKeyDown} />;
  return { open, triggerProps, panel };
}

const iconButton = { display: 'inline-flex', alignItems: 'center', padding: 0, margin: 0, border: 0, borderRadius: '50%', background: 'none', color: token('color.icon.subtle'), cursor: 'pointer', verticalAlign: 'middle' } as const;

/** A field's help: what {@link useFieldHelp} gives. */
export interface FieldHelp {
  /** Beside the field's label: the question mark (null without help text). */
  icon: ReactNode;
  /** Where a block of text fits (below the row): the long help's panel, null for short help. */
  panel: ReactNode;
  /** Whether the long help's panel is open (a row being dragged keeps it closed). */
  open: boolean;
}

/**
 * A field's help beside its label: `icon` (null without help) and `panel` (null unless long). Short
 * help is the icon's tooltip and accessible name; long help makes the icon a button opening the
 * panel, which the caller puts where a block of text fits (below the field's row).
 */
export function useFieldHelp(helpText: string | null | undefined, label: string, testId = 'field-help'): FieldHelp {
  const text = helpText ?? '';
  const long = isLongHelp(text);
  const { open, triggerProps, panel } = useHelpPanel(label, text);
  if (!text) return { icon: null, panel: null, open: false };
  if (!long) {
    return {
      icon: (
        <span role="img" tabIndex={0} title={text} aria-label={`Help: ${text}`} data-testid={testId} data-icon="question-circle" style={{ ...iconButton, cursor: 'help' }}>
          <QuestionCircleIcon label="" size="small" />
        </span>
      ),
      panel: null,
      open: false,
    };
  }
  return {
    icon: (
      <button type="button" title="Show the help" aria-label={`Help: ${label}`} data-testid={testId} data-help="long" data-icon="question-circle" {...triggerProps} style={{ ...iconButton, color: open ? token('color.icon.selected') : iconButton.color }}>
        <QuestionCircleIcon label="" size="small" />
      </button>
    ),
    panel,
    open,
  };
}

/**
 * A field's help below its input in a form. Short help is shown whole; long help shows its
 * beginning and "Show all help", which opens the whole text in a panel.
 */
export function HelpDescription({ helpText, label }: { helpText: string | null | undefined; label: string }) {
  const text = helpText ?? '';
  const { open, triggerProps, panel } = useHelpPanel(label, text);
  if (!text) return null;
  if (!isLongHelp(text)) return <div data-testid="field-description">{text}</div>;
  return (
    <div data-testid="field-description" data-help="long" style={{ maxWidth: '500px' }}>
      <div>
        <span data-testid="help-excerpt" hidden={open}>
          {`${helpExcerpt(text)} `}
        </span>
        <button type="button" data-testid="help-more" {...triggerProps} style={{ padding: 0, border: 0, background: 'none', color: token('color.link'), cursor: 'pointer', font: 'inherit' }}>
          {open ? 'Hide help' : 'Show all help'}
        </button>
      </div>
      {panel}
    </div>
  );
}
