/**
 * Help up to this many characters, on one line, is a tooltip. A browser cuts a longer tooltip off
 * (and never scrolls it), so longer help (admins may write 10,000 characters) opens in a panel.
 */
export const HELP_TOOLTIP_MAX = 200;

/** Help too long (or with line breaks) for a tooltip. */
export function isLongHelp(text: string): boolean {
  return text.length > HELP_TOOLTIP_MAX || /[\r\n]/.test(text);
}

/** The help's first line, cut at a word near `max` characters, with an ellipsis when cut. */
export function helpExcerpt(text: string, max = 140): string {
  const line = text.split(/\r?\n/)[0];
  if (line.length <= max && line.length === text.length) return line;
  const cut = line.length <= max ? line : line.slice(0, max).replace(/\s+\S*$/, '');
  return `${cut}…`;
}
