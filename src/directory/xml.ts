import { TextDecoder } from 'node:util';
import { SaxesParser } from 'saxes';

/**
 * Reading people from an XML export (an HR system, an SAP identity export): decoding, safe
 * parsing and cutting the document into records, streamed. Knows nothing of profiles or sync.
 *
 * Safety: a document with a DTD (`<!DOCTYPE`) is refused outright, so no external entity is ever
 * fetched (XXE) and no entity is ever expanded (billion laughs); only XML's five predefined
 * entities and character references are understood. Size and nesting depth are bounded.
 */

/** A problem with the document, with where it is (1-based line and column). */
export class XmlFormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line ? `${message} (line ${line}, column ${column})` : message);
    this.name = 'XmlFormatError';
  }
}

export interface XmlLimits {
  /** Largest document in bytes. Default 200 MB. */
  maxBytes?: number;
  /** Deepest element nesting. Default 64. */
  maxDepth?: number;
}

/** One record: its position, and the text of every element and attribute below it by relative path. */
export interface XmlRecord {
  /** 1-based index of the record in the document. */
  index: number;
  line: number;
  /**
   * `mail` → ['ada@example.com']; `address/city` → ['Zürich']; `@id` → ['17']; an empty element → [''].
   * A value may be a view into the parser's current slice of the document (256 K characters, see
   * {@link detachedString}): keep a copy, not the value, beyond the record.
   */
  values: Map<string, string[]>;
}

const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;
const DEFAULT_MAX_DEPTH = 64;

/** How the document's bytes are to be decoded: a byte-order mark decides, then the XML declaration, else UTF-8. */
function encodingOf(bytes: Buffer, limits: XmlLimits): { encoding: string; start: number } {
  const max = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > max) throw new XmlFormatError(`The file is ${(bytes.length / 1048576).toFixed(1)} MB, above the limit of ${(max / 1048576).toFixed(0)} MB`);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', start: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', start: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', start: 2 };
  const declaration = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(bytes.subarray(0, 200).toString('latin1'));
  return { encoding: declaration ? declaration[1].toLowerCase() : 'utf-8', start: 0 };
}

function decoderFor(encoding: string): TextDecoder {
  try {
    return new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new XmlFormatError(`The file declares the encoding "${encoding}", which Rollcall does not know`);
  }
}

const SLICE = 256 * 1024;

/**
 * The document as text, a slice at a time (the whole text is never held at once: for a big
 * export it would be twice the file's size again). Bytes that are not valid in the encoding are
 * an error.
 */
function* textSlices(bytes: Buffer, limits: XmlLimits): Generator<string> {
  const { encoding, start } = encodingOf(bytes, limits);
  const decoder = decoderFor(encoding);
  try {
    for (let offset = start; offset < bytes.length; offset += SLICE) {
      yield decoder.decode(bytes.subarray(offset, Math.min(offset + SLICE, bytes.length)), { stream: true });
    }
    yield decoder.decode();
  } catch {
    // The only failure of a fatal decoder: bytes that are not valid in the encoding.
    throw new XmlFormatError(`The file is not valid ${encoding.toUpperCase()}: save it as UTF-8, or declare its real encoding`);
  }
}

/** The whole document as text (small documents; big ones are read with {@link xmlRecords} from their bytes). */
export function decodeXml(bytes: Buffer, limits: XmlLimits = {}): string {
  return [...textSlices(bytes, limits)].join('');
}

/**
 * Streams the records of the document (its bytes, decoded a slice at a time, or text): the
 * elements whose path ends with `recordPath` (e.g. `identities/identity`, or just `identity`). Throws {@link XmlFormatError} for malformed XML,
 * a DTD, or too deep nesting, with the position.
 */
export function* xmlRecords(document: string | Buffer, recordPath: string, limits: XmlLimits = {}): Generator<XmlRecord> {
  const wanted = recordPath.split('/').filter(Boolean);
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  const parser = new SaxesParser({ position: true });
  const stack: string[] = [];
  const done: XmlRecord[] = [];
  let index = 0;
  let current: { record: XmlRecord; depth: number; texts: string[][] } | null = null;
  let failure: XmlFormatError | null = null;

  const fail = (message: string) => {
    if (!failure) failure = new XmlFormatError(message, parser.line, parser.column + 1);
  };
  // saxes prefixes its messages with "line:column: " (and a file name when it has one): ours comes last.
  parser.on('error', (err) => fail(err.message.replace(/^(?:[^:\d][^:]*:)?\d+:\d+: /, '').replace(/\.$/, '')));
  parser.on('doctype', () => fail('A DTD (<!DOCTYPE …>) is not allowed: Rollcall never resolves DTDs or entities'));
  parser.on('opentag', (tag) => {
    stack.push(tag.name);
    if (stack.length > maxDepth) return fail(`Elements are nested deeper than ${maxDepth} levels`);
    if (!current && stack.length >= wanted.length && wanted.every((name, i) => stack[stack.length - wanted.length + i] === name)) {
      current = { record: { index: ++index, line: parser.line, values: new Map() }, depth: stack.length, texts: [] };
    }
    if (current) {
      const relative = stack.slice(current.depth).join('/');
      for (const [name, value] of Object.entries(tag.attributes)) {
        add(current.record.values, relative ? `${relative}/@${name}` : `@${name}`, String(value).trim());
      }
      current.texts.push([]);
    }
  });
  parser.on('text', (t) => current?.texts.at(-1)?.push(t));
  parser.on('cdata', (t) => current?.texts.at(-1)?.push(t));
  parser.on('closetag', () => {
    if (current) {
      const relative = stack.slice(current.depth).join('/');
      const text = (current.texts.pop() ?? []).join('').trim();
      if (relative) add(current.record.values, relative, text);
      if (stack.length === current.depth) {
        done.push(current.record);
        current = null;
      }
    }
    stack.pop();
  });

  const slices = typeof document === 'string' ? stringSlices(document) : textSlices(document, limits);
  for (const slice of slices) {
    parser.write(slice);
    if (failure) throw failure;
    yield* done.splice(0);
  }
  parser.close();
  if (failure) throw failure;
  yield* done.splice(0);
}

/**
 * A copy of `value` that shares no memory with the string it was cut from. V8 represents a
 * substring of 13 characters or more as a view of its parent (a "sliced string"), and the parser's
 * text is such a substring of the slice being parsed: one value kept beyond its page (a repeated
 * key, for the whole run) would keep its 256 K-character slice alive, and one kept key per record
 * the whole document's text (measured when the engine still kept every key: 490 bytes a record
 * for a 43 MB ASCII export, against 80 with copies). Latin-1 text (emails and account ids, in practice) is copied through a Buffer,
 * which gives a compact one-byte string even when the slice was stored with two bytes a character;
 * other text by `' ' + value` (a new two-part string), which cutting flattens into a fresh string.
 */
export function detachedString(value: string): string {
  return WIDE.test(value) ? (' ' + value).slice(1) : Buffer.from(value, 'latin1').toString('latin1');
}

const WIDE = /[\u0100-\uffff]/;

function* stringSlices(text: string): Generator<string> {
  for (let offset = 0; offset < text.length; offset += SLICE) yield text.slice(offset, offset + SLICE);
}

function add(values: Map<string, string[]>, path: string, value: string): void {
  const list = values.get(path);
  if (list) list.push(value);
  else values.set(path, [value]);
}
