// The one place where SQL analysis, a job descriptor and the sizing model meet:
// chain facts + table statistics → sizing inputs → state per plan, KPUs, cost, and the
// diagnostics that follow from those numbers. No `vscode` here (the CLI uses it too).
import { GroupedCache } from '../cache';
import type { StatementFacts } from '../sql/facts';
import type { JobSpec, TableStats } from '../descriptor';
import {
  estimateChain, estimateFlinkDeployment, estimateJob, FLINK_FACTS, JOB_DEFAULTS, MULTI_JOIN_AWS_NOTE, withAssumptions, type Assumptions, type ChainEstimate, type ChainInput, type ChainSpec,
  type JobEstimate, type OperatorState, type SizingContext,
} from '../sizing';
import { intervalJoinState, lookupJoinState, notEstimated, temporalJoinState, type StreamSide } from '../sizing/otherOperators';
import { parseFlinkDuration, type ChainInfo, type JoinInfo, type JoinSide, type SqlAnalysis } from '../sql';
import { diagnostic, type Diagnostic, type Range } from '../text';
import { gb } from './format';
import { storageExceededMessage } from './billing';

export interface EstimateOptions {
  assumptions?: Partial<Assumptions>;
  /** Overrides the descriptor's region (CLI --region, setting). */
  region?: string;
  /** Region when neither the option above nor the descriptor names one (editor setting). */
  defaultRegion?: string;
  /** Flink version when neither the option above nor the descriptor names one (editor setting). */
  defaultFlinkVersion?: string;
  /** Overrides the descriptor's Flink version (CLI --flink-version). */
  flinkVersion?: string;
  priceOverride?: { kpuHour: number; storageGBMonth: number; backupGBMonth: number };
  /** Stop parsing a file's statements after this long (the editor sets it; the CLI reads everything). */
  budgetMs?: number;
  /** clock() when that budget began (default: when the file's analysis starts). */
  budgetStart?: number;
  /** The time that budget is measured in, milliseconds (default Date.now; AnalyzeOptions.clock). */
  clock?: () => number;
  /** Statements parsed ahead on the parse threads (ParsePool.prefetch). */
  parsed?: ReadonlyMap<string, StatementFacts>;
  /** Amplification above which a chain gets a warning. */
  amplificationThreshold?: number;
}

export interface InputStatsUse {
  input: string;
  /** Where the rows came from. */
  source: 'descriptor' | 'default';
  rows?: number;
  ratePerSec?: number;
}

export interface ChainResult {
  chain: ChainInfo;
  spec: ChainSpec;
  estimate: ChainEstimate;
  stats: InputStatsUse[];
  /** MultiJoin is switched on in this file (SET or hint). */
  multiJoinEnabled: boolean;
}

export interface SqlEstimate {
  chains: ChainResult[];
  /** Stateful operators outside chains (interval/temporal/lookup joins, aggregations...). */
  operators: OperatorState[];
  /** The operator of each non-regular join, by its index in SqlAnalysis.joins. */
  joinStates: (OperatorState | undefined)[];
  /** State of the job as written (binary join plans + other operators), bytes. */
  stateBytes: number;
  /** The same job with every chain rewritten as a union, bytes. */
  unionStateBytes: number;
  /** With MultiJoin where available (binary elsewhere), bytes. */
  multiJoinStateBytes: number;
  /** Names of operators whose state the model does not estimate. */
  notEstimated: string[];
  diagnostics: Diagnostic[];
  flinkVersion: string;
  /** Where the statistics came from: a descriptor's tables, or documented defaults. */
  statsFrom: 'descriptor' | 'defaults';
  stateTtlSec?: number;
}

const lc = (s: string) => s.toLowerCase();

function statsFor(job: JobSpec | undefined, names: string[]): TableStats | undefined {
  if (!job) return undefined;
  const entries = Object.entries(job.tables);
  for (const n of names) {
    const last = lc(n.split('.').pop() ?? n);
    const hit = entries.find(([k]) => lc(k) === lc(n) || lc(k) === last);
    if (hit) return hit[1];
  }
  return undefined;
}

/**
 * Chain facts + statistics → the sizing model's input. Unknown values use JOB_DEFAULTS, and say so.
 * Without statistics or hints this reads only what `ChainInfo.shape` (built in src/sql/analyze.ts)
 * holds, which is what lets the estimate cache key on the shape: a new field read here from the
 * chain must be added to the shape too.
 */
