#!/usr/bin/env node
// flink-kpu: the editor's analysis from a terminal and in CI. Text or JSON
// (docs/cli-json.md); exit 0 fine, 1 when a --max-* gate is exceeded, 2 on usage
// errors or unreadable input.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { version } from '../package.json';
import {
  AnalysisSession,
  analyzeDescriptorFile,
  analyzeProgramFile,
  analyzeSqlFile,
  jobNaming,
  isProgramFileName,
  isSqlFileName,
  sqlToParse,
  type FileReport,
  type EstimateOptions,
} from './analysis';
import { chainsOf } from './present/fileParts';
import { reportText } from './present/reportText';
import { fileJson } from './present/reportJson';
import { gb } from './present/format';
import type { StatementFacts } from './sql/facts';
import { ParsePool } from './sql/pool';
import {
  initDescriptorParsers,
  isDescriptorFileName,
  localModuleDirs,
  type JobSpec,
  parseDescriptor,
} from './descriptor';
import { decodeText, escapeControl, notTextReason } from './text';
import { hasTableApiSql, hostLanguageOf, hostLanguagesNamedIn, loadHostGrammar, type ProgramMemo } from './embedded';
import { readArgs, UsageError } from './cliArgs';
import { DIFF_USAGE, type DiffArgs, parseDiffArgs, runDiff } from './cliDiff';
import { generateRewrite } from './rewrite';

/** A statement whose parse takes longer is abandoned (`--statement-budget-ms`). */
export const DEFAULT_STATEMENT_BUDGET_MS = 2000;

const USAGE = `usage: flink-kpu analyze <file|dir>... [options]
       flink-kpu diff <base> <head> | --base <git-ref> [<path>...]   (see flink-kpu diff --help)
       flink-kpu rewrite <file.sql> [--chain N] [--out DIR] [--flink-version V]   (see flink-kpu rewrite --help)
       flink-kpu help | --help | -h
       flink-kpu --version | -v

Estimates the RocksDB state, KPUs and monthly cost of the Flink SQL in the given files and
in the directories below the given ones: Flink SQL (*.sql), Table-API SQL in Java, Kotlin,
Scala and Python programs, and job descriptors (*.flinkjob.yaml, AWS JSON, CloudFormation,
Terraform, FlinkDeployment).

options:
  --format text|json          text tables (default) or one JSON object, see docs/cli-json.md
  --explain                   text: every number with its formula and inputs
  --region R                  price the jobs in AWS region R (default: the descriptor's, else us-east-1)
  --flink-version V           estimate for Flink V (default: the descriptor's, else 1.20; MultiJoin needs 2.1+)
  --max-amplification X       gate: exit 1 when a join chain stores more than X times the union rewrite's state
  --max-monthly-cost USD      gate: exit 1 when a job costs more than USD a month
  --descriptor FILE           estimate the SQL files with this descriptor's job (default: a descriptor in the
                              run that names the file, else one beside it: its folder up to the repository root)
  --statement-budget-ms N     abandon a statement whose parse takes longer than N ms (default ${DEFAULT_STATEMENT_BUDGET_MS})
  -h, --help                  print this help and exit
  -v, --version               print the version and exit

exit codes:
  0  analysed (diagnostics do not change the exit code)
  1  a --max-amplification or --max-monthly-cost gate is exceeded (each is named on stderr)
  2  usage error or unreadable input (the reason on stderr)

The JSON output is described in docs/cli-json.md, the diagnostic codes in docs/diagnostics.md.`;

const REWRITE_USAGE = `usage: flink-kpu rewrite <file.sql> [--chain N] [--out DIR] [--flink-version V]

Writes the DataStream union rewrite of a join chain of a Flink SQL file as a Maven module:
pom.xml, one class per input row, the output row, one KeyedProcessFunction per union stage
and the job's main class, with the estimate it came from in its header
(docs/union-rewrite.md). Check a generated module with npm run check-rewrite -- DIR.

options:
  --chain N            the chain to rewrite, 1 = the file's first (default 1)
  --out DIR            the folder to write into (default: ./<sink>-union-rewrite); files already
                       there are never overwritten: the command refuses and writes nothing
  --flink-version V    the Flink version of the pom and API (default 1.20)
  -h, --help           print this help and exit

exit codes:
  0  written
  2  usage error, unreadable input, a chain that cannot be generated (why, with its line),
     or a file that is already there`;

