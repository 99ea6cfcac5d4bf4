// What a host language does to the text between a literal's quotes, on mapped strings so
// that every resulting unit keeps the host span it came from: escape sequences per
// language, Java text-block incidental-whitespace stripping (JLS 3.10.6), Kotlin
// trimIndent()/trimMargin() and Scala stripMargin.
import { concat, MappedBuilder, slice, splitLines, type MappedString } from './mapped';
import type { HostLanguage } from './types';

const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isOct = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';

/** Java's Character.isWhitespace for the characters a source line can hold. */
const isJavaWhitespace = (c: string) =>
  c === ' ' ||
  c === '\t' ||
  c === '\f' ||
  c === '\u000b' ||
  c === '\u001c' ||
  c === '\u001d' ||
  c === '\u001e' ||
  c === '\u001f';
/** Kotlin's Char.isWhitespace (the common ones, incl. no-break space). */
const isKotlinWhitespace = (c: string) => /\s/.test(c);

const SIMPLE: Record<HostLanguage, Record<string, string>> = {
  java: { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', s: ' ', '"': '"', "'": "'", '\\': '\\' },
  kotlin: { t: '\t', b: '\b', n: '\n', r: '\r', '"': '"', "'": "'", '\\': '\\', $: '$' },
  scala: { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', "'": "'", '\\': '\\' },
  python: { '\\': '\\', "'": "'", '"': '"', a: '\u0007', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\u000b' },
};

export interface Unescaped {
  value: MappedString;
  /** An escape we do not turn into text (Python's `\N{name}`): the literal is then not analysed. */
  unsupported?: string;
}

/**
 * Interprets the escape sequences of `lang` in `m` (the text between the quotes, already
 * mapped). Each escape becomes one unit (two for a supplementary code point) spanning the
 * whole escape in the host file. Invalid escapes are kept as written.
 */
export function interpretEscapes(m: MappedString, lang: HostLanguage): Unescaped {
  const t = m.text;
  const b = new MappedBuilder();
  const simple = SIMPLE[lang];
  let unsupported: string | undefined;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c !== '\\' || i + 1 >= t.length) {
      b.push(c, m.starts[i], m.ends[i]);
      continue;
    }
    const n = t[i + 1];
    const span = (k: number) => [m.starts[i], m.ends[i + k - 1]] as const; // k units from i
    if (n === 'u' && lang !== 'python') {
      // Java allows \uuuu0041; Kotlin and Scala take exactly one u.
      let j = i + 1;
      while (lang === 'java' && t[j + 1] === 'u') j++;
      const hex = t.slice(j + 1, j + 5);
      if (hex.length === 4 && [...hex].every(isHex)) {
        b.push(String.fromCharCode(parseInt(hex, 16)), ...span(j + 5 - i));
        i = j + 4;
        continue;
      }
    }
    if (simple[n] !== undefined) {
      b.push(simple[n], ...span(2));
      i++;
      continue;
    }
    if ((lang === 'java' || lang === 'python') && (n === '\n' || n === '\r')) {
      // Line continuation (Java text blocks; Python strings): the escape and the line end vanish.
      i += n === '\r' && t[i + 2] === '\n' ? 2 : 1;
      continue;
    }
    if ((lang === 'java' || lang === 'scala' || lang === 'python') && isOct(n)) {
      // Java/Scala: \0-\377 (three digits only when the first is 0-3); Python: up to three digits.
      const max = lang === 'python' || n <= '3' ? 3 : 2;
      let j = i + 1;
      while (j - i < max && isOct(t[j + 1])) j++;
      b.push(String.fromCharCode(parseInt(t.slice(i + 1, j + 1), 8)), ...span(j + 1 - i));
      i = j;
      continue;
    }
    if (lang === 'python') {
      const width = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
      if (width > 0) {
        const hex = t.slice(i + 2, i + 2 + width);
        if (hex.length === width && [...hex].every(isHex)) {
          const cp = parseInt(hex, 16);
          if (cp <= 0x10ffff) {
            b.push(String.fromCodePoint(cp), ...span(2 + width));
            i += 1 + width;
            continue;
          }
        }
      }
      if (n === 'N' && t[i + 2] === '{') unsupported = 'a \\N{name} escape';
    }
    // Not an escape this language knows: keep the backslash as written (Python keeps it too).
    b.push(c, m.starts[i], m.ends[i]);
  }
  return { value: b.build(), unsupported };
}

const isBlank = (line: MappedString, ws: (c: string) => boolean) => [...line.text].every(ws);
function leading(line: MappedString, ws: (c: string) => boolean): number {
  let k = 0;
  while (k < line.text.length && ws(line.text[k])) k++;
  return k;
}

/**
 * A Java text block's content (from after the opening delimiter's line end to the closing
 * delimiter) as the compiler sees it before escapes: line ends normalised to LF, incidental
 * white space removed (minimum indentation over the non-blank lines and the closing line),
 * trailing white space removed (JLS 3.10.6, String.stripIndent). Each LF spans the host's
 * line terminator.
 */
export function stripTextBlockIndent(content: MappedString): MappedString {
  const lines = splitLines(content);
  const last = lines.length - 1;
  let min = Number.POSITIVE_INFINITY;
  lines.forEach(({ line }, k) => {
    if (k === last || !isBlank(line, isJavaWhitespace)) min = Math.min(min, leading(line, isJavaWhitespace));
  });
  if (!Number.isFinite(min)) min = 0;
  const b = new MappedBuilder();
  lines.forEach(({ line, eol }, k) => {
    if (!isBlank(line, isJavaWhitespace)) {
      let end = line.text.length;
      while (end > 0 && isJavaWhitespace(line.text[end - 1])) end--;
      b.append(slice(line, min, end));
    }
    if (k < last) b.push('\n', eol.starts[0], eol.ends[eol.text.length - 1]);
  });
  return b.build();
}

/** Kotlin's lines(): LF, CRLF and CR; joined back with LF. */
function kotlinReindent(m: MappedString, cut: (line: MappedString) => MappedString | undefined): MappedString {
  const lines = splitLines(m);
  const last = lines.length - 1;
  const kept: MappedString[] = [];
  const eols: MappedString[] = [];
  lines.forEach(({ line, eol }, k) => {
    if ((k === 0 || k === last) && isBlank(line, isKotlinWhitespace)) return;
    kept.push(cut(line) ?? line);
    eols.push(eol);
  });
  const b = new MappedBuilder();
  kept.forEach((line, k) => {
    if (k > 0) {
      // The "\n" joining two kept lines stands for the terminator that ended the previous one.
      const eol = eols[k - 1];
      const at =
        eol.text.length > 0
          ? [eol.starts[0], eol.ends[eol.text.length - 1]]
          : [line.starts[0] ?? 0, line.starts[0] ?? 0];
      b.push('\n', at[0], at[1]);
    }
    b.append(line);
  });
  return b.build();
}

/** Kotlin `"""...""".trimIndent()`. */
export function trimIndent(m: MappedString): MappedString {
  let min = Number.POSITIVE_INFINITY;
  for (const { line } of splitLines(m))
    if (!isBlank(line, isKotlinWhitespace)) min = Math.min(min, leading(line, isKotlinWhitespace));
  if (!Number.isFinite(min)) min = 0;
  return kotlinReindent(m, (line) => slice(line, Math.min(min, line.text.length)));
}

/** Kotlin `"""...""".trimMargin(prefix)`. */
export function trimMargin(m: MappedString, prefix = '|'): MappedString {
  return kotlinReindent(m, (line) => {
    const first = leading(line, isKotlinWhitespace);
    if (first === line.text.length) return undefined;
    return line.text.startsWith(prefix, first) ? slice(line, first + prefix.length) : undefined;
  });
}

/** Scala `"""...""".stripMargin(marginChar)`: line terminators stay as written. */
export function stripMargin(m: MappedString, marginChar = '|'): MappedString {
  const parts: MappedString[] = [];
  for (const { line, eol } of splitLines(m)) {
    let k = 0;
    while (k < line.text.length && line.text.charCodeAt(k) <= 32) k++;
    parts.push(k < line.text.length && line.text[k] === marginChar ? slice(line, k + 1) : line, eol);
  }
  return concat(parts);
}