export function chainSpec(chain: ChainInfo, job: JobSpec | undefined, hintTtl: Map<string, number> = new Map()): { spec: ChainSpec; stats: InputStatsUse[] } {
  const stats: InputStatsUse[] = [];
  const inputs: ChainInput[] = chain.inputs.map((input) => {
    const st = statsFor(job, [input.name, input.alias, ...input.tables]);
    const uniqueKey = st?.uniqueKey ?? input.uniqueKey;
    const appendOnly = input.appendOnly && !uniqueKey;
    const columns = input.columns.map((c) => ({
      name: c.name,
      type: c.type && c.type.length > 0 ? c.type : 'STRING',
      avgBytes: st?.columnBytes?.[c.name] ?? Object.entries(st?.columnBytes ?? {}).find(([k]) => lc(k) === lc(c.name))?.[1],
    }));
    let rows = st?.rows;
    let ratePerSec = st?.ratePerSec;
    if (rows === undefined && !(appendOnly && ratePerSec !== undefined)) {
      if (appendOnly) ratePerSec = JOB_DEFAULTS.ratePerSec;
      else rows = JOB_DEFAULTS.rows;
    }
    stats.push({ input: input.name, source: st && (st.rows !== undefined || st.ratePerSec !== undefined) ? 'descriptor' : 'default', rows, ratePerSec });
    return {
      name: input.name,
      columns,
      uniqueKey,
      rows,
      ratePerSec: appendOnly ? ratePerSec : undefined,
      retentionSec: st?.retentionSec,
      appendOnly,
      rowsPerKey: st?.rowsPerKey,
      distinctKeys: st?.distinctKeys,
      matchRate: st?.matchRate,
      rowBytes: st?.rowBytes,
      dedup: !!input.dedupKeys,
      stateTtlSec: hintTtl.get(lc(input.alias)) ?? hintTtl.get(lc(input.name)),
    };
  });
  const joins = chain.joins.map((j) => ({ type: j.type, keys: j.keys, keyGroup: j.keyGroup }));
  return { spec: { inputs, joins }, stats };
}

/**
 * Chain estimates by their inputs: an edit changes one statement, and the chains of every
 * other statement are the same specs, so their estimates are reused (the model is pure).
 * The key is the chain's shape when the spec adds nothing to it (no descriptor statistics,
 * no STATE_TTL hint): then a hit builds not even the spec. Otherwise the key is the spec.
 */
type Estimated = { spec: ChainSpec; stats: InputStatsUse[]; estimate: ChainEstimate };
/** By sizing context, then by shape (or spec): a chain's shape is the same string from one analysis to the next. */
const estimates = new GroupedCache<string, string, Estimated>(2000);
function cachedEstimate(chain: ChainInfo, job: JobSpec | undefined, hintTtl: Map<string, number>, ctx: SizingContext, ctxKey: string): Estimated {
  const byShape = chain.shape !== undefined && !job && hintTtl.size === 0;
  let built: ReturnType<typeof chainSpec> | undefined;
  if (!byShape) built = chainSpec(chain, job, hintTtl);
  const key = byShape ? chain.shape! : JSON.stringify(built!.spec);
  const hit = estimates.get(ctxKey, key);
  if (hit) return hit;
  built ??= chainSpec(chain, job, hintTtl);
  estimated++;
  const e = { spec: built.spec, stats: built.stats, estimate: estimateChain(built.spec, ctx) };
  estimates.set(ctxKey, key, e);
  return e;
}

let estimated = 0;
/** How many chains were estimated (not found in the cache) since the process started: for tests. */
export function chainsEstimated(): number {
  return estimated;
}

/** Forgets cached chain estimates (the benchmark measures a cold analysis with it). */
export function clearEstimateCache(): void {
  estimates.clear();
}

export function versionAtLeast(version: string | undefined, major: number, minor: number): boolean {
  const m = /(\d+)[._](\d+)/.exec(version ?? '');
  if (!m) return false;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a > major || (a === major && b >= minor);
}