export interface Args {
  paths: string[];
  format: 'text' | 'json';
  explain: boolean;
  region?: string;
  flinkVersion?: string;
  maxAmplification?: number;
  maxMonthlyCost?: number;
  /** A descriptor whose job the SQL files are estimated with. */
  descriptor?: string;
  /** Bound on one statement's parse time, in milliseconds. */
  statementBudgetMs: number;
}

export interface RewriteArgs {
  file: string;
  /** 1-based. */
  chain: number;
  out?: string;
  flinkVersion?: string;
}

/** What the command line asks for: an analysis, a diff, a rewrite, or the help or the version. */
export type Command =
  | { kind: 'analyze'; args: Args }
  | { kind: 'diff'; args: DiffArgs }
  | { kind: 'rewrite'; args: RewriteArgs }
  | { kind: 'help'; topic?: 'diff' | 'rewrite' }
  | { kind: 'version' };

export function parseArgs(argv: string[]): Command {
  // Help and version win wherever they stand (`flink-kpu analyze --help`), as in most tools.
  if (argv[0] === 'help' || argv.includes('--help') || argv.includes('-h')) {
    const topic = argv[0] === 'help' ? argv[1] : argv[0];
    return { kind: 'help', topic: topic === 'diff' || topic === 'rewrite' ? topic : undefined };
  }
  if (argv.includes('--version') || argv.includes('-v')) return { kind: 'version' };
  if (argv[0] === 'diff') {
    return { kind: 'diff', args: parseDiffArgs(argv.slice(1)) };
  }
  if (argv[0] === 'rewrite') return { kind: 'rewrite', args: parseRewriteArgs(argv.slice(1)) };
  if (argv[0] !== 'analyze')
    throw new UsageError(
      argv[0] === undefined
        ? 'missing command'
        : argv[0].startsWith('-')
          ? `unknown option '${argv[0]}'`
          : `unknown command '${argv[0]}'`,
    );
  const a: Args = { paths: [], format: 'text', explain: false, statementBudgetMs: DEFAULT_STATEMENT_BUDGET_MS };
  readArgs(
    argv.slice(1),
    (flag, v) => {
      switch (flag) {
        case '--format': {
          const f = v.text();
          if (f !== 'text' && f !== 'json') throw new UsageError(`--format is text or json, not '${f}'`);
          a.format = f;
          return true;
        }
        case '--explain':
          a.explain = true;
          return true;
        case '--region':
          a.region = v.text();
          return true;
        case '--flink-version':
          a.flinkVersion = v.text();
          return true;
        case '--max-amplification':
          a.maxAmplification = v.number();
          return true;
        case '--max-monthly-cost':
          a.maxMonthlyCost = v.number();
          return true;
        case '--statement-budget-ms':
          a.statementBudgetMs = v.number();
          return true;
        case '--descriptor':
          a.descriptor = v.text();
          return true;
        default:
          return false;
      }
    },
    (arg) => a.paths.push(arg),
  );
  if (a.paths.length === 0) throw new UsageError('no file or directory given');
  return { kind: 'analyze', args: a };
}

