// The one place where SQL analysis, a job descriptor and the sizing model meet:
// chain facts + table statistics → sizing inputs → state per plan, KPUs, cost, and the
// diagnostics that follow from those numbers. No `vscode` here (the CLI uses it too).
import { GroupedCache } from '../cache';
import type { StatementFacts } from '../sql/facts';
import { AUTOSCALER_DEFAULTS, type JobSpec, type TableStats } from '../descriptor';
import {
  estimateChain,
  estimateFlinkDeployment,
  estimateJob,
  FLINK_FACTS,
  fmt,
  JOB_DEFAULTS,
  MULTI_JOIN_AWS_NOTE,
  withAssumptions,
  ASSUMPTION_INFO,
  type Assumptions,
  type ChainEstimate,
  type ChainInput,
  type ChainSpec,
  type JobEstimate,
  type OperatorState,
  type SemiJoinSideSpec,
  semiJoinState,
  type SizingContext,
} from '../sizing';
import {
  deduplicateState,
  groupAggState,
  intervalJoinState,
  lookupJoinState,
  notEstimated,
  rowsHeld,
  temporalJoinState,
  topNState,
  windowAggState,
  overAggState,
  windowJoinState,
  windowsOpenAtOnce,
  type StreamSide,
  type WindowKind,
} from '../sizing/otherOperators';
import { type Column, FieldSizes } from '../sizing/rowSize';
import {
  parseFlinkDuration,
  type ChainInfo,
  type JoinInfo,
  type JoinSide,
  type OperatorKind,
  type SqlAnalysis,
} from '../sql';
import type { OperatorInfo, WindowSpec } from '../sql/types';
import { diagnostic, type Diagnostic, type Range } from '../text';
import { gb } from '../present/format';
import { storageExceededMessage } from '../present/billing';

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

/** What a stateful operator is in the SQL (the JSON `operators[].kind`, docs/cli-json.md). */
export type StatefulKind =
  | 'regular-join'
  | 'interval-join'
  | 'temporal-join'
  | 'lookup-join'
  | 'window-join'
  | 'lateral-join'
  | OperatorKind;

/** A stateful operator of the file, where its SQL construct is, with its state (estimated or not). */
export interface StatefulOperator {
  kind: StatefulKind;
  /** The SQL construct: a join's operator token, GROUP BY, the query around a ROW_NUMBER() filter, ... */
  range: Range;
  state: OperatorState;
  /** Deduplicate and Top-N: the function Flink runs (RankStrategy). */
  strategy?: string;
  /** Counted in this chain's binary plan (its regular joins, and a deduplication in front of it), not among `operators`. */
  chain?: ChainResult;
}

export interface SqlEstimate {
  chains: ChainResult[];
  /** Stateful operators outside chains (interval/temporal/lookup joins, aggregations...). */
  operators: OperatorState[];
  /** Every stateful operator of the file in document order, chains' joins included, with its SQL range. */
  stateful: StatefulOperator[];
  /** The operator of each non-regular join, by its index in SqlAnalysis.joins. */
  joinStates: (OperatorState | undefined)[];
  /** State of the job as written (binary join plans + other operators), bytes. */
  stateBytes: number;
  /** The same job with every chain rewritten as a union, bytes. */
  unionStateBytes: number;
  /** With MultiJoin where available (binary elsewhere), bytes. */
  multiJoinStateBytes: number;
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
 * A join input's rows or rate: the declared ones, else JOB_DEFAULTS' rate for an append-only
 * input (without a unique key) and its rows for a keyed or updating one.
 */
function rowsOrRate(st: TableStats | undefined, appendOnly: boolean): { rows?: number; ratePerSec?: number } {
  if (st?.rows !== undefined || (appendOnly && st?.ratePerSec !== undefined))
    return { rows: st.rows, ratePerSec: st.ratePerSec };
  return appendOnly ? { ratePerSec: JOB_DEFAULTS.ratePerSec } : { rows: JOB_DEFAULTS.rows, ratePerSec: st?.ratePerSec };
}

/**
 * Chain facts + statistics → the sizing model's input. Unknown values use JOB_DEFAULTS, and say so.
 * Without statistics or hints this reads only what `ChainInfo.shape` (built in src/sql/analyze.ts)
 * holds, which is what lets the estimate cache key on the shape: a new field read here from the
 * chain must be added to the shape too.
 */
export function chainSpec(
  chain: ChainInfo,
  job: JobSpec | undefined,
  hintTtl: ReadonlyMap<string, number> = new Map(),
): { spec: ChainSpec; stats: InputStatsUse[] } {
  const stats: InputStatsUse[] = [];
  const inputs: ChainInput[] = chain.inputs.map((input) => {
    const st = statsFor(job, [input.name, input.alias, ...input.tables]);
    const uniqueKey = st?.uniqueKey ?? input.uniqueKey;
    const appendOnly = input.appendOnly && !uniqueKey;
    const columns = input.columns.map((c) => ({
      name: c.name,
      type: c.type && c.type.length > 0 ? c.type : 'STRING',
      avgBytes:
        st?.columnBytes?.[c.name] ?? Object.entries(st?.columnBytes ?? {}).find(([k]) => lc(k) === lc(c.name))?.[1],
    }));
    const { rows, ratePerSec } = rowsOrRate(st, appendOnly);
    stats.push({
      input: input.name,
      source: st && (st.rows !== undefined || st.ratePerSec !== undefined) ? 'descriptor' : 'default',
      rows,
      ratePerSec,
    });
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
      dedupFn: input.dedupFn,
      stateTtlSec: hintTtl.get(lc(input.alias)) ?? hintTtl.get(lc(input.name)),
      rowsAssumed: stats[stats.length - 1].source === 'default',
    };
  });
  const joins = chain.joins.map((j) => ({ type: j.type, keys: j.keys, keyGroup: j.keyGroup }));
  return { spec: { inputs, joins }, stats };
}

/** One chain's estimate as the session keeps it (a report's ChainResult refers to these three). */
export type Estimated = { spec: ChainSpec; stats: InputStatsUse[]; estimate: ChainEstimate };

/** Chain estimates kept at most. */
const MAX_CHAIN_ESTIMATES = 2000;

/**
 * What estimates keep for the next ones, in one analysis session (src/analysis/session.ts).
 * Chain estimates by their inputs: an edit changes one statement, and the chains of every
 * other statement are the same specs, so their estimates are reused (the model is pure).
 * They are kept by sizing context (sizingContextKey), then by the chain's shape when the spec
 * adds nothing to it (no descriptor statistics, no STATE_TTL hint: a hit builds not even the
 * spec), else by the spec. Estimates made ahead (estimateAhead) are estimateSql's hits here.
 */
export class EstimateCache {
  /** Field sizes of every row the model sizes in this session's estimates (src/sizing/rowSize.ts). */
  readonly fieldSizes = new FieldSizes();
  private readonly chains = new GroupedCache<string, string, Estimated>(MAX_CHAIN_ESTIMATES);
  private made = 0;

  /** The estimate kept for the chain `key` in the context `contextKey`, else `make()`'s, kept. */
  chain(contextKey: string, key: string, make: () => Estimated): Estimated {
    const hit = this.chains.get(contextKey, key);
    if (hit) return hit;
    this.made++;
    const e = make();
    this.chains.set(contextKey, key, e);
    return e;
  }

  /** How many chains were estimated (not found here) since the session began: for tests. */
  get chainsEstimated(): number {
    return this.made;
  }
}

