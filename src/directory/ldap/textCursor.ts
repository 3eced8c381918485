/**
 * A position in a string being parsed, for the hand-written recursive-descent readers of RFC 4514
 * DNs (`dn.ts`) and RFC 4515 filters (`filter.ts`): what both need to look at the next character.
 */
export abstract class TextCursor {
  protected pos = 0;

  constructor(protected readonly text: string) {}

  protected skipSpaces(): void {
    while (this.peek() === ' ') this.pos++;
  }

  protected peek(): string {
    return this.text[this.pos] ?? '';
  }

  protected atEnd(): boolean {
    return this.pos >= this.text.length;
  }
}
