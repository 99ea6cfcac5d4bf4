// Sections 3.6 (rows held) and 3.7 (other operators) of docs/sizing-model.md: rows held by an input, and the state of stateful operators
// other than regular joins. Anything the model does not cover is reported with
// notEstimated(), never as a silent zero.
import { FLINK_FACTS } from './defaults';
import {
  type EntryEstimate,
  type EntryPart,
  entryEstimate,
  term,
  maxParallelismFor,
  ttlBytesFor,
  ttlEnabled,
} from './entry';
import { ceilSafe, fmt, nonNeg, positive, safe, sum } from './num';
import {
  type Column,
  hasVariableLength,
  type KeySize,
  keySize,
  nullBitsBytes,
  parseType,
  type RowSize,
  rowSize,
} from './rowSize';
import type { OperatorState, SizingContext, Term } from './types';

// ---------------------------------------------------------------------------------------------
// Rows held (3.6)

export interface RowsHeldInput {
  name?: string;
  rows?: number;
  ratePerSec?: number;
  retentionSec?: number;
  appendOnly?: boolean;
  uniqueKey?: string[];
  dedup?: boolean;
  /** State TTL of this input alone (a STATE_TTL query hint), seconds; wins over the job's TTL. */
  stateTtlSec?: number;
}

export interface RowsHeld {
  rows: number;
  /** declared: `rows` given; rate×retention: computed; missing: neither given (rows 0, warned). */
  source: 'declared' | 'rate×retention' | 'missing';
  retentionSec?: number;
  /** Append-only input without unique key and without state TTL: grows without bound. */
  unbounded: boolean;
  term: Term;
  notes: string[];
}

/**
 * Rows an input keeps in join state: an input with a unique key holds its distinct keys
 * (`rows`); an append-only input without one holds rate × retention, retention = the
 * input's retentionSec, else the state TTL, else the planning horizon; without TTL it is
 * flagged unbounded.
 */