function parseRewriteArgs(argv: string[]): RewriteArgs {
  const files: string[] = [];
  const a: Partial<RewriteArgs> = { chain: 1 };
  readArgs(
    argv,
    (flag, value) => {
      switch (flag) {
        case '--chain': {
          const v = value.text();
          const n = Number(v);
          if (!Number.isInteger(n) || n < 1) throw new UsageError(`--chain takes a chain number from 1, not '${v}'`);
          a.chain = n;
          return true;
        }
        case '--out':
          a.out = value.text();
          return true;
        case '--flink-version': {
          const v = value.text();
          if (!/^\d+\.\d+(\.\d+)?$/.test(v))
            throw new UsageError(`--flink-version takes a version like 1.20, not '${v}'`);
          a.flinkVersion = v;
          return true;
        }
        default:
          return false;
      }
    },
    (arg) => files.push(arg),
    'rewrite',
  );
  if (files.length !== 1)
    throw new UsageError(files.length === 0 ? 'rewrite: no SQL file given' : 'rewrite takes one SQL file');
  return { file: files[0], chain: a.chain!, out: a.out, flinkVersion: a.flinkVersion };
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test', 'target', 'build']);

function collect(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new UsageError(`cannot read '${p}': no such file or directory`);
    const st = statSync(p);
    if (st.isFile()) files.push(resolve(p));
    else if (st.isDirectory()) walk(resolve(p), files);
  }
  return [...new Set(files)];
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (!SKIP_DIRS.has(name) && !name.startsWith('.')) walk(p, out);
    } else if (isSqlFileName(name) || isDescriptorFileName(name) || /\.(ya?ml|json|tf)$/i.test(name)) out.push(p);
    else if (isProgramFileName(name) && passesSql(p, name)) out.push(p); // only programs with Table-API SQL (checked again once the grammar has loaded)
  }
}

/** Files of a folder that may be job descriptors (as the directory walk takes them). */
function descriptorFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir)
      .sort()
      .filter((n) => (isDescriptorFileName(n) || /\.(ya?ml|json|tf)$/i.test(n)) && statSync(join(dir, n)).isFile())
      .map((n) => join(dir, n));
  } catch {
    return [];
  }
}

/**
 * A descriptor that names `file`, looked for in the file's folder and each folder above it up
 * to the repository's root (the first with a `.git`); outside a repository, its folder only.
 */
function descriptorBeside(file: string): { spec: JobSpec; path: string; how: 'found beside it' } | undefined {
  const dirs: string[] = [];
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    dirs.push(dir);
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) break;
  }
  const inRepo = existsSync(join(dirs[dirs.length - 1], '.git'));
  for (const dir of inRepo ? dirs : dirs.slice(0, 1)) {
    for (const d of descriptorFilesIn(dir)) {
      const text = readText(d);
      const spec = text === undefined ? undefined : jobNaming(file, d, text);
      if (spec) return { spec, path: d, how: 'found beside it' };
    }
  }
  return undefined;
}

/** `--descriptor FILE`: its job that names a file, else its first job. */
function givenDescriptor(path: string): { jobFor: (file: string) => { spec: JobSpec; path: string } } {
  const abs = resolve(path);
  const text = readText(abs);
  if (text === undefined) throw new UsageError(`cannot read '${path}' (--descriptor)`);
  const jobs = parseDescriptor(text, abs)?.jobs ?? [];
  if (jobs.length === 0) throw new UsageError(`'${path}' (--descriptor) is no job descriptor this tool reads`);
  return { jobFor: (file) => ({ spec: jobNaming(file, abs, text) ?? jobs[0], path: abs }) };
}

/**
 * Loads the grammar of every host language among the files and the programs descriptors may
 * name (each once, only those needed), then drops the programs the directory walk found that
 * pass no SQL after all (given files stay).
 */
async function readPrograms(session: AnalysisSession, files: string[], explicit: Set<string>): Promise<string[]> {
  const languages = new Set(files.map((f) => hostLanguageOf(f)).filter((l) => l !== undefined));
  for (const f of files)
    if (!isProgramFileName(f) && !isSqlFileName(f))
      for (const l of hostLanguagesNamedIn(readText(f) ?? '')) languages.add(l);
  await Promise.all([...languages].map((l) => loadHostGrammar(l)));
  return files.filter((f) => !isProgramFileName(f) || explicit.has(f) || passesSql(f, f, session.programs));
}

