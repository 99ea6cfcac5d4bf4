// Kotlin's string syntax: "..." with escapes (\t \b \n \r \' \" \\ \$ \uXXXX) and templates
// ($name, ${expr}), raw strings """...""" (no escapes; templates; a run of more than three
// closing quotes keeps the extra ones), char literals, nested block comments, `backtick` names.
import { identity } from './mapped';
import { closeQuote, lineEnd, Scanner } from './scan';
import { interpretEscapes } from './strings';
import type { StringLiteral, Token } from './types';

/** Strings inside templates inside strings...: deeper than this is not read (no stack overflow). */
export const MAX_NESTING = 64;

const templateStart = (c: string | undefined) => c !== undefined && /[\p{L}_{]/u.test(c);

/** Lexes the Kotlin string literal opening at `open` (either form). */
export function kotlinString(text: string, open: number, depth = 0): StringLiteral {
  const rawForm = text.startsWith('"""', open);
  if (depth > MAX_NESTING) return { start: open, end: text.length, form: 'string', notAnalysed: 'templates nested too deeply' };
  const s = new Scanner(text);
  let template = false;
  let i = open + (rawForm ? 3 : 1);
  while (i < text.length) {
    const c = text[i];
    if (rawForm && text.startsWith('"""', i)) {
      let close = i;
      while (text[close + 3] === '"') close++;
      return { start: open, end: close + 3, form: 'raw string', ...(template ? { notAnalysed: 'a string template ($...)' } : { value: identity(text, open + 3, close) }) };
    }
    if (!rawForm) {
      if (c === '\n' || c === '\r') break;
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === '"') {
        return { start: open, end: i + 1, form: 'string', ...(template ? { notAnalysed: 'a string template ($...)' } : { value: interpretEscapes(identity(text, open + 1, i), 'kotlin').value }) };
      }
    }
    if (c === '$' && templateStart(text[i + 1])) {
      template = true;
      if (text[i + 1] === '{') {
        i = s.skipBraces(i + 1, (at) => skipNested(text, at, depth + 1));
        continue;
      }
    }
    i++;
  }
  const end = rawForm ? text.length : lineEnd(text, open);
  return { start: open, end, form: rawForm ? 'raw string' : 'string', notAnalysed: 'unterminated string' };
}

function skipNested(text: string, at: number, depth: number): number | undefined {
  if (text[at] === '"') return kotlinString(text, at, depth).end;
  if (text[at] === "'") {
    const close = closeQuote(text, at + 1, "'");
    return close === undefined ? undefined : close + 1;
  }
  return undefined;
}

export function lexKotlin(text: string): Token[] {
  const s = new Scanner(text);
  while (s.pos < text.length) {
    if (s.whitespace() || s.lineComment('//') || s.blockComment(true)) continue;
    const c = s.peek();
    const from = s.pos;
    if (c === '"') {
      const lit = kotlinString(text, from);
      s.pos = lit.end;
      s.push('str', from, { lit });
    } else if (c === "'") {
      const close = closeQuote(text, from + 1, "'");
      if (close === undefined) s.op();
      else {
        s.pos = close + 1;
        s.push('char', from, { charValue: interpretEscapes(identity(text, from + 1, close), 'kotlin').value.text });
      }
    } else if (c === '`') {
      s.backquoted();
    } else if (s.identifier(false) !== undefined) {
      s.push('id', from);
    } else if (!s.number()) s.op();
  }
  return s.tokens;
}
