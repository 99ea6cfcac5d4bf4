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
const REPEAT = Number(process.env.BENCH_REPEAT ?? 7);

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

const sizes: { lines: number; rawParseMs: number; fullAnalysisMs: number; editAnalysisMs: number }[] = [];
for (const lines of SIZES) {
  const text = generateFlinkSql(lines);
  const rawMs: number[] = [];
  const fullMs: number[] = [];
  const editMs: number[] = [];
  for (let k = 0; k < REPEAT; k++) {
    rawMs.push(time(() => raw.parse(text, () => undefined)));
    clearStatementCache();
    clearEstimateCache();
    fullMs.push(time(() => analyzeSqlFile('/bench.sql', text)));
    const edited = editOneLine(text, k);
    editMs.push(time(() => analyzeSqlFile('/bench.sql', edited)));
  }
  sizes.push({ lines: text.split('\n').length, rawParseMs: median(rawMs), fullAnalysisMs: median(fullMs), editAnalysisMs: median(editMs) });
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
  for (const s of sizes) process.stdout.write(`${String(s.lines).padStart(6)} ${f(s.rawParseMs)} ${f(s.fullAnalysisMs)} ${f(s.editAnalysisMs)}  ${(s.fullAnalysisMs / s.rawParseMs).toFixed(2).padStart(8)}  ${((s.editAnalysisMs / s.fullAnalysisMs) * 100).toFixed(1).padStart(8)} %\n`);
  process.stdout.write(`(ms, medians of ${REPEAT} runs, parser warm)\nactivation: ${result.activationMs ?? 'n/a'} ms  heap: ${result.heapMB} MB  bundle: ${result.bundleBytes} B  VSIX: ${result.vsixBytes} B\n`);
}
