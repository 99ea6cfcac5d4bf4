// Small building blocks the string-literal readers share (kotlin.ts, scala.ts, python.ts).
// Pure.

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

/**
 * Skips a template expression `${ ... }` / `{ ... }` starting at the opening brace: nested
 * braces and the strings inside (read by `skipString`) are balanced. Returns the end.
 */
export function skipBraces(text: string, open: number, skipString: (at: number) => number | undefined): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const c = text[i];
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

/** The line end at or after `i` (the offset of its first character), or the text's end. */
export function lineEnd(text: string, i: number): number {
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}
