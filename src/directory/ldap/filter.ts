import { TextCursor } from './textCursor';
import {
  AndFilter,
  ApproximateFilter,
  EqualityFilter,
  ExtensibleFilter,
  type Filter,
  GreaterThanEqualsFilter,
  LessThanEqualsFilter,
  NotFilter,
  OrFilter,
  PresenceFilter,
  SubstringFilter,
} from 'ldapts';

/**
 * LDAP search filters as strings (RFC 4515, https://www.rfc-editor.org/rfc/rfc4515), parsed into
 * ldapts' filter nodes. ldapts' own `FilterParser` is not used because it accepts `(&(a=b)` (a
 * missing parenthesis), decodes `\c3\ab` byte by byte into mojibake instead of UTF-8, rejects
 * attribute options and numeric OIDs, and says nothing of where a problem is.
 */

/** A filter that is not RFC 4515; `column` is 1-based, in the string as given. */
export class LdapFilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
    this.name = 'LdapFilterSyntaxError';
  }
}

/**
 * Parses an RFC 4515 filter into ldapts filter nodes. Leading and trailing spaces are ignored, and
 * so are spaces after `(` and between the parts of `&`, `|` and `!`; a filter without outer parentheses
 * (`objectClass=person`) is read as if it had them, as ldapts and ldapsearch do. Escaped bytes
 * (`\c3\ab`) are decoded as UTF-8; an equality value that is not UTF-8 (`(objectGUID=\01\02…)`) is
 * sent as raw bytes. Throws {@link LdapFilterSyntaxError}.
 */
export function parseFilter(filter: string): Filter {
  const trimmed = filter.trim();
  const lead = filter.length - filter.trimStart().length;
  if (!trimmed) throw new LdapFilterSyntaxError('the filter is empty: write one such as (objectClass=inetOrgPerson)', 1);
  const wrapped = !trimmed.startsWith('(');
  const reader = new FilterReader(wrapped ? `(${trimmed})` : trimmed, lead - (wrapped ? 1 : 0), trimmed.length + lead);
  return reader.whole();
}

/**
 * A message for people naming what is wrong with `filter` and at which column (e.g. "unbalanced
 * parenthesis: the '(' at column 1 is never closed"), or undefined when it is a valid RFC 4515 filter.
 */
export function validateFilter(filter: string): string | undefined {
  try {
    parseFilter(filter);
    return undefined;
  } catch (error) {
    if (error instanceof LdapFilterSyntaxError) return error.message;
    throw error;
  }
}

const ATTRIBUTE_DESCRIPTION = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)(?:;[A-Za-z0-9-]+)*/;
const MATCHING_RULE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A value as bytes, with the index where it started (for messages). */
interface RawValue {
  bytes: Buffer;
  index: number;
}

class FilterReader extends TextCursor {
  /**
   * @param offset added to a 0-based index to get the column in the caller's string, minus one
   *   (negative when a synthetic '(' was put in front)
   * @param lastColumn the last column of the caller's string, so a synthetic ')' is never named
   */
  constructor(
    text: string,
    private readonly offset: number,
    private readonly lastColumn: number,
  ) {
    super(text);
  }

  whole(): Filter {
    const filter = this.filter();
    this.skipSpaces();
    if (!this.atEnd()) {
      if (this.peek() === ')') this.fail(`unbalanced parenthesis: the ')' at column ${this.column()} has no matching '('`);
      this.fail(`unexpected text at column ${this.column()} after the end of the filter: combine filters with (&…) or (|…)`);
    }
    return filter;
  }

