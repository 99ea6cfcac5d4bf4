// Scala's string syntax: "..." with escapes, """...""" raw strings (no escapes; extra closing
// quotes kept), interpolated strings (s"", f"", raw"", any id"..."), char literals versus
// symbol literals ('sym), nested block comments, `backtick` names.
import { identity, type MappedString } from './mapped';
import { MAX_NESTING } from './kotlin';
import { closeQuote, lineEnd, Scanner } from './scan';
import { interpretEscapes } from './strings';
import type { StringLiteral, Token } from './types';

/** Lexes the (possibly interpolated, `prefix`) Scala string literal whose quote is at `open`. */
export function scalaString(text: string, start: number, open: number, prefix?: string, depth = 0): StringLiteral {
  const rawForm = text.startsWith('"""', open);
  if (depth > MAX_NESTING) return { start, end: text.length, form: 'interpolated string', notAnalysed: 'interpolations nested too deeply' };
  const s = new Scanner(text);
  let dollar = false;
  let i = open + (rawForm ? 3 : 1);
  const finish = (contentEnd: number, end: number): StringLiteral => {
    const form = prefix ? 'interpolated string' : rawForm ? 'raw string' : 'string';
    const content = identity(text, open + (rawForm ? 3 : 1), contentEnd);
    let value: MappedString | undefined;
    let notAnalysed: string | undefined;
    if (prefix && dollar) notAnalysed = 'string interpolation ($...)';
    else if (prefix && prefix !== 's' && prefix !== 'raw' && prefix !== 'f') notAnalysed = `the ${prefix}"..." interpolator`;
    else if (prefix === 'f' && content.text.includes('%')) notAnalysed = 'an f"..." format string';
    else value = rawForm || prefix === 'raw' ? content : interpretEscapes(content, 'scala').value;
    return { start, end, form, value, notAnalysed };
  };
  while (i < text.length) {
    const c = text[i];
    if (rawForm && text.startsWith('"""', i)) {
      let close = i;
      while (text[close + 3] === '"') close++;
      return finish(close, close + 3);
    }
    if (!rawForm) {
      if (c === '\n' || c === '\r') break;
      if (c === '"') return finish(i, i + 1);
      if (c === '\\' && (!prefix || prefix !== 'raw' || text[i + 1] === '"')) {
        i += 2;
        continue;
      }
    }
    if (prefix && c === '$') {
      dollar = true;
      if (text[i + 1] === '{') {
        i = s.skipBraces(i + 1, (at) => (text[at] === '"' ? scalaString(text, at, at, undefined, depth + 1).end : undefined));
        continue;
      }
      if (text[i + 1] === '$' || text[i + 1] === '"') i++;
    }
    i++;
  }
  return { start, end: rawForm ? text.length : lineEnd(text, open), form: prefix ? 'interpolated string' : rawForm ? 'raw string' : 'string', notAnalysed: 'unterminated string' };
}

export function lexScala(text: string): Token[] {
  const s = new Scanner(text);
  while (s.pos < text.length) {
    if (s.whitespace() || s.lineComment('//') || s.blockComment(true)) continue;
    const c = s.peek();
    const from = s.pos;
    if (c === '"') {
      const lit = scalaString(text, from, from);
      s.pos = lit.end;
      s.push('str', from, { lit });
    } else if (c === "'") {
      // 'a' and '\n' are chars; 'sym (Scala 2 symbol) and '{ (Scala 3 quote) are not.
      const close = closeQuote(text, from + 1, "'");
      const inner = close === undefined ? '' : text.slice(from + 1, close);
      if (close !== undefined && (inner.length === 1 || inner.startsWith('\\'))) {
        s.pos = close + 1;
        s.push('char', from, { charValue: interpretEscapes(identity(text, from + 1, close), 'scala').value.text });
      } else s.op();
    } else if (c === '`') {
      s.backquoted();
    } else if (s.identifier(true) !== undefined) {
      if (s.peek() === '"') {
        // id"..." : an interpolated string.
        const lit = scalaString(text, from, s.pos, text.slice(from, s.pos));
        s.pos = lit.end;
        s.push('str', from, { lit });
      } else s.push('id', from);
    } else if (!s.number()) s.op();
  }
  return s.tokens;
}
