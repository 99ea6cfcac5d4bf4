// What a change does to the jobs' state, KPUs and bill: two analyses of the same repository
// (base and head) paired job by job and chain by chain. Pure: the caller analyses both sides
// and names each file by its path relative to its side's root, so that the same file pairs.
import type { ChainResult, FileReport } from './index';
import type { JobEstimate } from '../sizing';

/** The figures of one job (its plan as written) that a diff compares. */
export interface JobFigures {
  stateBytes: number;
  onDiskBytes: number;
  kpu: { cpu: number; memory: number; storage: number; binding: string; billed: number; memoryDeclared: boolean };
  /** False for a job without SQL: its state, on-disk size, storage KPUs and snapshot time are unknown (the numbers are 0). */
  stateEstimated: boolean;
  /** Undefined when no price is known for the region. */
  monthlyUsd?: number;
  region?: string;
  priceSource?: string;
  snapshotSeconds: number;
}

export interface ChainFigures {
  line: number;
  inputs: string[];
  /** Undefined when the chain is not estimated (its reason in notEstimated). */
  binaryBytes?: number;
  multiJoinBytes?: number;
  unionBytes?: number;
  notEstimated?: string;
}

export type Change = 'added' | 'removed' | 'changed' | 'unchanged';

export interface Paired<T> {
  /** `path` for a SQL file's own job, `path#name` for a descriptor's job; `path#k` for the k-th chain of a file. */
  key: string;
  change: Change;
  base?: T;
  head?: T;
}

export interface DiffTotals {
  /** False when no job of either side has SQL: the state totals are unknown, not 0 B. */
  stateEstimated: boolean;
  stateBytes: { base: number; head: number };
  billedKpu: { base: number; head: number };
  /** Undefined on a side where some job has no price. */
  monthlyUsd: { base?: number; head?: number };
}

export interface DiffReport {
  jobs: Paired<JobFigures>[];
  chains: Paired<ChainFigures>[];
  totals: DiffTotals;
}

/** One side: its file reports and a function naming each file relative to the side's root. */
export interface DiffSide {
  reports: readonly FileReport[];
  relative: (path: string) => string;
}

function jobFigures(e: JobEstimate, stateEstimated: boolean): JobFigures {
  return {
    stateBytes: e.stateBytes,
    onDiskBytes: e.onDiskBytes,
    kpu: { ...e.kpu.byDimension, binding: e.kpu.binding, billed: e.kpu.billed, memoryDeclared: e.kpu.memoryDeclared },
    stateEstimated,
    monthlyUsd: e.cost?.monthlyUsd,
    region: e.cost?.region,
    priceSource: e.cost?.priceSource,
    snapshotSeconds: e.snapshotSeconds,
  };
}

function chainFigures(c: ChainResult): ChainFigures {
  const e = c.estimate;
  const base = { line: c.chain.range.start.line, inputs: c.chain.inputs.map((i) => i.name) };
  if (e.notEstimated) return { ...base, notEstimated: e.notEstimated };
  return {
    ...base,
    binaryBytes: e.binary.stateBytes,
    multiJoinBytes: e.multiJoin.available ? e.multiJoin.stateBytes : undefined,
    unionBytes: e.union.stateBytes,
  };
}

/**
 * The jobs of one side, by key: each descriptor's jobs (`path#name`, or `path#k` for an unnamed
 * k-th job), and each SQL file or program that no descriptor of the side names (`path`, the
 * documented default job). A SQL file a descriptor names is counted in that descriptor's job.
 */
function jobsOf(side: DiffSide): Map<string, JobFigures> {
  const out = new Map<string, JobFigures>();
  const named = new Set(side.reports.flatMap((r) => r.jobs.map((j) => j.sqlPath).filter((p): p is string => !!p)));
  for (const r of side.reports) {
    const path = side.relative(r.path);
    if (r.kind === 'descriptor') {
      r.jobs.forEach((j, k) => {
        out.set(`${path}#${j.spec.name?.value ?? k + 1}`, jobFigures(j.plans.binary, !!j.sql));
      });
    } else if (r.plans && !named.has(r.path) && (r.estimate?.chains.length || r.estimate?.operators.length)) {
      out.set(path, jobFigures(r.plans.binary, true));
    }
  }
  return out;
}

