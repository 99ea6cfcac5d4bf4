// Small building blocks the per-language lexers share: white space, identifiers, numbers,
// comments and the token list. Each language decides what starts a string.
import type { Token } from './types';

export const isIdStart = (c: string | undefined) => c !== undefined && /[\p{L}_$]/u.test(c);
export const isIdPart = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_$]/u.test(c);

/** From `at` (just after an opening quote) to the closing `quote` on the same line; undefined when unterminated. */
export function closeQuote(text: string, at: number, quote: string, escapes = true): number | undefined {
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') return undefined;
    if (c === '\\' && escapes) i++;
    else if (c === quote) return i;
  }
  return undefined;
}

export class Scanner {
  readonly tokens: Token[] = [];
  pos = 0;
  constructor(readonly text: string) {}

  peek(k = 0): string | undefined {
    return this.text[this.pos + k];
  }

  startsWith(s: string, at = this.pos): boolean {
    return this.text.startsWith(s, at);
  }

  /** Skips white space; true when something was skipped. */
  whitespace(): boolean {
    const from = this.pos;
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
    return this.pos > from;
  }

  /** `// ...` to the end of the line. */
  lineComment(marker: string): boolean {
    if (!this.startsWith(marker)) return false;
    while (this.pos < this.text.length && this.text[this.pos] !== '\n' && this.text[this.pos] !== '\r') this.pos++;
    return true;
  }

  /** `/* ... *\/`, nested when the language nests them (Kotlin, Scala). Unterminated: to the end. */
  blockComment(nested: boolean): boolean {
    if (!this.startsWith('/*')) return false;
    let depth = 0;
    while (this.pos < this.text.length) {
      if (this.startsWith('/*') && (nested || depth === 0)) {
        depth++;
        this.pos += 2;
      } else if (this.startsWith('*/')) {
        depth--;
        this.pos += 2;
        if (depth === 0) return true;
      } else this.pos++;
    }
    return true;
  }

  identifier(allowDollar: boolean): string | undefined {
    const c = this.peek();
    if (!isIdStart(c) || (!allowDollar && c === '$')) return undefined;
    const from = this.pos;
    this.pos++;
    while (isIdPart(this.peek()) && (allowDollar || this.peek() !== '$')) this.pos++;
    return this.text.slice(from, this.pos);
  }

  number(): boolean {
    const c = this.peek();
    if (c === undefined || !/[0-9]/.test(c) && !(c === '.' && /[0-9]/.test(this.peek(1) ?? ''))) return false;
    const from = this.pos;
    this.pos++;
    while (/[0-9a-zA-Z_.]/.test(this.peek() ?? '')) {
      if (this.peek() === '.' && !/[0-9]/.test(this.peek(1) ?? '')) break;
      this.pos++;
    }
    this.push('num', from);
    return true;
  }

  push(kind: Token['kind'], from: number, extra: Partial<Token> = {}): Token {
    const t: Token = { kind, text: this.text.slice(from, this.pos), start: from, end: this.pos, ...extra };
    this.tokens.push(t);
    return t;
  }

  op(): void {
    const from = this.pos;
    this.pos++;
    this.push('op', from);
  }

  /** A backquoted name (Kotlin, Scala) at `pos`: an identifier token, or an operator when unterminated. */
  backquoted(): void {
    const from = this.pos;
    const close = closeQuote(this.text, from + 1, '`', false);
    if (close === undefined) {
      this.op();
      return;
    }
    this.pos = close + 1;
    this.push('id', from, { text: this.text.slice(from + 1, close) });
  }

  /**
   * Skips a template expression `${ ... }` / `{ ... }` starting at the opening brace: nested
   * braces and the strings inside (lexed by `skipString`) are balanced. Returns the end.
   */
  skipBraces(open: number, skipString: (at: number) => number | undefined): number {
    let depth = 0;
    let i = open;
    while (i < this.text.length) {
      const c = this.text[i];
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) return i + 1;
      } else {
        const end = skipString(i);
        if (end !== undefined) {
          i = end;
          continue;
        }
      }
      i++;
    }
    return i;
  }
}

/** The line end at or after `i` (the offset of its first character), or the text's end. */
export function lineEnd(text: string, i: number): number {
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}
