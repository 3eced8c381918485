/**
 * Distinguished names as strings (RFC 4514, https://www.rfc-editor.org/rfc/rfc4514): parsing,
 * escaping, and the canonical form used to compare two DNs. ldapts' `DN` class only builds DNs, so
 * the parser lives here.
 *
 * Parsing is lenient where servers and people are (RFC 4514 §3 allows it): spaces around `,`, `+`
 * and `=`; `;` between RDNs and quoted values (RFC 1779); `OID.` before numeric types. It is
 * strict where a guess could change the meaning: a bad escape or a missing `=` is an error.
 */

import { TextCursor } from './textCursor';

/** One `type=value` of a relative DN. */
export interface DnAttribute {
  /** As written (`CN`, `cn`, `2.5.4.3`). */
  type: string;
  /** Unescaped text; for a `#hex` value (BER encoding), the `#` and the hex digits as written. */
  value: string;
  /** True for a `#hex` value. */
  hex: boolean;
}

/** A relative DN: one or more attributes joined by `+` (multi-valued RDNs). */
export type Rdn = DnAttribute[];

/** A DN that cannot be parsed; `column` is 1-based. */
export class DnSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
    this.name = 'DnSyntaxError';
  }
}

/** A value with a character {@link escapeDnValue} escapes (anywhere, at the start, at the end). */
const NEEDS_ESCAPE = /[\0"+,;<>\\]|^[ #]| $/;
const SPECIAL_AFTER_ESCAPE = ' "#+,;<=>\\';
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Parses a string DN into its RDNs, leftmost (the entry's own RDN) first. The empty DN (the root
 * DSE) is `[]`. Throws {@link DnSyntaxError} naming what is wrong and where.
 */
export function parseDn(dn: string): Rdn[] {
  const reader = new DnReader(dn);
  return reader.dn();
}

/**
 * The canonical form of a DN, for comparing DNs (never for display or for sending to a server):
 * attribute types lower-cased; values unescaped, Unicode NFC, lower-cased, with spaces trimmed and
 * runs of spaces collapsed (as caseIgnoreMatch compares the naming attributes cn, ou, dc, uid, o,
 * l…; RFC 4518 §2.6.1); re-escaped one way (RFC 4514 §2.4); the parts of a multi-valued RDN sorted.
 * So `cn=Doe\, Jane,OU=People` and `CN=doe\2C jane, ou=people` have the same form.
 * Throws {@link DnSyntaxError} for something that is not a DN.
 */
export function normalizeDn(dn: string): string {
  return simpleNormalizedDn(dn) ?? normalizeDnByParsing(dn);
}

/** {@link normalizeDn} through the parser, for every DN (the reference the fast path is tested against). */
export function normalizeDnByParsing(dn: string): string {
  return parseDn(dn)
    .map((rdn) => rdn.map(canonicalAttribute).sort().join('+'))
    .join(',');
}

/**
 * A DN with nothing to unescape, quote or decode: `uid=ada,ou=People,dc=example,dc=com`. NUL and
 * lone surrogates go to the parser too (it refuses the one and replaces the other).
 */
const SIMPLE_DN = /^[^\\"+;#<>\0\uD800-\uDFFF]+$/;
const SIMPLE_ATTRIBUTE = /^ *([A-Za-z][A-Za-z0-9-]*) *=([^=]*[^= ][^=]*)$/;

/**
 * {@link normalizeDn} of the DNs most entries have, without building RDN objects (a sync
 * normalises every entry's DN); undefined sends anything else through the parser, which also
 * reports errors. Both give the same result (dn.test.ts compares them).
 */
function simpleNormalizedDn(dn: string): string | undefined {
  if (!SIMPLE_DN.test(dn)) return undefined;
  const parts = dn.split(',');
  for (let i = 0; i < parts.length; i++) {
    const match = SIMPLE_ATTRIBUTE.exec(parts[i]);
    if (!match) return undefined;
    parts[i] = canonicalAttribute({ type: match[1], value: match[2], hex: false });
  }
  return parts.join(',');
}

/** True when both strings are DNs of the same entry (see {@link normalizeDn}); false when either is not a DN. */
export function sameDn(a: string, b: string): boolean {
  try {
    return normalizeDn(a) === normalizeDn(b);
  } catch {
    return false;
  }
}

/** A message naming what is wrong with `dn` and where, or undefined when it is a DN. */
export function validateDn(dn: string): string | undefined {
  try {
    parseDn(dn);
    return undefined;
  } catch (error) {
    if (error instanceof DnSyntaxError) return error.message;
    throw error;
  }
}

/**
 * Escapes an attribute value for a string DN (RFC 4514 §2.4): `" + , ; < > \` always, `#` and a
 * space at the start, a space at the end, NUL as `\00`. Other characters, non-ASCII included,
 * stay as they are.
 */
export function escapeDnValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  const chars = [...value];
  return chars
    .map((ch, index) => {
      if (ch === '\0') return '\\00';
      if ('"+,;<>\\'.includes(ch)) return `\\${ch}`;
      if (index === 0 && (ch === ' ' || ch === '#')) return `\\${ch}`;
      if (index === chars.length - 1 && ch === ' ') return `\\${ch}`;
      return ch;
    })
    .join('');
}

function canonicalAttribute({ type, value, hex }: DnAttribute): string {
  const canonicalType = type.toLowerCase();
  if (hex) return `${canonicalType}=${value.toLowerCase()}`;
  const folded = value.normalize('NFC').toLowerCase().replace(/ {2,}/g, ' ').trim();
  return `${canonicalType}=${escapeDnValue(folded)}`;
}

class DnReader extends TextCursor {

  dn(): Rdn[] {
    this.skipSpaces();
    if (this.atEnd()) return [];
    const rdns: Rdn[] = [];
    for (;;) {
      const rdn: Rdn = [this.attribute()];
      while (this.peek() === '+') {
        this.pos++;
        rdn.push(this.attribute());
      }
      rdns.push(rdn);
      if (this.atEnd()) return rdns;
      const separator = this.peek();
      if (separator !== ',' && separator !== ';') {
        this.fail(`unexpected '${separator}' at column ${this.column()}: expected ',' between RDNs`);
      }
      this.pos++;
      this.skipSpaces();
      if (this.atEnd()) this.fail(`the DN ends with '${separator}' at column ${this.pos}: remove it`, this.pos);
    }
  }

  private attribute(): DnAttribute {
    this.skipSpaces();
    const type = this.type();
    this.skipSpaces();
    if (this.peek() !== '=') {
      const found = this.atEnd() ? 'the DN ended' : `found '${this.peek()}'`;
      this.fail(`expected '=' after "${type}" at column ${this.column()}, but ${found}`);
    }
    this.pos++;
    this.skipSpaces();
    if (this.peek() === '#') return { type, ...this.hexValue() };
    if (this.peek() === '"') return { type, value: this.quotedValue(), hex: false };
    return { type, value: this.stringValue(), hex: false };
  }

  private type(): string {
    const rest = this.text.slice(this.pos);
    const match = /^(?:oid\.)?(\d+(?:\.\d+)+)|^[A-Za-z][A-Za-z0-9-]*/i.exec(rest);
    if (!match) {
      const found = this.atEnd() ? 'the DN ended' : `found '${this.peek()}'`;
      this.fail(`expected an attribute type such as cn, ou or dc at column ${this.column()}, but ${found}`);
    }
    this.pos += match[0].length;
    return match[1] ?? match[0];
  }

  private hexValue(): { value: string; hex: true } {
    const start = this.pos;
    const match = /^#((?:[0-9A-Fa-f]{2})+)/.exec(this.text.slice(this.pos));
    if (!match) {
      this.fail(`'#' at column ${this.column()} starts a hex-encoded value (#0403616263); escape it as \\# for a literal '#'`);
    }
    this.pos += match[0].length;
    this.skipSpaces();
    if (!this.atEnd() && !',;+'.includes(this.peek())) {
      this.fail(`unexpected '${this.peek()}' at column ${this.column()} after the hex value at column ${start + 1}`);
    }
    return { value: match[0], hex: true };
  }

  private quotedValue(): string {
    const open = this.pos;
    this.pos++;
    const bytes: number[] = [];
    for (;;) {
      if (this.atEnd()) this.fail(`the quote at column ${open + 1} is never closed`, open + 1);
      const ch = this.peek();
      if (ch === '"') break;
      if (ch === '\\') this.escape(bytes);
      else this.literal(bytes);
    }
    this.pos++;
    this.skipSpaces();
    if (!this.atEnd() && !',;+'.includes(this.peek())) {
      this.fail(`unexpected '${this.peek()}' at column ${this.column()} after the quoted value`);
    }
    return this.decode(bytes, open);
  }

  private stringValue(): string {
    const start = this.pos;
    const bytes: number[] = [];
    // Unescaped trailing spaces are not part of the value (RFC 4514 §2.4 makes a kept one "\ ").
    let significant = 0;
    while (!this.atEnd() && !',;+'.includes(this.peek())) {
      const ch = this.peek();
      if (ch === '\\') {
        this.escape(bytes);
        significant = bytes.length;
      } else {
        if (ch === '\0') this.fail(`a NUL character at column ${this.column()} must be escaped as \\00`);
        this.literal(bytes);
        if (ch !== ' ') significant = bytes.length;
      }
    }
    return this.decode(bytes.slice(0, significant), start);
  }

  private escape(bytes: number[]): void {
    const at = this.pos;
    const pair = this.text.slice(at + 1, at + 3);
    if (/^[0-9A-Fa-f]{2}$/.test(pair)) {
      bytes.push(Number.parseInt(pair, 16));
      this.pos += 3;
      return;
    }
    const next = this.text[at + 1];
    if (next !== undefined && SPECIAL_AFTER_ESCAPE.includes(next)) {
      bytes.push(next.charCodeAt(0));
      this.pos += 2;
      return;
    }
    this.fail(
      `invalid escape at column ${at + 1}: '\\' is followed by one of , + " \\ < > ; = # or a space, or by two hex digits (\\2C)`,
      at + 1,
    );
  }

  private literal(bytes: number[]): void {
    const codePoint = this.text.codePointAt(this.pos) ?? 0;
    const ch = String.fromCodePoint(codePoint);
    bytes.push(...Buffer.from(ch, 'utf8'));
    this.pos += ch.length;
  }

  private decode(bytes: number[], start: number): string {
    try {
      return utf8.decode(Uint8Array.from(bytes));
    } catch {
      this.fail(`the escaped bytes of the value at column ${start + 1} are not UTF-8`, start + 1);
    }
  }

  private column(): number {
    return this.pos + 1;
  }

  private fail(message: string, column = this.column()): never {
    throw new DnSyntaxError(message, column);
  }
}
