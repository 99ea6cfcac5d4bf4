// npm run bench: how fast the analysis is, against the parser's own floor, and how one
// statement's parse time grows with its length (statementCurve.ts). A benchmark, not a test: it
// prints medians over repeated runs in one process (table, or --json). --curve-only: only the
// statement curve.
import { existsSync, statSync } from 'node:fs';
import type * as Raw from './raw';
import { join } from 'node:path';
import { FlinkSQL } from 'dt-sql-parser/dist/parser/flink';
import { AnalysisSession, analyzeSqlFile, estimateAhead } from '../src/analysis';
import { warmUpParser } from '../src/sql';
import { defaultParseThreads, ParsePool } from '../src/sql/pool';
import { generateFlinkSql } from './generate';
import { type CurvePoint, curveTable, statementCurve } from './statementCurve';

const json = process.argv.includes('--json');
const curveOnly = process.argv.includes('--curve-only');
const SIZES = curveOnly ? [] : [20, 200, 1000, 2000, 5000];
const REPEAT = Number(process.env.BENCH_REPEAT ?? 11);
/**
 * One-line edits timed after each full analysis (each a new literal, so each re-parses its
 * statement); their median is that repetition's edit time. An edit takes a few ms, so a
 * single one is easily doubled by a collection of the full analysis's garbage.
 */
