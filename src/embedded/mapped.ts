// A string whose every UTF-16 unit knows the host-file text it came from: `starts[i]` /
// `ends[i]` are the host offsets (end exclusive) of the source of unit i. An escape such as
// `\n` or `\u0041` gives one unit spanning its whole escape; a text block's line end spans
// the host's line terminator (two units for CRLF); a separator we insert spans nothing
// (start = end). Pure: no vscode.

export interface MappedString {
  text: string;
  starts: number[];
  ends: number[];
}

export const EMPTY: MappedString = { text: '', starts: [], ends: [] };

export class MappedBuilder {
  private text = '';
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** One or more units (a surrogate pair from `\U0001F600`) with the same host span. */
  push(units: string, start: number, end: number): this {
    for (let k = 0; k < units.length; k++) {
      this.starts.push(start);
      this.ends.push(end);
    }
    this.text += units;
    return this;
  }

  append(m: MappedString): this {
    this.text += m.text;
    for (let i = 0; i < m.text.length; i++) {
      this.starts.push(m.starts[i]);
      this.ends.push(m.ends[i]);
    }
    return this;
  }

  get length(): number {
    return this.text.length;
  }

  build(): MappedString {
    return { text: this.text, starts: this.starts.slice(), ends: this.ends.slice() };
  }
}

/** Host text [from, to) copied unit by unit: every unit maps to itself. */
export function identity(host: string, from: number, to: number): MappedString {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = from; i < to; i++) {
    starts.push(i);
    ends.push(i + 1);
  }
  return { text: host.slice(from, to), starts, ends };
}

export function slice(m: MappedString, from: number, to = m.text.length): MappedString {
  return { text: m.text.slice(from, to), starts: m.starts.slice(from, to), ends: m.ends.slice(from, to) };
}

export function concat(parts: MappedString[]): MappedString {
  const b = new MappedBuilder();
  for (const p of parts) b.append(p);
  return b.build();
}

export interface MappedLine {
  /** The line without its terminator. */
  line: MappedString;
  /** Its terminator (`\n`, `\r\n`, `\r`), empty on the last line. */
  eol: MappedString;
}

/** Splits at LF, CRLF and CR, keeping each terminator with its mapping. */
export function splitLines(m: MappedString): MappedLine[] {
  const out: MappedLine[] = [];
  let lineStart = 0;
  const t = m.text;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c !== '\n' && c !== '\r') continue;
    const eolEnd = c === '\r' && t[i + 1] === '\n' ? i + 2 : i + 1;
    out.push({ line: slice(m, lineStart, i), eol: slice(m, i, eolEnd) });
    i = eolEnd - 1;
    lineStart = eolEnd;
  }
  out.push({ line: slice(m, lineStart), eol: EMPTY });
  return out;
}

/** The host offset where the unit at `offset` starts (`offset` = length: after the last unit). */
export function hostStart(m: MappedString, offset: number, fallback: number): number {
  if (m.text.length === 0) return fallback;
  if (offset >= m.text.length) return m.ends[m.text.length - 1];
  return m.starts[Math.max(0, offset)];
}

/** The host offset where the text before `offset` (exclusive end) ends. */
export function hostEnd(m: MappedString, offset: number, fallback: number): number {
  if (m.text.length === 0) return fallback;
  if (offset <= 0) return m.starts[0];
  return m.ends[Math.min(offset, m.text.length) - 1];
}
