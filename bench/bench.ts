// npm run bench: how fast the analysis is, against the parser's own floor. A benchmark,
// not a test: it prints medians over repeated runs in one process (table, or --json).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { FlinkSQL } from 'dt-sql-parser/dist/parser/flink';
import { analyzeSqlFile, clearEstimateCache } from '../src/analysis';
import { warmUpParser } from '../src/sql';
import { clearStatementCache } from '../src/sql/analyze';
import { generateFlinkSql } from './generate';

const json = process.argv.includes('--json');
const SIZES = [20, 200, 1000, 2000, 5000];
const REPEAT = Number(process.env.BENCH_REPEAT ?? 11);

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

const raw = new FlinkSQL();
warmUpParser();
raw.parse('SELECT 1', () => undefined);

// The goals are ratios (full / raw parse, edit / full), and this machine's speed drifts from
// second to second: each repetition measures raw parse, full analysis and edit back to back
// (raw first on even repetitions, last on odd ones) and the ratios are the medians of those
// paired ratios, which a slow second cannot skew as it skews a ratio of two medians.
const sizes: { lines: number; rawParseMs: number; fullAnalysisMs: number; editAnalysisMs: number; fullToRaw: number; editToFull: number }[] = [];
for (const lines of SIZES) {
  const text = generateFlinkSql(lines);
  const rawMs: number[] = [];
  const fullMs: number[] = [];
  const editMs: number[] = [];
  const fullToRaw: number[] = [];
  const editToFull: number[] = [];
  for (let k = 0; k < REPEAT; k++) {
    const rawParse = () => time(() => raw.parse(text, () => undefined));
    const before = k % 2 === 0 ? rawParse() : undefined;
    clearStatementCache();
    clearEstimateCache();
    const full = time(() => analyzeSqlFile('/bench.sql', text));
    const edited = editOneLine(text, k);
    const edit = time(() => analyzeSqlFile('/bench.sql', edited));
    const r = before ?? rawParse();
    rawMs.push(r);
    fullMs.push(full);
    editMs.push(edit);
    fullToRaw.push(full / r);
    editToFull.push(edit / full);
  }
  sizes.push({
    lines: text.split('\n').length,
    rawParseMs: median(rawMs),
    fullAnalysisMs: median(fullMs),
    editAnalysisMs: median(editMs),
    fullToRaw: Math.round(median(fullToRaw) * 100) / 100,
    editToFull: Math.round(median(editToFull) * 1000) / 1000,
  });
}

const root = join(__dirname, '..', '..');
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
  heapMB: Math.round((process.memoryUsage().heapUsed / 1e6) * 10) / 10,
  bundleBytes: size('dist/extension.js'),
  vsixBytes: size('flink-kpu-lens.vsix'),
};
if (json) process.stdout.write(JSON.stringify(result) + '\n');
else {
  const f = (n: number) => n.toFixed(1).padStart(9);
  process.stdout.write(`${'lines'.padStart(6)} ${'raw parse'.padStart(9)} ${'full'.padStart(9)} ${'edit'.padStart(9)}  full/raw  edit/full\n`);
  for (const s of sizes) process.stdout.write(`${String(s.lines).padStart(6)} ${f(s.rawParseMs)} ${f(s.fullAnalysisMs)} ${f(s.editAnalysisMs)}  ${s.fullToRaw.toFixed(2).padStart(8)}  ${(s.editToFull * 100).toFixed(1).padStart(8)} %\n`);
  process.stdout.write(`(ms, medians of ${REPEAT} runs, parser warm; the ratios are medians of per-run ratios)\nactivation: ${result.activationMs ?? 'n/a'} ms  heap: ${result.heapMB} MB  bundle: ${result.bundleBytes} B  VSIX: ${result.vsixBytes} B\n`);
}
