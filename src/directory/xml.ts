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
  /** `mail` → ['ada@example.com']; `address/city` → ['Zürich']; `@id` → ['17']; an empty element → ['']. */
  values: Map<string, string[]>;
}

const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;
const DEFAULT_MAX_DEPTH = 64;

/**
 * The document as text: a byte-order mark decides (UTF-8, UTF-16); otherwise the XML declaration's
 * encoding (e.g. ISO-8859-1); otherwise UTF-8. Bytes that are not valid in that encoding are an error.
 */
export function decodeXml(bytes: Buffer, limits: XmlLimits = {}): string {
  const max = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > max) throw new XmlFormatError(`The file is ${(bytes.length / 1048576).toFixed(1)} MB, above the limit of ${(max / 1048576).toFixed(0)} MB`);
  let encoding = 'utf-8';
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [encoding, start] = ['utf-16le', 2];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [encoding, start] = ['utf-16be', 2];
  else {
    const declaration = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(bytes.subarray(0, 200).toString('latin1'));
    if (declaration) encoding = declaration[1].toLowerCase();
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new XmlFormatError(`The file declares the encoding "${encoding}", which Rollcall does not know`);
  }
  try {
    return decoder.decode(bytes.subarray(start));
  } catch {
    throw new XmlFormatError(`The file is not valid ${encoding.toUpperCase()}: save it as UTF-8, or declare its real encoding`);
  }
}

/**
 * Streams the records of the document: the elements whose path ends with `recordPath`
 * (e.g. `identities/identity`, or just `identity`). Throws {@link XmlFormatError} for malformed XML,
 * a DTD, or too deep nesting, with the position.
 */
export function* xmlRecords(text: string, recordPath: string, limits: XmlLimits = {}): Generator<XmlRecord> {
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
  parser.on('error', (err) => fail(err.message.replace(/^[^:]*:\d+:\d+: /, '')));
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

  const SLICE = 256 * 1024;
  for (let offset = 0; offset < text.length; offset += SLICE) {
    parser.write(text.slice(offset, offset + SLICE));
    if (failure) throw failure;
    yield* done.splice(0);
  }
  parser.close();
  if (failure) throw failure;
  yield* done.splice(0);
}

function add(values: Map<string, string[]>, path: string, value: string): void {
  const list = values.get(path);
  if (list) list.push(value);
  else values.set(path, [value]);
}