function cachedEstimate(
  cache: EstimateCache,
  chain: ChainInfo,
  job: JobSpec | undefined,
  hintTtl: ReadonlyMap<string, number>,
  ctx: SizingContext,
  ctxKey: string,
): Estimated {
  const byShape = chain.shape !== undefined && !job && hintTtl.size === 0;
  let built: ReturnType<typeof chainSpec> | undefined;
  if (!byShape) built = chainSpec(chain, job, hintTtl);
  const key = byShape ? chain.shape! : JSON.stringify(built!.spec);
  return cache.chain(ctxKey, key, () => {
    built ??= chainSpec(chain, job, hintTtl);
    return { spec: built.spec, stats: built.stats, estimate: estimateChain(built.spec, ctx) };
  });
}

/** Every assumption, in a fixed order (ASSUMPTION_INFO has one entry per field of Assumptions). */
const ASSUMPTION_KEYS = Object.keys(ASSUMPTION_INFO) as (keyof Assumptions)[];
/** The other fields of a sizing context that change an estimate (the compiler checks that none is missing). */
const CONTEXT_FIELDS: Record<Exclude<keyof SizingContext, 'assumptions' | 'fieldSizes'>, true> = {
  flinkVersion: true,
  stateTtlSec: true,
  maxParallelism: true,
  parallelism: true,
  multiJoinForBinary: true,
};
const CONTEXT_KEYS = Object.keys(CONTEXT_FIELDS) as (keyof typeof CONTEXT_FIELDS)[];