function readBytes(path: string): Uint8Array | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function readText(path: string): string | undefined {
  const bytes = readBytes(path);
  return bytes && decodeText(bytes);
}

/** A program (text, not a binary named `.java`) that passes SQL to the Table API; read into `programs` when given. */
function passesSql(path: string, name: string, programs?: ProgramMemo): boolean {
  const bytes = readBytes(path);
  return (
    bytes !== undefined &&
    notTextReason(bytes) === undefined &&
    hasTableApiSql(decodeText(bytes), hostLanguageOf(name)!, programs)
  );
}

export interface CliResult {
  reports: FileReport[];
  gateFailures: string[];
}

/**
 * Parses on the pool's thread the SQL that analysing a file will parse, so that a statement
 * past the statement budget is abandoned there (a parse cannot be stopped on this thread),
 * and returns the options that hand its facts to the analysis.
 */
async function parsedAhead(
  session: AnalysisSession,
  pool: ParsePool | undefined,
  path: string,
  text: string,
  opts: EstimateOptions,
): Promise<EstimateOptions> {
  if (!pool) return opts;
  const parsed = new Map<string, StatementFacts>();
  for (const { sql } of sqlToParse(session, path, text, readText)) {
    for (const [t, f] of (await pool.prefetch(session.sql, sql)).facts) parsed.set(t, f);
  }
  return { ...opts, parsed };
}

function listDir(dir: string): string[] | undefined {
  try {
    return readdirSync(dir).filter((n) => {
      try {
        return statSync(join(dir, n)).isFile();
      } catch {
        return false;
      }
    });
  } catch {
    return undefined;
  }
}

/**
 * Terraform modules that another configuration of the walk calls with a local `source`: their
 * applications are reported through that call (with its arguments), not a second time alone.
 */
function calledModuleDirs(files: string[]): Set<string> {
  const dirs = new Set<string>();
  for (const f of files) {
    if (!/\.tf$/i.test(f)) continue;
    const text = readText(f);
    if (text !== undefined) for (const d of localModuleDirs(text, f)) dirs.add(resolve(d));
  }
  return dirs;
}

