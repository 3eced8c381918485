/**
 * Field help texts: short help is a tooltip, long help (admins may write 10,000 characters) a
 * panel, because a browser cuts a long tooltip off and never scrolls it. Unit-tested in
 * helpText.test.ts.
 */

/** Help up to this many characters, on one line, is a tooltip. */
export const HELP_TOOLTIP_MAX = 200;

/** Whether a help text needs the panel: longer than a tooltip holds, or more than one line. */
export function isLongHelp(text: string): boolean {
  return text.length > HELP_TOOLTIP_MAX || /[\r\n]/.test(text);
}