/** The sizing context of a file's chains: the job's and the options' assumptions, version, TTL and parallelism. */
function sizingContext(sqlStateTtlSec: number | undefined, job: JobSpec | undefined, opts: EstimateOptions, multiJoinForBinary = false): SizingContext & { flinkVersion: string } {
  const assumptions = withAssumptions({ ...(opts.assumptions ?? {}), ...numericAssumptions(job) });
  const flinkVersion = opts.flinkVersion ?? job?.flinkVersion?.value ?? opts.defaultFlinkVersion ?? JOB_DEFAULTS.flinkVersion;
  const stateTtlSec = sqlStateTtlSec ?? (job?.stateTtlSec?.value ? job.stateTtlSec.value : undefined);
  return { assumptions, flinkVersion, stateTtlSec, parallelism: job?.parallelism?.value, maxParallelism: job?.maxParallelism?.value, ...(multiJoinForBinary ? { multiJoinForBinary } : {}) };
}

/**
 * Estimates chains while the parse threads still parse (ParsePool.prefetch's onChains), into
 * the cache estimateSql reads: made with the context estimateSql will use, they are its hits.
 * (A chain whose file turns out to have STATE_TTL hints is keyed otherwise and estimated again.)
 */
export function estimateAhead(job: JobSpec | undefined, opts: EstimateOptions = {}): (chains: readonly ChainInfo[], sqlStateTtlSec: number | undefined) => void {
  const contexts = new Map<number | undefined, { ctx: SizingContext; key: string }>();
  return (chains, sqlStateTtlSec) => {
    let c = contexts.get(sqlStateTtlSec);
    if (!c) {
      const ctx = sizingContext(sqlStateTtlSec, job, opts);
      c = { ctx, key: JSON.stringify(ctx) };
      contexts.set(sqlStateTtlSec, c);
    }
    for (const chain of chains) cachedEstimate(chain, job, NO_HINTS, c.ctx, c.key);
  };
}
const NO_HINTS = new Map<string, number>();

/** Estimates every chain and stateful operator of a SQL file, with a job's statistics when it has one. */
export function estimateSql(sql: SqlAnalysis, job: JobSpec | undefined, opts: EstimateOptions = {}): SqlEstimate {
  const ctx = sizingContext(sql.stateTtlSec, job, opts, sql.multiJoinForBinary);
  const { flinkVersion, stateTtlSec } = ctx;
  const diagnostics: Diagnostic[] = [];
  const threshold = opts.amplificationThreshold ?? JOB_DEFAULTS.amplificationThreshold;

  const ctxKey = JSON.stringify(ctx);
  const hintTtl = stateTtlHints(sql);
  const chains: ChainResult[] = sql.chains.map((chain) => {
    const { spec, stats, estimate } = cachedEstimate(chain, job, hintTtl, ctx, ctxKey);
    return { chain, spec, estimate, stats, multiJoinEnabled: sql.multiJoinEnabled || (sql.multiJoinHint && versionAtLeast(flinkVersion, ...FLINK_FACTS.multiJoinHintSinceVersion)) };
  });

  for (const r of chains) {
    const first = sql.joins[r.chain.joins[0].join];
    const at: Range = first?.range ?? r.chain.range;
    const e = r.estimate;
    if (e.amplification > threshold) {
      diagnostics.push(diagnostic('warning', 'state-amplification', `This ${r.chain.inputs.length}-input join chain stores ${e.amplification.toFixed(1)}x the state of a DataStream union rewrite (${gb(e.binary.stateBytes)} vs ${gb(e.union.stateBytes)}): intermediate join results are stored again in every later join.`, at));
    }
    for (const w of e.warnings) {
      const input = r.chain.inputs.find((i) => i.name === w.input);
      diagnostics.push(diagnostic('warning', w.code, w.message, input?.range ?? at));
    }
    if (r.chain.inputs.length >= 3) {
      if (e.multiJoin.available && !r.multiJoinEnabled) {
        diagnostics.push(diagnostic('info', 'multijoin-available', `Flink ${flinkVersion} can run this chain with MultiJoin (${gb(e.multiJoin.stateBytes)} instead of ${gb(e.binary.stateBytes)}): SET 'table.optimizer.multi-join.enabled' = 'true'. Switching breaks savepoint compatibility, and ${MULTI_JOIN_AWS_NOTE}.`, at));
      } else if (!e.multiJoin.available) {
        diagnostics.push(diagnostic('info', 'multijoin-unavailable', `MultiJoin is not available here: ${e.multiJoin.reason}`, at));
      }
    }
  }

  // Stateful operators outside chains.
  const operators: OperatorState[] = [];
  const joinStates = sql.joins.map((j) => {
    if (j.kind === 'regular') return undefined;
    const op = j.kind === 'lookup' || j.kind === 'lateral' ? lookupJoinState(`${j.kind} join ${j.right}`, j.kind === 'lookup' ? 'lookup join' : 'lateral table function') : timeJoinState(j, job, ctx, sql);
    operators.push(op);
    return op;
  });
  for (const o of sql.operators) {
    if (o.kind === 'deduplicate') continue; // part of the chain it feeds (sizing adds its ValueState)
    operators.push(notEstimated(`${o.kind} ${o.keys.length ? `by ${o.keys.join(', ')}` : ''}`.trim(), o.kind, `${o.detail}; its state is not estimated yet`));
  }

  const other = operators.filter((o) => o.estimated !== false).reduce((s, o) => s + o.stateBytes, 0);
  const stateBytes = chains.reduce((s, c) => s + c.estimate.binary.stateBytes, 0) + other;
  const unionStateBytes = chains.reduce((s, c) => s + c.estimate.union.stateBytes, 0) + other;
  const multiJoinStateBytes = chains.reduce((s, c) => s + (c.estimate.multiJoin.available ? c.estimate.multiJoin.stateBytes : c.estimate.binary.stateBytes), 0) + other;
  return {
    chains,
    operators,
    joinStates,
    stateBytes,
    unionStateBytes,
    multiJoinStateBytes,
    notEstimated: operators.filter((o) => o.estimated === false).map((o) => o.name),
    diagnostics,
    flinkVersion,
    statsFrom: job ? 'descriptor' : 'defaults',
    stateTtlSec,
  };
}