/** Analyses the files of a run in `session` (one per run: a diff's two sides share it). */
async function analyzePaths(
  session: AnalysisSession,
  args: Args,
  explicit: Set<string>,
  pool?: ParsePool,
): Promise<CliResult> {
  const all = await readPrograms(session, collect(args.paths), explicit);
  const called = calledModuleDirs(all);
  const files = all.filter((f) => explicit.has(f) || !/\.tf$/i.test(f) || !called.has(dirname(f)));
  const opts: EstimateOptions = { region: args.region, flinkVersion: args.flinkVersion };
  const reports: FileReport[] = [];
  const sqlJobs = new Map<string, { spec: JobSpec; path: string }>();
  // Descriptors first: a SQL file they name is estimated with their statistics.
  const isSqlSource = (f: string) => isSqlFileName(f) || isProgramFileName(f);
  for (const f of files) {
    if (isSqlSource(f)) continue;
    const text = readText(f);
    if (text === undefined) throw new UsageError(`cannot read '${f}'`);
    const r = analyzeDescriptorFile(
      session,
      f,
      text,
      readText,
      await parsedAhead(session, pool, f, text, opts),
      listDir,
    );
    if (!r) {
      if (!explicit.has(f)) continue;
      const notText = notTextReason(readBytes(f) ?? new Uint8Array());
      throw new UsageError(
        notText
          ? `'${f}' is not a text file (${notText}) nor named as a job descriptor`
          : `'${f}' is neither Flink SQL nor a job descriptor this tool reads`,
      );
    }
    reports.push(r);
    for (const j of r.jobs) if (j.sqlPath && !sqlJobs.has(j.sqlPath)) sqlJobs.set(j.sqlPath, { spec: j.spec, path: f });
  }
  const given = args.descriptor === undefined ? undefined : givenDescriptor(args.descriptor);
  for (const f of files) {
    if (!isSqlSource(f)) continue;
    const text = readText(f);
    if (text === undefined) throw new UsageError(`cannot read '${f}'`);
    // A program's Table-API SQL gets the same report, with positions in the program.
    const withFacts = await parsedAhead(session, pool, f, text, opts);
    const used = given
      ? { ...given.jobFor(f), how: '--descriptor' as const }
      : sqlJobs.has(f)
        ? { ...sqlJobs.get(f)!, how: 'in the run' as const }
        : descriptorBeside(f);
    const report = isSqlFileName(f)
      ? analyzeSqlFile(session, f, text, used?.spec, withFacts)
      : analyzeProgramFile(session, f, text, used?.spec, withFacts);
    if (used) report.descriptorUsed = { path: used.path, job: used.spec.name?.value, how: used.how };
    reports.push(report);
  }
  reports.sort((a, b) => a.path.localeCompare(b.path));
  const gateFailures: string[] = [];
  for (const r of reports) {
    for (const c of chainsOf(r)) {
      if (args.maxAmplification !== undefined && c.estimate.amplification > args.maxAmplification) {
        gateFailures.push(
          `${rel(r.path)}:${c.chain.range.start.line}: amplification ${c.estimate.amplification.toFixed(2)} > --max-amplification ${args.maxAmplification}`,
        );
      }
    }
    for (const j of r.jobs) {
      // A job that needs more KPUs than configured is gated on what it needs to fit: the
      // configuration as written cannot run it.
      const b = j.plans.binary;
      const toFit = b.toFit?.monthlyUsd;
      const cost = toFit ?? b.cost?.monthlyUsd;
      if (args.maxMonthlyCost !== undefined && cost !== undefined && cost > args.maxMonthlyCost) {
        gateFailures.push(
          `${rel(r.path)}: monthly cost${toFit !== undefined ? ` to fit (${b.toFit?.kpu} KPU)` : ''} $${cost.toFixed(2)} > --max-monthly-cost ${args.maxMonthlyCost}`,
        );
      }
    }
  }
  return { reports, gateFailures };
}

/**
 * Writes a generated module's files under `dir`, none over a file that is there: when one of
 * them exists nothing is written. Each is created exclusively ('wx'), so a file that appears
 * meanwhile is not overwritten either.
 */
function writeNewFiles(dir: string, files: ReadonlyMap<string, string>): string[] {
  const taken = [...files.keys()].filter((p) => existsSync(join(dir, p)));
  if (taken.length > 0) {
    throw new UsageError(
      `${rel(dir)} already has ${taken.slice(0, 3).join(', ')}${taken.length > 3 ? ` and ${taken.length - 3} more of the module's files` : ''}: nothing written (the rewrite never overwrites a file; choose another --out)`,
    );
  }
  const written: string[] = [];
  for (const [p, content] of files) {
    const target = join(dir, p);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content, { flag: 'wx' });
    written.push(target);
  }
  return written;
}