export function rowsHeld(input: RowsHeldInput, ctx: SizingContext): RowsHeld {
  const a = ctx.assumptions;
  const name = input.name ?? 'input';
  const hasU = (input.uniqueKey?.length ?? 0) > 0 || input.dedup === true;
  const inputTtl = typeof input.stateTtlSec === 'number' && input.stateTtlSec > 0 ? input.stateTtlSec : undefined;
  const ttl = inputTtl !== undefined || ttlEnabled(ctx);
  const rate =
    typeof input.ratePerSec === 'number' && Number.isFinite(input.ratePerSec) ? nonNeg(input.ratePerSec) : undefined;
  const declared = typeof input.rows === 'number' && Number.isFinite(input.rows) ? nonNeg(input.rows) : undefined;
  const appendOnlyNoU =
    !hasU &&
    (input.appendOnly === true || (input.appendOnly === undefined && declared === undefined && rate !== undefined));
  const unbounded = appendOnlyNoU && !ttl;
  const notes: string[] = [];
  if (unbounded)
    notes.push(
      `${name} is append-only without a unique key and no state TTL is set: its join state grows without bound`,
    );
  if (declared !== undefined) {
    return {
      rows: declared,
      source: 'declared',
      unbounded,
      term: term(
        `rows held ${name}`,
        declared,
        'rows',
        `${fmt(declared)} rows (${hasU ? 'distinct keys' : 'declared'})`,
      ),
      notes,
    };
  }
  if (rate !== undefined) {
    let retention: number;
    // Where the retention comes from, written out with the formula (only when shown).
    let why: () => string;
    const r = input.retentionSec;
    if (typeof r === 'number' && Number.isFinite(r) && r >= 0) {
      retention = r;
      why = () => 'retention';
    } else if (inputTtl !== undefined) {
      retention = inputTtl;
      why = () => 'STATE_TTL hint';
    } else if (ttl) {
      retention = ctx.stateTtlSec as number;
      why = () => 'state TTL';
    } else {
      retention = a.planningHorizonSec;
      why = () => `planning horizon ${fmt(retention / 86_400)} d`;
    }
    const rows = safe(rate * retention);
    if (hasU) notes.push(`${name}: distinct keys not given; rate × retention is an upper bound`);
    return {
      rows,
      source: 'rate×retention',
      retentionSec: retention,
      unbounded,
      term: term(
        `rows held ${name}`,
        rows,
        'rows',
        `${fmt(rate)} rows/s × ${fmt(retention)} s (${why()}) = ${fmt(rows)} rows`,
      ),
      notes,
    };
  }
  notes.push(`${name}: neither rows nor ratePerSec given; its state is counted as 0`);
  return {
    rows: 0,
    source: 'missing',
    unbounded,
    term: { label: `rows held ${name}`, value: 0, unit: 'rows', formula: '0 rows (no row count or rate given)' },
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Operators

export interface StreamSide {
  name: string;
  columns: Column[];
  /** Join (or partition) key columns of this side. */
  keyColumns: Column[];
  ratePerSec: number;
  rowBytes?: number;
  /** Distinct join-key values of this side (a declared `distinctKeys`). */
  distinctKeys?: number;
  /** Rows per join-key value (a declared `rowsPerKey`). */
  rowsPerKey?: number;
}

export interface IntervalJoinSpec {
  name?: string;
  left: StreamSide;
  right: StreamSide;
  /**
   * Flink's WindowBounds, seconds: `leftTime - rightTime` lies in [lowerBoundSec, upperBoundSec]
   * (IntervalJoinUtil's leftLowerBound / leftUpperBound). `o.t BETWEEN s.t - INTERVAL '4' HOUR
   * AND s.t` with `s` on the left: lower 0, upper 14,400.
   */
  lowerBoundSec: number;
  upperBoundSec: number;
  /** RowTimeIntervalJoin (event time, the default) or ProcTimeIntervalJoin (processing time). */
  time?: 'event' | 'processing';
  /** Event time: how far each input's watermark trails its rows' time; default assumptions.watermarkDelaySec. */
  leftWatermarkDelaySec?: number;
  rightWatermarkDelaySec?: number;
  /**
   * `table.exec.interval-join.min-cleanup-interval`, seconds: 0 by default from Flink 1.18;
   * before 1.18 Flink used half the interval (the caller decides by version).
   */
  minCleanupIntervalSec?: number;
  /** The DataStream API's allowed lateness; SQL passes 0 (StreamExecIntervalJoin). */
  allowedLatenessSec?: number;
}

/** Distinct join keys among `rows` held rows: one per row unless declared (documented assumption). */
function keysAmong(rows: number, side: StreamSide): { keys: number; why: string } {
  if (rows <= 0) return { keys: 0, why: 'no rows held' };
  if (side.keyColumns.length === 0) return { keys: 1, why: 'no equi-join key: one (empty) key' };
  if (typeof side.distinctKeys === 'number' && Number.isFinite(side.distinctKeys) && side.distinctKeys > 0) {
    const keys = Math.min(rows, side.distinctKeys);
    return { keys, why: `min(${fmt(rows)} rows, ${fmt(side.distinctKeys)} declared distinctKeys) = ${fmt(keys)}` };
  }
  if (typeof side.rowsPerKey === 'number' && Number.isFinite(side.rowsPerKey) && side.rowsPerKey > 0) {
    const keys = Math.min(rows, safe(rows / side.rowsPerKey));
    return { keys, why: `${fmt(rows)} rows / ${fmt(side.rowsPerKey)} declared rowsPerKey = ${fmt(keys)}` };
  }
  return {
    keys: rows,
    why: `${fmt(rows)} (assumption: one held row per key, the most timer entries; declare distinctKeys or rowsPerKey)`,
  };
}

/**
 * Interval join, from Flink's TimeIntervalJoin (flink-table-runtime,
 * org.apache.flink.table.runtime.operators.join.interval; read in the Flink 2.x source, the same
 * since 1.18) and its subclasses RowTimeIntervalJoin / ProcTimeIntervalJoin:
 *
 * - For `leftTime - rightTime` in [L, U]: leftRelativeSize = -L, rightRelativeSize = U.
 * - A left row is cached only while the right side's operator time is below t + leftRelativeSize,
 *   and expires when that time reaches t + leftRelativeSize + allowedLateness + 1 ms; the cleanup
 *   timer fires at t + leftRelativeSize + minCleanUpInterval + allowedLateness + 1 ms (right rows
 *   alike with rightRelativeSize). SQL passes allowedLateness 0 (StreamExecIntervalJoin).
 * - Event time: the operator time of both sides is the operator's watermark, the lower of both
 *   inputs' watermarks (RowTimeIntervalJoin.updateOperatorTime). A row arrives when the
 *   watermark trails its time by D = max(left delay, right delay) (assumption: both inputs'
 *   event times advance together, rows arrive in order), so it is held for
 *   relativeSize + D + minCleanUpInterval when relativeSize + D > 0, else not at all.
 *   Processing time: D = 0, the row's time is the current processing time.
 * - State: MapState<Long, List<Tuple2<RowData, Boolean>>> per side (IntervalJoinLeftCache /
 *   IntervalJoinRightCache), and two ValueState<Long> timer states per key
 *   (IntervalJoinLeftTimerState, IntervalJoinRightTimerState): the right timer state marks keys
 *   with cached left rows, the left one keys with cached right rows. Each pending cleanup timer
 *   is also an entry of the RocksDB timer service (Flink's default
 *   `state.backend.rocksdb.timer-service.factory: ROCKSDB`): prefix + 8-byte timestamp + key +
 *   namespace, no value.
 *
 * Assumptions: one row per timestamp per key (each row its own map entry); one held row per
 * key unless distinctKeys / rowsPerKey are declared. Rows are cleaned by timers, not state TTL.
 */
export function intervalJoinState(spec: IntervalJoinSpec, ctx: SizingContext): OperatorState {
  const { event, lag, lagText } = intervalJoinLag(spec, ctx);
  const hold: IntervalHold = {
    lagText,
    lag,
    cleanup: nonNeg(spec.minCleanupIntervalSec),
    lateness: nonNeg(spec.allowedLatenessSec),
  };
  const lower = Number.isFinite(spec.lowerBoundSec) ? spec.lowerBoundSec : 0;
  const upper = Number.isFinite(spec.upperBoundSec) ? spec.upperBoundSec : 0;
  const terms: Term[] = [
    term(
      'time bounds',
      upper - lower,
      's',
      `leftTime - rightTime in [${fmt(lower)} s, ${fmt(upper)} s]: leftRelativeSize ${fmt(-lower)} s, rightRelativeSize ${fmt(upper)} s`,
    ),
  ];
  let bytes = 0;
  let entries = 0;
  const sides = [
    ['left', spec.left, -lower, 'leftRelativeSize = -lower bound', 'IntervalJoinRightTimerState'],
    ['right', spec.right, upper, 'rightRelativeSize = upper bound', 'IntervalJoinLeftTimerState'],
  ] as const;
  for (const [which, side, relative, relText, timerState] of sides) {
    const state = intervalJoinSide(ctx, hold, { which, side, relative, relText, timerState });
    terms.push(...state.terms);
    bytes += state.bytes;
    entries += state.entries;
  }
  return {
    name: spec.name ?? `Interval join ${spec.left.name} ⋈ ${spec.right.name}`,
    kind: 'interval-join',
    stateBytes: safe(bytes),
    entries: safe(entries),
    terms,
    notes: [
      `each side holds its rows for its relative size (left: -lower bound, right: upper bound) + ${event ? 'the watermark lag' : '0 (processing time)'} + min-cleanup-interval (Flink TimeIntervalJoin; docs/sizing-model.md §3.7, interval joins)`,
      ...(event
        ? [
            `watermark lag: the operator's watermark is the lower of both inputs' (${fmt(lag)} s); assumes both inputs' event times advance together`,
          ]
        : []),
      'assumes one row per timestamp per key; one ValueState<Long> and one timer per key and side',
      'cleaned by timers, not state TTL',
    ],
    estimated: true,
    // Each row is put once and removed by its cleanup timer (outer joins flip its flag once: counted as once).
    writePattern: 'once',
    variableLength: [spec.left, spec.right].some(
      (x) => hasVariableLength(rowSize(x.columns, ctx, x.rowBytes)) || hasVariableLength(rowSize(x.keyColumns, ctx)),
    ),
  };
}

/** How long an interval join holds a row beyond its relative size: the watermark lag, lateness and the cleanup interval. */
interface IntervalHold {
  lag: number;
  lagText: string;
  lateness: number;
  cleanup: number;
}

/**
 * The watermark lag D of an interval join: in event time the larger of both inputs' watermark delays
 * (the operator's watermark is the lower of theirs; an undeclared delay is the assumption's), 0 in
 * processing time.
 */
function intervalJoinLag(spec: IntervalJoinSpec, ctx: SizingContext): { event: boolean; lag: number; lagText: string } {
  const a = ctx.assumptions;
  const event = spec.time !== 'processing';
  const dl = spec.leftWatermarkDelaySec;
  const dr = spec.rightWatermarkDelaySec;
  const leftDelay = dl !== undefined && Number.isFinite(dl) ? nonNeg(dl) : a.watermarkDelaySec;
  const rightDelay = dr !== undefined && Number.isFinite(dr) ? nonNeg(dr) : a.watermarkDelaySec;
  const lag = event ? Math.max(leftDelay, rightDelay) : 0;
  const lagText = event
    ? `${fmt(lag)} s watermark lag (max of ${fmt(leftDelay)} s${dl === undefined ? ' assumed' : ''} and ${fmt(rightDelay)} s${dr === undefined ? ' assumed' : ''})`
    : '0 s (processing time)';
  return { event, lag, lagText };
}

/**
 * One side of an interval join: its rows cached for relative size + D + lateness + cleanup interval
 * (none when relative size + D <= 0), in a MapState<ts, List<row>>, and per key with rows a timer
 * ValueState<Long> and a cleanup timer.
 */
function intervalJoinSide(
  ctx: SizingContext,
  { lag, lagText, lateness, cleanup }: IntervalHold,
  s: {
    which: 'left' | 'right';
    side: IntervalJoinSpec['left'];
    relative: number;
    relText: string;
    timerState: string;
  },
): { terms: Term[]; bytes: number; entries: number } {
  const { which, side, relative, relText, timerState } = s;
  const a = ctx.assumptions;
  const key = keySize(side.keyColumns, ctx, maxParallelismFor(ctx).value);
  const row = rowSize(side.columns, ctx, side.rowBytes);
  const cached = relative + lag > 0;
  const retention = cached ? relative + lag + lateness + cleanup : 0;
  const rate = nonNeg(side.ratePerSec);
  const rows = safe(rate * retention);
  const terms: Term[] = [
    term(
      `retention ${which} ${side.name}`,
      retention,
      's',
      cached
        ? `${fmt(relative)} s (${relText}) + ${lagText}${lateness ? ` + ${fmt(lateness)} s lateness` : ''} + ${fmt(cleanup)} s min-cleanup-interval = ${fmt(retention)} s`
        : `0 s: ${fmt(relative)} s (${relText}) + ${lagText} <= 0, so its rows are never cached`,
    ),
    term(
      `rows held ${which} ${side.name}`,
      rows,
      'rows',
      `${fmt(rate)} rows/s × ${fmt(retention)} s = ${fmt(rows)} rows`,
    ),
  ];
  const e = entryEstimate(
    `${which} ${side.name} MapState<ts, List<row>>`,
    [
      { label: 'key', bytes: key.bytes },
      { label: 'ts', bytes: FLINK_FACTS.longBytes },
      { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes },
      { label: 'list size', bytes: FLINK_FACTS.collectionSizeBytes },
      { label: 'row', bytes: row.bytes },
      { label: 'flag', bytes: FLINK_FACTS.booleanBytes },
      { label: 'rocks', bytes: a.rocksOverheadBytes },
    ],
    rows,
    'rows',
  );
  const k = keysAmong(rows, side);
  terms.push(term(`keys with ${which} rows ${side.name}`, k.keys, 'rows', k.why));
  const timer = entryEstimate(
    `${which} ${side.name} timer ValueState<Long> (${timerState})`,
    [
      { label: 'key', bytes: key.bytes },
      { label: 'Long', bytes: FLINK_FACTS.longBytes },
      { label: 'rocks', bytes: a.rocksOverheadBytes },
    ],
    k.keys,
    'keys',
  );
  const queued = entryEstimate(
    `${which} ${side.name} cleanup timers (RocksDB timer service)`,
    [
      { label: 'key', bytes: key.bytes },
      { label: 'timestamp', bytes: FLINK_FACTS.longBytes },
      { label: 'rocks', bytes: a.rocksOverheadBytes },
    ],
    k.keys,
    'keys',
  );
  terms.push(e.term, timer.term, queued.term);
  return {
    terms,
    bytes: e.bytes + timer.bytes + queued.bytes,
    entries: e.entries + timer.entries + queued.entries,
  };
}

export interface TemporalJoinSpec {
  name?: string;
  time: 'event' | 'processing';
  /** The streaming (probe) side. */
  probe: StreamSide;
  /**
   * The versioned table side: `rows` = its distinct primary keys; `ratePerSec` = its changes per
   * second (new versions), which are held until the watermark passes them.
   */
  versioned: {
    name: string;
    columns: Column[];
    keyColumns: Column[];
    rows: number;
    rowBytes?: number;
    ratePerSec?: number;
  };
  /**
   * How far each input's watermark trails its rows' time, seconds; default
   * assumptions.watermarkDelaySec. Probe rows and new versions wait for the operator's watermark,
   * the lower of the two (AbstractStreamOperator.processWatermark1/2): the larger delay.
   */
  probeWatermarkDelaySec?: number;
  versionedWatermarkDelaySec?: number;
}

/**
 * Event-time temporal join, from Flink's TemporalRowTimeJoinOperator (flink-table-runtime
 * operators.join.temporal; read in the Flink 2.x source, the same layout since 1.15), keyed by the
 * join key (the versioned table's primary key):
 *
 * - `right` MapState<Long, RowData>: versions by time. Versions older than the watermark are
 *   dropped except the latest (cleanupExpiredVersionInState), so a key holds its latest version
 *   plus every version newer than the watermark: keys + versioned rate × watermark delay.
 * - `left` MapState<Long, RowData>: probe rows by arrival index, until the watermark passes them:
 *   probe rate × watermark delay.
 * - `next-index` ValueState<Long>: the next left index, per key that has had probe rows (cleared
 *   only when state retention is on and the key is empty). Assumption: every versioned key is probed.
 * - `timer` ValueState<Long>: the one registered event-time timer of a key with pending rows, and
 *   that timer in the RocksDB timer service: keys with pending rows = min(keys, pending probe rows +
 *   new versions) (assumption: each pending row on its own key, the most timers).
 * - With a state TTL (minRetentionTime), BaseTwoInputStreamOperatorWithStateRetention adds a
 *   cleanup-time ValueState<Long> and a processing-time timer per key.
 *
 * Processing-time temporal joins hold no join state here (the lookup-like TemporalProcessTimeJoinOperator
 * keeps only the versioned side's latest row per key, which this model counts as none: see lookupJoinState).
 */
export function temporalJoinState(spec: TemporalJoinSpec, ctx: SizingContext): OperatorState {
  const name = spec.name ?? `Temporal join ${spec.probe.name} ⋈ ${spec.versioned.name}`;
  if (spec.time === 'processing') return lookupJoinState(name, 'processing-time temporal join');
  const a = ctx.assumptions;
  const maxPar = maxParallelismFor(ctx).value;
  const declared = (d: number | undefined) => d !== undefined && Number.isFinite(d);
  const probeDelay = declared(spec.probeWatermarkDelaySec) ? nonNeg(spec.probeWatermarkDelaySec) : a.watermarkDelaySec;
  const versionedDelay = declared(spec.versionedWatermarkDelaySec)
    ? nonNeg(spec.versionedWatermarkDelaySec)
    : a.watermarkDelaySec;
  const delay = Math.max(probeDelay, versionedDelay);
  // Read from the SQL: a WATERMARK declaration, plus the hold-back of an interval join before it.
  const source = (d: number | undefined) => (declared(d) ? 'from the SQL' : 'assumption watermarkDelaySec');
  const vKey = keySize(spec.versioned.keyColumns, ctx, maxPar);
  const vRow = rowSize(spec.versioned.columns, ctx, spec.versioned.rowBytes);
  const pKey = keySize(spec.probe.keyColumns, ctx, maxPar);
  const pRow = rowSize(spec.probe.columns, ctx, spec.probe.rowBytes);
  const keys = nonNeg(spec.versioned.rows);
  const vRate = nonNeg(spec.versioned.ratePerSec);
  const newer = safe(vRate * delay);
  const pRows = safe(nonNeg(spec.probe.ratePerSec) * delay);
  const pending = Math.min(keys, safe(pRows + newer));
  const longState = (label: string, n: number, what: string) =>
    entryEstimate(
      label,
      [
        { label: 'key', bytes: vKey.bytes },
        { label: 'Long', bytes: FLINK_FACTS.longBytes },
        { label: 'rocks', bytes: a.rocksOverheadBytes },
      ],
      n,
      what,
    );
  const v = rowByTime(`versioned ${spec.versioned.name} (latest version per key)`, vKey, vRow, ctx, keys, 'keys');
  const nv = rowByTime(
    `versioned ${spec.versioned.name} versions newer than the watermark`,
    vKey,
    vRow,
    ctx,
    newer,
    'versions',
  );
  const p = rowByTime(`probe ${spec.probe.name} buffered until watermark`, pKey, pRow, ctx, pRows, 'rows');
  const index = longState('next-index ValueState<Long>', keys, 'keys');
  const timer = longState('timer ValueState<Long> (registered timer)', pending, 'keys');
  const queued = longState('event-time timers (RocksDB timer service)', pending, 'keys');
  const parts = [v, nv, p, index, timer, queued];
  if (ttlEnabled(ctx))
    parts.push(
      longState('cleanup ValueState<Long> (state retention)', keys, 'keys'),
      longState('cleanup processing-time timers', keys, 'keys'),
    );
  return {
    name,
    kind: 'temporal-join',
    stateBytes: safe(sum(parts.map((x) => x.bytes))),
    entries: safe(sum(parts.map((x) => x.entries))),
    terms: [
      {
        label: 'watermark delay',
        value: delay,
        unit: 's',
        formula: `max(${fmt(probeDelay)} s probe ${spec.probe.name} (${source(spec.probeWatermarkDelaySec)}), ${fmt(versionedDelay)} s versioned ${spec.versioned.name} (${source(spec.versionedWatermarkDelaySec)})) = ${fmt(delay)} s: the operator's watermark is the lower of its inputs'`,
      },
      {
        label: `rows buffered ${spec.probe.name}`,
        value: pRows,
        unit: 'rows',
        formula: `${fmt(nonNeg(spec.probe.ratePerSec))} rows/s × ${fmt(delay)} s watermark delay = ${fmt(pRows)} rows`,
      },
      {
        label: `versions newer than the watermark ${spec.versioned.name}`,
        value: newer,
        unit: 'rows',
        formula: `${fmt(vRate)} changes/s × ${fmt(delay)} s watermark delay = ${fmt(newer)} versions`,
      },
      {
        label: 'keys with pending rows',
        value: pending,
        unit: 'keys',
        formula: `min(${fmt(keys)} keys, ${fmt(pRows)} probe rows + ${fmt(newer)} versions) = ${fmt(pending)} (assumption: each pending row on its own key)`,
      },
      ...parts.map((x) => x.term),
    ],
    notes: [
      'versioned side: the latest version per key, plus every version newer than the watermark (Flink TemporalRowTimeJoinOperator)',
      `probe side: rows wait about one watermark delay, ${fmt(delay)} s (the larger of the probe's ${fmt(probeDelay)} s, ${source(spec.probeWatermarkDelaySec)}, and the versioned side's ${fmt(versionedDelay)} s, ${source(spec.versionedWatermarkDelaySec)})`,
      'per key a next-index ValueState<Long> (kept while the key lives), and per key with pending rows a registered-timer ValueState<Long> and its timer',
    ],
    estimated: true,
    writePattern: 'in-place',
    variableLength: hasVariableLength(vRow) || hasVariableLength(pRow) || hasVariableLength(vKey.keyRow),
  };
}

/** An entry of a TemporalRowTimeJoinOperator MapState<Long, RowData>: a row under its key and timestamp. */
function rowByTime(
  label: string,
  key: KeySize,
  row: RowSize,
  ctx: SizingContext,
  count: number,
  what: string,
): EntryEstimate {
  return entryEstimate(
    label,
    [
      { label: 'key', bytes: key.bytes },
      { label: 'ts', bytes: FLINK_FACTS.longBytes },
      { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes },
      { label: 'row', bytes: row.bytes },
      { label: 'rocks', bytes: ctx.assumptions.rocksOverheadBytes },
    ],
    count,
    what,
  );
}

/** A window operator's state namespace: a slice or window end (a long), or a TimeWindow (start and end). */
type WindowNamespace = { label: string; bytes: number };
const WINDOW_END: WindowNamespace = { label: 'window end', bytes: FLINK_FACTS.longBytes };
const TIME_WINDOW: WindowNamespace = { label: 'window (start, end)', bytes: FLINK_FACTS.timeWindowBytes };

/**
 * The window timers of a window operator, one per key and window in the RocksDB timer service:
 * key-group prefix, timestamp, key row and the namespace (`ns`), no value.
 */
function windowTimers(key: KeySize, ctx: SizingContext, keyWindows: number, ns = WINDOW_END): EntryEstimate {
  return entryEstimate(
    'window timers (RocksDB timer service)',
    [
      { label: 'key group', bytes: key.prefixBytes },
      { label: 'timestamp', bytes: FLINK_FACTS.longBytes },
      { label: 'key row', bytes: key.keyRow.bytes },
      ns,
      { label: 'rocks', bytes: ctx.assumptions.rocksOverheadBytes },
    ],
    keyWindows,
    'key-windows',
  );
}

/** Lookup joins and processing-time temporal joins: no keyed join state (a lookup cache is memory). */
export function lookupJoinState(name: string, what = 'lookup join'): OperatorState {
  return {
    name,
    kind: 'lookup-join',
    stateBytes: 0,
    entries: 0,
    terms: [{ label: `${what} state`, value: 0, unit: 'bytes', formula: `0 B: a ${what} keeps no keyed state` }],
    notes: [`a ${what} holds no join state; a lookup cache lives in memory, not in RocksDB`],
    estimated: true,
  };
}

/** Bytes of one value serialized by its own field serializer (a distinct-aggregate map key). */
function valueBytes(col: Column, ctx: SizingContext): { bytes: number; rule: string } {
  const t = parseType(col.type);
  const a = ctx.assumptions;
  switch (t.kind) {
    case 'string':
    case 'binary':
    case 'unknown':
    case 'collection': {
      const L =
        col.avgBytes !== undefined && Number.isFinite(col.avgBytes) && col.avgBytes >= 0
          ? col.avgBytes
          : t.kind === 'collection'
            ? a.avgCollectionBytes
            : t.base === 'CHAR' || t.base === 'BINARY'
              ? (t.length ?? 1)
              : Math.min(t.length ?? a.avgStringBytes, a.avgStringBytes);
      return { bytes: FLINK_FACTS.collectionSizeBytes + L, rule: `4 length + ${fmt(L)} B` };
    }
    default:
      return { bytes: FLINK_FACTS.longBytes, rule: '8 B (fixed-width value; assumption: long-sized)' };
  }
}

/** Accumulator row of `n` simple aggregates: a BinaryRowData of n 8-byte fields. */
function accRow(n: number): { bytes: number; formula: string } {
  const k = Math.max(0, Math.floor(nonNeg(n)));
  const nb = nullBitsBytes(k);
  const bytes = FLINK_FACTS.rowLengthPrefixBytes + nb + FLINK_FACTS.slotBytes * k;
  return { bytes, formula: `4 + ${nb} + 8×${k} = ${fmt(bytes)} B` };
}

/** An accumulator row per key in a ValueState<RowData>: GroupAggFunction's and the over functions' `accState`. */
function accStateEntries(
  label: string,
  key: KeySize,
  acc: { bytes: number },
  ttl: number,
  ctx: SizingContext,
  count: number,
  unit: string,
): EntryEstimate {
  return entryEstimate(
    label,
    [
      { label: 'key', bytes: key.bytes },
      { label: 'acc row', bytes: acc.bytes },
      { label: 'rocks', bytes: ctx.assumptions.rocksOverheadBytes },
      { label: 'ttl', bytes: ttl },
    ],
    count,
    unit,
  );
}

/**
 * A MapState<value, Long> entry per value under the key (the void namespace): a DISTINCT
 * aggregate's view, or a MIN/MAX with retraction counting the values it holds.
 */
function valueCountEntries(
  label: string,
  key: KeySize,
  column: Column,
  ttl: number,
  ctx: SizingContext,
  count: number,
  unit = 'distinct values',
): EntryEstimate {
  const v = valueBytes(column, ctx);
  return entryEstimate(
    label,
    [
      { label: 'key', bytes: key.bytes },
      { label: `value (${v.rule})`, bytes: v.bytes },
      { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes },
      { label: 'count', bytes: FLINK_FACTS.longBytes },
      { label: 'rocks', bytes: ctx.assumptions.rocksOverheadBytes },
      { label: 'ttl', bytes: ttl },
    ],
    count,
    unit,
  );
}

export interface GroupAggSpec {
  name?: string;
  groupKey: Column[];
  /** Distinct group-key values. */
  groups: number;
  /** Simple aggregates (SUM, COUNT, MIN, MAX: one 8-byte field each; AVG counts as 2). */
  simpleAggregates: number;
  /** COUNT(DISTINCT column): a MapState entry per distinct value per group. */
  distinct?: { column: Column; valuesPerGroup: number }[];
  /** How the accumulator fields and the counts were found (shown with the estimate). */
  notes?: string[];
}

/**
 * Group aggregation (GroupAggFunction): one accumulator row per group key (8 bytes per simple
 * aggregate, ValueState); COUNT(DISTINCT x) adds MapState<x, Long> entries, one per distinct value.
 */
export function groupAggState(spec: GroupAggSpec, ctx: SizingContext): OperatorState {
  const key = keySize(spec.groupKey, ctx, maxParallelismFor(ctx).value);
  const ttl = ttlBytesFor(ctx);
  const acc = accRow(spec.simpleAggregates);
  const groups = nonNeg(spec.groups);
  const accE = accStateEntries('accumulators ValueState<row>', key, acc, ttl, ctx, groups, 'groups');
  const terms: Term[] = [term('accumulator row', acc.bytes, 'B/row', acc.formula), accE.term];
  let bytes = accE.bytes;
  let entries = accE.entries;
  for (const d of spec.distinct ?? []) {
    const n = safe(groups * nonNeg(d.valuesPerGroup));
    const e = valueCountEntries(`COUNT(DISTINCT ${d.column.name}) MapState<value, Long>`, key, d.column, ttl, ctx, n);
    terms.push(e.term);
    bytes += e.bytes;
    entries += e.entries;
  }
  return {
    name: spec.name ?? 'Group aggregation',
    kind: 'group-agg',
    stateBytes: safe(bytes),
    entries: safe(entries),
    terms,
    notes: [
      'one accumulator row per group key, 8 bytes per simple aggregate',
      ...(spec.distinct?.length ? ['COUNT(DISTINCT) keeps one map entry per distinct value per group'] : []),
      ...(spec.notes ?? []),
    ],
    estimated: true,
    // GroupAggFunction rewrites the accumulator row on every input row of its group.
    writePattern: 'in-place',
    variableLength:
      hasVariableLength(key.keyRow) || (spec.distinct ?? []).some((d) => hasVariableLength(rowSize([d.column], ctx))),
  };
}

export interface OverAggSpec {
  name: string;
  /** The PARTITION BY columns. */
  key: Column[];
  /** Distinct partition keys, and how they were found. */
  keys: number;
  keysWhy: string;
  simpleAggregates: number;
  /** The input row the function keeps (the columns its query reads). */
  row: Column[];
  frame: 'unbounded' | 'range' | 'rows';
  time: 'rowtime' | 'proctime';
  ratePerSec: number;
  rateWhy: string;
  /** How far the watermark trails the rows (rowtime; 0 for processing time), seconds. */
  lagSec: number;
  /** A RANGE frame's preceding interval, seconds. */
  precedingSec?: number;
  /** A ROWS frame's preceding rows n (`ROWS BETWEEN n PRECEDING AND CURRENT ROW`). */
  precedingRows?: number;
  /**
   * A RANGE frame's MIN and MAX arguments: a bounded frame retracts, so Flink runs them as
   * MinWithRetractAggFunction / MaxWithRetractAggFunction, whose MapView (state-backed, a
   * MapState per key) counts each value in the frame.
   */
  retractValues?: Column[];
  notes?: string[];
}

/**
 * OVER aggregation (StreamExecOverAggregate, flink-table-runtime operators.over, 1.20):
 * - unbounded preceding: an accumulator row per key (`accState`); ordered by event time, the
 *   rows that wait for the watermark in `inputState` (MapState<Long, List<RowData>>, one entry
 *   per key and timestamp) and one event-time timer per key (ProcTimeUnboundedPrecedingFunction,
 *   AbstractRowTimeUnboundedPrecedingOver), cleaned by the state TTL;
 * - RANGE BETWEEN INTERVAL p PRECEDING (RowTimeRangeBoundedPrecedingFunction,
 *   ProcTimeRangeBoundedPrecedingFunction): per key the accumulator, a cleanup timestamp (and, in
 *   event time, the last triggering timestamp), and the rows of the frame in `inputState`; a key's
 *   rows older than p go when a later row of the key is processed, and all of them at the key's
 *   cleanup timer, 1.5 × p after its last row: so a row is held at most 1.5 × p (+ the watermark
 *   lag). One timer per key and timestamp waiting for the watermark, and a cleanup timer per key.
 * - ROWS BETWEEN n PRECEDING (RowTimeRowsBoundedPrecedingFunction,
 *   ProcTimeRowsBoundedPrecedingFunction, precedingOffset n + 1 in StreamExecOverAggregate): per
 *   key the accumulator, two Longs (the row count, and the last triggering or smallest timestamp)
 *   and the key's last n + 1 rows in `inputState`, the oldest retracted as a row comes; they stay
 *   until the key is idle for the state retention (a cleanup timestamp and a processing-time timer
 *   per key: KeyedProcessFunctionWithCleanupState), so without a TTL every key ever seen keeps
 *   its rows. In event time, the rows waiting for the watermark too, one timer per timestamp.
 */
export function overAggState(spec: OverAggSpec, ctx: SizingContext): OperatorState {
  if (spec.frame === 'rows') return rowsOverState(spec, ctx);
  const key = keySize(spec.key, ctx, maxParallelismFor(ctx).value);
  const acc = accRow(spec.simpleAggregates);
  const row = rowSize(spec.row, ctx);
  const unbounded = spec.frame === 'unbounded';
  // The unbounded functions' state has the TTL; the bounded ones clean up by their own timers.
  const ttl = unbounded ? ttlBytesFor(ctx) : 0;
  const rate = nonNeg(spec.ratePerSec);
  const lag = nonNeg(spec.lagSec);
  const p = nonNeg(spec.precedingSec ?? 0);
  const held = unbounded ? safe(rate * lag) : safe(rate * (1.5 * p + lag));
  const heldFormula = unbounded
    ? `${spec.rateWhy} × ${fmt(lag)} s watermark lag = ${fmt(held)} (rows waiting for the watermark)`
    : `${spec.rateWhy} × (1.5 × ${fmt(p)} s preceding + ${fmt(lag)} s watermark lag) = ${fmt(held)} (at most: a key's rows go at its cleanup, 1.5 × the range after its last row)`;
  const keys = unbounded ? nonNeg(spec.keys) : Math.min(nonNeg(spec.keys), held);
  const keysFormula = unbounded ? spec.keysWhy : `min(${spec.keysWhy}, ${fmt(held)} rows held) = ${fmt(keys)}`;
  // RANGE frames: cleanupTsState per key, and lastTriggeringTsState in event time.
  const longsPerKey = unbounded ? 0 : spec.time === 'rowtime' ? 2 : 1;
  // Timers: unbounded, one per key with rows waiting; RANGE, one per key and timestamp waiting
  // for the watermark (one row per timestamp assumed) and a cleanup timer per key.
  const waiting = safe(rate * lag);
  const timerCount = unbounded ? Math.min(keys, waiting) : safe(waiting + keys);
  return overResult(spec, ctx, {
    key,
    acc,
    row,
    keys: term('keys', keys, 'rows', keysFormula),
    held: term('rows held', held, 'rows', heldFormula),
    ttl,
    longs: { label: 'cleanup, last triggering timestamps', count: safe(keys * longsPerKey) },
    timers: timerCount,
    // Each row of the frame a value of its own (the most).
    retracting: !unbounded,
    note: unbounded
      ? `unbounded OVER: an accumulator per key${spec.time === 'rowtime' ? ', and the rows waiting for the watermark' : ''}; ${ttl ? 'cleaned by the state TTL' : 'no state TTL: one accumulator per key ever seen, never cleaned'}`
      : `RANGE ${fmt(p)} s PRECEDING: the rows of the frame per key, retracted as they leave it; a key idle for 1.5 × the range is cleaned by its timer (not by the state TTL)`,
  });
}

/** overAggState for a ROWS frame: the last n + 1 rows of every key held (see overAggState). */
function rowsOverState(spec: OverAggSpec, ctx: SizingContext): OperatorState {
  const rate = nonNeg(spec.ratePerSec);
  const lag = nonNeg(spec.lagSec);
  const n = nonNeg(spec.precedingRows ?? 0);
  const retention = ttlEnabled(ctx);
  const horizon = retention ? (ctx.stateTtlSec as number) : ctx.assumptions.planningHorizonSec;
  const horizonWhy = retention ? 'state TTL' : `planning horizon ${fmt(horizon / 86_400)} d`;
  // Keys idle longer than the retention are cleaned; without one, every key ever seen stays.
  const seen = safe(rate * horizon);
  const keys = Math.min(nonNeg(spec.keys), seen);
  const waiting = spec.time === 'rowtime' ? safe(rate * lag) : 0;
  const framed = Math.min(safe(keys * (n + 1)), seen);
  const held = safe(framed + waiting);
  return overResult(spec, ctx, {
    key: keySize(spec.key, ctx, maxParallelismFor(ctx).value),
    acc: accRow(spec.simpleAggregates),
    row: rowSize(spec.row, ctx),
    keys: term(
      'keys',
      keys,
      'rows',
      `min(${spec.keysWhy}, ${spec.rateWhy} × ${fmt(horizon)} s ${horizonWhy} = ${fmt(seen)} rows) = ${fmt(keys)}`,
    ),
    held: term(
      'rows held',
      held,
      'rows',
      `min(${fmt(keys)} keys × (${fmt(n)} + 1) rows, ${fmt(seen)} rows seen) = ${fmt(framed)} (assumption: every key has had n + 1 rows)${waiting > 0 ? ` + ${spec.rateWhy} × ${fmt(lag)} s watermark lag = ${fmt(waiting)} waiting` : ''} = ${fmt(held)}`,
    ),
    ttl: 0,
    longs: {
      label: `row count, ${spec.time === 'rowtime' ? 'last triggering' : 'smallest'} timestamp${retention ? ', cleanup time' : ''}`,
      count: safe(keys * (2 + (retention ? 1 : 0))),
    },
    // A timer per timestamp waiting for the watermark, and with a retention a cleanup timer per key.
    timers: safe(waiting + (retention ? keys : 0)),
    retracting: true,
    note: `ROWS ${fmt(n)} PRECEDING: the last ${fmt(n + 1)} rows of every key, the oldest retracted as a row comes; ${retention ? 'a key idle for the state TTL is cleaned by its timer' : 'no state TTL: every key ever seen keeps its rows'}`,
  });
}

/**
 * An OVER function's state from its counts: per key the accumulator and `longs`, the rows held in
 * `inputState` (one row per timestamp assumed: an entry per row), the timers, and for a retracting
 * frame MIN/MAX's MapState of the frame's values. Only the states the function has are listed.
 */
function overResult(
  spec: OverAggSpec,
  ctx: SizingContext,
  c: {
    key: KeySize;
    acc: ReturnType<typeof accRow>;
    row: RowSize;
    keys: Term;
    held: Term;
    ttl: number;
    longs: { label: string; count: number };
    timers: number;
    retracting: boolean;
    note: string;
  },
): OperatorState {
  const a = ctx.assumptions;
  const { key, row, ttl } = c;
  const keys = c.keys.value;
  const held = c.held.value;
  const accE = accStateEntries('accState ValueState<row> per key', key, c.acc, ttl, ctx, keys, 'keys');
  const longsE = entryEstimate(
    `ValueState<Long> per key (${c.longs.label})`,
    [
      { label: 'key', bytes: key.bytes },
      { label: 'Long', bytes: FLINK_FACTS.longBytes },
      { label: 'rocks', bytes: a.rocksOverheadBytes },
    ],
    c.longs.count,
    'values',
  );
  const rowsE = entryEstimate(
    'inputState MapState<ts, List<row>>',
    [
      { label: 'key', bytes: key.bytes },
      { label: 'ts', bytes: FLINK_FACTS.longBytes },
      { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes },
      { label: 'list size', bytes: FLINK_FACTS.collectionSizeBytes },
      { label: 'row', bytes: row.bytes },
      { label: 'rocks', bytes: a.rocksOverheadBytes },
      { label: 'ttl', bytes: ttl },
    ],
    held,
    'rows',
  );
  const timersE = entryEstimate(
    'timers (RocksDB timer service)',
    [
      { label: 'key', bytes: key.bytes },
      { label: 'timestamp', bytes: FLINK_FACTS.longBytes },
      { label: 'rocks', bytes: a.rocksOverheadBytes },
    ],
    c.timers,
    'timers',
  );
  const retractE = c.retracting
    ? (spec.retractValues ?? []).map((v) =>
        valueCountEntries(`${v.name} MIN/MAX MapState<value, Long>`, key, v, 0, ctx, held, 'values'),
      )
    : [];
  const parts = [
    accE,
    ...(c.longs.count > 0 ? [longsE] : []),
    ...(held > 0 ? [rowsE] : []),
    ...(c.timers > 0 ? [timersE] : []),
    ...retractE,
  ];
  return {
    name: spec.name,
    kind: 'over-agg',
    stateBytes: safe(sum(parts.map((e) => e.bytes))),
    entries: safe(sum(parts.map((e) => e.entries))),
    terms: [
      c.keys,
      ...(held > 0 ? [c.held, term('row', row.bytes, 'B/row', row.formula)] : []),
      term('accumulator row', c.acc.bytes, 'B/row', c.acc.formula),
      ...parts.map((e) => e.term),
    ],
    notes: [c.note, ...(spec.notes ?? [])],
    estimated: true,
    writePattern: 'in-place',
    variableLength: hasVariableLength(key.keyRow) || hasVariableLength(row),
  };
}

export type WindowKind = 'TUMBLE' | 'HOP' | 'CUMULATE' | 'SESSION';

/** Windows (slices) open at once per key: TUMBLE 1, HOP ceil(size/slide), CUMULATE ceil(size/step), SESSION 1. */
export function windowsOpenAtOnce(w: { kind: WindowKind; sizeSec: number; slideSec?: number; stepSec?: number }): {
  value: number;
  formula: string;
} {
  const size = nonNeg(w.sizeSec);
  switch (w.kind) {
    case 'HOP': {
      const slide = positive(w.slideSec, size || 1);
      const v = Math.max(1, ceilSafe(size / slide));
      return { value: v, formula: `ceil(${fmt(size)} s / ${fmt(slide)} s slide) = ${v}` };
    }
    case 'CUMULATE': {
      const step = positive(w.stepSec, size || 1);
      const v = Math.max(1, ceilSafe(size / step));
      return { value: v, formula: `ceil(${fmt(size)} s / ${fmt(step)} s step) = ${v}` };
    }
    default:
      return { value: 1, formula: `1 (${w.kind})` };
  }
}

export interface WindowAggSpec {
  name?: string;
  key: Column[];
  /** Distinct keys with an open window. */
  keys: number;
  simpleAggregates: number;
  /** Windows open at once per key; else derived from `window`, else 1. */
  windowsOpen?: number;
  window?: { kind: WindowKind; sizeSec: number; slideSec?: number; stepSec?: number };
  /** Key-window pairs when known otherwise than keys × windows open (the caller's bound, with its formula). */
  keyWindows?: { value: number; formula: string };
  /** How the keys were found (shown with the estimate). */
  notes?: string[];
  /** DISTINCT aggregates: the column and its distinct values per key and slice. */
  distinct?: { column: Column; valuesPerKeyWindow: number }[];
  /** A legacy group window (WindowOperator): its state and timers are namespaced by a TimeWindow. */
  legacy?: boolean;
  /** Key-window pairs with a timer when not the key-windows (a legacy HOP: a timer per window, state per pane). */
  timerWindows?: { value: number; formula: string };
}

/**
 * Window aggregation over a window TVF (SlicingWindowOperator with SlicingWindowAggProcessor,
 * flink-table-runtime operators.window.tvf; the same since 1.15): per key and open slice an
 * accumulator row (WindowValueState, namespace the slice end: a long, 8 bytes, instead of the void
 * namespace byte) and one event-time timer for the slice end (WindowTimerService), in the
 * RocksDB timer service. Slices are cleared when their window fires: no state TTL.
 * A legacy group window (`GROUP BY TUMBLE(ts, ...)`: WindowOperator, its AggregateWindowOperator)
 * keeps the same per key and window (HOP: per pane of the slide, PanedWindowAssigner), its
 * `window-aggs` ValueState and `window-timers` namespaced by the TimeWindow (start and end, 16
 * bytes); the trigger's and the cleanup timer fall on the same time (no allowed lateness).
 */
export function windowAggState(spec: WindowAggSpec, ctx: SizingContext): OperatorState {
  const a = ctx.assumptions;
  const session = spec.window?.kind === 'SESSION';
  const ns = spec.legacy || session ? TIME_WINDOW : WINDOW_END;
  const key = keySize(spec.key, ctx, maxParallelismFor(ctx).value);
  const acc = accRow(spec.simpleAggregates);
  const open =
    spec.windowsOpen !== undefined && positive(spec.windowsOpen, 0) > 0
      ? { value: spec.windowsOpen, formula: `${fmt(spec.windowsOpen)} (declared)` }
      : spec.window
        ? windowsOpenAtOnce(spec.window)
        : { value: 1, formula: '1 (window not given; assumption)' };
  const n = spec.keyWindows ? safe(nonNeg(spec.keyWindows.value)) : safe(nonNeg(spec.keys) * open.value);
  const e = entryEstimate(
    'window accumulators',
    [
      { label: 'key group', bytes: key.prefixBytes },
      { label: 'key row', bytes: key.keyRow.bytes },
      ns,
      { label: 'acc row', bytes: acc.bytes },
      { label: 'rocks', bytes: a.rocksOverheadBytes },
    ],
    n,
    'key-windows',
  );
  const timerN = spec.timerWindows ? safe(nonNeg(spec.timerWindows.value)) : n;
  const timers = windowTimers(key, ctx, timerN, ns);
  // Session windows merge: MergingWindowSet keeps, per key, a MapState<TimeWindow, TimeWindow>
  // ('session-window-mapping', void namespace) from each open session to its state window.
  const mapping = session
    ? [
        entryEstimate(
          'session-window-mapping MapState<window, window>',
          [
            { label: 'key group', bytes: key.prefixBytes },
            { label: 'key row', bytes: key.keyRow.bytes },
            { label: 'void namespace', bytes: FLINK_FACTS.voidNamespaceBytes },
            { label: 'window', bytes: FLINK_FACTS.timeWindowBytes },
            { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes },
            { label: 'state window', bytes: FLINK_FACTS.timeWindowBytes },
            { label: 'rocks', bytes: a.rocksOverheadBytes },
          ],
          n,
          'sessions',
        ),
      ]
    : [];
  // A DISTINCT aggregate's map view is state-backed, in a MapState under the same slice namespace
  // (AggsHandlerCodeGenerator with PerWindowStateDataViewStore): an entry per value, key and slice.
  const distinct = (spec.distinct ?? []).map((d) => {
    const v = valueBytes(d.column, ctx);
    return entryEstimate(
      `${d.column.name} DISTINCT MapState<value, Long>`,
      [
        { label: 'key group', bytes: key.prefixBytes },
        { label: 'key row', bytes: key.keyRow.bytes },
        ns,
        { label: `value (${v.rule})`, bytes: v.bytes },
        { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes },
        { label: 'count', bytes: FLINK_FACTS.longBytes },
        { label: 'rocks', bytes: a.rocksOverheadBytes },
      ],
      safe(n * nonNeg(d.valuesPerKeyWindow)),
      'distinct values',
    );
  });
  return {
    name: spec.name ?? 'Window aggregation',
    kind: 'window-agg',
    stateBytes: safe(e.bytes + timers.bytes + sum([...distinct, ...mapping].map((d) => d.bytes))),
    entries: safe(e.entries + timers.entries + sum([...distinct, ...mapping].map((d) => d.entries))),
    terms: [
      term('windows open at once', open.value, 'ratio', open.formula),
      {
        label: 'key-windows',
        value: n,
        unit: 'rows',
        formula: spec.keyWindows
          ? spec.keyWindows.formula
          : `${fmt(nonNeg(spec.keys))} keys × ${fmt(open.value)} windows = ${fmt(n)}`,
      },
      term('accumulator row', acc.bytes, 'B/row', acc.formula),
      ...(spec.timerWindows ? [term('key-windows with a timer', timerN, 'rows', spec.timerWindows.formula)] : []),
      e.term,
      timers.term,
      ...mapping.map((d) => d.term),
      ...distinct.map((d) => d.term),
    ],
    notes: [
      session
        ? 'an accumulator row, a timer and a merging-window mapping entry per open session, namespaced by the session window; cleaned when the session fires, not by state TTL'
        : 'keys × windows open at once, an accumulator row and a timer each; windows are cleaned by timers when they fire, not by state TTL',
      ...(distinct.length ? ['a DISTINCT aggregate keeps one map entry per distinct value, key and slice'] : []),
      ...(spec.notes ?? []),
    ],
    estimated: true,
    writePattern: 'in-place',
    variableLength:
      hasVariableLength(key.keyRow) || (spec.distinct ?? []).some((d) => hasVariableLength(rowSize([d.column], ctx))),
  };
}

// ---------------------------------------------------------------------------------------------
// Window join

export interface WindowJoinSpec {
  name?: string;
  left: StreamSide;
  right: StreamSide;
  window: { kind: WindowKind; sizeSec: number; slideSec?: number; stepSec?: number };
  /** How far each input's watermark trails its rows; default assumptions.watermarkDelaySec. */
  leftWatermarkDelaySec?: number;
  rightWatermarkDelaySec?: number;
}

/**
 * Window join (WindowJoinOperator, flink-table-runtime operators.join.window; the same since 1.15):
 * per side a ListState<RowData> (`left-records`, `right-records`) keyed by the join key with the
 * window end as namespace (8 bytes); every row is added to its window's list and the list is
 * cleared when the window's timer fires (watermark past the window end). Rows held per side:
 * rate × (window size + watermark lag) × windows per row (a HOP or CUMULATE TVF puts a row into
 * ceil(size / slide or step) windows): the most a side holds, just before a window fires
 * (assumption: rows arrive in time order). One event-time timer per key and window end, shared
 * by both sides (the timer service keeps one per key, namespace and time).
 * RocksDB list state: one entry per key and window, its rows joined with a 1-byte delimiter.
 */
export function windowJoinState(spec: WindowJoinSpec, ctx: SizingContext): OperatorState {
  const a = ctx.assumptions;
  const maxPar = maxParallelismFor(ctx).value;
  const open = windowsOpenAtOnce(spec.window);
  const size = nonNeg(spec.window.sizeSec);
  const terms: Term[] = [term('windows per row', open.value, 'ratio', open.formula)];
  let bytes = 0;
  let entries = 0;
  let keyWindows = 0;
  let timerKey: KeySize | undefined;
  let variable = false;
  for (const [which, side, d] of [
    ['left', spec.left, spec.leftWatermarkDelaySec],
    ['right', spec.right, spec.rightWatermarkDelaySec],
  ] as const) {
    const lag = d !== undefined && Number.isFinite(d) ? nonNeg(d) : a.watermarkDelaySec;
    const key = keySize(side.keyColumns, ctx, maxPar);
    timerKey ??= key;
    const row: RowSize = rowSize(side.columns, ctx, side.rowBytes);
    variable ||= hasVariableLength(row) || hasVariableLength(key.keyRow);
    const rows = safe(nonNeg(side.ratePerSec) * (size + lag) * open.value);
    terms.push(
      term(
        `rows held ${which} ${side.name}`,
        rows,
        'rows',
        `${fmt(nonNeg(side.ratePerSec))} rows/s × (${fmt(size)} s window + ${fmt(lag)} s watermark lag${d === undefined ? ' assumed' : ''}) × ${fmt(open.value)} windows per row = ${fmt(rows)} rows`,
      ),
    );
    const k = keysAmong(rows, side);
    keyWindows = Math.max(keyWindows, k.keys);
    terms.push(term(`key-windows ${which} ${side.name}`, k.keys, 'rows', k.why));
    const list = entryEstimate(
      `${which} ${side.name} ListState entries (key, window end)`,
      [
        { label: 'key group', bytes: key.prefixBytes },
        { label: 'key row', bytes: key.keyRow.bytes },
        { label: 'window end', bytes: FLINK_FACTS.longBytes },
        { label: 'rocks', bytes: a.rocksOverheadBytes },
      ],
      k.keys,
      'key-windows',
    );
    const elems = entryEstimate(
      `${which} ${side.name} rows in the lists`,
      [
        { label: 'row', bytes: row.bytes },
        { label: 'delimiter', bytes: FLINK_FACTS.listDelimiterBytes },
      ],
      rows,
      'rows',
    );
    terms.push(list.term, elems.term);
    bytes += list.bytes + elems.bytes;
    entries += list.entries;
  }
  const tk = timerKey!;
  const timers = windowTimers(tk, ctx, keyWindows);
  terms.push(timers.term);
  return {
    name: spec.name ?? `Window join ${spec.left.name} ⋈ ${spec.right.name}`,
    kind: 'window-join',
    stateBytes: safe(bytes + timers.bytes),
    entries: safe(entries + timers.entries),
    terms,
    notes: [
      'each side holds the rows of its open windows: rate × (window + watermark lag) × windows per row, cleared when the window fires (Flink WindowJoinOperator)',
      'assumes rows arrive in time order and one row per key and window unless distinctKeys / rowsPerKey are declared',
      'cleaned by timers, not state TTL',
    ],
    estimated: true,
    writePattern: 'once',
    variableLength: variable,
  };
}

// ---------------------------------------------------------------------------------------------
// Deduplication and Top-N (ROW_NUMBER() over a partition), by the function Flink picks

export type DedupFunction =
  | 'ProcTimeDeduplicateKeepFirstRowFunction'
  | 'ProcTimeDeduplicateKeepLastRowFunction'
  | 'RowTimeDeduplicateFunction';

export interface DeduplicateSpec {
  name: string;
  /** Undefined: a ROW_NUMBER() in front of a join chain whose function is not a deduplication's (a Top-N) or unknown: the row is kept. */
  fn?: DedupFunction;
  /** The PARTITION BY key. */
  keyColumns: Column[];
  /** The row kept (the input's columns the query reads). */
  columns: Column[];
  /** Distinct partition keys. */
  keys: number;
  rowBytes?: number;
}

/**
 * Deduplication (StreamExecDeduplicate, flink-table-runtime operators.deduplicate; the same since
 * 1.15): one ValueState per partition key (`deduplicate-state`, with the state TTL when set).
 * ProcTimeDeduplicateKeepFirstRowFunction keeps a ValueState<Boolean> ("has this key been seen"):
 * one byte, written once per key. ProcTimeDeduplicateKeepLastRowFunction and RowTimeDeduplicateFunction
 * (first or last row by event time) keep the row itself, rewritten as rows replace it.
 * Mini-batch variants (ProcTimeMiniBatchDeduplicate..., RowTimeMiniBatchDeduplicateFunction) keep the same state.
 */
export function deduplicateState(spec: DeduplicateSpec, ctx: SizingContext): OperatorState {
  const a = ctx.assumptions;
  const key = keySize(spec.keyColumns, ctx, maxParallelismFor(ctx).value);
  const ttl = ttlBytesFor(ctx);
  const first = spec.fn === 'ProcTimeDeduplicateKeepFirstRowFunction';
  const row = first ? undefined : rowSize(spec.columns, ctx, spec.rowBytes);
  const keys = nonNeg(spec.keys);
  const e = entryEstimate(
    first ? 'ValueState<Boolean> per key' : 'ValueState<row> per key',
    [
      { label: 'key', bytes: key.bytes },
      first ? { label: 'Boolean', bytes: FLINK_FACTS.booleanBytes } : { label: 'row', bytes: row!.bytes },
      { label: 'rocks', bytes: a.rocksOverheadBytes },
      { label: 'ttl', bytes: ttl },
    ],
    keys,
    'keys',
  );
  return {
    name: spec.name,
    kind: 'dedup',
    stateBytes: e.bytes,
    entries: e.entries,
    terms: [
      term('key', key.bytes, 'bytes', key.formula),
      ...(row ? [term('row', row.bytes, 'B/row', row.formula)] : []),
      e.term,
    ],
    notes: [
      first
        ? `${spec.fn}: a ValueState<Boolean> per key (1 byte: has the key been seen), not the row; written once per key`
        : `${spec.fn ?? 'assumption: a deduplication keeping the latest row'}: the kept row per key in a ValueState<RowData>, rewritten when a row replaces it`,
      ttl ? 'cleaned by the state TTL' : 'no state TTL: one entry per key ever seen, never cleaned',
    ],
    estimated: true,
    writePattern: first ? 'once' : 'in-place',
    variableLength: hasVariableLength(key.keyRow) || (row ? hasVariableLength(row) : false),
  };
}

export type TopNFunction =
  | 'AppendOnlyFirstNFunction'
  | 'FastTop1Function'
  | 'AppendOnlyTopNFunction'
  | 'UpdatableTopNFunction'
  | 'RetractableTopNFunction';

export interface TopNSpec {
  name: string;
  fn: TopNFunction;
  /** The rank end: ROW_NUMBER() <= n. */
  n: number;
  /** The PARTITION BY key. */
  keyColumns: Column[];
  /** The ORDER BY columns (the sort key). */
  sortColumns: Column[];
  /** The row kept (the input's columns the query reads). */
  columns: Column[];
  /** UpdatableTopNFunction: the input's upsert key (its map key). */
  rowKeyColumns?: Column[];
  /** Distinct partition keys. */
  partitions: number;
  /** RetractableTopNFunction: the input's live rows, all partitions together. */
  liveRows?: number;
  rowBytes?: number;
}

/**
 * Top-N by the function StreamExecRank picks (flink-table-runtime operators.rank; the same since
 * 1.15, FastTop1Function since 1.14), keyed by the partition key, all with the state TTL when set:
 *
 * - AppendOnlyFirstNFunction: ValueState<Integer> (how many rows were emitted), 4 bytes per partition.
 * - FastTop1Function: ValueState<RowData>, the current top row per partition.
 * - AppendOnlyTopNFunction: MapState<sortKey, List<RowData>> (`data-state-with-append`) holding
 *   only the top N rows; entries = partitions × N (assumption: every partition has N rows, each
 *   with its own sort key).
 * - UpdatableTopNFunction: MapState<rowKey, Tuple2<RowData, Integer>> (`data-state-with-update`):
 *   the top N rows by their upsert key, with their position among equal sort keys; partitions × N.
 * - RetractableTopNFunction: MapState<sortKey, List<RowData>> (`data-state`) with every live row
 *   of the partition, not only the top N (a retraction may promote any of them), and a
 *   ValueState<SortedMap<sortKey, Long>> (`sorted-map`) per partition: one value holding every
 *   sort key of the partition with its count, rewritten on every change.
 */
export function topNState(spec: TopNSpec, ctx: SizingContext): OperatorState {
  const key = keySize(spec.keyColumns, ctx, maxParallelismFor(ctx).value);
  const ttl = ttlBytesFor(ctx);
  const row = rowSize(spec.columns, ctx, spec.rowBytes);
  const t: TopNSizes = {
    spec,
    ctx,
    key,
    row,
    sortKey: rowSize(spec.sortColumns, ctx),
    n: Math.max(0, Math.floor(nonNeg(spec.n))),
    partitions: nonNeg(spec.partitions),
    rocks: { label: 'rocks', bytes: ctx.assumptions.rocksOverheadBytes },
    ttl: { label: 'ttl', bytes: ttl },
  };
  const state = TOP_N_STATE[spec.fn](t);
  const terms: Term[] = [
    term('key', key.bytes, 'bytes', key.formula),
    term('row', row.bytes, 'B/row', row.formula),
    ...state.terms,
    ...state.parts.map((x) => x.term),
  ];
  const notes = [...state.notes, ttl ? 'cleaned by the state TTL' : 'no state TTL: partitions are never cleaned'];
  return {
    name: spec.name,
    kind: 'top-n',
    stateBytes: safe(sum(state.parts.map((x) => x.bytes))),
    entries: safe(sum(state.parts.map((x) => x.entries))),
    terms,
    notes,
    estimated: true,
    // The counter of AppendOnlyFirstNFunction is written at most N times per partition, then left
    // alone (counted as once); every other Top-N rewrites its entries as the top rows change.
    writePattern: spec.fn === 'AppendOnlyFirstNFunction' ? 'once' : 'in-place',
    variableLength: state.variable,
  };
}

/** What every Top-N function's state is sized from: the partition key, the row, the sort key, N and the partitions. */
interface TopNSizes {
  spec: TopNSpec;
  ctx: SizingContext;
  key: KeySize;
  row: RowSize;
  sortKey: RowSize;
  n: number;
  partitions: number;
  rocks: EntryPart;
  ttl: EntryPart;
}

/** One Top-N function's state: its entries (after the key and row terms, its own terms), notes, and whether it varies in length. */
interface TopNState {
  parts: { bytes: number; entries: number; term: Term }[];
  terms: Term[];
  notes: string[];
  variable: boolean;
}

/** The state of each Top-N function StreamExecRank picks (see topNState). */
const TOP_N_STATE: Record<TopNFunction, (t: TopNSizes) => TopNState> = {
  AppendOnlyFirstNFunction: firstNCounterState,
  FastTop1Function: top1RowState,
  AppendOnlyTopNFunction: appendOnlyTopNState,
  UpdatableTopNFunction: updatableTopNState,
  RetractableTopNFunction: retractableTopNState,
};

/** Key and row vary in length: the state of a function that keeps rows. */
const rowsVary = (t: TopNSizes) => hasVariableLength(t.key.keyRow) || hasVariableLength(t.row);

/** AppendOnlyFirstNFunction: a counter per partition; the rows are emitted and forgotten. */
function firstNCounterState(t: TopNSizes): TopNState {
  return {
    parts: [
      entryEstimate(
        'ValueState<Integer> counter per partition',
        [{ label: 'key', bytes: t.key.bytes }, { label: 'Integer', bytes: FLINK_FACTS.intBytes }, t.rocks, t.ttl],
        t.partitions,
        'partitions',
      ),
    ],
    terms: [],
    notes: [
      'AppendOnlyFirstNFunction: the first N rows by processing time are emitted and forgotten; only a counter per partition is kept',
    ],
    variable: hasVariableLength(t.key.keyRow),
  };
}

/** FastTop1Function: the current top row per partition. */
function top1RowState(t: TopNSizes): TopNState {
  return {
    parts: [
      entryEstimate(
        'ValueState<row> per partition',
        [{ label: 'key', bytes: t.key.bytes }, { label: 'row', bytes: t.row.bytes }, t.rocks, t.ttl],
        t.partitions,
        'partitions',
      ),
    ],
    terms: [],
    notes: ['FastTop1Function: the current top row per partition'],
    variable: rowsVary(t),
  };
}

/** A MapState<sortKey, List<RowData>> of `count` rows, each under its own sort key (Append-only and Retractable Top-N). */
function rowsBySortKey(t: TopNSizes, label: string, count: number): EntryEstimate {
  return entryEstimate(
    label,
    [
      { label: 'key', bytes: t.key.bytes },
      { label: 'sort key', bytes: t.sortKey.bytes },
      { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes },
      { label: 'list size', bytes: FLINK_FACTS.collectionSizeBytes },
      { label: 'row', bytes: t.row.bytes },
      t.rocks,
      t.ttl,
    ],
    count,
    'rows',
  );
}

/** AppendOnlyTopNFunction: the top N rows per partition by their sort key. */
function appendOnlyTopNState(t: TopNSizes): TopNState {
  const { sortKey, n } = t;
  return {
    parts: [rowsBySortKey(t, 'MapState<sortKey, List<row>> entries (top N rows)', safe(t.partitions * n))],
    terms: [term('sort key', sortKey.bytes, 'B/row', sortKey.formula)],
    notes: [
      `AppendOnlyTopNFunction: the top ${n} rows per partition (assumption: each partition has ${n}, each with its own sort key)`,
    ],
    variable: rowsVary(t) || hasVariableLength(sortKey),
  };
}

/** UpdatableTopNFunction: the top N rows per partition by their upsert key, with their position. */
function updatableTopNState(t: TopNSizes): TopNState {
  const { n } = t;
  const rowKey = rowSize(t.spec.rowKeyColumns ?? t.spec.keyColumns, t.ctx);
  return {
    parts: [
      entryEstimate(
        'MapState<rowKey, Tuple2<row, Integer>> entries (top N rows)',
        [
          { label: 'key', bytes: t.key.bytes },
          { label: 'row key', bytes: rowKey.bytes },
          { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes },
          { label: 'row', bytes: t.row.bytes },
          { label: 'Integer', bytes: FLINK_FACTS.intBytes },
          t.rocks,
          t.ttl,
        ],
        safe(t.partitions * n),
        'rows',
      ),
    ],
    terms: [term('row key', rowKey.bytes, 'B/row', rowKey.formula)],
    notes: [
      `UpdatableTopNFunction: the top ${n} rows per partition by their upsert key (assumption: each partition has ${n})`,
    ],
    variable: rowsVary(t) || hasVariableLength(rowKey),
  };
}

/**
 * RetractableTopNFunction: every live row by its sort key, and per partition one sorted map of the
 * sort keys with their counts (its entries counted in bytes, not as RocksDB entries).
 */
function retractableTopNState(t: TopNSizes): TopNState {
  const { sortKey, n, partitions } = t;
  const live = nonNeg(t.spec.liveRows);
  const parts2 = Math.min(partitions, live);
  const inMap = entryEstimate(
    'sorted-map: an entry per live sort key inside those values',
    [
      { label: 'sort key', bytes: sortKey.bytes },
      { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes },
      { label: 'Long count', bytes: FLINK_FACTS.longBytes },
    ],
    live,
    'sort keys',
  );
  return {
    parts: [
      rowsBySortKey(t, 'data-state MapState<sortKey, List<row>>: every live row', live),
      entryEstimate(
        'sorted-map ValueState<SortedMap<sortKey, Long>>: one value per partition',
        [
          { label: 'key', bytes: t.key.bytes },
          { label: 'map size', bytes: FLINK_FACTS.collectionSizeBytes },
          t.rocks,
          t.ttl,
        ],
        parts2,
        'partitions',
      ),
      { bytes: inMap.bytes, entries: 0, term: inMap.term },
    ],
    terms: [
      term('sort key', sortKey.bytes, 'B/row', sortKey.formula),
      term('partitions', parts2, 'keys', `min(${fmt(partitions)} partitions, ${fmt(live)} live rows) = ${fmt(parts2)}`),
    ],
    notes: [
      `RetractableTopNFunction holds every live row of its input (${fmt(live)}), not the top ${n}: a retraction can promote any row, so this state can be very large; an input with an upsert key that contains the partition key, ordered by a monotonic column (COUNT or MAX descending, MIN ascending), lets Flink use UpdatableTopNFunction instead`,
      'assumption: every live row has its own sort key; the sorted map of a partition is one RocksDB value, rewritten whole on every change',
    ],
    variable: rowsVary(t) || hasVariableLength(sortKey),
  };
}

/** An operator the model does not cover: state unknown (not zero), with the reason. */
export function notEstimated(name: string, kind: string, reason: string): OperatorState {
  return {
    name,
    kind: 'not-estimated',
    stateBytes: 0,
    entries: 0,
    terms: [],
    notes: [`${kind}: state not estimated: ${reason}`],
    estimated: false,
    reason,
  };
}