/** Chains by file and order: a descriptor's inline SQL under the descriptor's path. */
function chainsOf(side: DiffSide): Map<string, ChainFigures> {
  const out = new Map<string, ChainFigures>();
  for (const r of side.reports) {
    const path = side.relative(r.path);
    const chains =
      r.kind === 'sql' ? (r.estimate?.chains ?? []) : r.jobs.flatMap((j) => (j.sqlPath ? [] : j.estimate.chains));
    chains.forEach((c, k) => {
      out.set(`${path}#${k + 1}`, chainFigures(c));
    });
  }
  return out;
}

function pair<T>(base: Map<string, T>, head: Map<string, T>): Paired<T>[] {
  const keys = [...new Set([...base.keys(), ...head.keys()])].sort();
  return keys.map((key) => {
    const b = base.get(key);
    const h = head.get(key);
    const change: Change = !b
      ? 'added'
      : !h
        ? 'removed'
        : JSON.stringify(b) === JSON.stringify(h)
          ? 'unchanged'
          : 'changed';
    return { key, change, base: b, head: h };
  });
}

function sumOf(jobs: JobFigures[], f: (j: JobFigures) => number | undefined): number | undefined {
  let total = 0;
  for (const j of jobs) {
    const v = f(j);
    if (v === undefined) return undefined;
    total += v;
  }
  return total;
}

export function diffReports(base: DiffSide, head: DiffSide): DiffReport {
  const b = jobsOf(base);
  const h = jobsOf(head);
  const side = (m: Map<string, JobFigures>) => [...m.values()];
  return {
    jobs: pair(b, h),
    chains: pair(chainsOf(base), chainsOf(head)),
    totals: {
      stateEstimated: [...b.values(), ...h.values()].some((j) => j.stateEstimated),
      stateBytes: { base: sumOf(side(b), (j) => j.stateBytes) ?? 0, head: sumOf(side(h), (j) => j.stateBytes) ?? 0 },
      billedKpu: { base: sumOf(side(b), (j) => j.kpu.billed) ?? 0, head: sumOf(side(h), (j) => j.kpu.billed) ?? 0 },
      monthlyUsd: { base: sumOf(side(b), (j) => j.monthlyUsd), head: sumOf(side(h), (j) => j.monthlyUsd) },
    },
  };
}

/** head − base, and the change in percent of base (undefined when base is 0 or a side is unknown). */
export function delta(base: number | undefined, head: number | undefined): { abs?: number; pct?: number } {
  if (base === undefined || head === undefined) return {};
  return { abs: head - base, pct: base !== 0 ? ((head - base) / base) * 100 : undefined };
}

/** A gate's limit: an absolute amount, or a percent of the base (`10%`). */
export interface Limit {
  value: number;
  percent: boolean;
}

/** The increases that exceed their limits, each named for the gate it breaks. */
export function diffGateFailures(
  d: DiffReport,
  gates: { maxMonthlyCostIncrease?: Limit; maxStateIncreaseGB?: Limit },
  bytesPerGB = 1e9,
): string[] {
  const out: string[] = [];
  const check = (
    name: string,
    unit: string,
    base: number | undefined,
    head: number | undefined,
    limit: Limit | undefined,
    scale = 1,
  ) => {
    if (!limit || base === undefined || head === undefined) return;
    const inc = (head - base) / scale;
    const pct = base !== 0 ? ((head - base) / base) * 100 : head > 0 ? Number.POSITIVE_INFINITY : 0;
    const over = limit.percent ? pct > limit.value : inc > limit.value;
    if (over)
      out.push(
        `${name} rose by ${limit.percent ? `${Number.isFinite(pct) ? pct.toFixed(1) : '∞'} %` : `${inc.toFixed(2)} ${unit}`} > ${name === 'monthly cost' ? '--max-monthly-cost-increase' : '--max-state-increase'} ${limit.value}${limit.percent ? '%' : ''}`,
      );
  };
  check('monthly cost', 'USD', d.totals.monthlyUsd.base, d.totals.monthlyUsd.head, gates.maxMonthlyCostIncrease);
  check('state', 'GB', d.totals.stateBytes.base, d.totals.stateBytes.head, gates.maxStateIncreaseGB, bytesPerGB);
  return out;
}