/** A value as a key part no other value has (JSON.stringify writes NaN and the infinities alike, as null). */
function keyPart(v: number | string | boolean | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/**
 * The key of a sizing context in the estimate cache: every field the model reads, by name in a
 * fixed order, each written so that two different values never share a key (the field sizes,
 * which change no number, are not part of it).
 */
export function sizingContextKey(ctx: SizingContext): string {
  const parts = ASSUMPTION_KEYS.map((k) => keyPart(ctx.assumptions[k]));
  for (const k of CONTEXT_KEYS) parts.push(keyPart(ctx[k]));
  return parts.join(',');
}

function versionAtLeast(version: string | undefined, major: number, minor: number): boolean {
  const m = /(\d+)[._](\d+)/.exec(version ?? '');
  if (!m) return false;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a > major || (a === major && b >= minor);
}

/** The sizing context of a file's chains: the job's and the options' assumptions, version, TTL and parallelism. */
function sizingContext(
  fieldSizes: FieldSizes,
  sqlStateTtlSec: number | undefined,
  job: JobSpec | undefined,
  opts: EstimateOptions,
  multiJoinForBinary = false,
): SizingContext & { flinkVersion: string } {
  const assumptions = withAssumptions({ ...(opts.assumptions ?? {}), ...numericAssumptions(job) });
  const flinkVersion =
    opts.flinkVersion ?? job?.flinkVersion?.value ?? opts.defaultFlinkVersion ?? JOB_DEFAULTS.flinkVersion;
  // The file's SET wins over the descriptor, as Flink's session option wins over the cluster's; 0 is no TTL.
  const set = sqlStateTtlSec ?? job?.stateTtlSec?.value;
  const stateTtlSec = set !== undefined && set > 0 ? set : undefined;
  return {
    assumptions,
    flinkVersion,
    stateTtlSec,
    parallelism: job?.parallelism?.value,
    maxParallelism: job?.maxParallelism?.value,
    ...(multiJoinForBinary ? { multiJoinForBinary } : {}),
    fieldSizes,
  };
}

/**
 * Estimates chains while the parse threads still parse (ParsePool.prefetch's onChains), into
 * `cache`, which estimateSql then reads: made with the context estimateSql will use, they are
 * its hits. (A chain whose file turns out to have STATE_TTL hints is keyed otherwise and
 * estimated again.)
 */
export function estimateAhead(
  cache: EstimateCache,
  job: JobSpec | undefined,
  opts: EstimateOptions = {},
): (chains: readonly ChainInfo[], sqlStateTtlSec: number | undefined) => void {
  const contexts = new Map<number | undefined, { ctx: SizingContext; key: string }>();
  return (chains, sqlStateTtlSec) => {
    let c = contexts.get(sqlStateTtlSec);
    if (!c) {
      const ctx = sizingContext(cache.fieldSizes, sqlStateTtlSec, job, opts);
      c = { ctx, key: sizingContextKey(ctx) };
      contexts.set(sqlStateTtlSec, c);
    }
    for (const chain of chains) cachedEstimate(cache, chain, job, NO_HINTS, c.ctx, c.key);
  };
}
const NO_HINTS: ReadonlyMap<string, number> = new Map();

/**
 * Estimates every chain and stateful operator of a SQL file, with a job's statistics when it
 * has one. `cache`: the session's (src/analysis/session.ts), whose estimates are reused and
 * kept; by default one for this call alone (a what-if on the comparison page).
 */
export function estimateSql(
  sql: SqlAnalysis,
  job: JobSpec | undefined,
  opts: EstimateOptions = {},
  cache: EstimateCache = new EstimateCache(),
): SqlEstimate {
  const streaming = estimateStreamingSql(sql, job, opts, cache);
  const batch = batchMode(sql, job);
  return batch ? asBatch(streaming, batch) : streaming;
}

/**
 * Where the job is put in batch mode, as a diagnostic of the SQL file says it: a SET in the file
 * (the last one wins, over the descriptor too), else the descriptor's flinkConfiguration.
 */
function batchMode(sql: SqlAnalysis, job: JobSpec | undefined): { range: Range; by: string } | undefined {
  if (sql.runtimeMode) return sql.runtimeMode.mode === 'batch' ? { range: sql.runtimeMode.range, by: '' } : undefined;
  if (job?.runtimeMode?.value !== 'batch') return undefined;
  const first = sql.statements[0]?.range ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  return { range: first, by: " (its descriptor's flinkConfiguration sets execution.runtime-mode)" };
}

/**
 * Why a batch job's joins and aggregations get no state: Flink's batch planner runs them as
 * batch operators (hash and sort-merge joins, hash and sort aggregates), which work in managed
 * memory and spill to local disk, and BATCH execution ignores the state backend and takes no
 * checkpoints (Flink docs, "Execution Mode (Batch/Streaming)", 1.12+).
 */
const BATCH_REASON =
  'the job runs in batch mode, which keeps no keyed state (inputs are sorted or hashed in managed memory)';

/** The estimate of a file that runs in batch mode: the same chains and operators, none with state. */
function asBatch(e: SqlEstimate, at: { range: Range; by: string }): SqlEstimate {
  const none = (o: OperatorState) =>
    notEstimated(o.name, o.kind === 'not-estimated' ? 'operator' : o.kind, BATCH_REASON);
  const chains = e.chains.map((c) => {
    const empty = { stateBytes: 0, operators: [] };
    const estimate: ChainEstimate = {
      binary: empty,
      multiJoin: { ...empty, available: false, reason: BATCH_REASON },
      union: { ...empty, stages: 0, layout: [] },
      amplification: 1,
      keyGroups: c.estimate.keyGroups,
      intermediates: [],
      warnings: [],
      notEstimated: BATCH_REASON,
    };
    return { ...c, estimate };
  });
  const byChain = new Map(e.chains.map((c, i) => [c, chains[i]]));
  const operators = e.operators.map(none);
  const replaced = new Map(e.operators.map((o, i) => [o, operators[i]]));
  return {
    ...e,
    chains,
    operators,
    joinStates: e.joinStates.map((o) => o && (replaced.get(o) ?? none(o))),
    stateful: e.stateful.map((s) => ({
      ...s,
      state: replaced.get(s.state) ?? none(s.state),
      chain: s.chain && byChain.get(s.chain),
    })),
    stateBytes: 0,
    unionStateBytes: 0,
    multiJoinStateBytes: 0,
    diagnostics: [
      diagnostic(
        'info',
        'batch-execution',
        `This job runs in batch mode${at.by}: Flink sorts or hashes the bounded inputs of its joins and aggregations in managed memory and spills to local disk; it keeps no keyed state and takes no checkpoints, so no state is estimated.`,
        at.range,
      ),
    ],
  };
}

function estimateStreamingSql(
  sql: SqlAnalysis,
  job: JobSpec | undefined,
  opts: EstimateOptions,
  cache: EstimateCache,
): SqlEstimate {
  const ctx = sizingContext(cache.fieldSizes, sql.stateTtlSec, job, opts, sql.multiJoinForBinary);
  const { flinkVersion, stateTtlSec } = ctx;
  const diagnostics: Diagnostic[] = [];
  const threshold = opts.amplificationThreshold ?? JOB_DEFAULTS.amplificationThreshold;

  const ctxKey = sizingContextKey(ctx);
  const hintTtl = stateTtlHints(sql);
  const chains: ChainResult[] = sql.chains.map((chain) => {
    const { spec, stats, estimate } = cachedEstimate(cache, chain, job, hintTtl, ctx, ctxKey);
    return {
      chain,
      spec,
      estimate,
      stats,
      multiJoinEnabled:
        sql.multiJoinEnabled ||
        (sql.multiJoinHint && versionAtLeast(flinkVersion, ...FLINK_FACTS.multiJoinHintSinceVersion)),
    };
  });

  for (const r of chains) {
    const first = sql.joins[r.chain.joins[0].join];
    const at: Range = first?.range ?? r.chain.range;
    const e = r.estimate;
    if (e.notEstimated) {
      const undeclared = r.chain.inputs.filter((i) => !i.known).map((i) => i.name);
      const why =
        undeclared.length > 0
          ? ` (${undeclared.join(', ')} ${undeclared.length === 1 ? 'is' : 'are'} not declared in this file, so a condition on unqualified columns cannot be told to belong to ${undeclared.length === 1 ? 'it' : 'them'}: qualify the columns or add the CREATE TABLE)`
          : '';
      diagnostics.push(
        diagnostic('warning', 'chain-not-estimated', `This join chain is not estimated: ${e.notEstimated}${why}.`, at),
      );
    }
    if (e.amplification > threshold) {
      diagnostics.push(
        diagnostic(
          'warning',
          'state-amplification',
          `This ${r.chain.inputs.length}-input join chain stores ${e.amplification.toFixed(1)}x the state of a DataStream union rewrite (${gb(e.binary.stateBytes)} vs ${gb(e.union.stateBytes)}): intermediate join results are stored again in every later join.`,
          at,
        ),
      );
    }
    for (const w of e.warnings) {
      const input = r.chain.inputs.find((i) => i.name === w.input);
      diagnostics.push(diagnostic('warning', w.code, w.message, input?.range ?? at));
    }
    if (r.chain.inputs.length >= 3) {
      if (e.multiJoin.available && !r.multiJoinEnabled) {
        diagnostics.push(
          diagnostic(
            'info',
            'multijoin-available',
            `Flink ${flinkVersion} can run this chain with MultiJoin (${gb(e.multiJoin.stateBytes)} instead of ${gb(e.binary.stateBytes)}): SET 'table.optimizer.multi-join.enabled' = 'true'. Switching breaks savepoint compatibility, and ${MULTI_JOIN_AWS_NOTE}.`,
            at,
          ),
        );
      } else if (!e.multiJoin.available && !e.notEstimated) {
        diagnostics.push(
          diagnostic('info', 'multijoin-unavailable', `MultiJoin is not available here: ${e.multiJoin.reason}`, at),
        );
      }
    }
  }

  // Stateful operators outside chains.
  const operators: OperatorState[] = [];
  const stateful: StatefulOperator[] = [];
  const joinStates = sql.joins.map((j) => {
    if (j.kind === 'regular') return undefined;
    const op =
      j.kind === 'lookup' || j.kind === 'lateral'
        ? lookupJoinState(`${j.kind} join ${j.right}`, j.kind === 'lookup' ? 'lookup join' : 'lateral table function')
        : timeJoinState(j, job, ctx, sql);
    operators.push(op);
    stateful.push({ kind: `${j.kind}-join`, range: j.range, state: op });
    return op;
  });
  // The regular joins: each chain's binary plan, one join operator per join in chain order.
  for (const r of chains) {
    const ops = r.estimate.binary.operators.filter((o) => o.kind === 'join');
    r.chain.joins.forEach((cj, i) => {
      const j = sql.joins[cj.join];
      const state =
        ops[i] ??
        (r.estimate.notEstimated
          ? notEstimated(
              `Join ${i + 1}: ${j?.left.join(', ')} ⋈ ${j?.right} (${cj.type})`,
              'join',
              r.estimate.notEstimated,
            )
          : undefined);
      if (j && state) stateful.push({ kind: 'regular-join', range: j.range, state, chain: r });
    });
  }
  for (const o of sql.operators) {
    const fed = o.kind === 'deduplicate' || o.kind === 'top-n' ? chainFedBy(o, chains) : undefined;
    if (fed) {
      // Counted in the chain it feeds: its binary plan holds a deduplication of that input.
      stateful.push({ kind: o.kind, range: o.range, state: fed.state, strategy: o.rank?.strategy, chain: fed.chain });
      continue;
    }
    const op = sqlOperatorState(o, job, ctx);
    operators.push(op);
    stateful.push({
      kind: o.kind === 'deduplicate' ? 'deduplicate' : o.kind,
      range: o.range,
      state: op,
      strategy: o.rank?.strategy,
    });
    if (o.rank?.strategy === 'RetractableTopNFunction' && op.estimated !== false) {
      diagnostics.push(
        diagnostic(
          'warning',
          'topn-retractable',
          `This Top-N runs as Flink's RetractableTopNFunction (${o.rank.why}): it keeps every live row of its input in state, not only the top ${o.rank.n ?? 'N'} (${gb(op.stateBytes)} here), and rewrites a partition's sorted map on every change.`,
          o.range,
        ),
      );
    }
  }
  stateful.sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.column - y.range.start.column);

  const other = operators.filter((o) => o.estimated !== false).reduce((s, o) => s + o.stateBytes, 0);
  const stateBytes = chains.reduce((s, c) => s + c.estimate.binary.stateBytes, 0) + other;
  const unionStateBytes = chains.reduce((s, c) => s + c.estimate.union.stateBytes, 0) + other;
  const multiJoinStateBytes =
    chains.reduce(
      (s, c) => s + (c.estimate.multiJoin.available ? c.estimate.multiJoin.stateBytes : c.estimate.binary.stateBytes),
      0,
    ) + other;
  return {
    chains,
    operators,
    joinStates,
    stateful,
    stateBytes,
    unionStateBytes,
    multiJoinStateBytes,
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
function streamSide(
  side: JoinSide,
  job: JobSpec | undefined,
): StreamSide & { rateSource: 'descriptor' | 'default'; rows?: number } {
  const st = statsFor(job, [side.name, ...side.tables]);
  const columns = side.columns.map((c) => ({
    name: c.name,
    type: c.type && c.type.length > 0 ? c.type : 'STRING',
    avgBytes: st?.columnBytes?.[c.name],
  }));
  const keyColumns = side.keyColumns.map(
    (k) => columns.find((c) => lc(c.name) === lc(k)) ?? { name: k, type: 'STRING' },
  );
  return {
    name: side.name,
    columns,
    keyColumns,
    ratePerSec: st?.ratePerSec ?? JOB_DEFAULTS.ratePerSec,
    rateSource: st?.ratePerSec !== undefined ? 'descriptor' : 'default',
    rows: st?.rows,
    rowBytes: st?.rowBytes,
    distinctKeys: st?.distinctKeys,
    rowsPerKey: st?.rowsPerKey,
  };
}

/**
 * `table.exec.interval-join.min-cleanup-interval` in seconds: the file's SET from Flink 1.18
 * (default 0); before 1.18 Flink used half the interval, (leftRelativeSize + rightRelativeSize) / 2
 * (TimeIntervalJoin; the option's description in ExecutionConfigOptions says so).
 */
function minCleanupInterval(
  sql: SqlAnalysis | undefined,
  b: { lowerSec: number; upperSec: number },
  flinkVersion: string,
): { sec: number; why: string } {
  if (!versionAtLeast(flinkVersion, 1, 18))
    return {
      sec: (b.upperSec - b.lowerSec) / 2,
      why: `Flink ${flinkVersion} (before 1.18) cleans up half an interval late`,
    };
  const set = [...(sql?.settings ?? [])]
    .reverse()
    .find((s) => s.key === 'table.exec.interval-join.min-cleanup-interval');
  const sec = set ? parseFlinkDuration(set.value) : undefined;
  return sec !== undefined
    ? { sec, why: `SET 'table.exec.interval-join.min-cleanup-interval' = '${set!.value}'` }
    : { sec: 0, why: 'table.exec.interval-join.min-cleanup-interval: Flink default 0' };
}

/**
 * Interval and event-time temporal joins (docs/sizing-model.md §3.7): each interval side holds its rate ×
 * (its relative size + watermark lag + min-cleanup-interval), see intervalJoinState; a temporal join holds the versioned side's latest version per key and the
 * probe rows waiting for the watermark. Window joins and joins without bounds: not estimated.
 */
function timeJoinState(
  j: JoinInfo,
  job: JobSpec | undefined,
  ctx: SizingContext & { flinkVersion: string },
  sql?: SqlAnalysis,
): OperatorState {
  const name = `${j.kind} join ${j.left.join(', ')} ⋈ ${j.right}`;
  if (j.sides && j.kind === 'interval' && j.interval) {
    const b = j.interval;
    const left = streamSide(j.sides.left, job);
    const right = streamSide(j.sides.right, job);
    const cleanup = minCleanupInterval(sql, b, ctx.flinkVersion);
    const op = intervalJoinState(
      {
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
      },
      ctx,
    );
    op.notes.push(
      `${b.leftColumn} - ${b.rightColumn} in [${b.lowerSec} s, ${b.upperSec} s]; min-cleanup-interval ${cleanup.sec} s (${cleanup.why})`,
    );
    if (b.time === 'event') {
      for (const [s, d] of [
        [left, b.leftWatermarkDelaySec],
        [right, b.rightWatermarkDelaySec],
      ] as const) {
        if (d === undefined) op.notes.push(assumedWatermarkNote(ctx, s.name));
      }
    }
    for (const s of [left, right])
      if (s.rateSource === 'default')
        op.notes.push(`${s.name}: no rate declared; ${JOB_DEFAULTS.ratePerSec} rows/s assumed (JOB_DEFAULTS)`);
    return op;
  }
  if (j.sides && j.kind === 'temporal') {
    const probe = streamSide(j.sides.left, job);
    const versioned = streamSide(j.sides.right, job);
    const rows = versioned.rows ?? JOB_DEFAULTS.rows;
    const op = temporalJoinState(
      {
        name: `Temporal join ${j.sides.left.name} ⋈ ${j.sides.right.name}`,
        time: 'event',
        probe,
        versioned: {
          name: versioned.name,
          columns: versioned.columns,
          keyColumns: versioned.keyColumns,
          rows,
          rowBytes: versioned.rowBytes,
          ratePerSec: versioned.ratePerSec,
        },
        probeWatermarkDelaySec: j.temporal?.probeWatermarkDelaySec,
        versionedWatermarkDelaySec: j.temporal?.versionedWatermarkDelaySec,
      },
      ctx,
    );
    for (const [side, d, what] of [
      [
        probe.name,
        j.temporal?.probeWatermarkDelaySec,
        j.temporal ? `its time column ${j.temporal.probeColumn}` : 'its time column',
      ],
      [versioned.name, j.temporal?.versionedWatermarkDelaySec, 'its time attribute'],
    ] as const)
      if (d === undefined) op.notes.push(assumedWatermarkNote(ctx, side, what));
    if (versioned.rows === undefined)
      op.notes.push(
        `${versioned.name}: distinct keys not declared; ${JOB_DEFAULTS.rows.toLocaleString('en-US')} assumed (JOB_DEFAULTS)`,
      );
    if (versioned.rateSource === 'default')
      op.notes.push(
        `${versioned.name}: no rate of changes declared; ${JOB_DEFAULTS.ratePerSec} changes/s assumed (JOB_DEFAULTS)`,
      );
    if (probe.rateSource === 'default')
      op.notes.push(`${probe.name}: no rate declared; ${JOB_DEFAULTS.ratePerSec} rows/s assumed (JOB_DEFAULTS)`);
    return op;
  }
  if (j.sides && j.kind === 'window') {
    const w = windowOf(j.window);
    if (typeof w === 'string') return notEstimated(name, 'window-join', w);
    const left = streamSide({ ...j.sides.left, keyColumns: j.sides.left.keyColumns.filter(notWindowBound) }, job);
    const right = streamSide({ ...j.sides.right, keyColumns: j.sides.right.keyColumns.filter(notWindowBound) }, job);
    const op = windowJoinState(
      {
        name: `Window join ${j.sides.left.name} ⋈ ${j.sides.right.name} (${windowText(j.window!)})`,
        left,
        right,
        window: w,
        leftWatermarkDelaySec: j.window?.watermarkDelaySec,
        rightWatermarkDelaySec: j.window?.watermarkDelaySec,
      },
      ctx,
    );
    if (j.window?.watermarkDelaySec === undefined) op.notes.push(assumedWatermarkNote(ctx));
    for (const x of [left, right])
      if (x.rateSource === 'default')
        op.notes.push(`${x.name}: no rate declared; ${JOB_DEFAULTS.ratePerSec} rows/s assumed (JOB_DEFAULTS)`);
    return op;
  }
  return notEstimated(
    name,
    `${j.kind}-join`,
    j.kind === 'interval'
      ? 'interval join whose time bounds were not read (each side one time column plus or minus INTERVAL literals): its time range is unknown'
      : `${j.kind} join state is not estimated yet`,
  );
}

/** A window join's key is its equi-join key without the window_start / window_end equalities (WindowJoinUtil). */
const notWindowBound = (c: string) => !['window_start', 'window_end'].includes(lc(c));

/** `TUMBLE 10 min`, `HOP 1 h / 5 min`. */
function windowText(w: WindowSpec): string {
  const t = (sec: number | undefined) =>
    sec === undefined ? '?' : sec % 3600 === 0 ? `${sec / 3600} h` : sec % 60 === 0 ? `${sec / 60} min` : `${sec} s`;
  return w.fn === 'HOP'
    ? `HOP ${t(w.sizeSec)} every ${t(w.slideSec)}`
    : w.fn === 'CUMULATE'
      ? `CUMULATE ${t(w.sizeSec)} in steps of ${t(w.stepSec)}`
      : w.fn === 'SESSION'
        ? `SESSION gap ${t(w.gapSec)}`
        : `TUMBLE ${t(w.sizeSec)}`;
}

/** The window as the sizing model takes it, or why it cannot (a string). */
function windowOf(
  w: WindowSpec | undefined,
  sessions = false,
): { kind: WindowKind; sizeSec: number; slideSec?: number; stepSec?: number } | string {
  if (!w) return 'its window TVF was not read';
  // An aggregation's open sessions are bounded by the gap (windowAggState); a join's are not read.
  if (w.fn === 'SESSION' && sessions && w.gapSec !== undefined) return { kind: 'SESSION', sizeSec: w.gapSec };
  if (w.fn === 'SESSION')
    return sessions
      ? "the SESSION window's gap was not read (an INTERVAL literal)"
      : 'a session window lasts as long as its key keeps sending rows (gap-based): its length is not known from the SQL';
  if (
    w.sizeSec === undefined ||
    (w.fn === 'HOP' && w.slideSec === undefined) ||
    (w.fn === 'CUMULATE' && w.stepSec === undefined)
  )
    return `the ${w.fn} window's size was not read (an INTERVAL literal)`;
  return { kind: w.fn, sizeSec: w.sizeSec, slideSec: w.slideSec, stepSec: w.stepSec };
}

/**
 * A deduplication or Top-N that feeds a join chain: the chain's binary plan already holds it
 * (joinState's dedupOps, by the same function), so it is shown with that state and counted there.
 * It feeds the chain when the chain input reads the view or CTE holding it, or is the subquery
 * around it.
 */
function chainFedBy(
  o: OperatorInfo,
  chains: readonly ChainResult[],
): { chain: ChainResult; state: OperatorState } | undefined {
  const inside = (outer: Range, inner: Range) =>
    (outer.start.line < inner.start.line ||
      (outer.start.line === inner.start.line && outer.start.column <= inner.start.column)) &&
    (outer.end.line > inner.end.line || (outer.end.line === inner.end.line && outer.end.column >= inner.end.column));
  for (const r of chains) {
    const input = r.chain.inputs.find(
      (i) => i.dedupKeys && ((o.feeds !== undefined && lc(i.name) === lc(o.feeds)) || inside(i.range, o.range)),
    );
    const state =
      input && r.estimate.binary.operators.find((x) => x.kind === 'dedup' && x.name === `Deduplicate ${input.name}`);
    if (state) return { chain: r, state };
  }
  return undefined;
}

const columnsOf = (
  cols: readonly { name: string; type?: string }[] | undefined,
  job: JobSpec | undefined,
  tables: string[],
): Column[] => {
  const st = statsFor(job, tables);
  return (cols ?? []).map((c) => ({
    name: c.name,
    type: c.type && c.type.length > 0 ? c.type : 'STRING',
    avgBytes: st?.columnBytes?.[c.name],
  }));
};

/**
 * Distinct values of an operator's key (groups, partitions): the input table's declared
 * distinctKeys, else its declared rows / rowsPerKey, else its declared rows (every row its own
 * key: the most), else JOB_DEFAULTS.rows (assumption). A key of no column has one value.
 */
function keyCount(o: OperatorInfo, job: JobSpec | undefined): { keys: number; why: string; assumed: boolean } {
  if ((o.keyColumns ?? o.keys).length === 0) return { keys: 1, why: 'no key: one group', assumed: false };
  const st = statsFor(job, o.inputs);
  if (st?.distinctKeys !== undefined)
    return {
      keys: st.distinctKeys,
      why: `${st.distinctKeys.toLocaleString('en-US')} declared distinctKeys`,
      assumed: false,
    };
  if (st?.rows !== undefined && st.rowsPerKey !== undefined && st.rowsPerKey > 0)
    return {
      keys: st.rows / st.rowsPerKey,
      why: `${st.rows.toLocaleString('en-US')} rows / ${st.rowsPerKey} rowsPerKey`,
      assumed: false,
    };
  if (st?.rows !== undefined)
    return {
      keys: st.rows,
      why: `${st.rows.toLocaleString('en-US')} declared rows (every row its own key, the most)`,
      assumed: false,
    };
  return {
    keys: JOB_DEFAULTS.rows,
    why: `distinct keys not declared; ${JOB_DEFAULTS.rows.toLocaleString('en-US')} assumed (JOB_DEFAULTS)`,
    assumed: true,
  };
}

/**
 * Accumulator fields of a group or window aggregation's accumulator row (AggsHandlerCodeGenerator):
 * one per aggregate, two for AVG (sum and count); MIN and MAX of an updating input three
 * (MinWithRetractAggFunction / MaxWithRetractAggFunction: value, map size, map view); a DISTINCT
 * aggregate adds its distinct map view's field; an updating input adds the COUNT(*) Flink keeps to
 * know when a group is empty (StreamExecGroupAggregate: needInputCount = needRetraction).
 * `retracting`: the aggregation retracts from an insert-only input too, as an updating one (a
 * bounded OVER frame: StreamExecOverAggregate asks every call for retraction and an input count).
 */
function accumulatorFields(
  o: OperatorInfo,
  retracting = false,
): {
  fields: number;
  formula: string;
  retractMaps: NonNullable<OperatorInfo['calls']>;
} {
  const parts: string[] = [];
  let fields = 0;
  const retractMaps: NonNullable<OperatorInfo['calls']> = [];
  for (const c of o.calls ?? []) {
    let f = c.fn === 'AVG' ? 2 : 1;
    if ((retracting || !o.inputAppendOnly) && (c.fn === 'MIN' || c.fn === 'MAX') && !c.distinct) {
      f = 3;
      retractMaps.push(c);
    }
    if (c.distinct) f += 1;
    fields += f;
    parts.push(`${c.fn}${c.distinct ? ' DISTINCT' : ''} ${f}`);
  }
  if (retracting || !o.inputAppendOnly) {
    fields += 1;
    parts.push(`COUNT(*) of ${o.inputAppendOnly ? 'a retracting frame' : 'an updating input'} 1`);
  }
  return { fields, formula: parts.length ? `${parts.join(' + ')} = ${fields} fields` : '0 fields', retractMaps };
}

/** State of one stateful operator outside join chains, or why it is not estimated. */
function sqlOperatorState(o: OperatorInfo, job: JobSpec | undefined, ctx: SizingContext): OperatorState {
  const keyNames = o.keys.length ? ` by ${o.keys.join(', ')}` : '';
  const from = o.inputs.length ? ` of ${o.inputs.join(', ')}` : '';
  const keyColumns = columnsOf(o.keyColumns, job, o.inputs);
  switch (o.kind) {
    case 'group-aggregate':
    case 'global-aggregate':
    case 'distinct': {
      const name =
        o.kind === 'distinct'
          ? `SELECT DISTINCT${from}`
          : `${o.kind === 'global-aggregate' ? 'Global aggregation' : 'Group aggregation'}${from}${keyNames}`;
      const k =
        o.kind === 'global-aggregate' ? { keys: 1, why: 'no GROUP BY: one group', assumed: false } : keyCount(o, job);
      const acc = accumulatorFields(o);
      const st = statsFor(job, o.inputs);
      // Rows the input holds over the state's life: for the values per group of a DISTINCT or retracting MIN/MAX.
      const held = rowsHeld(
        {
          name: o.inputs.join(', ') || 'input',
          rows: st?.rows,
          ratePerSec: st?.ratePerSec ?? (o.inputAppendOnly ? JOB_DEFAULTS.ratePerSec : undefined),
          appendOnly: o.inputAppendOnly,
        },
        ctx,
      );
      const inputRows = held.source === 'missing' ? JOB_DEFAULTS.rows : held.rows;
      const perGroup = Math.max(1, inputRows / Math.max(1, k.keys));
      const mapped = [...(o.calls ?? []).filter((c) => c.distinct), ...acc.retractMaps];
      const op = groupAggState(
        {
          name,
          groupKey: keyColumns,
          groups: k.keys,
          simpleAggregates: acc.fields,
          distinct: mapped.map((c) => ({
            column: argColumn(c, job, o.inputs),
            valuesPerGroup: perGroup,
          })),
          notes: [
            `groups: ${k.why}`,
            `accumulator row: ${acc.formula} (Flink GroupAggFunction's accState)`,
            ...(mapped.length
              ? [
                  `values per group of ${mapped.map((c) => `${c.fn}${c.distinct ? ' DISTINCT' : ''}(${c.args.map((x) => x.name).join(', ')})`).join(', ')}: ${inputRows.toLocaleString('en-US')} input rows / ${k.keys.toLocaleString('en-US')} groups (assumption: every input row a new value, the most)`,
                ]
              : []),
            ...(acc.retractMaps.length
              ? [
                  'MIN and MAX of an updating input keep every value of the group in a map (MinWithRetractAggFunction / MaxWithRetractAggFunction)',
                ]
              : []),
          ],
        },
        ctx,
      );
      op.kind = o.kind === 'distinct' ? 'distinct' : 'group-agg';
      return op;
    }
    case 'window-aggregate': {
      const win = o.window;
      const legacy = win?.legacy === true;
      const name = `Window aggregation${from}${keyNames}${win ? ` (${windowText(win)}${legacy ? ', group window' : ''})` : ''}`;
      if (!win) return notEstimated(name, 'window-aggregate', 'its window was not read');
      const w = windowOf(win, true);
      if (typeof w === 'string') return notEstimated(name, 'window-aggregate', w);
      const session = w.kind === 'SESSION';
      const st = statsFor(job, o.inputs);
      const { rate, text: rateWhy } = inputRate(job, o.inputs);
      const lag = win.watermarkDelaySec ?? ctx.assumptions.watermarkDelaySec;
      // Each row goes into one slice (TUMBLE: its window; HOP and CUMULATE: a slice of the slide or
      // step), so the key-slice pairs are at most the rows of the open slices, rate × (size + lag);
      // with declared distinct keys also at most keys × slices open.
      const open = windowsOpenAtOnce(w);
      const rows = rate * (w.sizeSec + lag);
      const distinct = keyColumns.length === 0 ? 1 : st?.distinctKeys;
      const value = distinct !== undefined ? Math.min(distinct * open.value, rows) : rows;
      const lagWhy = win.proctime
        ? 'lag: processing time'
        : `watermark lag${win.watermarkDelaySec === undefined ? ' assumed' : ''}`;
      // A session is open until the watermark passes its last row + the gap: the keys with a row
      // in the last gap + lag (at most one session each).
      const rateText = `${rateWhy} × (${w.sizeSec} s ${session ? 'gap' : 'window'} + ${lag} s ${lagWhy})`;
      // What a row lands in: a slice (window TVF), a pane of the slide (legacy HOP), its window or session.
      const part = session ? 'session' : legacy ? (w.kind === 'HOP' ? 'pane' : 'window') : 'slice';
      const formula =
        distinct !== undefined
          ? `min(${distinct.toLocaleString('en-US')} ${keyColumns.length === 0 ? 'key (no key but the window)' : 'declared distinctKeys'} × ${open.value} ${part}s open, ${rateText}) = ${value.toLocaleString('en-US')}`
          : `${rateText} = ${value.toLocaleString('en-US')} (assumption: every row its own key, so one key-${part} per row)`;
      const acc = accumulatorFields({ ...o, inputAppendOnly: true });
      // A legacy HOP keeps its accumulators per pane but registers its timers per window: each
      // pane of a key is in `open` windows (a timer each, at most one per key and window).
      const timerWindows =
        legacy && w.kind === 'HOP'
          ? {
              value: value * open.value,
              formula: `${value.toLocaleString('en-US')} key-panes × ${open.value} windows each = ${(value * open.value).toLocaleString('en-US')} (at most; fewer where a key's panes share windows)`,
            }
          : undefined;
      const distinctCalls = (o.calls ?? []).filter((c) => c.distinct);
      // The rows of the open slices spread over the key-slices, each a new value (the most).
      const valuesPerKeyWindow = Math.max(1, rows / Math.max(1, value));
      return windowAggState(
        {
          name,
          key: keyColumns,
          keys: distinct ?? value,
          simpleAggregates: acc.fields,
          window: w,
          keyWindows: { value, formula },
          distinct: distinctCalls.map((c) => ({
            column: argColumn(c, job, o.inputs),
            valuesPerKeyWindow,
          })),
          legacy,
          timerWindows,
          notes: [
            `key-${part}s: ${formula}`,
            `accumulator row: ${acc.formula}`,
            ...(legacy
              ? [
                  `a legacy group window: Flink's WindowOperator keeps the accumulators and timers per key and ${part}, namespaced by the window's start and end`,
                ]
              : []),
            ...(distinctCalls.length
              ? [
                  `values per key-${part} of ${distinctCalls.map((c) => `${c.fn} DISTINCT(${c.args.map((x) => x.name).join(', ')})`).join(', ')}: ${rows.toLocaleString('en-US')} rows of the open ${part}s / ${value.toLocaleString('en-US')} key-${part}s, at least 1 (assumption: every row a new value, the most)`,
                ]
              : []),
          ],
        },
        ctx,
      );
    }
    case 'deduplicate':
    case 'top-n':
      return rankState(o, job, ctx, keyColumns, keyNames, from);
    case 'over-aggregate':
      return overOperatorState(o, job, ctx, keyColumns, `OVER aggregation${from}${keyNames}`);
    case 'match-recognize':
      return notEstimated(
        `MATCH_RECOGNIZE${from}${keyNames}`,
        'match-recognize',
        'its partial matches (the NFA state and buffered rows of CepOperator) depend on the pattern and the data: not modelled',
      );
    case 'set-operation':
      // A UNION: the group aggregation by every column it runs as (walk.ts).
      return o.keyColumns
        ? { ...sqlOperatorState({ ...o, kind: 'distinct' }, job, ctx), name: `UNION${from}` }
        : notEstimated(`set operation${from}`, 'set-operation', `${o.detail}: not modelled yet`);
    case 'subquery-join':
      return o.sides
        ? semiJoinOperatorState(o, o.sides, job, ctx)
        : notEstimated(`subquery join${from}`, 'subquery-join', `${o.detail}: not modelled yet`);
    default:
      return notEstimated(`${o.kind}${keyNames}`, o.kind, `${o.detail}; its state is not estimated yet`);
  }
}

/** An OVER aggregation: unbounded or RANGE-bounded frames over a time attribute (overAggState). */
function overOperatorState(
  o: OperatorInfo,
  job: JobSpec | undefined,
  ctx: SizingContext,
  keyColumns: Column[],
  name: string,
): OperatorState {
  const over = o.over;
  if (!over?.time)
    return notEstimated(name, 'over-aggregate', `${o.detail}: its ORDER BY is not a time attribute we read`);
  if (over.frame === 'unknown')
    return notEstimated(name, 'over-aggregate', `${o.detail}: its frame is not one we read`);
  const k = keyCount(o, job);
  const { rate, text: rateWhy } = inputRate(job, o.inputs);
  const lag = over.time === 'rowtime' ? (over.watermarkDelaySec ?? ctx.assumptions.watermarkDelaySec) : 0;
  const acc = accumulatorFields(o, over.frame !== 'unbounded');
  return overAggState(
    {
      name,
      key: keyColumns,
      keys: k.keys,
      keysWhy: k.why,
      simpleAggregates: acc.fields,
      row: columnsOf(o.columns, job, o.inputs),
      frame: over.frame,
      time: over.time,
      ratePerSec: rate,
      rateWhy,
      lagSec: lag,
      precedingSec: over.precedingSec,
      precedingRows: over.precedingRows,
      retractValues: (o.calls ?? [])
        .filter((c) => c.fn === 'MIN' || c.fn === 'MAX')
        .map((c) => argColumn(c, job, o.inputs)),
      notes: [
        `accumulator row: ${acc.formula}`,
        ...(over.time === 'rowtime' && over.watermarkDelaySec === undefined ? [assumedWatermarkNote(ctx)] : []),
      ],
    },
    ctx,
  );
}

/**
 * A semi or anti join of an IN / EXISTS subquery: each side's rows as a chain input's (its
 * declared rows or rate, else JOB_DEFAULTS: rows for a keyed or updating side, a rate for an
 * append-only one), its columns typed as declared (STRING when not).
 */
function semiJoinOperatorState(
  o: OperatorInfo,
  sides: { left: JoinSide; right: JoinSide },
  job: JobSpec | undefined,
  ctx: SizingContext,
): OperatorState {
  const anti = o.anti === true;
  const side = (x: JoinSide): SemiJoinSideSpec => {
    const st = statsFor(job, [x.name, ...x.tables]);
    const uniqueKey = st?.uniqueKey ?? x.uniqueKey;
    const appendOnly = x.appendOnly && !uniqueKey;
    const { rows, ratePerSec } = rowsOrRate(st, appendOnly);
    const columns = columnsOf(x.columns, job, x.tables);
    return {
      label: x.name,
      columns,
      keyColumns: x.keyColumns.map((k) => columns.find((c) => lc(c.name) === lc(k)) ?? { name: k, type: 'STRING' }),
      uniqueKey,
      input: {
        name: x.name,
        rows,
        ratePerSec: appendOnly ? ratePerSec : undefined,
        retentionSec: st?.retentionSec,
        appendOnly,
        uniqueKey,
      },
    };
  };
  const left = side(sides.left);
  const right = side(sides.right);
  return semiJoinState(
    {
      name: `${anti ? 'Anti' : 'Semi'} join ${sides.left.name} ⋉ ${sides.right.name} (${o.detail.split(':')[0]})`,
      anti,
      left,
      right,
    },
    ctx,
  );
}

/** The note for a watermark delay not declared in a form we read: whose (`subject`), of which column. */
function assumedWatermarkNote(ctx: SizingContext, subject?: string, of?: string): string {
  return `${subject ? `${subject}: ` : ''}watermark delay not read from a WATERMARK FOR c AS c - INTERVAL declaration${of ? ` of ${of}` : ''}; ${ctx.assumptions.watermarkDelaySec} s assumed (watermarkDelaySec)`;
}

/** An aggregate call's first argument as a column (its type from the DDL), else a STRING named after the call. */
function argColumn(c: NonNullable<OperatorInfo['calls']>[number], job: JobSpec | undefined, inputs: string[]): Column {
  return columnsOf(c.args.slice(0, 1), job, inputs)[0] ?? { name: c.fn, type: 'STRING' };
}

/** The inputs' declared rate, else JOB_DEFAULTS', and how it reads (`100 rows/s (JOB_DEFAULTS)`). */
function inputRate(job: JobSpec | undefined, inputs: string[]): { rate: number; text: string } {
  const declared = statsFor(job, inputs)?.ratePerSec;
  const rate = declared ?? JOB_DEFAULTS.ratePerSec;
  return { rate, text: `${rate.toLocaleString('en-US')} rows/s${declared === undefined ? ' (JOB_DEFAULTS)' : ''}` };
}

/** Deduplication and Top-N, by the function Flink picks (RankInfo.strategy). */
function rankState(
  o: OperatorInfo,
  job: JobSpec | undefined,
  ctx: SizingContext,
  keyColumns: Column[],
  keyNames: string,
  from: string,
): OperatorState {
  const r = o.rank;
  const what = o.kind === 'deduplicate' ? 'Deduplicate' : `Top-${r?.n ?? 'N'}`;
  const name = `${what}${from}${keyNames}${r ? ` (${r.strategy === 'window' ? 'per window' : r.strategy})` : ''}`;
  if (!r) return notEstimated(name, o.kind, 'its ROW_NUMBER() was not read');
  if (r.strategy === 'window')
    return notEstimated(
      name,
      o.kind,
      'a window Top-N or deduplication (WindowRankOperator, RowTimeWindowDeduplicateProcessor) keeps its rows per window until the window fires: not modelled yet',
    );
  if (r.strategy === 'unsupported') return notEstimated(name, o.kind, r.why);
  const k = keyCount(o, job);
  const columns = columnsOf(o.columns, job, o.inputs);
  const st = statsFor(job, o.inputs);
  const notes = [
    `how Flink runs it: ${r.why}`,
    `${r.strategy === 'ProcTimeDeduplicateKeepFirstRowFunction' || o.kind === 'deduplicate' ? 'keys' : 'partitions'}: ${k.why}`,
  ];
  let op: OperatorState;
  if (
    r.strategy === 'ProcTimeDeduplicateKeepFirstRowFunction' ||
    r.strategy === 'ProcTimeDeduplicateKeepLastRowFunction' ||
    r.strategy === 'RowTimeDeduplicateFunction'
  ) {
    op = deduplicateState({ name, fn: r.strategy, keyColumns, columns, keys: k.keys, rowBytes: st?.rowBytes }, ctx);
  } else {
    if (r.n === undefined)
      return notEstimated(
        name,
        o.kind,
        'its rank end is not a constant (rn <= N): the rows kept per partition are unknown',
      );
    const sortColumns = columnsOf(
      r.orderBy.map((x) => ({ name: x.column || 'expr', type: x.type })),
      job,
      o.inputs,
    );
    const rowKeyColumns = r.inputUniqueKey
      ? columns.filter((c) => r.inputUniqueKey!.some((u) => lc(u) === lc(c.name)))
      : undefined;
    const liveRows = st?.rows ?? JOB_DEFAULTS.rows;
    if (r.strategy === 'RetractableTopNFunction')
      notes.push(
        `live rows of the input: ${st?.rows !== undefined ? `${liveRows.toLocaleString('en-US')} declared rows` : `not declared; ${JOB_DEFAULTS.rows.toLocaleString('en-US')} assumed (JOB_DEFAULTS)`}`,
      );
    op = topNState(
      {
        name,
        fn: r.strategy,
        n: r.n,
        keyColumns,
        sortColumns,
        columns,
        rowKeyColumns: rowKeyColumns?.length ? rowKeyColumns : undefined,
        partitions: k.keys,
        liveRows,
        rowBytes: st?.rowBytes,
      },
      ctx,
    );
  }
  op.notes.push(...notes);
  return op;
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
  /**
   * The operator's autoscaler, when enabled: the parallelism range it may scale to and the
   * KPU-equivalent (CPU and memory of the task managers, + 1 for the JobManager) at each end.
   */
  autoscaler?: { minParallelism: number; maxParallelism: number; minKpu: number; maxKpu: number; formula: string };
}

/** KPUs, cost and snapshot time of the job as written and with each rewrite. */
export function estimateJobPlans(sql: SqlEstimate, job: JobSpec | undefined, opts: EstimateOptions = {}): JobPlans {
  const assumptions = withAssumptions({ ...(opts.assumptions ?? {}), ...numericAssumptions(job) });
  const k8s = kubernetesResources(job, assumptions);
  const base = {
    // A FlinkDeployment buys task managers, not KPUs: their vCPUs and memory, in KPU terms.
    parallelism: k8s?.cpuKPU ?? job?.parallelism?.value ?? JOB_DEFAULTS.parallelism,
    parallelismPerKPU: k8s ? 1 : (job?.parallelismPerKPU?.value ?? JOB_DEFAULTS.parallelismPerKPU),
    cpuFormula: k8s?.cpuFormula,
    memoryGB: k8s?.memoryGB ?? job?.memoryGB?.value,
    // A FlinkDeployment buys its task managers' memory too: it is part of what is configured.
    configuredIncludesMemory: k8s !== undefined,
    overscale: job?.overscale?.value,
    region: opts.region ?? job?.region?.value ?? opts.defaultRegion ?? JOB_DEFAULTS.region,
    priceOverride: opts.priceOverride,
    assumptions,
    application: job?.applicationKind?.value,
    sharedJobManager: job?.kubernetes?.role === 'session-job',
  };
  return {
    // Each plan's operators, for their on-disk bytes (section 4: compression and space amplification per operator).
    binary: estimateJob({
      ...base,
      stateBytes: sql.stateBytes,
      operators: [...sql.chains.flatMap((c) => c.estimate.binary.operators), ...sql.operators],
    }),
    union: estimateJob({
      ...base,
      stateBytes: sql.unionStateBytes,
      operators: [...sql.chains.flatMap((c) => c.estimate.union.operators), ...sql.operators],
    }),
    multiJoin: estimateJob({
      ...base,
      stateBytes: sql.multiJoinStateBytes,
      operators: [
        ...sql.chains.flatMap(
          (c) => (c.estimate.multiJoin.available ? c.estimate.multiJoin : c.estimate.binary).operators,
        ),
        ...sql.operators,
      ],
    }),
    kubernetes: k8s ? { taskManagers: k8s.taskManagers, formula: k8s.formula } : undefined,
    autoscaler: autoscalerRange(job, assumptions),
  };
}

/**
 * docs/sizing-model.md §4.7: the KPU-equivalent at the two ends of the autoscaler's vertex
 * parallelism range (job.autoscaler.vertex.min/max-parallelism, the operator's defaults 1 and
 * 200 when unset; never above pipeline.max-parallelism). A job's slots are its largest vertex
 * parallelism (slot sharing), so the range of the job's parallelism is that of its vertices.
 */
function autoscalerRange(job: JobSpec | undefined, assumptions: Assumptions): JobPlans['autoscaler'] {
  const a = job?.kubernetes?.autoscaler;
  if (!job || !a?.enabled.value) return undefined;
  const cap = job.maxParallelism?.value;
  const min = a.minParallelism?.value ?? AUTOSCALER_DEFAULTS.minParallelism;
  const rawMax = a.maxParallelism?.value ?? AUTOSCALER_DEFAULTS.maxParallelism;
  const max = cap !== undefined ? Math.min(rawMax, cap) : rawMax;
  if (!(min >= 1) || !(max >= min)) return undefined;
  const k = job.kubernetes!;
  const at = (p: number): { kpu: number; text: string } => {
    if (!k.taskManagerCpu || !k.taskManagerMemoryGB)
      return { kpu: p + 1, text: `${p} slots, task-manager resources unknown` };
    const fd = estimateFlinkDeployment({
      parallelism: p,
      slotsPerTaskManager: k.slots?.value,
      taskManagerCpu: k.taskManagerCpu.value,
      taskManagerMemoryGB: k.taskManagerMemoryGB.value,
      stateBytes: 0,
      assumptions,
    });
    return { kpu: fd.kpuEquivalent, text: `${fd.taskManagers} task manager${fd.taskManagers === 1 ? '' : 's'}` };
  };
  const lo = at(min);
  const hi = at(max);
  const from = (v: unknown, d: number, key: string) =>
    v !== undefined ? key : `${key} not set: the operator's default ${d}`;
  return {
    minParallelism: min,
    maxParallelism: max,
    minKpu: lo.kpu,
    maxKpu: hi.kpu,
    formula: `parallelism ${min} (${from(a.minParallelism, AUTOSCALER_DEFAULTS.minParallelism, 'job.autoscaler.vertex.min-parallelism')}) to ${max} (${from(a.maxParallelism, AUTOSCALER_DEFAULTS.maxParallelism, 'job.autoscaler.vertex.max-parallelism')}${cap !== undefined && rawMax > cap ? `, capped by pipeline.max-parallelism ${cap}` : ''}): ${lo.kpu} to ${hi.kpu} KPU-equivalent (${lo.text} to ${hi.text}, their CPU and memory + 1 for the JobManager)`,
  };
}

/**
 * docs/sizing-model.md §4.7: a FlinkDeployment's KPU-equivalent is max(TMs × cpu, TMs × memGB / 4,
 * stateGB / 50) + 1 for the JobManager, TMs = ceil(parallelism / slots). Its CPU and memory
 * parts become the job's configured CPU and declared memory; storage follows from the state.
 */
function kubernetesResources(
  job: JobSpec | undefined,
  assumptions: Assumptions,
): { cpuKPU: number; cpuFormula: string; memoryGB: number; taskManagers: number; formula: string } | undefined {
  const k = job?.kubernetes;
  if (job?.platform !== 'flink-kubernetes-operator' || !k?.taskManagerCpu || !k.taskManagerMemoryGB) return undefined;
  const replicas = k.role !== 'session-job' ? k.taskManagerReplicas?.value : undefined;
  const fd = estimateFlinkDeployment({
    parallelism: job.parallelism?.value ?? JOB_DEFAULTS.parallelism,
    taskManagers: replicas,
    slotsPerTaskManager: k.slots?.value,
    taskManagerCpu: k.taskManagerCpu.value,
    taskManagerMemoryGB: k.taskManagerMemoryGB.value,
    stateBytes: 0,
    assumptions,
  });
  const memoryGB = fd.taskManagers * k.taskManagerMemoryGB.value;
  const cpuKPU = Math.max(1, Math.ceil(fd.byDimension.cpu));
  return {
    cpuKPU,
    cpuFormula: `ceil(${fd.taskManagers} task managers × ${fmt(k.taskManagerCpu.value)} vCPU) = ${cpuKPU} (1 vCPU per KPU)`,
    memoryGB,
    taskManagers: fd.taskManagers,
    formula: `${fd.taskManagers} task managers (${replicas ? 'taskManager.replicas' : `ceil(Parallelism ${job.parallelism?.value ?? 1} / ${k.slots?.value ?? 1} slots)`}) × ${k.taskManagerCpu.value} vCPU and ${Math.round(k.taskManagerMemoryGB.value * 100) / 100} GB: ${Math.ceil(fd.byDimension.cpu)} KPU of CPU, ${Math.round(memoryGB * 10) / 10} GB of memory; ${k.role === 'session-job' ? "its JobManager is the session cluster's" : '+1 for the JobManager'} (an estimate of what this job would need as KPUs)`,
  };
}

/** Diagnostics a job's KPU estimate raises at the descriptor's parallelism. */
export function jobDiagnostics(job: JobSpec, plans: JobPlans): Diagnostic[] {
  const at = job.parallelism?.range ?? job.parallelismBlockRange ?? job.range;
  const e = plans.binary;
  const out: Diagnostic[] = [];
  if (job.runtimeMode?.value === 'batch')
    out.push(
      diagnostic(
        'info',
        'batch-execution',
        'This job runs in batch mode: its SQL keeps no keyed state, so its KPUs follow from its parallelism (a SET of execution.runtime-mode in the SQL wins over this).',
        job.runtimeMode.range,
      ),
    );
  if (!e.fits) {
    out.push(diagnostic('error', 'kpu-storage-exceeded', storageExceededMessage(e), at));
  } else if (e.kpu.binding === 'storage') {
    out.push(
      diagnostic(
        'info',
        'kpu-storage-bound',
        `Storage binds this job's KPUs: ${e.kpu.required} KPU are bought for ${gb(e.onDiskBytes)} of state on disk, with CPU and memory left idle.`,
        at,
      ),
    );
  }
  return out;
}