  private filter(): Filter {
    const open = this.pos;
    if (this.peek() !== '(') {
      this.fail(
        this.atEnd()
          ? `expected '(' at column ${this.column()}, but the filter ended`
          : `expected '(' at column ${this.column()}, found '${this.peek()}'`,
      );
    }
    this.pos++;
    this.skipSpaces();
    let result: Filter;
    const op = this.peek();
    if (op === '&' || op === '|') {
      this.pos++;
      const filters = this.list(op);
      result = op === '&' ? new AndFilter({ filters }) : new OrFilter({ filters });
    } else if (op === '!') {
      this.pos++;
      this.skipSpaces();
      if (this.peek() !== '(') this.fail(`'!' at column ${this.column(this.pos - 1)} must be followed by one filter in parentheses, e.g. (!(employeeType=contractor))`);
      result = new NotFilter({ filter: this.filter() });
      this.skipSpaces();
    } else {
      result = this.item(open);
    }
    this.close(open);
    return result;
  }

  private list(op: string): Filter[] {
    const opIndex = this.pos - 1;
    const filters: Filter[] = [];
    this.skipSpaces();
    while (this.peek() === '(') {
      filters.push(this.filter());
      this.skipSpaces();
    }
    if (filters.length === 0 && (this.atEnd() || this.peek() === ')')) {
      this.fail(`'${op}' at column ${this.column(opIndex)} needs at least one filter, e.g. (${op}(objectClass=person)(mail=*))`, opIndex);
    }
    return filters;
  }

  private close(open: number): void {
    if (this.atEnd()) this.fail(`unbalanced parenthesis: the '(' at column ${this.column(open)} is never closed`, open);
    if (this.peek() !== ')') {
      this.fail(`expected ')' at column ${this.column()} to close the '(' at column ${this.column(open)}, found '${this.peek()}'`);
    }
    this.pos++;
  }

  private item(open: number): Filter {
    const start = this.pos;
    const match = ATTRIBUTE_DESCRIPTION.exec(this.text.slice(this.pos));
    const attribute = match?.[0] ?? '';
    this.pos += attribute.length;
    const ch = this.peek();
    if (!attribute && ch !== ':') {
      if (ch === ')') this.fail(`empty parentheses at column ${this.column(open)}: write an assertion such as (cn=Jane*)`, open);
      if (this.atEnd()) this.fail(`unbalanced parenthesis: the '(' at column ${this.column(open)} is never closed`, open);
      this.fail(`expected an attribute name at column ${this.column()}, found '${ch}'`);
    }
    if (ch === '=') {
      this.pos++;
      return this.equalityOrSubstring(attribute, open);
    }
    if ((ch === '~' || ch === '>' || ch === '<') && this.text[this.pos + 1] === '=') {
      this.pos += 2;
      const value = this.asText(this.value(open, false), `a '${ch}='`);
      if (ch === '~') return new ApproximateFilter({ attribute, value });
      if (ch === '>') return new GreaterThanEqualsFilter({ attribute, value });
      return new LessThanEqualsFilter({ attribute, value });
    }
    if (ch === ':') return this.extensible(attribute, open);
    if (ch === ')' || this.atEnd()) {
      this.fail(
        `"${attribute}" at column ${this.column(start)} has no operator: write ${attribute}=value, ${attribute}=* (present), ~=, >= or <=`,
        start,
      );
    }
    this.fail(`unexpected '${ch}' at column ${this.column()} after "${attribute}": expected =, ~=, >= or <=`);
  }

  private equalityOrSubstring(attribute: string, open: number): Filter {
    const parts = this.value(open, true);
    if (parts.length === 1) {
      const [only] = parts as [RawValue];
      const decoded = this.decode(only.bytes);
      return new EqualityFilter({ attribute, value: decoded ?? only.bytes });
    }
    if (parts.length === 2 && parts.every((p) => p.bytes.length === 0)) return new PresenceFilter({ attribute });
    const [initial, ...rest] = parts as [RawValue, ...RawValue[]];
    const final = rest.pop() as RawValue;
    for (const part of rest) {
      if (part.bytes.length === 0) this.fail(`two '*' in a row at column ${this.column(part.index)}: remove one`, part.index);
    }
    return new SubstringFilter({
      attribute,
      initial: this.asText(initial, 'a substring'),
      any: rest.map((part) => this.asText(part, 'a substring')),
      final: this.asText(final, 'a substring'),
    });
  }

