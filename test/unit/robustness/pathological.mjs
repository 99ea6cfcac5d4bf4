#!/usr/bin/env node
// npm run bench:pathological (and the end of npm run bench:fuzz): statements built to be slow,
// each run through the real CLI (dist/cli.js, built first unless --no-build) as a child process:
// a 200,000-column select list, a 10 MB single line, 100,000 nested parentheses and 5,000 joins
// (issue 15). Each file ends with a small join statement that must still be analysed. A case is
// bounded when the CLI finishes within BOUND_MS with exit 0 or 1 and complete JSON, and the
// pathological statement either has a diagnostic that says why it was not analysed or was
// analysed. A benchmark, not a test: it prints wall time, exit code, the diagnostic codes and the
// child's peak RSS per case, then `pathological: K of 4 bounded`; exit 1 unless all are.
// --statement-budget-ms N: the budget passed to the CLI (default 2000, the CLI's default).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const argAfter = (name) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
/** The CLI's default; --statement-budget-ms N runs the cases with another (0: none, to see what a case costs unbounded). */
const STATEMENT_BUDGET_MS = Number(argAfter('--statement-budget-ms') ?? 2000);
/**
 * A case's bound: the statement budget, plus reading, lexing and splitting up to 10 MB and
 * analysing what is left, on a busy 2-core machine.
 */
const BOUND_MS = 30_000;
/** The safety net: a child still running then is killed (and the case is not bounded). */
const KILL_MS = 120_000;
/** Why a statement was not analysed (docs/diagnostics.md). */
const NOT_ANALYSED = ['sql-statement-budget', 'sql-too-large', 'sql-internal'];

/** The statement after the pathological one: its join must be in the report. */
const AFTER =
  'INSERT INTO after_sink SELECT after_a.id, after_b.v FROM after_a JOIN after_b ON after_a.id = after_b.id;';

function valuesLine(minChars) {
  const rows = [];
  let chars = 0;
  for (let i = 0; chars < minChars; i++) {
    const row = `(${i}, 'user-${String(i % 100_000).padStart(6, '0')}', 'click', TIMESTAMP '2024-01-01 ${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}', ${(i % 997) / 10})`;
    rows.push(row);
    chars += row.length + 2;
  }
  return `INSERT INTO events VALUES ${rows.join(', ')};`;
}

function joinsStatement(joins) {
  const parts = ['INSERT INTO s SELECT t0.id FROM t0'];
  for (let i = 1; i <= joins; i++) parts.push(`JOIN t${i} ON t0.id = t${i}.id`);
  return `${parts.join('\n  ')};`;
}

/**
 * Whether the report shows the pathological statement (line 1) analysed: its table, defined
 * nowhere, is reported unknown on line 1 (a statement not analysed is not looked into).
 */
const tableLookedUp = (file) => file.diagnostics.some((d) => d.code === 'sql-unknown-table' && d.line === 1);

/** The cases: the file's text, and how a report shows that the statement was analysed (default: tableLookedUp). */
const CASES = [
  { name: '200,000 columns', text: () => `SELECT ${'x, '.repeat(199_999)}y FROM t;\n${AFTER}\n` },
  // A data dump: one INSERT ... VALUES of 10 MB on one line, the statement after it on the same line.
  { name: '10 MB single line', text: () => `${valuesLine(10_000_000)} ${AFTER}\n` },
  {
    name: '100,000 nested parentheses',
    text: () => `SELECT ${'('.repeat(100_000)}1${')'.repeat(100_000)} AS v FROM t;\n${AFTER}\n`,
  },
  {
    name: '5,000 joins',
    text: () => `${joinsStatement(5000)}\n${AFTER}\n`,
    analysed: (file) => (file.chains ?? []).some((c) => c.inputs.length === 5001) && tableLookedUp(file),
  },
];