/** `flink-kpu rewrite`: the union rewrite of one chain of a SQL file, written where the user said. */
function runRewrite(a: RewriteArgs): { dir: string; files: string[]; lines: string[] } {
  const path = resolve(a.file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`cannot read '${a.file}': no such file`);
  if (!isSqlFileName(path)) throw new UsageError(`rewrite reads Flink SQL files (*.sql), not '${a.file}'`);
  const bytes = readBytes(path);
  const notText = bytes && notTextReason(bytes);
  if (!bytes || notText)
    throw new UsageError(`cannot read '${a.file}'${notText ? `: not a text file (${notText})` : ''}`);
  const text = decodeText(bytes);
  const report = analyzeSqlFile(new AnalysisSession(), path, text, undefined, { flinkVersion: a.flinkVersion });
  const chains = report.estimate?.chains ?? [];
  if (chains.length === 0)
    throw new UsageError(
      `${rel(path)} has no chain of regular joins to rewrite (interval, temporal, lookup and window joins are not rewritten)`,
    );
  if (a.chain > chains.length)
    throw new UsageError(
      `--chain ${a.chain}: ${rel(path)} has ${chains.length} join chain${chains.length === 1 ? '' : 's'}`,
    );
  const chain = chains[a.chain - 1];
  const g = generateRewrite(text, report.sql!, report.estimate!, a.chain - 1, { flinkVersion: a.flinkVersion });
  if ('errors' in g) {
    const why = g.errors
      .map((e) => `  ${rel(path)}:${e.range.start.line}:${e.range.start.column}: ${e.message}`)
      .join('\n');
    throw new UsageError(
      `the union rewrite of chain ${a.chain} (line ${chain.chain.range.start.line}) cannot be generated:\n${why}`,
    );
  }
  const dir = resolve(a.out ?? `${g.plan.sink.name.replace(/[^A-Za-z0-9_.-]/g, '_')}-union-rewrite`);
  const files = writeNewFiles(dir, g.files);
  const binary = chain.estimate.binary.stateBytes;
  const union = g.state.stateBytes;
  // Deduplications of views stay in the Table API in front of the stages (the binary figure counts them too).
  const views = chain.estimate.binary.operators
    .filter((o) => o.kind !== 'join')
    .reduce((sum, o) => sum + o.stateBytes, 0);
  return {
    dir,
    files,
    lines: [
      `wrote ${files.length} files to ${rel(dir)}: the DataStream union rewrite of chain ${a.chain} of ${chains.length} (line ${chain.chain.range.start.line}, into ${g.plan.sink.name}), Flink ${g.plan.flinkVersion}`,
      `  state: ${gb(binary)} as SQL joins, ${gb(union)} in the union stages${union > 0 ? ` (x${(binary / union).toFixed(1)})` : ''}${views > 0 ? ` plus ${gb(views)} of deduplication kept in the Table API` : ''}${report.estimate?.statsFrom === 'defaults' ? '; default statistics' : ''}`,
      ...g.state.stages.map(
        (st) =>
          `    ${st.name}: ${gb(st.stateBytes)} (${[st.valueState ? `ValueState of ${st.valueState.members.join(', ')}` : '', ...st.mapStates.map((m) => `MapState of ${m.member} by ${m.mapKey}`)].filter((x) => x).join('; ')})`,
      ),
      `  main class ${g.plan.packageName}.${g.plan.jobClass}; it cannot restore the SQL job's savepoints (a new job graph)`,
      `  next: fill in the connection options of its CREATE TABLE statements, then mvn package; check it with npm run check-rewrite -- ${rel(dir)}`,
    ],
  };
}

const rel = (p: string) => relative(process.cwd(), p) || p;

/**
 * JSON.stringify escapes C0 controls but leaves DEL, C1 controls and the bidi overrides as they
 * are; as \\uNNNN escapes they are the same JSON strings, and none reaches a terminal that
 * `cat`s the report. (Outside strings JSON has only ASCII, so this touches strings only.)
 */
function jsonSafe(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Writes and resolves once the stream has taken all of it (or failed: see the 'error' handler
 * below). A pipe takes 64 KiB at once; the rest is written as the reader reads, so the process
 * must not exit before this resolves.
 */
function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    stream.write(text, () => resolve());
  });
}

/**
 * The analysis with one parse thread (dist/worker.js beside this script) that keeps the
 * statement budget; where there is none (0, or no worker script: the unit tests' bundle),
 * everything is parsed on this thread, without a bound per statement.
 */
async function analyzeWithPool(session: AnalysisSession, args: Args, explicit: Set<string>): Promise<CliResult> {
  const script = join(__dirname, 'worker.js');
  const pool =
    args.statementBudgetMs > 0 && existsSync(script)
      ? new ParsePool(script, 1, { statementBudgetMs: args.statementBudgetMs })
      : undefined;
  try {
    return await analyzePaths(session, args, explicit, pool);
  } finally {
    pool?.dispose();
  }
}