  private extensible(attribute: string, open: number): Filter {
    const start = this.pos;
    let dnAttributes = false;
    if (/^:dn(?=:)/i.test(this.text.slice(this.pos))) {
      dnAttributes = true;
      this.pos += 3;
    }
    let rule: string | undefined;
    if (this.text.startsWith(':=', this.pos)) {
      this.pos += 2;
    } else {
      this.pos++; // the ':' before the matching rule
      const match = MATCHING_RULE.exec(this.text.slice(this.pos));
      if (!match) this.fail(`expected a matching rule (a name or an OID) at column ${this.column()}`);
      rule = match[0];
      this.pos += rule.length;
      if (!this.text.startsWith(':=', this.pos)) this.fail(`expected ':=' at column ${this.column()} after the matching rule "${rule}"`);
      this.pos += 2;
    }
    if (!attribute && !rule) {
      this.fail(`an extensible match without an attribute needs a matching rule, e.g. (:caseExactMatch:=Jane) (column ${this.column(start)})`, start);
    }
    const value = this.asText(this.value(open, false), 'an extensible match');
    return new ExtensibleFilter({ matchType: attribute || undefined, rule, dnAttributes, value });
  }

  /** Reads an assertion value up to the closing ')'; with `allowStar`, split at unescaped '*'. */
  private value(open: number, allowStar: boolean): RawValue[] {
    const parts: RawValue[] = [];
    let bytes: number[] = [];
    let partStart = this.pos;
    while (this.peek() !== ')') {
      if (this.atEnd()) this.fail(`unbalanced parenthesis: the '(' at column ${this.column(open)} is never closed`, open);
      const ch = this.peek();
      if (ch === '(') this.fail(`unescaped '(' at column ${this.column()} in a value: write \\28 (and \\29 for ')')`);
      if (ch === '*') {
        if (!allowStar) this.fail(`'*' at column ${this.column()} is a wildcard only after '=': write \\2a for a literal '*'`);
        parts.push({ bytes: Buffer.from(bytes), index: partStart });
        bytes = [];
        this.pos++;
        partStart = this.pos;
        continue;
      }
      if (ch === '\\') {
        const pair = this.text.slice(this.pos + 1, this.pos + 3);
        if (!/^[0-9A-Fa-f]{2}$/.test(pair)) {
          this.fail(`invalid escape at column ${this.column()}: '\\' must be followed by two hex digits, e.g. \\2a for '*', \\28 for '(', \\5c for '\\'`);
        }
        bytes.push(Number.parseInt(pair, 16));
        this.pos += 3;
        continue;
      }
      const ch32 = String.fromCodePoint(this.text.codePointAt(this.pos) ?? 0);
      bytes.push(...Buffer.from(ch32, 'utf8'));
      this.pos += ch32.length;
    }
    parts.push({ bytes: Buffer.from(bytes), index: partStart });
    return parts;
  }

  private decode(bytes: Buffer): string | undefined {
    try {
      return utf8.decode(bytes);
    } catch {
      return undefined;
    }
  }

  /** ldapts sends these values as text, so their bytes must be UTF-8. */
  private asText(value: RawValue | RawValue[], what: string): string {
    const single = Array.isArray(value) ? (value[0] as RawValue) : value;
    const decoded = this.decode(single.bytes);
    if (decoded === undefined) {
      this.fail(`the escaped bytes of the value at column ${this.column(single.index)} are not UTF-8, which ${what} value must be`, single.index);
    }
    return decoded;
  }

  /** The 1-based column of `index` in the caller's string. */
  private column(index = this.pos): number {
    return index + 1 + this.offset;
  }

  private fail(message: string, index = this.pos): never {
    const column = this.column(index);
    if (column < 1 || column > this.lastColumn) {
      // The problem is at a parenthesis we added around a filter written without them.
      throw new LdapFilterSyntaxError(`expected '(' at column 1: an RFC 4515 filter is enclosed in parentheses, e.g. (objectClass=person)`, 1);
    }
    throw new LdapFilterSyntaxError(message, column);
  }
}
