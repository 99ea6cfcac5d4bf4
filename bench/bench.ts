// npm run bench: how fast the analysis is, against the parser's own floor, and how one
// statement's parse time grows with its length (statementCurve.ts). A benchmark, not a test: it
// prints medians over repeated runs in one process (table, or --json). --curve-only: only the
// statement curve.
import { existsSync, statSync } from 'node:fs';
import type * as Raw from './raw';
import { join } from 'node:path';
import { FlinkSQL } from 'dt-sql-parser/dist/parser/flink';
import { AnalysisSession, analyzeSqlFile, type FileReport } from '../src/analysis';
import { AnalysisThread } from '../src/analysis/thread';
import { warmUpParser } from '../src/sql';
import { defaultParseThreads } from '../src/sql/pool';
import { generateFlinkSql } from './generate';
import { type CurvePoint, curveFits, curveTable, statementCurve } from './statementCurve';

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
/** Bytes in MB, one decimal. (Above the run below: with --curve-only it runs to the end before any await.) */
const mb = (bytes: number) => Math.round((bytes / 1e6) * 10) / 10;
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
// The editor's path: the analysis thread (dist/worker.js, built by npm run package) analyses the
// file, its parse threads parsing the statements meanwhile, and this thread (the extension
// host's, in the editor) receives the report. The CLI's path: all on this thread.
const thread = curveOnly
  ? undefined
  : new AnalysisThread(join(root, 'dist', 'worker.js'), { parseThreads: defaultParseThreads(), statementBudgetMs: 0 });
// A computed path: the bundler must leave this require to run time (a second parser copy, unpatched).
const publishedPath = join(__dirname, 'raw-published.js');
const published = existsSync(publishedPath) ? (require(publishedPath) as typeof Raw) : undefined;

/**
 * Wall time of the editor's path, and how long this thread was busy meanwhile: sending the text,
 * and taking in the report (the structured clone's deserialisation happens here); the rest of the
 * time it could serve other work.
 */
async function timeEditor(text: string, base?: Base): Promise<{ ms: number; busyMs: number; base: Base }> {
  const elu = performance.eventLoopUtilization();
  const t = performance.now();
  const r = await thread!.analyze({ kind: 'sql', path: '/bench.sql', text, opts: {} }, base).reply;
  const ms = performance.now() - t;
  if (!r.report?.sql) throw new Error('the analysis thread gave no report');
  return { ms, busyMs: performance.eventLoopUtilization(elu).active, base: { id: r.id, report: r.report } };
}
/** The editor's last report of the file, which an edit's answer patches (service.ts keeps it so). */
type Base = { id: number; report: FileReport };

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
      // A new session: a cold analysis (nothing parsed, resolved or estimated yet). The garbage of
      // the path timed before is collected first (under --expose-gc), not inside this one's time.
      collect();
      thread!.newSession();
      const full = await timeEditor(text);
      const editTimes: number[] = [];
      let base = full.base;
      for (let e = 0; e < EDITS; e++) {
        const edit = await timeEditor(editOneLine(text, k * EDITS + e), base);
        editTimes.push(edit.ms);
        base = edit.base;
      }
      const edit = { ms: median(editTimes) };
      const session = new AnalysisSession();
      collect();
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
  // The heap the analysis leaves, measured before the curve's long statements fill it; and the
  // analysis thread's, its session holding the last file it analysed (the largest).
  const heap = heapAfterAnalysing(generateFlinkSql(SIZES[SIZES.length - 1] ?? 0));
  const threadHeap = await thread?.memory();
  thread?.dispose();
  report({ ...heap, analysisThreadHeapMB: threadHeap === undefined ? null : mb(threadHeap) }, statementCurve());
})();

/**
 * Under --expose-gc (scripts/bench.mjs), a young-generation collection: the garbage of the path
 * timed before goes, not inside the next one's time. Not a full one: a full collection also frees
 * the hidden classes (maps) of objects that only live during an analysis (parser contexts,
 * tokens), and V8 then discards all optimized code that was specialised on them ("weak objects"
 * in --trace-deopt), so the next analysis would run re-optimizing: 2.2x slower on the 2k file.
 */
function collect(): void {
  (globalThis as { gc?: (o: { type: 'minor' }) => void }).gc?.({ type: 'minor' });
}

/**
 * heapUsed after a full collection (scripts/bench.mjs runs this under --expose-gc) with a session
 * that analysed `text` on this thread, then without it: the difference is what the session
 * retains. (A function of its own: a suspended async function could keep the session alive.)
 */
function heapAfterAnalysing(text: string): Omit<Heap, 'analysisThreadHeapMB'> {
  const gc = (globalThis as { gc?: () => void }).gc;
  let session: AnalysisSession | undefined = new AnalysisSession();
  analyzeSqlFile(session, '/bench.sql', text);
  gc?.();
  const withSession = process.memoryUsage().heapUsed;
  session = undefined;
  gc?.();
  const withoutSession = process.memoryUsage().heapUsed;
  return { heapMB: mb(withSession), sessionRetainedMB: mb(withSession - withoutSession), afterGc: gc !== undefined };
}

