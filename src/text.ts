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
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}
