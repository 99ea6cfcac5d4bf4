// The parse time of one statement against its length (issues 15 and 19). One statement used to
// parse in time quadratic in its select list (dt-sql-parser's completion-only empty columns,
// pruned in src/sql/parser.ts); then µs per column still grew about 3x from 1,000 to 200,000
// columns, by garbage collection: the tree of a statement longer than the young generation is
// copied by the scavenges it survives, in proportion to the bytes it keeps (smaller since
// scripts/antlr-fields.mjs sizes each node's child array). A benchmark, not a test: it prints
// warm medians, µs per column, which stays flat when the parse is linear, and how much of each
// parse was garbage collection, so that the parser's own work per column shows apart from it.
import { GCProfiler } from 'node:v8';
import { parseStatement } from '../src/sql/parser';

/** Select lists this long; 200,000 columns of the shape are 600 KB, under the 1 MB statement cap. */
export const CURVE_COLUMNS = [1000, 5000, 20_000, 50_000, 100_000, 200_000];

export interface CurvePoint {
  shape: string;
  columns: number;
  chars: number;
  /** Median of the warm runs. */
  parseMs: number;
  /** Of the median run, the time V8 spent collecting garbage (scavenges and the main thread's part of a full GC). */
  gcMs: number;
  /** parseMs per column, in µs: flat when the parse is linear. */
  usPerColumn: number;
  /** (parseMs - gcMs) per column, in µs: the parser's own work. */
  parserUsPerColumn: number;
  /** usPerColumn over the smallest usPerColumn of the shape: its largest is the curve's departure from linear. */
  vsFlattest: number;
  runs: number;
}

/**
 * The statement shapes: the (`SELECT x, x, ..., y FROM t`), and qualified columns of an
 * INSERT ... JOIN. 200,000 of those are 2 MB, over the analysis's 1 MB statement cap (never
 * parsed by the analysis), timed all the same so that both shapes reach the same length.
 */
export const CURVE_SHAPES: Record<string, { columns: number[]; text: (columns: number) => string }> = {
  select: { columns: CURVE_COLUMNS, text: (n) => `SELECT ${'x, '.repeat(n - 1)}y FROM t` },
  'insert-join': {
    columns: CURVE_COLUMNS,
    text: (n) => {
      const cols: string[] = [];
      for (let i = 0; i < n; i++) cols.push(`${i % 2 === 0 ? 'a' : 'b'}.c${i}`);
      return `INSERT INTO s SELECT ${cols.join(', ')} FROM a JOIN b ON a.id = b.id`;
    },
  },
};

/**
 * Warm runs per length, fewer for the long statements so that the curve stays under a minute
 * (100,000 columns and more take a second or two each). Three at the longest: with one run, a
 * full collection of the heap the earlier lengths left could land in it (the 200,000-column
 * select list took 6.46 µs a column in one such run, 4.54 as the median of three).
 */
function runsFor(columns: number): number {
  if (columns <= 5000) return 7;
  if (columns <= 20_000) return 5;
  return 3;
}

/**
 * Untimed parses of the shortest statement of a shape before its curve. One filled the prediction
 * cache but left the parser half-compiled on a busy machine (V8 optimizes on a background thread):
 * 1,000 columns took 15.5 µs a column against 2.3 at 5,000, with no garbage collection in either.
 */
const WARM_UP_PARSES = 30;

/**
 * Times parseStatement on one statement of each shape and length, the median of a few runs.
 * The parser is warm: the shortest statement of the shape is parsed first, untimed, which
 * fills the prediction cache that every length of it shares (and compiles the parser's hot
 * functions). No run starts with a forced collection: right after one (`gc()`), a 1,000-column
 * parse took 10 to 30 times the CPU of one without: that would time the collection's aftermath.
 * Each parse must be free of syntax errors, or it would time the error path (a second, full-LL
 * parse) instead.
 */
