import type { OrgChart, OrgPerson } from '../../api/orgChart';
import { initialsOf } from '../../components/fieldFormat';
import { CARD_HEIGHT, CARD_WIDTH, cardsWithin, type ChartLayout } from './layout';

/**
 * The export of the visible part of the chart: an SVG document built from the data (the same
 * layout the page draws, the cards in the rectangle asked for), and a PNG rendered from it in a
 * canvas. No screenshot of the DOM, nothing fetched: pictures become initials, so the PNG canvas is
 * never tainted by another origin's image. A light, print-like palette: the file is read outside
 * the page, where the page's theme means nothing.
 */

export interface ExportInput {
  layout: ChartLayout;
  people: ReadonlyMap<string, OrgPerson>;
  cardFields: OrgChart['cardFields'];
  /** The chart rectangle to export (chart coordinates). */
  rect: { x: number; y: number; width: number; height: number };
  title: string;
}

const COLORS = { background: '#ffffff', card: '#ffffff', border: '#8590a2', line: '#8590a2', text: '#172b4d', subtle: '#44546f', avatar: '#cce0ff', avatarText: '#09326c', mark: '#ae2e24' };

const escapeXml = (text: string) =>
  // Characters XML 1.0 does not allow at all are dropped; the five special ones escaped.
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** A line of card text cut to what fits (about 7 px a character at 12 px). */
const fit = (text: string, px: number, size: number) => {
  const max = Math.floor(px / (size * 0.55));
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
};

/** The SVG document of the cards in `rect`, with the connectors between them. */
export function chartSvg({ layout, people, cardFields, rect, title }: ExportInput): string {
  const x0 = Math.floor(rect.x);
  const y0 = Math.floor(rect.y);
  const width = Math.max(1, Math.ceil(rect.width));
  const height = Math.max(1, Math.ceil(rect.height));
  const cards = cardsWithin(layout, rect);
  const lines = layout.connectors.map((line) => line.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x - x0} ${y - y0}`).join(' ')).join(' ');
  const parts = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="-apple-system, 'Segoe UI', Roboto, Arial, sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="${COLORS.background}"/>`,
    lines ? `<path d="${lines}" fill="none" stroke="${COLORS.line}" stroke-width="1.5"/>` : '',
  ];
  for (const card of cards) {
    const person = people.get(card.id);
    if (!person) continue;
    const x = card.x - x0;
    const y = card.y - y0;
    const name = person.displayName ?? 'Unknown person';
    const details = cardFields.map((f) => person.values[f.key]).filter((v): v is string => !!v);
    const marks = [person.leftDirectory ? 'Left the directory' : null, !person.onSite ? 'Not on the site' : person.active ? null : 'Deactivated'].filter(Boolean).join(' · ');
    const textX = x + 48;
    const room = CARD_WIDTH - 56;
    parts.push(
      `<g data-account-id="${escapeXml(person.accountId)}">`,
      `<rect x="${x}" y="${y}" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" rx="6" fill="${COLORS.card}" stroke="${COLORS.border}"/>`,
      `<circle cx="${x + 24}" cy="${y + 24}" r="14" fill="${COLORS.avatar}"/>`,
      `<text x="${x + 24}" y="${y + 28}" text-anchor="middle" font-size="11" font-weight="600" fill="${COLORS.avatarText}">${escapeXml(initialsOf(name))}</text>`,
      `<text x="${textX}" y="${y + 22}" font-size="14" font-weight="600" fill="${COLORS.text}">${escapeXml(fit(name, room, 14))}</text>`,
      ...details.slice(0, 2).map((d, i) => `<text x="${textX}" y="${y + 40 + i * 16}" font-size="12" fill="${COLORS.subtle}">${escapeXml(fit(d, room, 12))}</text>`),
      marks ? `<text x="${textX}" y="${y + CARD_HEIGHT - 8}" font-size="11" fill="${COLORS.mark}">${escapeXml(marks)}</text>` : '',
      `</g>`,
    );
  }
  parts.push('</svg>');
  return parts.filter(Boolean).join('\n');
}

/** Saves a file through the browser (an anchor with `download`, clicked). */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The SVG rendered to a PNG at twice its size (sharp on high-density screens and in print). */
export async function svgToPng(svg: string, width: number, height: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * 2);
    canvas.height = Math.ceil(height * 2);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw the picture.');
    context.scale(2, 2);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The picture could not be made.'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
