import { Busboy, type BusboyFileStream } from '@fastify/busboy';
import express, { type Request, type RequestHandler } from 'express';
import { AppError, badRequest, payloadTooLarge } from '../errors';

/**
 * Uploads of bytes (a picture, an XML export, a CSV file) come in two forms, and every upload route
 * takes both:
 * - the bytes as the request body (the Connect front-end, scripts, curl);
 * - a `multipart/form-data` body whose one part is the file, named `file`. That is what Forge's
 *   `requestRemote` sends for a `FormData` (the bridge carries the file base64-encoded and the host
 *   product sends it to the remote as multipart; docs/FORGE.md): any other body it sends is
 *   decoded as text on the way, which would damage a picture.
 */
export const FILE_PART = 'file';

/** Whether the request's body is `multipart/form-data`. */
export function isMultipart(req: Request): boolean {
  return !!req.headers['content-type'] && req.is('multipart/form-data') === 'multipart/form-data';
}

/**
 * The upload's bytes as `req.body` (a Buffer): the body itself (`express.raw`) or the `file` part
 * of a multipart body (its declared type is not kept: the content decides what a file is). 413 `payload_too_large` past
 * `limit` bytes (of the file, not the form around it), 400 for a form without its file, with other
 * parts, or broken.
 */
export function bufferedUpload(limit: number): RequestHandler {
  const raw = express.raw({ type: () => true, limit });
  return (req, res, next) => {
    if (!isMultipart(req)) return raw(req, res, next);
    multipartFile(req, limit)
      .then(async ({ file, finished }) => {
        const chunks: Buffer[] = [];
        for await (const chunk of file) chunks.push(chunk as Buffer);
        await finished;
        if (file.truncated) throw tooLarge(limit);
        req.body = Buffer.concat(chunks);
        next();
      })
      .catch((err: unknown) => {
        // The answer goes out on this connection: what is left of the body is read and dropped.
        if (!req.complete && !req.destroyed) req.resume();
        next(asRefusal(err));
      });
  };
}

/** An upload to be streamed: its bytes a chunk at a time, and the size the client declared when it did. */
export interface StreamedUpload {
  body: AsyncIterable<Buffer>;
  /** The body's `Content-Length` (a raw body only: a form's length is not the file's). */
  declaredBytes?: number;
  /** Reads and drops what is left of the request, so that a refusal can go out on its connection. */
  discard(): void;
}

/**
 * The upload of `req` to be streamed (never buffered whole): the body itself, or the `file` part of
 * a multipart body. `limit` bounds the file part (the reader of the stream enforces its own limit
 * on a raw body, sync/sources/sourceFiles.ts); passing it ends the part, which the reader sees as
 * more bytes than it allows.
 */
export async function streamedUpload(req: Request, limit: number): Promise<StreamedUpload> {
  const discard = () => {
    if (!req.complete && !req.destroyed) req.resume();
  };
  if (!isMultipart(req)) {
    const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
    // Leaving the loop early must not destroy the request: the refusal still goes out on its connection.
    return { body: req.iterator({ destroyOnReturn: false }), declaredBytes: Number.isSafeInteger(declared) ? declared : undefined, discard };
  }
  let part: MultipartFile;
  try {
    part = await multipartFile(req, limit + 1);
  } catch (err) {
    discard();
    throw err;
  }
  const { file, finished } = part;
  return {
    body: (async function* () {
      try {
        for await (const chunk of file.iterator({ destroyOnReturn: false })) yield chunk as Buffer;
        await finished;
      } catch (err) {
        throw asRefusal(err);
      }
    })(),
    discard() {
      file.resume();
      discard();
    },
  };
}

interface MultipartFile {
  file: BusboyFileStream;
  /** Settles when the whole form has been read: rejects when it had more than the file, or broke. */
  finished: Promise<void>;
}

/**
 * Parses a multipart body with busboy until its `file` part starts: one part only (the file), at
 * most `limit` bytes of it (the stream is then `truncated`).
 */
function multipartFile(req: Request, limit: number): Promise<MultipartFile> {
  return new Promise((resolve, reject) => {
    let parser: InstanceType<typeof Busboy>;
    try {
      parser = new Busboy({ headers: req.headers as { 'content-type': string }, limits: { files: 1, fields: 0, parts: 1, fileSize: limit, headerPairs: 20 } });
    } catch (err) {
      return reject(asRefusal(err));
    }
    let started = false;
    let problem: Error | undefined;
    const fail = (err: Error) => {
      problem ??= err;
      if (!started) reject(problem);
    };
    const finished = new Promise<void>((resolveFinished, rejectFinished) => {
      parser.on('finish', () => {
        if (problem) return started ? rejectFinished(problem) : reject(problem);
        if (!started) return reject(noFile());
        resolveFinished();
      });
      parser.on('error', (err: Error) => {
        problem ??= asRefusal(err);
        if (started) rejectFinished(problem);
        else reject(problem);
      });
    });
    // A rejection nobody waits for yet (the file is still being read) must not count as unhandled.
    finished.catch(() => undefined);
    parser.on('file', (name, file) => {
      if (name !== FILE_PART) {
        file.resume();
        return fail(badRequest(`The form's file must be its part named "${FILE_PART}", not "${name}".`));
      }
      started = true;
      // A form that breaks off inside the file: its reader gets the error too, but never unheard.
      file.on('error', (err: Error) => (problem ??= asRefusal(err)));
      resolve({ file, finished });
    });
    parser.on('field', (name) => fail(badRequest(`The form must hold only its file (part "${FILE_PART}"); it also has "${name}".`)));
    parser.on('partsLimit', () => fail(badRequest(`The form must hold only its file (part "${FILE_PART}").`)));
    parser.on('filesLimit', () => fail(badRequest('The form must hold one file.')));
    parser.on('fieldsLimit', () => fail(badRequest(`The form must hold only its file (part "${FILE_PART}").`)));
    req.on('aborted', () => fail(badRequest('The upload broke off before its end.')));
    req.pipe(parser);
  });
}

/** An error of the form as the client's problem (busboy's own errors all are: the body is not a readable form). */
function asRefusal(err: unknown): Error {
  if (err instanceof AppError) return err;
  return badRequest(`The multipart body cannot be read: ${err instanceof Error ? err.message : String(err)}.`);
}

function noFile() {
  return badRequest(`The form has no file: send it as the part named "${FILE_PART}".`);
}

function tooLarge(limit: number) {
  return payloadTooLarge(`The file is larger than the limit of ${limit} bytes.`);
}