/** Runs the CLI on one file; resolves with its exit, output and peak RSS (GNU time, where there is one). */
function runCli(file, extraArgs, rssFile) {
  const argv = [cli, 'analyze', file, '--format', 'json', ...extraArgs];
  const timed = rssFile !== undefined;
  const [cmd, args] = timed
    ? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, ...argv]]
    : [process.execPath, argv];
  return new Promise((resolve) => {
    const started = performance.now();
    // Its own process group, so that the kill reaches node under /usr/bin/time too.
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, KILL_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let rssMB;
      if (timed && existsSync(rssFile)) {
        const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
        if (Number.isFinite(kb) && kb > 0) rssMB = Math.round(kb / 1024);
      }
      resolve({
        ms: performance.now() - started,
        code,
        signal,
        killed,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8'),
        rssMB,
      });
    });
  });
}

function parseReport(stdout) {
  try {
    const report = JSON.parse(stdout.toString('utf8'));
    return report && Array.isArray(report.files) ? report : undefined;
  } catch {
    return undefined;
  }
}

if (!process.argv.includes('--no-build')) {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}
const help = spawnSync(process.execPath, [cli, '--help'], { cwd: root, encoding: 'utf8' });
const hasBudget = help.stdout.includes('--statement-budget-ms');
const extraArgs = hasBudget ? ['--statement-budget-ms', String(STATEMENT_BUDGET_MS)] : [];
// GNU time's -f/-o (BusyBox and BSD time differ): peak RSS where it works, none elsewhere.
const gnuTime =
  existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', '-o', '/dev/null', 'true']).status === 0;

const dir = mkdtempSync(join(tmpdir(), 'flink-kpu-pathological-'));
console.log(
  `pathological: dist/cli.js analyze <file> --format json ${extraArgs.join(' ')}${hasBudget ? '' : '(this CLI has no --statement-budget-ms)'}; bound ${BOUND_MS / 1000} s, killed at ${KILL_MS / 1000} s`,
);
let bounded = 0;
try {
  for (const [i, c] of CASES.entries()) {
    const file = join(dir, `case${i + 1}.sql`);
    const text = c.text();
    writeFileSync(file, text);
    const r = await runCli(file, extraArgs, gnuTime ? join(dir, `case${i + 1}.rss`) : undefined);
    const report = parseReport(r.stdout);
    const sqlFile = report?.files[0];
    const codes = {};
    for (const d of sqlFile?.diagnostics ?? []) codes[d.code] = (codes[d.code] ?? 0) + 1;
    // The pathological statement starts the file: its diagnostic is on line 1.
    const reason = (sqlFile?.diagnostics ?? []).find((d) => NOT_ANALYSED.includes(d.code) && d.line === 1);
    const analysed = !reason && sqlFile !== undefined && (c.analysed ?? tableLookedUp)(sqlFile);
    const after = (sqlFile?.joins ?? []).some((j) => j.right === 'after_b');
    const ok =
      !r.killed &&
      r.ms <= BOUND_MS &&
      (r.code === 0 || r.code === 1) &&
      report !== undefined &&
      (reason !== undefined || analysed) &&
      after;
    if (ok) bounded++;
    const exit = r.killed ? `killed at ${KILL_MS / 1000} s` : r.signal ? `signal ${r.signal}` : `exit ${r.code}`;
    const outcome = reason ? `not analysed (${reason.code})` : analysed ? 'analysed' : 'no diagnostic for it';
    console.log(
      `  ${c.name.padEnd(28)} ${(text.length / 1e6).toFixed(2).padStart(6)} MB ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${exit.padEnd(8)} JSON ${report ? 'complete' : `incomplete (${r.stdout.length} bytes)`}  ${r.rssMB === undefined ? '' : `peak RSS ${r.rssMB} MB  `}${outcome}; statement after it ${after ? 'analysed' : 'NOT analysed'}  ${ok ? 'bounded' : 'NOT BOUNDED'}`,
    );
    console.log(
      `    diagnostics: ${
        Object.keys(codes).length === 0
          ? 'none'
          : Object.entries(codes)
              .map(([k, n]) => `${k} ×${n}`)
              .join(', ')
      }`,
    );
    if (reason) console.log(`    ${reason.code}: ${reason.message.slice(0, 160)}`);
    if (!report && r.stderr)
      console.log(`    stderr: ${r.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`pathological: ${bounded} of ${CASES.length} bounded`);
process.exitCode = bounded === CASES.length ? 0 : 1;