/** `/*+ STATE_TTL('o' = '1d') *\/`: per-input TTL by alias or table name, seconds. */
function stateTtlHints(sql: SqlAnalysis): Map<string, number> {
  const out = new Map<string, number>();
  for (const h of sql.hints) {
    if (h.name !== 'STATE_TTL') continue;
    for (const [k, v] of Object.entries(h.options)) {
      const sec = parseFlinkDuration(v);
      if (sec !== undefined) out.set(lc(k), sec);
    }
  }
  return out;
}

/** A join side as a stream: its columns (STRING when the type is unknown), key columns and rate. */
function streamSide(side: JoinSide, job: JobSpec | undefined): StreamSide & { rateSource: 'descriptor' | 'default'; rows?: number } {
  const st = statsFor(job, [side.name, ...side.tables]);
  const columns = side.columns.map((c) => ({ name: c.name, type: c.type && c.type.length > 0 ? c.type : 'STRING', avgBytes: st?.columnBytes?.[c.name] }));
  const keyColumns = side.keyColumns.map((k) => columns.find((c) => lc(c.name) === lc(k)) ?? { name: k, type: 'STRING' });
  return {
    name: side.name, columns, keyColumns, ratePerSec: st?.ratePerSec ?? JOB_DEFAULTS.ratePerSec, rateSource: st?.ratePerSec !== undefined ? 'descriptor' : 'default', rows: st?.rows, rowBytes: st?.rowBytes,
    distinctKeys: st?.distinctKeys, rowsPerKey: st?.rowsPerKey,
  };
}

/**
 * `table.exec.interval-join.min-cleanup-interval` in seconds: the file's SET from Flink 1.18
 * (default 0); before 1.18 Flink used half the interval, (leftRelativeSize + rightRelativeSize) / 2
 * (TimeIntervalJoin; the option's description in ExecutionConfigOptions says so).
 */
function minCleanupInterval(sql: SqlAnalysis | undefined, b: { lowerSec: number; upperSec: number }, flinkVersion: string): { sec: number; why: string } {
  if (!versionAtLeast(flinkVersion, 1, 18)) return { sec: (b.upperSec - b.lowerSec) / 2, why: `Flink ${flinkVersion} (before 1.18) cleans up half an interval late` };
  const set = [...(sql?.settings ?? [])].reverse().find((s) => s.key === 'table.exec.interval-join.min-cleanup-interval');
  const sec = set ? parseFlinkDuration(set.value) : undefined;
  return sec !== undefined ? { sec, why: `SET 'table.exec.interval-join.min-cleanup-interval' = '${set!.value}'` } : { sec: 0, why: 'table.exec.interval-join.min-cleanup-interval: Flink default 0' };
}

/**
 * Interval and event-time temporal joins (docs/sizing-model.md §3.7): each interval side holds its rate ×
 * (its relative size + watermark lag + min-cleanup-interval), see intervalJoinState; a temporal join holds the versioned side's latest version per key and the
 * probe rows waiting for the watermark. Window joins and joins without bounds: not estimated.
 */