export async function main(argv: string[]): Promise<number> {
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (e) {
    await write(process.stderr, `flink-kpu: ${escapeControl((e as Error).message)}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.kind === 'help') {
    await write(
      process.stdout,
      `${command.topic === 'diff' ? DIFF_USAGE : command.topic === 'rewrite' ? REWRITE_USAGE : USAGE}\n`,
    );
    return 0;
  }
  if (command.kind === 'rewrite') {
    try {
      const r = runRewrite(command.args);
      await write(process.stdout, `${r.lines.map(escapeControl).join('\n')}\n`);
      return 0;
    } catch (e) {
      // One line per reason a chain cannot be generated: each line escaped, not the line breaks.
      await write(process.stderr, `flink-kpu: ${(e as Error).message.split('\n').map(escapeControl).join('\n')}\n`);
      return 2;
    }
  }
  if (command.kind === 'version') {
    await write(process.stdout, `${version}\n`);
    return 0;
  }
  if (command.kind === 'diff') return diffMain(command.args);
  const args = command.args;
  try {
    await initDescriptorParsers();
    const explicit = new Set(args.paths.map((p) => resolve(p)).filter((p) => existsSync(p) && statSync(p).isFile()));
    const { reports, gateFailures } = await analyzeWithPool(new AnalysisSession(), args, explicit);
    if (args.format === 'json')
      await write(
        process.stdout,
        jsonSafe(JSON.stringify({ version: 2, files: reports.map((r) => fileJson(r, rel)) }, null, 2)) + '\n',
      );
    else await write(process.stdout, reports.map((r) => reportText(r, args.explain, rel)).join('\n\n') + '\n');
    for (const g of gateFailures) await write(process.stderr, `flink-kpu: gate exceeded: ${escapeControl(g)}\n`);
    return gateFailures.length > 0 ? 1 : 0;
  } catch (e) {
    await write(process.stderr, `flink-kpu: ${escapeControl((e as Error).message)}\n`);
    return 2;
  }
}

async function diffMain(d: DiffArgs): Promise<number> {
  try {
    await initDescriptorParsers();
    const session = new AnalysisSession();
    const analyze = async (paths: string[]) => {
      const args: Args = {
        paths,
        format: 'text',
        explain: false,
        region: d.region,
        flinkVersion: d.flinkVersion,
        statementBudgetMs: DEFAULT_STATEMENT_BUDGET_MS,
      };
      const explicit = new Set(paths.map((p) => resolve(p)).filter((p) => existsSync(p) && statSync(p).isFile()));
      return (await analyzeWithPool(session, args, explicit)).reports;
    };
    const { output, gateFailures } = await runDiff(d, analyze);
    await write(
      process.stdout,
      (d.format === 'json' ? jsonSafe(output) : output.split('\n').map(escapeControl).join('\n')) + '\n',
    );
    for (const g of gateFailures) await write(process.stderr, `flink-kpu: gate exceeded: ${escapeControl(g)}\n`);
    return gateFailures.length > 0 ? 1 : 0;
  } catch (e) {
    const usage = e instanceof UsageError;
    await write(
      process.stderr,
      `flink-kpu: ${escapeControl((e as Error).message)}${usage ? `\n\n${DIFF_USAGE}` : ''}\n`,
    );
    return 2;
  }
}

if (require.main === module) {
  // A reader that stops early (`flink-kpu analyze ... | head -1`) closes the pipe: the rest of
  // the output has nowhere to go, and that is no error of ours (no stack trace). Any other
  // failure to write is reported, with exit code 2.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') return;
      if (stream === process.stdout) process.stderr.write(`flink-kpu: cannot write the output: ${e.message}\n`);
      process.exitCode = 2;
    });
  }
  // No process.exit(): it would end the process before a pipe has taken all of the output.
  // The process ends by itself once the last write is done.
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode ??= code;
  });
}
