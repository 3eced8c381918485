/** Plain-text rules for admin-entered text (labels, help texts, names): markup is refused, never rendered. */
const MARKUP = /<\s*\/?\s*[a-zA-Z!][^>]*>|<!--|javascript:/i;

/** The first piece of markup in `text`, or undefined. */
export function findMarkup(text: string): string | undefined {
  return MARKUP.exec(text)?.[0];
}

/**
 * A stable field key from a label: ASCII letters, digits and underscores, starting with a letter,
 * at most 48 characters, made unique against `taken` with a numeric suffix.
 * "Kostenstelle (Zürich)" → "kostenstelle_zurich".
 */
export function keyFromLabel(label: string, taken: ReadonlySet<string>): string {
  let base = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  if (!base) base = 'field';
  if (!/^[a-z]/.test(base)) base = `f_${base}`;
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
  return key;
}
