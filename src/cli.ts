#!/usr/bin/env node
// flink-kpu: the editor's analysis from a terminal and in CI. Text or JSON
// (docs/cli-json.md); exit 0 fine, 1 when a --max-* gate is exceeded, 2 on usage
// errors or unreadable input.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { analyzeDescriptorFile, analyzeProgramFile, analyzeSqlFile, duration, gb, isProgramFileName, isSqlFileName, usd, type FileReport, type EstimateOptions, type ChainResult, type JobPlans } from './analysis';
import { initDescriptorParsers, isDescriptorFileName, type JobSpec } from './descriptor';
import { decodeText } from './text';
import { hasTableApiSql, hostLanguageOf } from './embedded';
import type { JobEstimate, Term } from './sizing';

const USAGE = `usage: flink-kpu analyze <file|dir>... [--format text|json] [--explain] [--region R]
                         [--flink-version V] [--max-amplification X] [--max-monthly-cost USD]`;

class UsageError extends Error {}

interface Args {
  paths: string[];
  format: 'text' | 'json';
  explain: boolean;
  region?: string;
  flinkVersion?: string;
  maxAmplification?: number;
  maxMonthlyCost?: number;
}

function parseArgs(argv: string[]): Args {
  if (argv[0] !== 'analyze') throw new UsageError(argv[0] ? `unknown command '${argv[0]}'` : 'missing command');
  const a: Args = { paths: [], format: 'text', explain: false };
  const value = (i: number, flag: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  const num = (v: string, flag: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} takes a non-negative number, not '${v}'`);
    return n;
  };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const take = () => (inline !== undefined ? inline : value(i++, flag));
    switch (flag) {
      case '--format': {
        const f = take();
        if (f !== 'text' && f !== 'json') throw new UsageError(`--format is text or json, not '${f}'`);
        a.format = f;
        break;
      }
      case '--explain':
        a.explain = true;
        break;
      case '--region':
        a.region = take();
        break;
      case '--flink-version':
        a.flinkVersion = take();
        break;
      case '--max-amplification':
        a.maxAmplification = num(take(), flag);
        break;
      case '--max-monthly-cost':
        a.maxMonthlyCost = num(take(), flag);
        break;
      case '--help':
      case '-h':
        throw new UsageError('');
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
        a.paths.push(arg);
    }
  }
  if (a.paths.length === 0) throw new UsageError('no file or directory given');
  return a;
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
    else if (isProgramFileName(name) && hasTableApiSql(readText(p) ?? '', hostLanguageOf(name)!)) out.push(p); // only programs with Table-API SQL
  }
}

function readText(path: string): string | undefined {
  try {
    return decodeText(readFileSync(path));
  } catch {
    return undefined;
  }
}

export interface CliResult {
  reports: FileReport[];
  gateFailures: string[];
}

export function analyzePaths(args: Args, explicit: Set<string>): CliResult {
  const files = collect(args.paths);
  const opts: EstimateOptions = { region: args.region, flinkVersion: args.flinkVersion };
  const reports: FileReport[] = [];
  const sqlJobs = new Map<string, JobSpec>();
  // Descriptors first: a SQL file they name is estimated with their statistics.
  const isSqlSource = (f: string) => isSqlFileName(f) || isProgramFileName(f);
  for (const f of files) {
    if (isSqlSource(f)) continue;
    const text = readText(f);
    if (text === undefined) throw new UsageError(`cannot read '${f}'`);
    const r = analyzeDescriptorFile(f, text, readText, opts);
    if (!r) {
      if (explicit.has(f)) throw new UsageError(`'${f}' is neither Flink SQL nor a job descriptor this tool reads`);
      continue;
    }
    reports.push(r);
    for (const j of r.jobs) if (j.sqlPath && !sqlJobs.has(j.sqlPath)) sqlJobs.set(j.sqlPath, j.spec);
  }
  for (const f of files) {
    if (!isSqlSource(f)) continue;
    const text = readText(f);
    if (text === undefined) throw new UsageError(`cannot read '${f}'`);
    // A program's Table-API SQL gets the same report, with positions in the program.
    reports.push(isSqlFileName(f) ? analyzeSqlFile(f, text, sqlJobs.get(f), opts) : analyzeProgramFile(f, text, sqlJobs.get(f), opts));
  }
  reports.sort((a, b) => a.path.localeCompare(b.path));
  const gateFailures: string[] = [];
  for (const r of reports) {
    for (const c of chainsOf(r)) {
      if (args.maxAmplification !== undefined && c.estimate.amplification > args.maxAmplification) {
        gateFailures.push(`${rel(r.path)}:${c.chain.range.start.line}: amplification ${c.estimate.amplification.toFixed(2)} > --max-amplification ${args.maxAmplification}`);
      }
    }
    for (const j of r.jobs) {
      const cost = j.plans.binary.cost?.monthlyUsd;
      if (args.maxMonthlyCost !== undefined && cost !== undefined && cost > args.maxMonthlyCost) {
        gateFailures.push(`${rel(r.path)}: monthly cost $${cost.toFixed(2)} > --max-monthly-cost ${args.maxMonthlyCost}`);
      }
    }
  }
  return { reports, gateFailures };
}

function chainsOf(r: FileReport): ChainResult[] {
  return r.kind === 'sql' ? (r.estimate?.chains ?? []) : r.jobs.flatMap((j) => (j.sqlPath ? [] : j.estimate.chains));
}

const rel = (p: string) => relative(process.cwd(), p) || p;

// ---------- JSON (docs/cli-json.md) ----------
function jobJson(e: JobEstimate) {
  return {
    stateBytes: e.stateBytes,
    onDiskBytes: e.onDiskBytes,
    snapshotSeconds: e.snapshotSeconds,
    kpu: { configured: e.kpu.configured, required: e.kpu.required, billed: e.kpu.billed, binding: e.kpu.binding, byDimension: e.kpu.byDimension },
    cost: e.cost
      ? { monthlyUsd: e.cost.monthlyUsd, kpuUsd: e.cost.kpuUsd, storageUsd: e.cost.storageUsd, backupUsd: e.cost.backupUsd, region: e.cost.region, priceSource: e.cost.priceSource }
      : { monthlyUsd: null, region: null, priceSource: e.costUnavailableReason ?? 'no price' },
    fits: e.fits,
  };
}

function chainJson(c: ChainResult) {
  const e = c.estimate;
  return {
    line: c.chain.range.start.line,
    inputs: c.chain.inputs.map((i) => i.name),
    keyGroups: c.chain.keyGroups,
    plans: {
      binary: { stateBytes: e.binary.stateBytes, operators: e.binary.operators.map((o) => ({ name: o.name, stateBytes: o.stateBytes })) },
      multiJoin: { available: e.multiJoin.available, reason: e.multiJoin.reason, stateBytes: e.multiJoin.stateBytes },
      union: { stateBytes: e.union.stateBytes, stages: e.union.stages },
    },
    amplification: e.amplification,
  };
}

function fileJson(r: FileReport) {
  const sql = r.kind === 'sql' ? r.sql : r.jobs.find((j) => !j.sqlPath && j.sql)?.sql;
  const chains = r.kind === 'sql' ? (r.estimate?.chains ?? []) : chainsOf(r);
  const out: Record<string, unknown> = {
    path: rel(r.path),
    kind: r.kind,
    ...(r.program ? { language: r.program.language, tableApiCalls: r.program.calls, analysedCalls: r.program.analysed } : {}),
    diagnostics: r.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, line: d.range.start.line, column: d.range.start.column })),
    joins: (sql?.joins ?? []).map((j) => ({ line: j.range.start.line, column: j.range.start.column, kind: j.kind, type: j.type, left: j.left, right: j.right, keys: j.keys })),
    chains: chains.map(chainJson),
  };
  if (r.kind === 'descriptor') {
    const j = r.jobs[0];
    out.job = j ? { name: j.spec.name?.value, sql: j.sqlPath ? rel(j.sqlPath) : undefined, ...jobJson(j.plans.binary), plans: { union: jobJson(j.plans.union), multiJoin: jobJson(j.plans.multiJoin) } } : undefined;
    if (r.jobs.length > 1) out.jobs = r.jobs.map((x) => ({ name: x.spec.name?.value, ...jobJson(x.plans.binary) }));
  }
  return out;
}

// ---------- text ----------
function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}
function lpad(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? pad(c, widths[i]) : lpad(c, widths[i]))).join('  ')).join('\n');
}

function explainTerms(terms: Term[], indent: string): string[] {
  return terms.map((t) => `${indent}${t.label}: ${t.formula}`);
}

function chainText(c: ChainResult, explain: boolean): string[] {
  const e = c.estimate;
  const lines = [`  join chain at line ${c.chain.range.start.line}: ${c.chain.inputs.map((i) => i.name).join(' ⋈ ')}${c.chain.feeds ? ` → ${c.chain.feeds}` : ''}`];
  lines.push(`    key groups: ${c.chain.keyGroups.map((g) => `{${g.columns.join(' = ')}}`).join(', ')}`);
  const defaults = c.stats.filter((s) => s.source === 'default').map((s) => s.input);
  if (defaults.length) lines.push(`    rows not declared (default used): ${defaults.join(', ')}`);
  lines.push(
    ...table([
      ['    plan', 'state', 'vs union'],
      ['    binary joins (as written)', gb(e.binary.stateBytes), `x${e.amplification.toFixed(2)}`],
      ['    MultiJoin', e.multiJoin.available ? gb(e.multiJoin.stateBytes) : 'n/a', e.multiJoin.available && e.union.stateBytes > 0 ? `x${(e.multiJoin.stateBytes / e.union.stateBytes).toFixed(2)}` : ''],
      [`    DataStream union (${e.union.stages} stage${e.union.stages === 1 ? '' : 's'})`, gb(e.union.stateBytes), 'x1.00'],
    ]).split('\n'),
  );
  if (!e.multiJoin.available) lines.push(`    MultiJoin not available: ${e.multiJoin.reason}`);
  if (explain) {
    for (const [plan, p] of [['binary', e.binary], ['MultiJoin', e.multiJoin], ['union', e.union]] as const) {
      lines.push(`    ${plan} operators:`);
      for (const o of p.operators) {
        lines.push(`      ${o.name}: ${gb(o.stateBytes)} (${o.stateBytes} B, ${o.entries} entries)`);
        lines.push(...explainTerms(o.terms, '        '));
        for (const n of o.notes) lines.push(`        note: ${n}`);
      }
    }
  }
  return lines;
}

function jobText(name: string, plans: JobPlans, explain: boolean, hasSql: boolean): string[] {
  const cols = [plans.binary, plans.multiJoin, plans.union];
  const bytes = (n: number) => (hasSql ? gb(n) : 'n/a');
  const row = (label: string, f: (e: JobEstimate) => string) => [`    ${label}`, ...cols.map(f)];
  const lines = [`  job ${name}`];
  lines.push(
    ...table([
      ['    ', 'as written', 'MultiJoin*', 'union rewrite'],
      row('state', (e) => bytes(e.stateBytes)),
      row('on disk', (e) => bytes(e.onDiskBytes)),
      row('KPU cpu/memory/storage', (e) => `${e.kpu.byDimension.cpu}/${e.kpu.byDimension.memory}/${e.kpu.byDimension.storage}`),
      row('KPU required (binding)', (e) => `${e.kpu.required} (${e.kpu.binding})`),
      row('KPU billed (+1 orchestration)', (e) => String(e.kpu.billed)),
      row('monthly cost', (e) => usd(e.cost?.monthlyUsd, 'n/a')),
      row('snapshot', (e) => duration(e.snapshotSeconds)),
    ]).split('\n'),
  );
  lines.push('    * MultiJoin where the Flink version allows it, binary joins elsewhere');
  if (plans.kubernetes) lines.push(`    Kubernetes: ${plans.kubernetes.formula}`);
  if (!hasSql) lines.push('    no SQL named by this descriptor: state not estimated, KPUs from the parallelism settings only');
  const b = plans.binary;
  if (b.overscale && b.overscale.kpu > 0) {
    lines.push(`    overscale margin: ${b.overscale.kpu} KPU above Parallelism ${b.overscale.parallelismWithoutMargin}${b.overscale.monthlyUsd !== undefined ? `, ${usd(b.overscale.monthlyUsd, 'n/a')}/month` : ''} (what dropping it saves, whatever the state)`);
  }
  if (!b.fits) lines.push(`    ERROR: state does not fit the configured KPUs${b.parallelismToFit ? `; Parallelism ${b.parallelismToFit} would fit` : ''}`);
  if (b.cost) lines.push(`    prices: ${b.cost.region}, ${b.cost.priceSource}${b.cost.unverified ? ' (unverified)' : ''}`);
  else if (b.costUnavailableReason) lines.push(`    cost: ${b.costUnavailableReason}`);
  if (explain) {
    lines.push('    as written:');
    lines.push(...explainTerms(b.terms, '      '));
  }
  return lines;
}

const LANGUAGE_NAMES = { java: 'Java', kotlin: 'Kotlin', scala: 'Scala', python: 'Python' } as const;

function reportText(r: FileReport, explain: boolean): string {
  const what = r.program ? `Table-API SQL in ${LANGUAGE_NAMES[r.program.language]}: ${r.program.analysed} of ${r.program.calls} calls analysed` : r.kind === 'sql' ? 'Flink SQL' : `${r.descriptor?.source} descriptor`;
  const lines = [`${rel(r.path)} (${what})`];
  for (const d of r.diagnostics) lines.push(`  ${d.range.start.line}:${d.range.start.column} ${d.severity} [${d.code}] ${d.message}`);
  if (r.kind === 'sql') {
    const sql = r.sql!;
    for (const j of sql.joins) lines.push(`  ${j.range.start.line}:${j.range.start.column} ${j.kind} ${j.type} join ${j.left.join(', ')} ⋈ ${j.right}${j.keys.length ? ` on ${j.keys.map((k) => k.join(' = ')).join(', ')}` : ''}`);
    lines.push(`  statistics: ${r.estimate!.statsFrom === 'descriptor' ? 'from the job descriptor that names this file' : 'documented defaults (no descriptor names this file)'}`);
    for (const c of r.estimate!.chains) lines.push(...chainText(c, explain));
    for (const o of r.estimate!.operators) {
      if (o.estimated === false || o.stateBytes === 0) continue;
      lines.push(`  ${o.name}: ${gb(o.stateBytes)} (${o.entries.toLocaleString('en-US')} entries)`);
      if (explain) for (const t of o.terms) lines.push(`    ${t.label}: ${t.formula}`);
      for (const n of o.notes) lines.push(`    note: ${n}`);
    }
    for (const n of r.estimate!.notEstimated) lines.push(`  not estimated: ${n}`);
  } else {
    for (const j of r.jobs) {
      if (!j.sqlPath) for (const c of j.estimate.chains) lines.push(...chainText(c, explain));
      lines.push(...jobText(j.spec.name?.value ?? '(unnamed)', j.plans, explain, !!j.sql));
      if (j.sqlPath) lines.push(`    SQL: ${rel(j.sqlPath)} (its chains are listed with that file)`);
    }
  }
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    const msg = (e as Error).message;
    process.stderr.write(msg ? `flink-kpu: ${msg}\n${USAGE}\n` : `${USAGE}\n`);
    return 2;
  }
  try {
    await initDescriptorParsers();
    const explicit = new Set(args.paths.map((p) => resolve(p)).filter((p) => existsSync(p) && statSync(p).isFile()));
    const { reports, gateFailures } = analyzePaths(args, explicit);
    if (args.format === 'json') process.stdout.write(JSON.stringify({ version: 1, files: reports.map(fileJson) }, null, 2) + '\n');
    else process.stdout.write(reports.map((r) => reportText(r, args.explain)).join('\n\n') + '\n');
    for (const g of gateFailures) process.stderr.write(`flink-kpu: gate exceeded: ${g}\n`);
    return gateFailures.length > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`flink-kpu: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`flink-kpu: ${(e as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
