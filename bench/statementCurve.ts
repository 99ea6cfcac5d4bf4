// The parse time of one statement against its length (issue 15): one statement used to parse
// in time quadratic in its select list (dt-sql-parser's completion-only empty columns, pruned in
// src/sql/parser.ts). A benchmark, not a test: it prints warm medians, and µs per column, which
// stays flat when the parse is linear.
import { parseStatement } from '../src/sql/parser';

/** Select lists this long; 200,000 columns of the shape are 600 KB, under the 1 MB statement cap. */
export const CURVE_COLUMNS = [1000, 5000, 20_000, 50_000, 100_000, 200_000];

export interface CurvePoint {
  shape: string;
  columns: number;
  chars: number;
  /** Median of the warm runs. */
  parseMs: number;
  runs: number;
}

/**
 * The statement shapes: the (`SELECT x, x, ..., y FROM t`), and qualified columns of an
 * INSERT ... JOIN, up to 100,000 columns (989 KB: 200,000 would be 2 MB, over the 1 MB cap,
 * never parsed by the analysis).
 */
export const CURVE_SHAPES: Record<string, { columns: number[]; text: (columns: number) => string }> = {
  select: { columns: CURVE_COLUMNS, text: (n) => `SELECT ${'x, '.repeat(n - 1)}y FROM t` },
  'insert-join': {
    columns: CURVE_COLUMNS.filter((n) => n <= 100_000),
    text: (n) => {
      const cols: string[] = [];
      for (let i = 0; i < n; i++) cols.push(`${i % 2 === 0 ? 'a' : 'b'}.c${i}`);
      return `INSERT INTO s SELECT ${cols.join(', ')} FROM a JOIN b ON a.id = b.id`;
    },
  },
};

/**
 * Warm runs per length, fewer for the long statements so that the curve stays under a minute
 * (100,000 columns and more take seconds each).
 */
function runsFor(columns: number): number {
  if (columns <= 5000) return 7;
  if (columns <= 20_000) return 5;
  if (columns <= 50_000) return 3;
  return 1;
}

/**
 * Times parseStatement on one statement of each shape and length, the median of a few runs.
 * The parser is warm: the shortest statement of the shape is parsed first, untimed, which
 * fills the prediction cache that every length of it shares (and compiles the parser's hot
 * functions). Each parse must be free of syntax errors, or it would time the error path (a
 * second, full-LL parse) instead.
 */
export function statementCurve(shapes = Object.keys(CURVE_SHAPES)): CurvePoint[] {
  const out: CurvePoint[] = [];
  for (const shape of shapes) {
    const { columns, text: textOf } = CURVE_SHAPES[shape];
    parseStatement(textOf(columns[0]));
    for (const n of columns) {
      const text = textOf(n);
      const runs = runsFor(n);
      const times: number[] = [];
      for (let k = 0; k < runs; k++) {
        const t = performance.now();
        const parsed = parseStatement(text);
        times.push(performance.now() - t);
        if (parsed.errors.length > 0) throw new Error(`statementCurve: ${shape} with ${n} columns does not parse: ${parsed.errors[0].message}`);
      }
      times.sort((a, b) => a - b);
      out.push({ shape, columns: n, chars: text.length, parseMs: Math.round(times[Math.floor(runs / 2)] * 10) / 10, runs });
    }
  }
  return out;
}

/** The curve as a table: µs per column is flat when the parse is linear in the statement's length. */
export function curveTable(points: CurvePoint[]): string {
  const lines = [`${'shape'.padEnd(12)}${'columns'.padStart(8)}${'chars'.padStart(10)}${'parse ms'.padStart(10)}${'µs/column'.padStart(11)}${'runs'.padStart(6)}`];
  for (const p of points) {
    lines.push(`${p.shape.padEnd(12)}${String(p.columns).padStart(8)}${String(p.chars).padStart(10)}${p.parseMs.toFixed(1).padStart(10)}${((p.parseMs * 1000) / p.columns).toFixed(2).padStart(11)}${String(p.runs).padStart(6)}`);
  }
  return `${lines.join('\n')}\n`;
}
