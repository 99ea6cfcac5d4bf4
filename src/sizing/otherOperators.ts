// Section 3.5 of sizing-model.md: rows held by an input, and the state of stateful operators
// other than regular joins. Anything the model does not cover is reported with
// notEstimated(), never as a silent zero.
import { FLINK_FACTS } from './defaults';
import { entryEstimate, lazyTerm, maxParallelismFor, ttlBytesFor, ttlEnabled } from './entry';
import { ceilSafe, fmt, nonNeg, positive, safe, sum } from './num';
import { type Column, keySize, nullBitsBytes, parseType, rowSize } from './rowSize';
import type { OperatorState, SizingContext, Term } from './types';

// ---------------------------------------------------------------------------------------------
// Rows held (3.5)

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
  const rate = typeof input.ratePerSec === 'number' && Number.isFinite(input.ratePerSec) ? nonNeg(input.ratePerSec) : undefined;
  const declared = typeof input.rows === 'number' && Number.isFinite(input.rows) ? nonNeg(input.rows) : undefined;
  const appendOnlyNoU = !hasU && (input.appendOnly === true || (input.appendOnly === undefined && declared === undefined && rate !== undefined));
  const unbounded = appendOnlyNoU && !ttl;
  const notes: string[] = [];
  if (unbounded) notes.push(`${name} is append-only without a unique key and no state TTL is set: its join state grows without bound`);
  if (declared !== undefined) {
    return {
      rows: declared,
      source: 'declared',
      unbounded,
      term: lazyTerm(`rows held ${name}`, declared, 'rows', () => `${fmt(declared)} rows (${hasU ? 'distinct keys' : 'declared'})`),
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
      term: lazyTerm(`rows held ${name}`, rows, 'rows', () => `${fmt(rate)} rows/s × ${fmt(retention)} s (${why()}) = ${fmt(rows)} rows`),
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
}

export interface IntervalJoinSpec {
  name?: string;
  left: StreamSide;
  right: StreamSide;
  /** Length of the time interval (upper − lower bound), seconds. */
  intervalSec: number;
  allowedLatenessSec?: number;
}

/**
 * Interval join (TimeIntervalJoin): each side keeps MapState<Long ts, List<Tuple2<row, Boolean>>>
 * keyed by the join key, holding rate × (interval + lateness) rows. Assumption: one row per
 * timestamp per key, so each row is its own map entry. Rows are cleaned by timers, not TTL.
 */
export function intervalJoinState(spec: IntervalJoinSpec, ctx: SizingContext): OperatorState {
  const a = ctx.assumptions;
  const maxPar = maxParallelismFor(ctx).value;
  const span = nonNeg(spec.intervalSec) + nonNeg(spec.allowedLatenessSec);
  const terms: Term[] = [];
  let bytes = 0;
  let entries = 0;
  for (const [which, side] of [['left', spec.left], ['right', spec.right]] as const) {
    const key = keySize(side.keyColumns, a, maxPar);
    const row = rowSize(side.columns, a, side.rowBytes);
    const rows = safe(nonNeg(side.ratePerSec) * span);
    terms.push({ label: `rows held ${which} ${side.name}`, value: rows, unit: 'rows', formula: `${fmt(nonNeg(side.ratePerSec))} rows/s × (${fmt(nonNeg(spec.intervalSec))} s interval + ${fmt(nonNeg(spec.allowedLatenessSec))} s lateness) = ${fmt(rows)} rows` });
    const e = entryEstimate(`${which} ${side.name} MapState<ts, List<row>>`, [
      { label: 'key', bytes: key.bytes },
      { label: 'ts', bytes: FLINK_FACTS.longBytes },
      { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes },
      { label: 'list size', bytes: FLINK_FACTS.collectionSizeBytes },
      { label: 'row', bytes: row.bytes },
      { label: 'flag', bytes: FLINK_FACTS.booleanBytes },
      { label: 'rocks', bytes: a.rocksOverheadBytes },
    ], rows, 'rows');
    terms.push(e.term);
    bytes += e.bytes;
    entries += e.entries;
  }
  return {
    name: spec.name ?? `Interval join ${spec.left.name} ⋈ ${spec.right.name}`,
    kind: 'interval-join',
    stateBytes: safe(bytes),
    entries: safe(entries),
    terms,
    notes: ['each side holds rate × (interval + allowed lateness) rows; assumes one row per timestamp per key', 'cleaned by event-time timers, not state TTL'],
    estimated: true,
  };
}

export interface TemporalJoinSpec {
  name?: string;
  time: 'event' | 'processing';
  /** The streaming (probe) side. */
  probe: StreamSide;
  /** The versioned table side: `rows` = its distinct primary keys. */
  versioned: { name: string; columns: Column[]; keyColumns: Column[]; rows: number; rowBytes?: number };
  /** How long probe rows wait for the watermark; default assumptions.watermarkDelaySec. */
  watermarkDelaySec?: number;
}

/**
 * Event-time temporal join (TemporalRowTimeJoinOperator): the versioned side keeps its latest
 * version per key (MapState<Long, row>, older versions are dropped once the watermark passes);
 * the probe side buffers its rows until the watermark passes them: rate × watermark delay
 * (assumption). Processing-time temporal joins hold no join state.
 */
export function temporalJoinState(spec: TemporalJoinSpec, ctx: SizingContext): OperatorState {
  const name = spec.name ?? `Temporal join ${spec.probe.name} ⋈ ${spec.versioned.name}`;
  if (spec.time === 'processing') return lookupJoinState(name, 'processing-time temporal join');
  const a = ctx.assumptions;
  const maxPar = maxParallelismFor(ctx).value;
  const delay = spec.watermarkDelaySec !== undefined ? nonNeg(spec.watermarkDelaySec) : a.watermarkDelaySec;
  const vKey = keySize(spec.versioned.keyColumns, a, maxPar);
  const vRow = rowSize(spec.versioned.columns, a, spec.versioned.rowBytes);
  const pKey = keySize(spec.probe.keyColumns, a, maxPar);
  const pRow = rowSize(spec.probe.columns, a, spec.probe.rowBytes);
  const vRows = nonNeg(spec.versioned.rows);
  const pRows = safe(nonNeg(spec.probe.ratePerSec) * delay);
  const common = [{ label: 'ts', bytes: FLINK_FACTS.longBytes }, { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes }];
  const v = entryEstimate(`versioned ${spec.versioned.name} (latest version per key)`, [{ label: 'key', bytes: vKey.bytes }, ...common, { label: 'row', bytes: vRow.bytes }, { label: 'rocks', bytes: a.rocksOverheadBytes }], vRows, 'keys');
  const p = entryEstimate(`probe ${spec.probe.name} buffered until watermark`, [{ label: 'key', bytes: pKey.bytes }, ...common, { label: 'row', bytes: pRow.bytes }, { label: 'rocks', bytes: a.rocksOverheadBytes }], pRows, 'rows');
  return {
    name,
    kind: 'temporal-join',
    stateBytes: safe(v.bytes + p.bytes),
    entries: safe(v.entries + p.entries),
    terms: [
      { label: `rows buffered ${spec.probe.name}`, value: pRows, unit: 'rows', formula: `${fmt(nonNeg(spec.probe.ratePerSec))} rows/s × ${fmt(delay)} s watermark delay = ${fmt(pRows)} rows` },
      v.term,
      p.term,
    ],
    notes: [
      'versioned side: latest version per key (older versions are dropped once the watermark passes them)',
      `probe side: rows wait about one watermark delay (${fmt(delay)} s, ${spec.watermarkDelaySec !== undefined ? 'declared' : 'assumption watermarkDelaySec'})`,
    ],
    estimated: true,
  };
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
      const L = col.avgBytes !== undefined && Number.isFinite(col.avgBytes) && col.avgBytes >= 0
        ? col.avgBytes
        : t.kind === 'collection'
          ? a.avgCollectionBytes
          : t.base === 'CHAR' || t.base === 'BINARY'
            ? t.length ?? 1
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

export interface GroupAggSpec {
  name?: string;
  groupKey: Column[];
  /** Distinct group-key values. */
  groups: number;
  /** Simple aggregates (SUM, COUNT, MIN, MAX: one 8-byte field each; AVG counts as 2). */
  simpleAggregates: number;
  /** COUNT(DISTINCT column): a MapState entry per distinct value per group. */
  distinct?: { column: Column; valuesPerGroup: number }[];
}

/**
 * Group aggregation (GroupAggFunction): one accumulator row per group key (8 bytes per simple
 * aggregate, ValueState); COUNT(DISTINCT x) adds MapState<x, Long> entries, one per distinct value.
 */
export function groupAggState(spec: GroupAggSpec, ctx: SizingContext): OperatorState {
  const a = ctx.assumptions;
  const key = keySize(spec.groupKey, a, maxParallelismFor(ctx).value);
  const ttl = ttlBytesFor(ctx);
  const acc = accRow(spec.simpleAggregates);
  const groups = nonNeg(spec.groups);
  const accE = entryEstimate('accumulators ValueState<row>', [
    { label: 'key', bytes: key.bytes }, { label: 'acc row', bytes: acc.bytes }, { label: 'rocks', bytes: a.rocksOverheadBytes }, { label: 'ttl', bytes: ttl },
  ], groups, 'groups');
  const terms: Term[] = [lazyTerm('accumulator row', acc.bytes, 'B/row', () => acc.formula), accE.term];
  let bytes = accE.bytes;
  let entries = accE.entries;
  for (const d of spec.distinct ?? []) {
    const v = valueBytes(d.column, ctx);
    const n = safe(groups * nonNeg(d.valuesPerGroup));
    const e = entryEstimate(`COUNT(DISTINCT ${d.column.name}) MapState<value, Long>`, [
      { label: 'key', bytes: key.bytes }, { label: `value (${v.rule})`, bytes: v.bytes }, { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes },
      { label: 'count', bytes: FLINK_FACTS.longBytes }, { label: 'rocks', bytes: a.rocksOverheadBytes }, { label: 'ttl', bytes: ttl },
    ], n, 'distinct values');
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
    notes: ['one accumulator row per group key, 8 bytes per simple aggregate', ...(spec.distinct?.length ? ['COUNT(DISTINCT) keeps one map entry per distinct value per group'] : [])],
    estimated: true,
  };
}

export type WindowKind = 'TUMBLE' | 'HOP' | 'CUMULATE' | 'SESSION';

/** Windows (slices) open at once per key: TUMBLE 1, HOP ceil(size/slide), CUMULATE ceil(size/step), SESSION 1. */
export function windowsOpenAtOnce(w: { kind: WindowKind; sizeSec: number; slideSec?: number; stepSec?: number }): { value: number; formula: string } {
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
}

/**
 * Window aggregation (window TVF, slicing): keys × windows open at once accumulator rows; the
 * namespace is the window (slice) end, a long (8 bytes) instead of the void namespace byte.
 */
export function windowAggState(spec: WindowAggSpec, ctx: SizingContext): OperatorState {
  const a = ctx.assumptions;
  const key = keySize(spec.key, a, maxParallelismFor(ctx).value);
  const acc = accRow(spec.simpleAggregates);
  const open = spec.windowsOpen !== undefined && positive(spec.windowsOpen, 0) > 0
    ? { value: spec.windowsOpen, formula: `${fmt(spec.windowsOpen)} (declared)` }
    : spec.window
      ? windowsOpenAtOnce(spec.window)
      : { value: 1, formula: '1 (window not given; assumption)' };
  const n = safe(nonNeg(spec.keys) * open.value);
  const e = entryEstimate('window accumulators', [
    { label: 'key group', bytes: key.prefixBytes }, { label: 'key row', bytes: key.keyRow.bytes }, { label: 'window end', bytes: FLINK_FACTS.longBytes },
    { label: 'acc row', bytes: acc.bytes }, { label: 'rocks', bytes: a.rocksOverheadBytes },
  ], n, 'key-windows');
  return {
    name: spec.name ?? 'Window aggregation',
    kind: 'window-agg',
    stateBytes: e.bytes,
    entries: e.entries,
    terms: [
      lazyTerm('windows open at once', open.value, 'ratio', () => open.formula),
      { label: 'key-windows', value: n, unit: 'rows', formula: `${fmt(nonNeg(spec.keys))} keys × ${fmt(open.value)} windows = ${fmt(n)}` },
      lazyTerm('accumulator row', acc.bytes, 'B/row', () => acc.formula),
      e.term,
    ],
    notes: ['keys × windows open at once; windows are cleaned by timers, not state TTL'],
    estimated: true,
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
  };
}

/** Sum of estimated operators, and the names of those that could not be estimated. */
export function totalState(ops: readonly OperatorState[]): { stateBytes: number; notEstimated: string[] } {
  return {
    stateBytes: safe(sum(ops.filter((o) => o.estimated !== false).map((o) => o.stateBytes))),
    notEstimated: ops.filter((o) => o.estimated === false).map((o) => o.name),
  };
}