const EDITS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function time(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

/** A one-line edit inside one statement: a WHERE condition's literal changes. */
function editOneLine(text: string, k: number): string {
  const at = text.indexOf('WHERE a0.ts IS NOT NULL', Math.floor(text.length / 2));
  const i = at >= 0 ? at : text.lastIndexOf('WHERE a0.ts IS NOT NULL');
  return text.slice(0, i) + `WHERE a0.ts IS NOT NULL AND a0.c0 <> 'x${k}'` + text.slice(i + 'WHERE a0.ts IS NOT NULL'.length);
}

const root = join(__dirname, '..', '..');
const raw = new FlinkSQL();
warmUpParser();
raw.parse('SELECT 1', () => undefined);
// The editor's path: statements parsed on the parse threads (dist/worker.js, built by npm run
// package) while this thread resolves and estimates what they send; then the analysis places
// the cached results. The CLI's path: all on this thread.
const pool = new ParsePool(join(root, 'dist', 'worker.js'), curveOnly ? 0 : defaultParseThreads());
// A computed path: the bundler must leave this require to run time (a second parser copy, unpatched).
const publishedPath = join(__dirname, 'raw-published.js');
const published = existsSync(publishedPath) ? (require(publishedPath) as typeof Raw) : undefined;

/** Wall time of the editor's path, and how long this thread was busy meanwhile (the rest it could serve other work). */
async function timePooled(session: AnalysisSession, text: string): Promise<{ ms: number; busyMs: number }> {
  const elu = performance.eventLoopUtilization();
  const t = performance.now();
  // As the editor does (service.ts): the chains are estimated as their queries are resolved.
  await pool.prefetch(session.sql, text, undefined, estimateAhead(session.estimates, undefined));
  analyzeSqlFile(session, '/bench.sql', text);
  const ms = performance.now() - t;
  return { ms, busyMs: performance.eventLoopUtilization(elu).active };
}

// The goals are ratios (full / raw parse, edit / full), and this machine's speed drifts from
// second to second: each repetition measures the raw parses, the full analysis and the edits
// back to back (the parses first on even repetitions, last on odd ones) and the ratios are the
// medians of those paired ratios, which a slow second cannot skew as it skews a ratio of two
// medians.
//
// The floor is dt-sql-parser's parse of the whole file as npm publishes it (bench/raw.ts): the
// "raw dt-sql-parser parse" of issue 5. The extension ships that parser on a faster runtime
// (scripts/antlr-fields.mjs, about twice as fast); that parse is reported too, with the full
// analysis's ratio to it, since what the analysis adds to its own parse shows there.
interface Size {
  lines: number;
  /** dt-sql-parser's whole-file parse as published (bench/raw.ts); on the shipped runtime when that bundle is missing. */
  rawParseMs: number;
  /** The same parse on the runtime the extension ships. */
  shippedParseMs: number;
  /** The editor's path (parse thread), wall time. */
  fullAnalysisMs: number;
  editAnalysisMs: number;
  fullToRaw: number;
  editToFull: number;
  /** fullAnalysisMs / shippedParseMs. */
  fullToShippedParse: number;
  /** Of fullAnalysisMs, how long the analysing thread (the extension host) was busy. */
  fullMainThreadMs: number;
  /** The CLI's path: everything on one thread. */
  fullInProcessMs: number;
  editInProcessMs: number;
  fullInProcessToRaw: number;
  fullInProcessToShippedParse: number;
  editInProcessToFull: number;
}
const sizes: Size[] = [];
(async () => {
  for (const lines of SIZES) {
    const text = generateFlinkSql(lines);
    const m: Record<string, number[]> = { raw: [], shipped: [], full: [], edit: [], fr: [], fs: [], ef: [], busy: [], fullIn: [], editIn: [], frIn: [], fsIn: [], efIn: [] };
    published?.publishedParse(text);
    for (let k = 0; k < REPEAT; k++) {
      const parses = () => {
        const shipped = time(() => raw.parse(text, () => undefined));
        return { shipped, raw: published ? time(() => published.publishedParse(text)) : shipped };
      };
      const before = k % 2 === 0 ? parses() : undefined;
      // A new session: a cold analysis (nothing parsed, resolved or estimated yet).
      let session = new AnalysisSession();
      const full = await timePooled(session, text);
      const editTimes: number[] = [];
      for (let e = 0; e < EDITS; e++) editTimes.push((await timePooled(session, editOneLine(text, k * EDITS + e))).ms);
      const edit = { ms: median(editTimes) };
      session = new AnalysisSession();
      const fullIn = time(() => analyzeSqlFile(session, '/bench.sql', text));
      const editInTimes: number[] = [];
      for (let e = 0; e < EDITS; e++) editInTimes.push(time(() => analyzeSqlFile(session, '/bench.sql', editOneLine(text, (REPEAT + k) * EDITS + e))));
      const editIn = median(editInTimes);
      const p = before ?? parses();
      m.raw.push(p.raw);
      m.shipped.push(p.shipped);
      m.full.push(full.ms);
      m.edit.push(edit.ms);
      m.fr.push(full.ms / p.raw);
      m.fs.push(full.ms / p.shipped);
      m.ef.push(edit.ms / full.ms);
      m.busy.push(full.busyMs);
      m.fullIn.push(fullIn);
      m.editIn.push(editIn);
      m.frIn.push(fullIn / p.raw);
      m.fsIn.push(fullIn / p.shipped);
      m.efIn.push(editIn / fullIn);
    }
    const r2 = (x: number) => Math.round(x * 100) / 100;
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    sizes.push({
      lines: text.split('\n').length,
      rawParseMs: median(m.raw),
      shippedParseMs: median(m.shipped),
      fullAnalysisMs: median(m.full),
      editAnalysisMs: median(m.edit),
      fullToRaw: r2(median(m.fr)),
      editToFull: r3(median(m.ef)),
      fullToShippedParse: r2(median(m.fs)),
      fullMainThreadMs: median(m.busy),
      fullInProcessMs: median(m.fullIn),
      editInProcessMs: median(m.editIn),
      fullInProcessToRaw: r2(median(m.frIn)),
      fullInProcessToShippedParse: r2(median(m.fsIn)),
      editInProcessToFull: r3(median(m.efIn)),
    });
  }
  pool.dispose();
  // The heap the analysis leaves, measured before the curve's long statements fill it.
  const heapMB = Math.round((process.memoryUsage().heapUsed / 1e6) * 10) / 10;
  report(heapMB, statementCurve());
})();

function report(heapMB: number, curve: CurvePoint[]): void {
  const size = (p: string) => {
    try {
      return statSync(join(root, p)).size;
    } catch {
      return 0;
    }
  };
  const activationMs = process.env.ACTIVATION_MS ? Number(process.env.ACTIVATION_MS) : Number.NaN;
  const result = {
    sizes,
    activationMs: Number.isFinite(activationMs) ? activationMs : null,
    heapMB,
    bundleBytes: size('dist/extension.js'),
    vsixBytes: size('flink-kpu-lens.vsix'),
    statementCurve: curve,
  };
  if (json) process.stdout.write(JSON.stringify(result) + '\n');
  else if (curveOnly) process.stdout.write(curveTable(curve));
  else {
    const f = (n: number) => n.toFixed(1).padStart(9);
    const x = (n: number) => n.toFixed(2).padStart(7);
    const pc = (n: number) => `${(n * 100).toFixed(1).padStart(6)} %`;
    process.stdout.write(`${''.padStart(26)}${'editor (parse thread)'.padEnd(62)}one thread (CLI)\n`);
    process.stdout.write(`${'lines'.padStart(6)} ${'raw parse'.padStart(9)} ${'shipped'.padStart(9)} ${'full'.padStart(9)} ${'edit'.padStart(9)} full/raw full/shp edit/full ${'host busy'.padStart(9)}   ${'full'.padStart(9)} ${'edit'.padStart(9)} full/raw full/shp edit/full\n`);
    for (const s of sizes) {
      process.stdout.write(
        `${String(s.lines).padStart(6)} ${f(s.rawParseMs)} ${f(s.shippedParseMs)} ${f(s.fullAnalysisMs)} ${f(s.editAnalysisMs)} ${x(s.fullToRaw)}  ${x(s.fullToShippedParse)} ${pc(s.editToFull)} ${f(s.fullMainThreadMs)}   ${f(s.fullInProcessMs)} ${f(s.editInProcessMs)} ${x(s.fullInProcessToRaw)}  ${x(s.fullInProcessToShippedParse)} ${pc(s.editInProcessToFull)}\n`,
      );
    }
    process.stdout.write(`("raw parse": dt-sql-parser's whole-file parse as npm publishes it${published ? '' : ' (its bundle is missing: on the shipped runtime)'}; "shipped": the same parser on the runtime the extension ships)\n`);
    process.stdout.write(`(${defaultParseThreads()} parse thread(s); "host busy": of the editor's full analysis, how long the analysing thread was busy)\n`);
    process.stdout.write(`(ms, medians of ${REPEAT} runs, parser warm; each run's edit is the median of ${EDITS} successive one-line edits; the ratios are medians of per-run ratios)\nactivation: ${result.activationMs ?? 'n/a'} ms  heap: ${result.heapMB} MB  bundle: ${result.bundleBytes} B  VSIX: ${result.vsixBytes} B\n`);
    process.stdout.write(`\none statement's parse (parseStatement) against its length, ms, median of warm runs:\n${curveTable(curve)}`);
  }
}
