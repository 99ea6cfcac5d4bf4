// Java's lexical structure as far as strings go (JLS 3.7-3.10): comments, char literals,
// string literals with their escapes (\uXXXX included) and text blocks (JLS 3.10.6).
// Unicode escapes outside literals (a `\u0022` standing for a quote) are not translated.
import { identity } from './mapped';
import { closeQuote, lineEnd, Scanner } from './scan';
import { stripTextBlockIndent, interpretEscapes } from './strings';
import type { StringLiteral, Token } from './types';

function textBlock(text: string, open: number): StringLiteral {
  let i = open + 3;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f')) i++;
  if (i < text.length && text[i] !== '\n' && text[i] !== '\r') {
    // `"""` must be followed by a line end: not a text block the compiler accepts.
    const end = lineEnd(text, i);
    return { start: open, end, form: 'text block', notAnalysed: 'the text block does not start on a new line' };
  }
  const contentStart = text[i] === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
  for (let k = contentStart; k < text.length; k++) {
    if (text[k] === '\\') k++;
    else if (text.startsWith('"""', k)) {
      const value = interpretEscapes(stripTextBlockIndent(identity(text, contentStart, k)), 'java').value;
      return { start: open, end: k + 3, form: 'text block', value };
    }
  }
  return { start: open, end: text.length, form: 'text block', notAnalysed: 'unterminated text block' };
}

export function lexJava(text: string): Token[] {
  const s = new Scanner(text);
  while (s.pos < text.length) {
    if (s.whitespace() || s.lineComment('//') || s.blockComment(false)) continue;
    const c = s.peek();
    const from = s.pos;
    if (s.startsWith('"""')) {
      const lit = textBlock(text, from);
      s.pos = lit.end;
      s.push('str', from, { lit });
    } else if (c === '"' || c === "'") {
      const close = closeQuote(text, from + 1, c);
      if (close === undefined) {
        s.pos = lineEnd(text, from);
        if (c === '"') s.push('str', from, { lit: { start: from, end: s.pos, form: 'string', notAnalysed: 'unterminated string' } });
        continue;
      }
      s.pos = close + 1;
      const value = interpretEscapes(identity(text, from + 1, close), 'java').value;
      if (c === '"') s.push('str', from, { lit: { start: from, end: s.pos, form: 'string', value } });
      else s.push('char', from, { charValue: value.text });
    } else if (s.identifier(true) !== undefined) {
      s.push('id', from);
    } else if (!s.number()) s.op();
  }
  return s.tokens;
}
