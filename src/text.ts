// Positions, ranges and diagnostics shared by every pure module (no `vscode` here).
// Lines and columns are 1-based, as the CLI's JSON and compiler messages print them;
// `end` is exclusive. Providers convert to VS Code's 0-based positions.

export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Stable code, documented in docs/diagnostics.md (for example `sql-syntax`). */
  code: string;
  message: string;
  range: Range;
}

/** Maps UTF-16 offsets of a text to 1-based line/column positions and back. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    // indexOf finds line breaks several times faster than a loop over the characters (this
    // runs on every analysis of a whole file). Lines end at \n, \r\n or a lone \r.
    let nl = text.indexOf('\n');
    let cr = text.indexOf('\r');
    while (nl >= 0 || cr >= 0) {
      if (cr < 0 || (nl >= 0 && nl < cr)) {
        this.starts.push(nl + 1);
        nl = text.indexOf('\n', nl + 1);
      } else {
        const end = nl === cr + 1 ? cr + 2 : cr + 1;
        this.starts.push(end);
        if (nl === cr + 1) nl = text.indexOf('\n', end);
        cr = text.indexOf('\r', end);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    let o = Math.max(0, Math.min(offset, this.text.length));
    // Between the \r and the \n of a CRLF is still the end of that line (column = length + 1).
    if (o > 0 && this.text.charCodeAt(o) === 10 && this.text.charCodeAt(o - 1) === 13) o--;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo] + 1 };
  }

  offset(pos: Position): number {
    const line = Math.max(1, Math.min(pos.line, this.starts.length));
    return Math.min(this.text.length, this.starts[line - 1] + Math.max(0, pos.column - 1));
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.position(startOffset), end: this.position(Math.max(startOffset, endOffset)) };
  }
}

export function diagnostic(severity: Severity, code: string, message: string, range: Range): Diagnostic {
  return { severity, code, message, range };
}

/**
 * A file's bytes as text, the way an editor opens it: UTF-16 LE/BE when the file starts with
 * that byte-order mark (PowerShell 5's `>` writes `aws ... describe-application` output so),
 * else UTF-8 (a UTF-8 BOM is kept, as readFileSync(path, 'utf8') kept it; the readers skip it).
 * Invalid sequences become U+FFFD, never an exception.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

/**
 * Characters no text file has but a binary, or a crafted file, may: C0 controls except tab,
 * line feed, vertical tab, form feed and carriage return; DEL; C1 controls (U+0080-U+009F).
 */
function isOddControl(c: number): boolean {
  return (c < 0x20 && (c < 0x09 || c > 0x0d)) || (c >= 0x7f && c <= 0x9f);
}

/**
 * Why a decoded text is not a text file (a binary named `.sql`, say), or undefined when it is
 * one. What an editor has: the document's text, its bytes decoded as UTF-8 (or UTF-16 after a
 * byte-order mark, see decodeText). Not text when:
 * - it holds a NUL character: no text file does, nearly every binary does (git's own test);
 * - more than 30 % of its characters are U+FFFD (what decoding makes of invalid UTF-8) or odd
 *   control characters (isOddControl). 30 % is Perl's `-B` test: a binary without NULs (random
 *   or compressed bytes) has about half of its bytes above 0x7F, most of them invalid UTF-8,
 *   and an eighth below 0x20, while text in a legacy encoding (Latin-1 comments, a few
 *   replacement characters) or with a stray escape sequence stays far below. The reason names
 *   the larger of the two.
 * Empty text is text. The whole text is counted: one pass, about a millisecond per megabyte.
 */
export function notTextReasonOfText(text: string): string | undefined {
  if (text.indexOf('\0') >= 0) return 'NUL bytes';
  let replaced = 0;
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) replaced++;
    else if (isOddControl(c)) control++;
  }
  if ((replaced + control) * 10 <= text.length * 3) return undefined;
  return replaced >= control ? 'invalid UTF-8' : 'mostly control characters';
}

/**
 * Why a file's bytes are not text, or undefined when they are: a NUL byte (outside a UTF-16
 * file, whose ASCII characters all have one), else notTextReasonOfText of the bytes decoded
 * as decodeText decodes them (pass `decoded` when the caller has it already).
 */
export function notTextReason(bytes: Uint8Array, decoded?: string): string | undefined {
  const utf16 =
    bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (!utf16 && bytes.indexOf(0) >= 0) return 'NUL bytes';
  return notTextReasonOfText(decoded ?? decodeText(bytes));
}

/**
 * A string from a user's file made safe to print on one line: C0 controls (tab and line feed
 * included), DEL and C1 controls become `\t`, `\n`, `\r` or `\xNN`, and the bidirectional
 * embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069, which reorder what a
 * terminal or editor shows) become `\uNNNN`. Everything else, backslashes included, is kept.
 */
export function escapeControl(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)))
      continue;
    const escaped =
      c === 0x09
        ? '\\t'
        : c === 0x0a
          ? '\\n'
          : c === 0x0d
            ? '\\r'
            : c < 0x100
              ? `\\x${c.toString(16).padStart(2, '0')}`
              : `\\u${c.toString(16)}`;
    out += s.slice(from, i) + escaped;
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}
