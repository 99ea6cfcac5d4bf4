// `flink-kpu diff`: the command-line side of a diff (src/analysis/diff.ts): its options, the
// two sides to analyse (two paths, or a git ref against the working tree), and the output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { FileReport } from './analysis';
import { readArgs, UsageError } from './cliArgs';
import { type DiffReport, diffGateFailures, diffReports, type Limit } from './analysis/diff';
import { diffMarkdown, diffText } from './analysis/diffFormat';

export const DIFF_USAGE = `usage: flink-kpu diff <base> <head> [options]
       flink-kpu diff --base <git-ref> [<path>...] [options]

Compares two analyses of the same jobs: each side a directory or a file, or --base a git ref
(read from the repository; the working tree is the head, the paths default to '.'). Jobs pair
by descriptor path and job name, chains by file path and order. Reports per job and in total
the change of monthly cost, billed KPUs, KPUs per dimension, state, on-disk size and snapshot
time, and per join chain its binary, MultiJoin and union state.

options:
  --format text|json|markdown         text (default), JSON (docs/cli-json.md), or Markdown for a pull-request comment
  --region R                          price both sides in AWS region R
  --flink-version V                   estimate both sides for Flink V
  --max-monthly-cost-increase USD|P%  gate: exit 1 when the total monthly cost rises by more than USD, or P percent
  --max-state-increase GB|P%          gate: exit 1 when the total state rises by more than GB, or P percent`;

export interface DiffArgs {
  base?: string;
  head?: string;
  gitRef?: string;
  /** With --base: the paths of the working tree (and of the ref) to compare. */
  paths: string[];
  format: 'text' | 'json' | 'markdown';
  region?: string;
  flinkVersion?: string;
  maxMonthlyCostIncrease?: Limit;
  maxStateIncreaseGB?: Limit;
}

function limit(v: string, flag: string): Limit {
  const percent = v.trim().endsWith('%');
  const n = Number(percent ? v.trim().slice(0, -1) : v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new UsageError(`${flag} takes a non-negative number or a percentage (10%), not '${v}'`);
  return { value: n, percent };
}

/** The options after `diff`. */
export function parseDiffArgs(argv: string[]): DiffArgs {
  const a: DiffArgs = { paths: [], format: 'text' };
  const positional: string[] = [];
  readArgs(
    argv,
    (flag, value) => {
      switch (flag) {
        case '--base':
          a.gitRef = value.text();
          return true;
        case '--format': {
          const f = value.text();
          if (f !== 'text' && f !== 'json' && f !== 'markdown')
            throw new UsageError(`--format is text, json or markdown, not '${f}'`);
          a.format = f;
          return true;
        }
        case '--region':
          a.region = value.text();
          return true;
        case '--flink-version':
          a.flinkVersion = value.text();
          return true;
        case '--max-monthly-cost-increase':
          a.maxMonthlyCostIncrease = limit(value.text(), flag);
          return true;
        case '--max-state-increase':
          a.maxStateIncreaseGB = limit(value.text(), flag);
          return true;
        default:
          return false;
      }
    },
    (arg) => positional.push(arg),
  );
  if (a.gitRef !== undefined) a.paths = positional.length > 0 ? positional : ['.'];
  else if (positional.length === 2) [a.base, a.head] = positional;
  else
    throw new UsageError(
      positional.length < 2
        ? 'diff needs a base and a head (two paths), or --base <git-ref>'
        : 'diff takes two paths (base and head)',
    );
  return a;
}

/** Analyses the given paths (the CLI's analysis, with its parse thread and statement budget). */
export type Analyze = (paths: string[]) => Promise<FileReport[]>;

/** A side's files named relative to its root: a directory itself, or a file's folder. */
function rootOf(p: string): string {
  const abs = resolve(p);
  return statSync(abs).isDirectory() ? abs : dirname(abs);
}

/** The repository's files at `ref` in a temporary folder (git archive), and the repository's root. */
function checkout(ref: string, cwd: string): { dir: string; top: string } {
  const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8' });
  if (top.status !== 0)
    throw new UsageError(`--base needs a git repository: ${(top.stderr || top.error?.message || '').trim()}`);
  const root = top.stdout.trim();
  const dir = mkdtempSync(join(tmpdir(), 'flink-kpu-diff-'));
  const archive = spawnSync('git', ['archive', '--format=tar', ref], { cwd: root, maxBuffer: 1 << 30 });
  if (archive.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new UsageError(`cannot read '${ref}' from git: ${archive.stderr.toString().trim()}`);
  }
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (untar.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new UsageError(`cannot unpack '${ref}': ${untar.stderr.toString().trim()}`);
  }
  return { dir, top: root };
}

export async function runDiff(
  a: DiffArgs,
  analyze: Analyze,
  cwd = process.cwd(),
): Promise<{ report: DiffReport; output: string; gateFailures: string[] }> {
  let report: DiffReport;
  if (a.gitRef !== undefined) {
    const { dir, top } = checkout(a.gitRef, cwd);
    try {
      const heads = a.paths.map((p) => resolve(cwd, p));
      for (const p of heads) if (!existsSync(p)) throw new UsageError(`cannot read '${p}': no such file or directory`);
      // The same paths in the ref; a path the ref does not have is an added one.
      const bases = heads.map((p) => join(dir, relative(top, p))).filter((p) => existsSync(p));
      const base = bases.length > 0 ? await analyze(bases) : [];
      const head = await analyze(heads);
      report = diffReports(
        { reports: base, relative: (p) => relative(dir, p) },
        { reports: head, relative: (p) => relative(top, p) },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    for (const p of [a.base!, a.head!])
      if (!existsSync(p)) throw new UsageError(`cannot read '${p}': no such file or directory`);
    const baseRoot = rootOf(a.base!);
    const headRoot = rootOf(a.head!);
    // Two files compare as one: each named by the head's file name.
    const name = (root: string, file: boolean) => (p: string) =>
      file ? basename(resolve(a.head!)) : relative(root, p);
    const baseIsFile = statSync(a.base!).isFile();
    const headIsFile = statSync(a.head!).isFile();
    report = diffReports(
      { reports: await analyze([a.base!]), relative: name(baseRoot, baseIsFile && headIsFile) },
      { reports: await analyze([a.head!]), relative: name(headRoot, baseIsFile && headIsFile) },
    );
  }
  const output =
    a.format === 'json'
      ? JSON.stringify({ version: 1, kind: 'diff', ...report }, null, 2)
      : a.format === 'markdown'
        ? diffMarkdown(report)
        : diffText(report);
  return { report, output, gateFailures: diffGateFailures(report, a) };
}