function timeJoinState(j: JoinInfo, job: JobSpec | undefined, ctx: SizingContext & { flinkVersion: string }, sql?: SqlAnalysis): OperatorState {
  const name = `${j.kind} join ${j.left.join(', ')} ⋈ ${j.right}`;
  if (j.sides && j.kind === 'interval' && j.interval) {
    const b = j.interval;
    const left = streamSide(j.sides.left, job);
    const right = streamSide(j.sides.right, job);
    const cleanup = minCleanupInterval(sql, b, ctx.flinkVersion);
    const op = intervalJoinState({
      name: `Interval join ${j.sides.left.name} ⋈ ${j.sides.right.name}`,
      left,
      right,
      lowerBoundSec: b.lowerSec,
      upperBoundSec: b.upperSec,
      time: b.time,
      leftWatermarkDelaySec: b.leftWatermarkDelaySec,
      rightWatermarkDelaySec: b.rightWatermarkDelaySec,
      minCleanupIntervalSec: cleanup.sec,
      allowedLatenessSec: 0,
    }, ctx);
    op.notes.push(`${b.leftColumn} - ${b.rightColumn} in [${b.lowerSec} s, ${b.upperSec} s]; min-cleanup-interval ${cleanup.sec} s (${cleanup.why})`);
    if (b.time === 'event') {
      for (const [s, d] of [[left, b.leftWatermarkDelaySec], [right, b.rightWatermarkDelaySec]] as const) {
        if (d === undefined) op.notes.push(`${s.name}: watermark delay not read from a WATERMARK FOR c AS c - INTERVAL declaration; ${ctx.assumptions.watermarkDelaySec} s assumed (watermarkDelaySec)`);
      }
    }
    for (const s of [left, right]) if (s.rateSource === 'default') op.notes.push(`${s.name}: no rate declared; ${JOB_DEFAULTS.ratePerSec} rows/s assumed (JOB_DEFAULTS)`);
    return op;
  }
  if (j.sides && j.kind === 'temporal') {
    const probe = streamSide(j.sides.left, job);
    const versioned = streamSide(j.sides.right, job);
    const rows = versioned.rows ?? JOB_DEFAULTS.rows;
    const op = temporalJoinState({ name: `Temporal join ${j.sides.left.name} ⋈ ${j.sides.right.name}`, time: 'event', probe, versioned: { name: versioned.name, columns: versioned.columns, keyColumns: versioned.keyColumns, rows, rowBytes: versioned.rowBytes, ratePerSec: versioned.ratePerSec } }, ctx);
    if (versioned.rows === undefined) op.notes.push(`${versioned.name}: distinct keys not declared; ${JOB_DEFAULTS.rows.toLocaleString('en-US')} assumed (JOB_DEFAULTS)`);
    if (versioned.rateSource === 'default') op.notes.push(`${versioned.name}: no rate of changes declared; ${JOB_DEFAULTS.ratePerSec} changes/s assumed (JOB_DEFAULTS)`);
    if (probe.rateSource === 'default') op.notes.push(`${probe.name}: no rate declared; ${JOB_DEFAULTS.ratePerSec} rows/s assumed (JOB_DEFAULTS)`);
    return op;
  }
  return notEstimated(name, `${j.kind}-join`, j.kind === 'interval' ? 'interval join whose time bounds were not read (each side one time column plus or minus INTERVAL literals): its time range is unknown' : `${j.kind} join state is not estimated yet`);
}

function numericAssumptions(job: JobSpec | undefined): Partial<Assumptions> {
  const out: Record<string, number | boolean> = {};
  for (const [k, v] of Object.entries(job?.assumptions ?? {})) out[k] = v;
  return out as Partial<Assumptions>;
}

export interface JobPlans {
  binary: JobEstimate;
  union: JobEstimate;
  multiJoin: JobEstimate;
  /** A Kubernetes FlinkDeployment: how its task managers were compared with KPUs (an estimate). */
  kubernetes?: { taskManagers: number; formula: string };
}

