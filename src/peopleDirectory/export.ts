import { stringify } from 'csv-stringify/sync';
import type { Viewer } from '../profiles/policy';
import { compileQuery, pageOf } from './search/search';
import type { Sort } from './search/sorting';

/** People read per query while exporting. */
export const EXPORT_PAGE = 1000;

/** Excel and its kin read UTF-8 only after a byte order mark. */
export const UTF8_BOM = '\uFEFF';

/**
 * A cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return: OWASP's "CSV injection") gets a leading apostrophe, which spreadsheets show
 * as text and do not evaluate.
 */
export function neutralizeCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * The directory as CSV for `viewer`, in chunks of text (the BOM and the header first, then a chunk
 * per {@link EXPORT_PAGE} people): the people the query finds, in the sort's order, with their name
 * and the columns the viewer sees (a restricted field the viewer may not see is not a column).
 * Throws the query's 400 before the first chunk.
 */
export async function* exportDirectory(tenantId: string, viewer: Viewer, q: string, sort: Sort): AsyncGenerator<string> {
  const compiled = await compileQuery(tenantId, viewer, q);
  const header = ['Name', ...compiled.fields.map((f) => f.label)];
  yield UTF8_BOM + stringify([header.map(neutralizeCell)], { record_delimiter: 'windows' });
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof pageOf>> = await pageOf(tenantId, compiled, { q, sort, cursor, limit: EXPORT_PAGE });
    const records = page.people.map((person) => [
      person.displayName ?? person.accountId,
      ...compiled.fields.map((field) => {
        const display = person.values[field.key]?.display ?? null;
        return Array.isArray(display) ? display.join(', ') : (display ?? '');
      }),
    ]);
    if (records.length > 0) yield stringify(records.map((r) => r.map(neutralizeCell)), { record_delimiter: 'windows' });
    cursor = page.nextCursor;
  } while (cursor);
}
