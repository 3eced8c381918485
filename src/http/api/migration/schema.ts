import { z } from 'zod';

/** `GET /rest/v1/migration`: nothing to read. */
export const MigrationStatus = {};

/**
 * `POST /rest/v1/migration/dry-run` and `/run`: where to read from (`source=confluence|csv`),
 * whether to overwrite values a directory filled (only `overwriteSourceFields=true` asks it), and
 * for `csv` the file as the body (any content type, read as bytes; anything else is no file).
 */
export const MigrationRequest = {
  query: z.object({
    source: z.enum(['confluence', 'csv'], { errorMap: () => ({ message: 'must be confluence or csv' }) }),
    overwriteSourceFields: z.unknown().transform((value) => value === 'true'),
  }),
  body: z.unknown().transform((body) => (Buffer.isBuffer(body) ? body : null)),
};