export function statementCurve(shapes = Object.keys(CURVE_SHAPES)): CurvePoint[] {
  const out: CurvePoint[] = [];
  for (const shape of shapes) {
    const { columns, text: textOf } = CURVE_SHAPES[shape];
    for (let k = 0; k < WARM_UP_PARSES; k++) parseStatement(textOf(columns[0]));
    const points: CurvePoint[] = [];
    for (const n of columns) {
      const text = textOf(n);
      const runs = runsFor(n);
      const times: { ms: number; gcMs: number }[] = [];
      for (let k = 0; k < runs; k++) {
        const gc = new GCProfiler();
        gc.start();
        const t = performance.now();
        const parsed = parseStatement(text);
        const ms = performance.now() - t;
        const gcMs = (gc.stop()?.statistics ?? []).reduce((sum, s) => sum + s.cost, 0) / 1000;
        times.push({ ms, gcMs });
        if (parsed.errors.length > 0)
          throw new Error(`statementCurve: ${shape} with ${n} columns does not parse: ${parsed.errors[0].message}`);
      }
      times.sort((a, b) => a.ms - b.ms);
      const median = times[Math.floor(runs / 2)];
      const parseMs = round(median.ms, 1);
      const gcMs = round(Math.min(median.gcMs, median.ms), 1);
      points.push({
        shape,
        columns: n,
        chars: text.length,
        parseMs,
        gcMs,
        usPerColumn: round((parseMs * 1000) / n, 2),
        parserUsPerColumn: round(((parseMs - gcMs) * 1000) / n, 2),
        vsFlattest: 0,
        runs,
      });
    }
    const flattest = Math.min(...points.map((p) => p.usPerColumn));
    for (const p of points) p.vsFlattest = round(p.usPerColumn / flattest, 2);
    out.push(...points);
  }
  return out;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * How a shape's parse time grows with its length: the exponent b of time = a × columns^b, fitted
 * by least squares to the logarithms of every point (1 for a linear parse, 2 for a quadratic
 * one), of the whole time and of the parser's own (without garbage collection).
 */
export interface CurveFit {
  shape: string;
  exponent: number;
  exponentWithoutGc: number;
}

function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

export function curveFits(points: CurvePoint[]): CurveFit[] {
  return [...new Set(points.map((p) => p.shape))].map((shape) => {
    const of = points.filter((p) => p.shape === shape && p.parseMs > p.gcMs);
    const x = of.map((p) => Math.log(p.columns));
    return {
      shape,
      exponent: round(slope(x, of.map((p) => Math.log(p.parseMs))), 2),
      exponentWithoutGc: round(slope(x, of.map((p) => Math.log(p.parseMs - p.gcMs))), 2),
    };
  });
}

/**
 * The curve as a table, and per shape the ratio of its largest µs per column to its smallest:
 * about 1 when the parse is linear. The same ratio of the parser's own µs per column (the time
 * outside garbage collection) says how much of a departure is the collector's. Then the fitted
 * exponent (curveFits): the ratio is set by the worst point, and the short statements, whose
 * trees die before any collection, pay none of the garbage collection the long ones pay.
 */
export function curveTable(points: CurvePoint[]): string {
  const head = ['columns', 'chars', 'parse ms', 'GC ms', 'µs/column', 'w/o GC', 'runs'];
  const widths = [8, 10, 10, 8, 11, 8, 6];
  const row = (first: string, cells: string[]) =>
    `${first.padEnd(12)}${cells.map((c, i) => c.padStart(widths[i])).join('')}`;
  const lines = [row('shape', head)];
  for (const p of points) {
    lines.push(
      row(p.shape, [
        String(p.columns),
        String(p.chars),
        p.parseMs.toFixed(1),
        p.gcMs.toFixed(1),
        p.usPerColumn.toFixed(2),
        p.parserUsPerColumn.toFixed(2),
        String(p.runs),
      ]),
    );
  }
  for (const shape of [...new Set(points.map((p) => p.shape))]) {
    const of = points.filter((p) => p.shape === shape);
    const ratio = (f: (p: CurvePoint) => number) => Math.max(...of.map(f)) / Math.min(...of.map(f));
    const span = `${of[0].columns} to ${of[of.length - 1].columns} columns`;
    const fit = curveFits(of)[0];
    lines.push(
      `${shape}: µs/column largest/smallest ${ratio((p) => p.usPerColumn).toFixed(2)}x ` +
        `(without GC ${ratio((p) => p.parserUsPerColumn).toFixed(2)}x), ${span}; ` +
        `time ∝ columns^${fit.exponent.toFixed(2)} (without GC ^${fit.exponentWithoutGc.toFixed(2)})`,
    );
  }
  return `${lines.join('\n')}\n`;
}