interface Heap {
  /** heapUsed after analysing the 5k-line file on this thread (the CLI's path), its session kept. */
  heapMB: number;
  /** Of that, what the session keeps (heapUsed with it, minus without it). */
  sessionRetainedMB: number;
  /** The editor's analysis thread's heapUsed, its session holding the same file. */
  analysisThreadHeapMB: number | null;
  /** Whether the figures are after a forced full collection (node --expose-gc). */
  afterGc: boolean;
}

function report(heap: Heap, curve: CurvePoint[]): void {
  const size = (p: string) => {
    try {
      return statSync(join(root, p)).size;
    } catch {
      return 0;
    }
  };
  const activationMs = process.env.ACTIVATION_MS ? Number(process.env.ACTIVATION_MS) : Number.NaN;
  const at = (lines: number) => sizes.find((s) => Math.abs(s.lines - lines) / lines < 0.2);
  const result = {
    sizes,
    activationMs: Number.isFinite(activationMs) ? activationMs : null,
    ...heap,
    // The figures of issue 19's goals, each read off the table above.
    goals: {
      fullToShippedParse2k: at(2000)?.fullToShippedParse ?? null,
      fullToShippedParse5k: at(5000)?.fullToShippedParse ?? null,
      hostBusyMs2k: at(2000)?.fullMainThreadMs ?? null,
      editToFull2k: at(2000)?.editToFull ?? null,
      editToFull5k: at(5000)?.editToFull ?? null,
      activationMs: Number.isFinite(activationMs) ? activationMs : null,
      heapMB: heap.heapMB,
    },
    bundleBytes: size('dist/extension.js'),
    vsixBytes: size('flink-kpu-lens.vsix'),
    statementCurve: curve,
    statementCurveFits: curveFits(curve),
  };
  if (json) process.stdout.write(JSON.stringify(result) + '\n');
  else if (curveOnly) process.stdout.write(curveTable(curve));
  else {
    const f = (n: number) => n.toFixed(1).padStart(9);
    const x = (n: number) => n.toFixed(2).padStart(7);
    const pc = (n: number) => `${(n * 100).toFixed(1).padStart(6)} %`;
    process.stdout.write(`${''.padStart(26)}${'editor (analysis thread)'.padEnd(62)}one thread (CLI)\n`);
    process.stdout.write(`${'lines'.padStart(6)} ${'raw parse'.padStart(9)} ${'shipped'.padStart(9)} ${'full'.padStart(9)} ${'edit'.padStart(9)} full/raw full/shp edit/full ${'host busy'.padStart(9)}   ${'full'.padStart(9)} ${'edit'.padStart(9)} full/raw full/shp edit/full\n`);
    for (const s of sizes) {
      process.stdout.write(
        `${String(s.lines).padStart(6)} ${f(s.rawParseMs)} ${f(s.shippedParseMs)} ${f(s.fullAnalysisMs)} ${f(s.editAnalysisMs)} ${x(s.fullToRaw)}  ${x(s.fullToShippedParse)} ${pc(s.editToFull)} ${f(s.fullMainThreadMs)}   ${f(s.fullInProcessMs)} ${f(s.editInProcessMs)} ${x(s.fullInProcessToRaw)}  ${x(s.fullInProcessToShippedParse)} ${pc(s.editInProcessToFull)}\n`,
      );
    }
    process.stdout.write(`("raw parse": dt-sql-parser's whole-file parse as npm publishes it${published ? '' : ' (its bundle is missing: on the shipped runtime)'}; "shipped": the same parser on the runtime the extension ships)\n`);
    process.stdout.write(`(the analysis thread with ${defaultParseThreads()} parse thread(s); "host busy": of the editor's full analysis, how long the extension host's thread was busy: sending the text, taking in the report)\n`);
    process.stdout.write(`(ms, medians of ${REPEAT} runs, parser warm; each run's edit is the median of ${EDITS} successive one-line edits; the ratios are medians of per-run ratios)\nactivation: ${result.activationMs ?? 'n/a'} ms  bundle: ${result.bundleBytes} B  VSIX: ${result.vsixBytes} B\n`);
    process.stdout.write(`heap${heap.afterGc ? ' (after a full collection)' : ' (no forced collection: run under node --expose-gc)'}: ${heap.heapMB} MB with the 5k-line file's session on this thread, ${heap.sessionRetainedMB} MB of it the session's; the analysis thread: ${heap.analysisThreadHeapMB ?? 'n/a'} MB\n`);
    process.stdout.write(`\none statement's parse (parseStatement) against its length, ms, median of warm runs:\n${curveTable(curve)}`);
  }
}
