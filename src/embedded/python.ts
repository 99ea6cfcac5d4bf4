// Python's string syntax: '...', "...", '''...''', """...""" with the prefixes r, u, b, f, t
// (and their combinations, any case); escapes of str literals; raw strings keep backslashes
// (but `\'` still does not end them); f-strings with replacement fields (nested quotes and
// braces, Python 3.12 style) are not analysed, `{{` / `}}` are literal braces; `#` comments.
import { identity, MappedBuilder, type MappedString } from './mapped';
import { MAX_NESTING } from './kotlin';
import { Scanner } from './scan';
import { interpretEscapes } from './strings';
import type { StringLiteral, Token } from './types';

const PREFIXES = new Set(['r', 'u', 'f', 'b', 'br', 'rb', 'fr', 'rf', 't', 'tr', 'rt']);

/** `{{` → `{` and `}}` → `}` in an f-string without fields, each spanning both braces. */
function collapseBraces(m: MappedString): MappedString {
  const b = new MappedBuilder();
  for (let i = 0; i < m.text.length; i++) {
    const c = m.text[i];
    if ((c === '{' || c === '}') && m.text[i + 1] === c) {
      b.push(c, m.starts[i], m.ends[i + 1]);
      i++;
    } else b.push(c, m.starts[i], m.ends[i]);
  }
  return b.build();
}

/** Lexes the Python string literal whose prefix starts at `start` and whose quote is at `open`. */
export function pythonString(text: string, start: number, open: number, prefix = '', depth = 0): StringLiteral {
  const p = prefix.toLowerCase();
  if (depth > MAX_NESTING) return { start, end: text.length, form: 'f-string', notAnalysed: 'f-strings nested too deeply' };
  const isRaw = p.includes('r');
  const isF = p.includes('f');
  const isT = p.includes('t');
  const quote = text[open];
  const triple = text.startsWith(quote.repeat(3), open);
  const q = triple ? quote.repeat(3) : quote;
  const contentStart = open + q.length;
  const s = new Scanner(text);
  let fields = false;
  let i = contentStart;
  while (i < text.length) {
    const c = text[i];
    if (text.startsWith(q, i)) {
      const form = p.includes('b') ? 'bytes' : isF || isT ? 'f-string' : isRaw ? 'raw string' : 'string';
      const end = i + q.length;
      if (form === 'bytes') return { start, end, form, notAnalysed: 'a bytes literal' };
      if (isT) return { start, end, form, notAnalysed: 'a template string (t"...")' };
      if (fields) return { start, end, form, notAnalysed: 'an f-string with replacement fields' };
      const content = identity(text, contentStart, i);
      const un = isRaw ? { value: content, unsupported: undefined } : interpretEscapes(content, 'python');
      if (un.unsupported) return { start, end, form, notAnalysed: un.unsupported };
      return { start, end, form, value: isF ? collapseBraces(un.value) : un.value };
    }
    if (!triple && (c === '\n' || c === '\r')) break;
    if (c === '\\') {
      i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    if ((isF || isT) && c === '{') {
      if (text[i + 1] === '{') {
        i += 2;
        continue;
      }
      fields = true;
      i = s.skipBraces(i, (at) => skipNested(text, at, depth + 1));
      continue;
    }
    i++;
  }
  return { start, end: i, form: isF ? 'f-string' : 'string', notAnalysed: 'unterminated string' };
}

function skipNested(text: string, at: number, depth: number): number | undefined {
  const c = text[at];
  if (c === '"' || c === "'") {
    // A prefixed string inside a field (f"{f'{x}'}"): its prefix was skipped as code.
    return pythonString(text, at, at, /(?:^|\W)(?:[rR]?[fF]|[fF][rR])$/.test(text.slice(Math.max(0, at - 3), at)) ? 'f' : '', depth).end;
  }
  return undefined;
}

export function lexPython(text: string): Token[] {
  const s = new Scanner(text);
  while (s.pos < text.length) {
    if (s.whitespace() || s.lineComment('#')) continue;
    const c = s.peek();
    const from = s.pos;
    if (c === '"' || c === "'") {
      const lit = pythonString(text, from, from);
      s.pos = lit.end;
      s.push('str', from, { lit });
    } else if (s.identifier(false) !== undefined) {
      const id = text.slice(from, s.pos);
      const next = s.peek();
      if ((next === '"' || next === "'") && PREFIXES.has(id.toLowerCase())) {
        const lit = pythonString(text, from, s.pos, id);
        s.pos = lit.end;
        s.push('str', from, { lit });
      } else s.push('id', from);
    } else if (!s.number()) s.op();
  }
  return s.tokens;
}