/** KPUs, cost and snapshot time of the job as written and with each rewrite. */
export function estimateJobPlans(sql: SqlEstimate, job: JobSpec | undefined, opts: EstimateOptions = {}): JobPlans {
  const assumptions = withAssumptions({ ...(opts.assumptions ?? {}), ...numericAssumptions(job) });
  const k8s = kubernetesResources(job, assumptions);
  const base = {
    // A FlinkDeployment buys task managers, not KPUs: their vCPUs and memory, in KPU terms.
    parallelism: k8s?.cpuKPU ?? job?.parallelism?.value ?? JOB_DEFAULTS.parallelism,
    parallelismPerKPU: k8s ? 1 : (job?.parallelismPerKPU?.value ?? JOB_DEFAULTS.parallelismPerKPU),
    memoryGB: k8s?.memoryGB ?? job?.memoryGB?.value,
    // A FlinkDeployment buys its task managers' memory too: it is part of what is configured.
    configuredIncludesMemory: k8s !== undefined,
    overscale: job?.overscale?.value,
    region: opts.region ?? job?.region?.value ?? opts.defaultRegion ?? JOB_DEFAULTS.region,
    priceOverride: opts.priceOverride,
    assumptions,
  };
  return {
    // Each plan's operators, for their on-disk bytes (section 4: compression and space amplification per operator).
    binary: estimateJob({ ...base, stateBytes: sql.stateBytes, operators: [...sql.chains.flatMap((c) => c.estimate.binary.operators), ...sql.operators] }),
    union: estimateJob({ ...base, stateBytes: sql.unionStateBytes, operators: [...sql.chains.flatMap((c) => c.estimate.union.operators), ...sql.operators] }),
    multiJoin: estimateJob({ ...base, stateBytes: sql.multiJoinStateBytes, operators: [...sql.chains.flatMap((c) => (c.estimate.multiJoin.available ? c.estimate.multiJoin : c.estimate.binary).operators), ...sql.operators] }),
    kubernetes: k8s ? { taskManagers: k8s.taskManagers, formula: k8s.formula } : undefined,
  };
}

/**
 * docs/sizing-model.md §4.7: a FlinkDeployment's KPU-equivalent is max(TMs × cpu, TMs × memGB / 4,
 * stateGB / 50) + 1 for the JobManager, TMs = ceil(parallelism / slots). Its CPU and memory
 * parts become the job's configured CPU and declared memory; storage follows from the state.
 */
function kubernetesResources(job: JobSpec | undefined, assumptions: Assumptions): { cpuKPU: number; memoryGB: number; taskManagers: number; formula: string } | undefined {
  const k = job?.kubernetes;
  if (job?.platform !== 'flink-kubernetes-operator' || !k?.taskManagerCpu || !k.taskManagerMemoryGB) return undefined;
  const fd = estimateFlinkDeployment({
    parallelism: job.parallelism?.value ?? JOB_DEFAULTS.parallelism,
    slotsPerTaskManager: k.slots?.value,
    taskManagerCpu: k.taskManagerCpu.value,
    taskManagerMemoryGB: k.taskManagerMemoryGB.value,
    stateBytes: 0,
    assumptions,
  });
  const memoryGB = fd.taskManagers * k.taskManagerMemoryGB.value;
  return {
    cpuKPU: Math.max(1, Math.ceil(fd.byDimension.cpu)),
    memoryGB,
    taskManagers: fd.taskManagers,
    formula: `${fd.taskManagers} task managers (ceil(Parallelism ${job.parallelism?.value ?? 1} / ${k.slots?.value ?? 1} slots)) × ${k.taskManagerCpu.value} vCPU and ${Math.round(k.taskManagerMemoryGB.value * 100) / 100} GB: ${Math.ceil(fd.byDimension.cpu)} KPU of CPU, ${Math.round(memoryGB * 10) / 10} GB of memory; +1 for the JobManager (an estimate of what this job would need as KPUs)`,
  };
}

/** Diagnostics a job's KPU estimate raises at the descriptor's parallelism. */
export function jobDiagnostics(job: JobSpec, plans: JobPlans): Diagnostic[] {
  const at = job.parallelism?.range ?? job.parallelismBlockRange ?? job.range;
  const e = plans.binary;
  const out: Diagnostic[] = [];
  if (!e.fits) {
    out.push(diagnostic('error', 'kpu-storage-exceeded', storageExceededMessage(e), at));
  } else if (e.kpu.binding === 'storage') {
    out.push(diagnostic('info', 'kpu-storage-bound', `Storage binds this job's KPUs: ${e.kpu.required} KPU are bought for ${gb(e.onDiskBytes)} of state on disk, with CPU and memory left idle.`, at));
  }
  return out;
}
