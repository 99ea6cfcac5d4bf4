// Sections 3.1-3.5 of docs/sizing-model.md: regular join state, the left-deep binary chain
// (Table API plan), MultiJoin (Flink >= 2.1) and the DataStream union rewrite, plus the
// deduplication ValueState in front of a join.
//
// Per entry (key = key group + key row + namespace byte, see rowSize.ts):
//   join key contains U    ValueState<row>       key + row + rocks (+ ttl)
//   U not in join key      MapState<U,row>       key + ukRow + 1 + row + rocks (+ ttl)
//   no U                   MapState<row,count>   key + row + 1 + 4 + rocks (+ ttl)
//   outer (preserved) side                       + 4 association counter
import { FLINK_FACTS } from './defaults';
import { type EntryEstimate, entryEstimate, term, maxParallelismFor, ttlBytesFor } from './entry';
import { fmt, positive, safe, sum } from './num';
import { deduplicateState, rowsHeld, type RowsHeld, type RowsHeldInput } from './otherOperators';
import {
  type Column,
  combineParts,
  hasVariableLength,
  type KeySize,
  keySize,
  type RowPart,
  rowPart,
  type RowSize,
  rowSize,
} from './rowSize';
import type { OperatorState, PlanEstimate, SizingContext, Term, Warning } from './types';
import { isSideUnique, joinUpsertKeys, type Key, type Keys, smallestKey } from './upsertKeys';

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS';

export interface ChainInput {
  /** Table name. */
  name: string;
  /** Columns this input contributes after projection (key columns included). */
  columns: Column[];
  /** U: column names of this input's unique key. */
  uniqueKey?: string[];
  /** Live rows held (upsert: distinct keys). */
  rows?: number;
  /** Append-only: rows per second. */
  ratePerSec?: number;
  /** Append-only: how long rows are held (else TTL, else planning horizon). */
  retentionSec?: number;
  /** True when no unique key and the source is append-only. */
  appendOnly?: boolean;
  /** Rows per distinct join-key value (default: rows / the key group's distinct keys; 1 when U ⊆ join key). */
  rowsPerKey?: number;
  /** Distinct join-key values in this input (declared), for its key group when no input has U ⊆ join key. */
  distinctKeys?: number;
  /** Default from assumptions. */
  matchRate?: number;
  /** Overrides the computed row size of this input's projected row. */
  rowBytes?: number;
  /** A ROW_NUMBER() = 1 deduplication sits in front of this input. */
  dedup?: boolean;
  /** The function Flink runs it with (deduplication or Top-N, see otherOperators.ts), when known. */
  dedupFn?: string;
  /** State TTL of this input alone (a STATE_TTL query hint), seconds. */
  stateTtlSec?: number;
  /** Its rows (or rate) are a documented default, not declared: see keylessOnAssumedRows. */
  rowsAssumed?: boolean;
}

export interface ChainJoin {
  type: JoinType;
  /** Equi-keys: inputs[leftInput].leftColumn = this join's right input column. */
  keys: { leftInput: number; leftColumn: string; rightColumn: string }[];
  /** 0-based key group (consecutive joins on one common key share it). */
  keyGroup: number;
}

/** joins[i] joins inputs[i+1] to the result of inputs[0..i] (left-deep, source order). */
export interface ChainSpec {
  inputs: ChainInput[];
  joins: ChainJoin[];
}

export interface ChainEstimate {
  binary: PlanEstimate;
  multiJoin: PlanEstimate & { available: boolean; reason: string };
  union: PlanEstimate & { stages: number; layout: UnionStageLayout[] };
  /** binary.stateBytes / union.stateBytes (1 when both are 0). */
  amplification: number;
  /** The statistics every plan uses: per key group, its distinct keys and each input's rows per key. */
  keyGroups: KeyGroupStatistics[];
  /** R1..Rn of the binary chain: rows and row size of each intermediate result. */
  intermediates: IntermediateInfo[];
  warnings: Warning[];
  /**
   * Set when the chain has no estimate, with the reason: its plans then hold nothing (0 bytes,
   * no operators) and its amplification is 1, never a figure built on a guess.
   */
  notEstimated?: string;
}

export interface IntermediateInfo {
  /** "R1" is T1 itself (its table name), then "R2".."Rn". */
  label: string;
  rows: number;
  rowBytes: number;
  arity: number;
  /** T1's unique key while it propagates (3.2), else undefined. */
  uniqueKey?: string[];
}

// ---------------------------------------------------------------------------------------------
// 3.1 one join side

export type JoinStateView = 'ValueState<row>' | 'MapState<U,row>' | 'MapState<row,count>';

export interface JoinSideSpec {
  label: string;
  key: KeySize;
  row: RowSize;
  rows: number;
  /** The side has a unique key contained in its join key. */
  uniqueInKey: boolean;
  /** Row of the unique key columns when the side has a unique key that is not in the join key. */
  uniqueKeyRow?: RowSize;
  /** Preserved side of an outer join (LEFT: left, RIGHT: right, FULL: both). */
  outer: boolean;
}

export interface JoinSideState {
  view: JoinStateView;
  entries: number;
  perEntry: number;
  bytes: number;
  term: Term;
}

/** Section 3.1: the state one side of a regular join keeps (JoinRecordStateViews / OuterJoinRecordStateViews). */
export function joinSideState(side: JoinSideSpec, ctx: SizingContext): JoinSideState {
  const a = ctx.assumptions;
  const ttl = ttlBytesFor(ctx);
  const outer = side.outer ? FLINK_FACTS.outerCounterBytes : 0;
  const rocks = a.rocksOverheadBytes;
  let view: JoinStateView;
  let parts: { label: string; bytes: number }[];
  if (side.uniqueInKey) {
    view = 'ValueState<row>';
    parts = [
      { label: 'key', bytes: side.key.bytes },
      { label: 'row', bytes: side.row.bytes },
    ];
  } else if (side.uniqueKeyRow) {
    view = 'MapState<U,row>';
    parts = [
      { label: 'key', bytes: side.key.bytes },
      { label: 'U row', bytes: side.uniqueKeyRow.bytes },
      { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes },
      { label: 'row', bytes: side.row.bytes },
    ];
  } else {
    view = 'MapState<row,count>';
    parts = [
      { label: 'key', bytes: side.key.bytes },
      { label: 'row', bytes: side.row.bytes },
      { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes },
      { label: 'count', bytes: FLINK_FACTS.countBytes },
    ];
  }
  parts.push({ label: 'outer counter', bytes: outer }, { label: 'rocks', bytes: rocks }, { label: 'ttl', bytes: ttl });
  const e = entryEstimate(`${side.label} ${view}`, parts, side.rows, 'rows');
  return { view, entries: e.entries, perEntry: e.perEntry, bytes: e.bytes, term: e.term };
}

// ---------------------------------------------------------------------------------------------
// 3.1 applied to a semi or anti join

export interface SemiJoinSideSpec {
  label: string;
  keyColumns: Column[];
  /** The columns the side keeps (the subquery's side: its key only). */
  columns: Column[];
  uniqueKey?: string[];
  input: RowsHeldInput;
}

/**
 * A semi or anti join of an IN / EXISTS subquery (StreamingSemiAntiJoinOperator, Flink 1.18+):
 * each side a JoinRecordStateView keyed by the equi-key, as one side of a regular inner join
 * (3.1), its rows held as 3.6 says.
 */
export function semiJoinState(
  spec: { name: string; anti: boolean; left: SemiJoinSideSpec; right: SemiJoinSideSpec },
  ctx: SizingContext,
): OperatorState {
  const maxP = maxParallelismFor(ctx).value;
  const sides = [spec.left, spec.right].map((side) => {
    const held = rowsHeld(side.input, ctx);
    const key = keySize(side.keyColumns, ctx, maxP);
    const row = rowSize(side.columns, ctx);
    const inKey = (c: string) => side.keyColumns.some((k) => eq(k.name, c));
    const kept = (c: string) => side.columns.some((k) => eq(k.name, c));
    const u = side.uniqueKey?.length ? side.uniqueKey : undefined;
    // A unique key the side's projection drops is no key of what the join keeps.
    const uniqueInKey = !!u && u.every(inKey);
    const uniqueCols =
      u && !uniqueInKey && u.every(kept) ? side.columns.filter((c) => u.some((x) => eq(x, c.name))) : undefined;
    const state = joinSideState(
      {
        label: side.label,
        key,
        row,
        rows: held.rows,
        uniqueInKey,
        uniqueKeyRow: uniqueCols && rowSize(uniqueCols, ctx),
        outer: false,
      },
      ctx,
    );
    return { label: side.label, held, row, state };
  });
  return {
    name: spec.name,
    kind: spec.anti ? 'anti-join' : 'semi-join',
    stateBytes: safe(sum(sides.map((x) => x.state.bytes))),
    entries: safe(sum(sides.map((x) => x.state.entries))),
    terms: sides.flatMap((x) => [
      x.held.term,
      term(`row ${x.label}`, x.row.bytes, 'B/row', x.row.formula),
      x.state.term,
    ]),
    notes: [
      `${spec.anti ? 'anti' : 'semi'} join (StreamingSemiAntiJoinOperator): both inputs' rows, keyed by the join key`,
      ...sides.flatMap((x) => x.held.notes),
    ],
    estimated: true,
    writePattern: 'in-place',
    variableLength: sides.some((x) => hasVariableLength(x.row)),
  };
}

// ---------------------------------------------------------------------------------------------
// Inputs resolved once per estimate

interface Resolved {
  index: number;
  name: string;
  part: RowPart;
  row: RowSize;
  held: RowsHeld;
  rows: number;
  unique?: string[];
  uniqueCols?: Column[];
  uniqueInKey: boolean;
  keyCols: Column[];
  rowsPerKey: number;
  matchRate: number;
  dedup: boolean;
}

const eq = (x: string, y: string) => x.toLowerCase() === y.toLowerCase();

function findColumn(input: ChainInput | undefined, name: string, warnings: Warning[]): Column {
  const c = input?.columns.find((col) => eq(col.name, name));
  if (c) return c;
  warnings.push({
    code: 'unknown-column',
    message: `column ${name} is not among the columns of ${input?.name ?? '?'}; sized as STRING`,
    input: input?.name,
  });
  return { name, type: 'STRING' };
}

function containsAll(set: readonly string[], sub: readonly string[] | undefined): boolean {
  return !!sub && sub.length > 0 && sub.every((s) => set.some((x) => eq(x, s)));
}

function resolveInputs(chain: ChainSpec, ctx: SizingContext, warnings: Warning[]): Resolved[] {
  const a = ctx.assumptions;
  return chain.inputs.map((input, i) => {
    const join = ownJoin(chain, i);
    const keyNames = !join
      ? []
      : i === 0
        ? join.keys.filter((k) => k.leftInput === 0).map((k) => k.leftColumn)
        : join.keys.map((k) => k.rightColumn);
    const keyCols = keyNames.map((n) => findColumn(input, n, warnings));
    let unique = input.uniqueKey && input.uniqueKey.length > 0 ? input.uniqueKey : undefined;
    const dedup = input.dedup === true;
    if (!unique && dedup && keyNames.length > 0) unique = keyNames; // assumption: deduplicated on its join key
    const uniqueCols = unique?.map((n) => findColumn(input, n, warnings));
    const uniqueInKey = containsAll(keyNames, unique);
    const held = rowsHeld({ ...input, uniqueKey: unique }, ctx);
    if (held.unbounded)
      warnings.push({
        code: 'unbounded-state',
        message: held.notes[0] ?? `${input.name}: unbounded state`,
        input: input.name,
      });
    if (held.source === 'missing')
      warnings.push({
        code: 'missing-rows',
        message: `${input.name}: neither rows nor ratePerSec given; its state is counted as 0`,
        input: input.name,
      });
    const part = rowPart(input.name, input.columns, ctx, input.rowBytes);
    const row = combineParts([part]);
    for (const f of part.fields)
      if (f.assumption?.includes('unknown type'))
        warnings.push({ code: 'unknown-type', message: f.assumption, input: input.name });
    const matchRate =
      input.matchRate !== undefined && Number.isFinite(input.matchRate) && input.matchRate >= 0
        ? input.matchRate
        : a.matchRate;
    // rowsPerKey is derived per key group below (keyGroupStatistics).
    return {
      index: i,
      name: input.name,
      part,
      row,
      held,
      rows: held.rows,
      unique,
      uniqueCols,
      uniqueInKey,
      keyCols,
      rowsPerKey: 1,
      matchRate,
      dedup,
    };
  });
}

/** The join an input takes part in on its own side: input 0 the first join's left, input i the right of join i. */
function ownJoin(chain: ChainSpec, i: number): ChainJoin | undefined {
  return i === 0 ? chain.joins[0] : chain.joins[i - 1];
}

/** One key group's distinct join-key values, where they come from, and each input's rows per key. */
export interface KeyGroupStatistics {
  group: number;
  /** The key's columns, as `input.column` (the first join of the group, left side first). */
  columns: string[];
  distinctKeys: number;
  /** unique-key: an input whose unique key is the join key holds one row per key; declared: distinctKeys; default: the assumption below. */
  source: 'unique-key' | 'declared' | 'default';
  /** The input the distinct keys are taken from (for the default: the smallest). */
  from: string;
  /** Each input of the group (by index) with its rows per key and where that comes from. */
  inputs: { name: string; rowsPerKey: number; source: 'declared' | 'unique-key' | 'derived' }[];
  terms: Term[];
}

/**
 * One source of statistics per key group, shared by the three plans (and the what-if page):
 *   distinct keys K = the rows of an input whose unique key is contained in the join key (the
 *     largest, when several: each holds one row per key it has), else the largest declared
 *     `distinctKeys`, else (assumption) the rows of the group's smallest input, as if it held
 *     one row per key;
 *   rows per key of every other input = its rows / K, unless declared (`rowsPerKey`).
 * Below 1, rows / K is the share of keys an input has rows for: the binary join's INNER output
 * is then left × rows/K (the textbook |R ⋈ S| = |R| |S| / K); above 1 the input has several rows
 * per key, which the union rewrite keeps in a MapState. A group's members are the inputs on
 * either side of its joins (for a later group, the input whose columns the left key names too).
 */
function keyGroupStatistics(chain: ChainSpec, inputs: Resolved[]): KeyGroupStatistics[] {
  const groups = new Map<number, { members: Map<number, string[]>; columns: string[] }>();
  chain.joins.forEach((join, j) => {
    let g = groups.get(join.keyGroup);
    if (!g) {
      g = { members: new Map(), columns: [] };
      groups.set(join.keyGroup, g);
      for (const k of join.keys) g.columns.push(`${chain.inputs[k.leftInput]?.name}.${k.leftColumn}`);
      for (const k of join.keys) g.columns.push(`${chain.inputs[j + 1]?.name}.${k.rightColumn}`);
    }
    for (const k of join.keys) g.members.set(k.leftInput, [...(g.members.get(k.leftInput) ?? []), k.leftColumn]);
    g.members.set(
      j + 1,
      join.keys.map((k) => k.rightColumn),
    );
  });
  const out: KeyGroupStatistics[] = [];
  for (const [group, { members, columns }] of groups) {
    const inGroup = [...members].map(([i, keyNames]) => ({ r: inputs[i], keyNames })).filter((m) => m.r);
    const anchors = inGroup.filter(({ r, keyNames }) => containsAll(keyNames, r.unique));
    const declared = inGroup.filter(({ r }) => positive(chain.inputs[r.index].distinctKeys, 0) > 0);
    const largest = (xs: typeof inGroup, value: (m: (typeof inGroup)[number]) => number) =>
      xs.reduce((best, m) => (value(m) > value(best) ? m : best));
    const smallest = inGroup.length > 0 ? inGroup.reduce((best, m) => (m.r.rows < best.r.rows ? m : best)) : undefined;
    let distinctKeys: number;
    let source: KeyGroupStatistics['source'];
    let from: string;
    let why: string;
    if (anchors.length > 0) {
      const m = largest(anchors, (x) => x.r.rows);
      distinctKeys = m.r.rows;
      source = 'unique-key';
      from = m.r.name;
      why = `the unique key of ${m.r.name} (${m.r.unique!.join(', ')}) is in the join key: one row per key, ${fmt(distinctKeys)} rows`;
    } else if (declared.length > 0) {
      const m = largest(declared, (x) => chain.inputs[x.r.index].distinctKeys!);
      distinctKeys = chain.inputs[m.r.index].distinctKeys!;
      source = 'declared';
      from = m.r.name;
      why = `declared distinctKeys of ${m.r.name}: ${fmt(distinctKeys)}`;
    } else {
      distinctKeys = smallest?.r.rows ?? 0;
      source = 'default';
      from = smallest?.r.name ?? '?';
      why = `assumption: no input has its unique key in the join key and none declares distinctKeys, so the smallest input, ${smallest?.r.name ?? '?'}, is taken to hold one row per key: ${fmt(distinctKeys)}`;
    }
    const terms: Term[] = [term(`distinct keys {${columns.join(' = ')}}`, distinctKeys, 'keys', why)];
    const stats: KeyGroupStatistics['inputs'] = [];
    for (const [i] of members) {
      const r = inputs[i];
      if (!r || ownJoin(chain, i)?.keyGroup !== group) continue;
      const declaredRpk = chain.inputs[i].rowsPerKey;
      let rowsPerKey: number;
      let rpkFrom: KeyGroupStatistics['inputs'][number]['source'];
      let formula: string;
      if (declaredRpk !== undefined && Number.isFinite(declaredRpk) && declaredRpk > 0) {
        rowsPerKey = declaredRpk;
        rpkFrom = 'declared';
        formula = `declared rowsPerKey ${fmt(declaredRpk)}`;
      } else if (r.uniqueInKey) {
        rowsPerKey = 1;
        rpkFrom = 'unique-key';
        formula = `unique key (${r.unique!.join(', ')}) in the join key: 1`;
      } else {
        // At least one key: a group whose inputs hold less than a row (a rate over a short
        // retention) must not divide the others' rows into more than they hold.
        const keys = Math.max(1, distinctKeys);
        rowsPerKey = safe(r.rows / keys);
        rpkFrom = 'derived';
        formula = `${fmt(r.rows)} rows / ${fmt(keys)} keys = ${fmt(rowsPerKey)}`;
      }
      r.rowsPerKey = rowsPerKey;
      stats.push({ name: r.name, rowsPerKey, source: rpkFrom });
      terms.push(term(`rows per key ${r.name}`, rowsPerKey, 'ratio', formula));
    }
    out.push({ group, columns, distinctKeys, source, from, inputs: stats, terms });
  }
  return out.sort((x, y) => x.group - y.group);
}

/**
 * Whether the state of the first `n` inputs' joins is written once per row (docs/sizing-model.md,
 * section 4: space amplification 1.0): every one of those inputs is append-only and every join
 * between them INNER, so nothing they store is retracted or updated. Otherwise it is updated in
 * place (1.4): an upsert input, or an outer join's results, which change as matches arrive.
 */
function writtenOnce(chain: ChainSpec, n: number): boolean {
  return (
    chain.inputs
      .slice(0, n)
      .every((i) => i.appendOnly === true && !(i.uniqueKey && i.uniqueKey.length > 0) && !i.dedup) &&
    chain.joins.slice(0, n - 1).every((j) => j.type === 'INNER')
  );
}

/** The union rewrite's byte layout is ours to choose, not Flink's: said wherever its state is shown. */
export const UNION_VALUE_FORMAT_NOTE =
  "assumption: values sized as Flink's BinaryRowData; a hand-written KeyedProcessFunction serializes with its own serializer (POJO, Avro or Kryo), whose bytes differ";

// ---------------------------------------------------------------------------------------------
// Deduplication

/**
 * The deduplications in front of the chain's inputs: by the function Flink runs them with
 * (deduplicateState: a processing-time keep-first keeps 1 byte per key, not the row), else,
 * for a Top-N or an unknown function, one ValueState<row> per key (an assumption).
 */
function dedupOps(inputs: readonly Resolved[], chain: ChainSpec, ctx: SizingContext): OperatorState[] {
  return inputs
    .filter((r) => r.dedup)
    .map((r) => {
      const input = chain.inputs[r.index];
      const fn =
        input.dedupFn === 'ProcTimeDeduplicateKeepFirstRowFunction' ||
        input.dedupFn === 'ProcTimeDeduplicateKeepLastRowFunction' ||
        input.dedupFn === 'RowTimeDeduplicateFunction'
          ? input.dedupFn
          : undefined;
      return deduplicateState(
        {
          name: `Deduplicate ${r.name}`,
          fn,
          keyColumns: r.uniqueCols ?? r.keyCols,
          columns: input.columns,
          keys: r.rows,
          rowBytes: input.rowBytes,
        },
        ctx,
      );
    });
}

// ---------------------------------------------------------------------------------------------
// 3.2 binary chain

interface Intermediate {
  label: string;
  parts: RowPart[];
  rows: number;
  /** Its upsert keys (joinUpsertKeys), over column ids `input:column` (colId). */
  keys: Keys;
}

/** A chain column's id in upsert keys: the input's index and the column's lower-case name. */
const colId = (input: number, column: string) => `${input}:${column.toLowerCase()}`;

function inputKeys(r: Resolved): Keys {
  return r.unique ? [new Set(r.unique.map((c) => colId(r.index, c)))] : undefined;
}

/** The columns behind a key's ids. */
function keyColumns(chain: ChainSpec, key: Key, warnings: Warning[]): Column[] {
  return [...key].map((k) => {
    const at = k.indexOf(':');
    return findColumn(chain.inputs[Number(k.slice(0, at))], k.slice(at + 1), warnings);
  });
}

/** `input.column` names of a key, for display. */
function keyNames(chain: ChainSpec, key: Key, warnings: Warning[]): string[] {
  return [...key].map(
    (k) =>
      `${chain.inputs[Number(k.slice(0, k.indexOf(':')))]?.name}.${keyColumns(chain, new Set([k]), warnings)[0].name}`,
  );
}

/**
 * How one side of a join stores its rows (JoinUtil.analyzeJoinInput on the side's upsert keys in
 * its key-group range, which are the input's own keys: the Exchange on exactly the join key is
 * looked through): a key within the join key gives a ValueState per join key; else the smallest
 * key is the MapState's user key; no key, the row itself with a count.
 */
interface SideView {
  uniqueInKey: boolean;
  uniqueCols?: Column[];
}

function sideView(chain: ChainSpec, keys: Keys, joinKey: string[], warnings: Warning[]): SideView {
  if (isSideUnique(keys, joinKey)) return { uniqueInKey: true };
  const u = smallestKey(keys);
  return { uniqueInKey: false, uniqueCols: u ? keyColumns(chain, u, warnings) : undefined };
}

const leftJoinKey = (join: ChainJoin) => join.keys.map((k) => colId(k.leftInput, k.leftColumn));
const rightJoinKey = (join: ChainJoin, right: number) => join.keys.map((k) => colId(right, k.rightColumn));

function leftKeyColumns(chain: ChainSpec, join: ChainJoin, warnings: Warning[]): Column[] {
  return join.keys.map((k) => findColumn(chain.inputs[k.leftInput], k.leftColumn, warnings));
}

/**
 * Rows of R(k). INNER and LEFT follow docs/sizing-model.md §3.2. The model is silent on the others;
 * chosen here: RIGHT = max(matched pairs, rows of Tk) (every right row appears at least once),
 * FULL = max(LEFT estimate, rows of Tk), CROSS = rows(R(k-1)) × rows(Tk) × matchRate.
 * R(k) keeps T1's unique key only through INNER and LEFT joins (a RIGHT/FULL join can emit
 * rows whose T1 columns are null, so the key is dropped).
 */
function nextRows(type: JoinType, left: number, right: Resolved): { rows: number; explain: () => string } {
  const rpk = right.rowsPerKey;
  const mr = right.matchRate;
  switch (type) {
    case 'INNER': {
      const v = left * rpk * mr;
      return {
        rows: safe(v),
        explain: () => `${fmt(left)} × ${fmt(rpk)} rows/key × ${fmt(mr)} match = ${fmt(safe(v))} rows`,
      };
    }
    case 'LEFT': {
      const v = left * Math.max(1, rpk);
      return { rows: safe(v), explain: () => `${fmt(left)} × max(1, ${fmt(rpk)}) = ${fmt(safe(v))} rows` };
    }
    case 'RIGHT': {
      const v = Math.max(left * rpk * mr, right.rows);
      return {
        rows: safe(v),
        explain: () =>
          `max(${fmt(left)} × ${fmt(rpk)} × ${fmt(mr)}, ${fmt(right.rows)} right rows) = ${fmt(safe(v))} rows`,
      };
    }
    case 'FULL': {
      const v = Math.max(left * Math.max(1, rpk), right.rows);
      return {
        rows: safe(v),
        explain: () => `max(${fmt(left)} × max(1, ${fmt(rpk)}), ${fmt(right.rows)} right rows) = ${fmt(safe(v))} rows`,
      };
    }
    case 'CROSS': {
      const v = left * right.rows * mr;
      return {
        rows: safe(v),
        explain: () => `${fmt(left)} × ${fmt(right.rows)} × ${fmt(mr)} match = ${fmt(safe(v))} rows`,
      };
    }
  }
}

interface BinaryResult {
  plan: PlanEstimate;
  /** R(k) for k = 1..n (index k-1). */
  intermediates: Intermediate[];
}

function binaryChain(chain: ChainSpec, inputs: Resolved[], ctx: SizingContext, warnings: Warning[]): BinaryResult {
  const maxPar = maxParallelismFor(ctx).value;
  const ops: OperatorState[] = dedupOps(inputs, chain, ctx);
  const first = inputs[0];
  let r: Intermediate = { label: first.name, parts: [first.part], rows: first.rows, keys: inputKeys(first) };
  const intermediates: Intermediate[] = [r];
  for (let k = 1; k < inputs.length; k++) {
    const join = chain.joins[k - 1];
    const t = inputs[k];
    if (join.type === 'CROSS' || join.keys.length === 0) {
      warnings.push({
        code: 'cross-join',
        message: `join ${k} (${t.name}) has no equi-key: all rows share one key, so one subtask holds this join's whole state`,
        input: t.name,
      });
    }
    const leftKey = keySize(leftKeyColumns(chain, join, warnings), ctx, maxPar);
    const rightKey = keySize(t.keyCols, ctx, maxPar);
    const leftRow = combineParts(r.parts);
    const lv = sideView(chain, r.keys, leftJoinKey(join), warnings);
    const tKeys = inputKeys(t);
    const rv = sideView(chain, tKeys, rightJoinKey(join, k), warnings);
    const left = joinSideState(
      {
        label: `left ${r.label}`,
        key: leftKey,
        row: leftRow,
        rows: r.rows,
        uniqueInKey: lv.uniqueInKey,
        uniqueKeyRow: lv.uniqueCols ? rowSize(lv.uniqueCols, ctx) : undefined,
        outer: join.type === 'LEFT' || join.type === 'FULL',
      },
      ctx,
    );
    const right = joinSideState(
      {
        label: `right ${t.name}`,
        key: rightKey,
        row: t.row,
        rows: t.rows,
        uniqueInKey: rv.uniqueInKey,
        uniqueKeyRow: rv.uniqueCols ? rowSize(rv.uniqueCols, ctx) : undefined,
        outer: join.type === 'RIGHT' || join.type === 'FULL',
      },
      ctx,
    );
    const next = nextRows(join.type, r.rows, t);
    const pairs = join.keys.map((key) => [colId(key.leftInput, key.leftColumn), colId(k, key.rightColumn)] as const);
    const label = `R${k + 1}`;
    const terms: Term[] = [
      term(`key join ${k}`, rightKey.bytes, 'bytes', rightKey.formula),
      term(`row ${r.label}`, leftRow.bytes, 'B/row', leftRow.formula),
      term(`row ${t.name}`, t.row.bytes, 'B/row', t.row.formula),
      // Where the rows come from (declared, or rate × retention, TTL or planning horizon):
      // the first input's at the first join, each later input's at its own.
      ...(k === 1 ? [first.held.term] : []),
      t.held.term,
      left.term,
      right.term,
      term(`rows ${label}`, next.rows, 'rows', `${join.type}: ${next.explain()}`),
    ];
    ops.push({
      name: `Join ${k}: ${r.label} ⋈ ${t.name} (${join.type})`,
      kind: 'join',
      stateBytes: safe(left.bytes + right.bytes),
      entries: safe(left.entries + right.entries),
      terms,
      notes: [
        `left ${r.label}: ${left.view}${join.type === 'LEFT' || join.type === 'FULL' ? ' (outer side, +4 B counter)' : ''}`,
        `right ${t.name}: ${right.view}${join.type === 'RIGHT' || join.type === 'FULL' ? ' (outer side, +4 B counter)' : ''}`,
        ...(k >= 2 ? [`${r.label} (${r.parts.length} inputs' columns) is stored again here: state amplification`] : []),
      ],
      estimated: true,
      writePattern: writtenOnce(chain, k + 1) ? 'once' : 'in-place',
      variableLength: hasVariableLength(leftRow) || hasVariableLength(t.row) || hasVariableLength(rightKey.keyRow),
    });
    r = { label, parts: [...r.parts, t.part], rows: next.rows, keys: joinUpsertKeys(join.type, r.keys, tKeys, pairs) };
    intermediates.push(r);
  }
  return { plan: { stateBytes: safe(sum(ops.map((o) => o.stateBytes))), operators: ops }, intermediates };
}

// ---------------------------------------------------------------------------------------------
// 3.4 MultiJoin

/** Parses "1.20", "2.1.0", "FLINK-1_20", "flink 2.2" into [major, minor]. */
function parseFlinkVersion(v: string | undefined): [number, number] | undefined {
  const m = /(\d+)\s*[._]\s*(\d+)/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

const MULTI_JOIN_SAVEPOINT_NOTE =
  'switching a job to MultiJoin changes its operators, so its state cannot be restored from an existing savepoint (savepoint compatibility breaks)';

/** Said wherever MultiJoin is offered: AWS documents no allow-list entry for the option. */
export const MULTI_JOIN_AWS_NOTE =
  "whether AWS Managed Service for Apache Flink lets a job set 'table.optimizer.multi-join.enabled' is not documented (from Flink 2.2 on, it rejects configuration keys it does not allow)";

export interface MultiJoinAvailability {
  available: boolean;
  /** Also false when only the Flink version blocks it (the estimate is then what 2.1+ would hold). */
  structurallyPossible: boolean;
  reason: string;
}

/** A run of consecutive joins that Flink plans as one operator: one MultiJoin, or a binary join. */
interface JoinRun {
  /** joins[start..end) */
  start: number;
  end: number;
  multiJoin: boolean;
}

/** Joins MultiJoin takes: INNER and LEFT, and RIGHT (the planner turns it into a LEFT join); with an equi-key. */
const multiJoinable = (j: ChainJoin) =>
  (j.type === 'INNER' || j.type === 'LEFT' || j.type === 'RIGHT') && j.keys.length > 0;

/**
 * How Flink (2.1+, `table.optimizer.multi-join.enabled`) splits a chain: consecutive joins that
 * MultiJoin takes and that share a key group become one MultiJoin; a FULL or key-less join stays
 * a binary join and ends the run; a run of one join (two inputs) stays a binary join unless
 * `table.optimizer.multi-join.use-for-binary-join` (Flink docs, tuning, "Multiple Regular Joins";
 * OptimizerConfigOptions).
 */
function multiJoinRuns(chain: ChainSpec, forBinary: boolean): JoinRun[] {
  const runs: JoinRun[] = [];
  chain.joins.forEach((j, i) => {
    const last = runs[runs.length - 1];
    const ok = multiJoinable(j);
    if (last && ok && multiJoinable(chain.joins[last.start]) && chain.joins[last.start].keyGroup === j.keyGroup)
      last.end = i + 1;
    else runs.push({ start: i, end: i + 1, multiJoin: ok });
  });
  for (const r of runs) r.multiJoin = r.multiJoin && (r.end - r.start >= 2 || forBinary);
  return runs;
}

/** Rules of 3.4: Flink >= 2.1, and at least one run of the chain that Flink plans as a MultiJoin. */
function multiJoinAvailability(
  chain: ChainSpec,
  flinkVersion: string | undefined,
  forBinary = false,
): MultiJoinAvailability {
  const [maj, min] = FLINK_FACTS.multiJoinSinceVersion;
  const runs = multiJoinRuns(chain, forBinary);
  const joined = runs.filter((r) => r.multiJoin);
  const problems: string[] = [];
  if (chain.joins.length === 0) problems.push('there is no join');
  else if (joined.length === 0) {
    const bad = chain.joins.map((j, i) => ({ j, i })).filter(({ j }) => !multiJoinable(j));
    for (const { j, i } of bad)
      problems.push(
        `join ${i + 1} is ${j.keys.length === 0 ? 'without an equi-key' : j.type}; MultiJoin takes INNER and LEFT joins (RIGHT as LEFT)`,
      );
    problems.push(
      `no two consecutive joins share a key${forBinary ? '' : ", and a key group of one join stays a binary join unless 'table.optimizer.multi-join.use-for-binary-join' is set"}`,
    );
  }
  const structurallyPossible = problems.length === 0;
  const v = parseFlinkVersion(flinkVersion);
  if (!v) problems.unshift(`Flink version unknown; MultiJoin needs Flink >= ${maj}.${min}`);
  else if (v[0] < maj || (v[0] === maj && v[1] < min))
    problems.unshift(`Flink ${v[0]}.${v[1]} has no MultiJoin operator (added in ${maj}.${min}, experimental)`);
  if (problems.length > 0) {
    const what = structurallyPossible ? `; the MultiJoin figures show what Flink >= ${maj}.${min} would hold` : '';
    return { available: false, structurallyPossible, reason: problems.join('; ') + what };
  }
  const plan = runs
    .map((r) =>
      r.multiJoin
        ? `joins ${r.start + 1}-${r.end} as one MultiJoin`
        : `join ${r.start + 1} (${chain.joins[r.start].type}) as a binary join`,
    )
    .join(', ');
  const [hintMaj, hintMin] = FLINK_FACTS.multiJoinHintSinceVersion;
  const hint =
    v![0] > hintMaj || (v![0] === hintMaj && v![1] >= hintMin)
      ? ` or the MULTI_JOIN hint (Flink ${hintMaj}.${hintMin}+)`
      : '';
  return {
    available: true,
    structurallyPossible,
    reason: `Flink ${v![0]}.${v![1]} plans ${plan}; enable it with SET 'table.optimizer.multi-join.enabled' = 'true' (experimental)${hint}. Note: ${MULTI_JOIN_AWS_NOTE}; ${MULTI_JOIN_SAVEPOINT_NOTE}`,
  };
}

/** One input of a MultiJoin: a table, or the result of the joins before it. */
interface MultiJoinMember {
  name: string;
  rows: number;
  row: RowSize;
  keyCols: Column[];
  uniqueInKey: boolean;
  uniqueCols?: Column[];
  rowsPerKey: number;
}

/**
 * One MultiJoin (StreamingMultiJoinOperator, MultiJoinStateViews, Flink 2.1): per input one
 * MapState keyed by the common key whose map key is that input's join key row:
 *   U ⊆ join key:  MapState<joinKey, row>               one entry per row
 *   U not in key:  MapState<joinKey, Map<U, row>>       one entry per distinct key, the nested map
 *                  serialized as 4-byte size + rowsPerKey × (U row + 1 null flag + row)
 *   no U:          MapState<joinKey, Map<row, Integer>> likewise with (row + 1 + 4) per row
 * No association counters and no intermediate results.
 */
function multiJoinOperator(members: MultiJoinMember[], ctx: SizingContext, once: boolean): OperatorState {
  const a = ctx.assumptions;
  const maxPar = maxParallelismFor(ctx).value;
  const ttl = ttlBytesFor(ctx);
  const terms: Term[] = [];
  let bytes = 0;
  let entries = 0;
  for (const r of members) {
    const key = keySize(r.keyCols, ctx, maxPar);
    const head = [
      { label: 'key', bytes: key.bytes },
      { label: 'join key row', bytes: key.keyRow.bytes },
      { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes },
    ];
    const tail = [
      { label: 'rocks', bytes: a.rocksOverheadBytes },
      { label: 'ttl', bytes: ttl },
    ];
    let e: ReturnType<typeof entryEstimate>;
    if (r.uniqueInKey) {
      e = entryEstimate(
        `${r.name} MapState<joinKey,row>`,
        [...head, { label: 'row', bytes: r.row.bytes }, ...tail],
        r.rows,
        'rows',
      );
    } else {
      const rpk = Math.max(1, r.rowsPerKey);
      const distinct = safe(r.rows / rpk);
      const inner = r.uniqueCols
        ? {
            label: `${fmt(rpk)} × (U row ${rowSize(r.uniqueCols, ctx).bytes} + 1 + row ${r.row.bytes})`,
            bytes: rpk * (rowSize(r.uniqueCols, ctx).bytes + FLINK_FACTS.mapValueNullFlagBytes + r.row.bytes),
          }
        : {
            label: `${fmt(rpk)} × (row ${r.row.bytes} + 1 + 4 count)`,
            bytes: rpk * (r.row.bytes + FLINK_FACTS.mapValueNullFlagBytes + FLINK_FACTS.countBytes),
          };
      e = entryEstimate(
        `${r.name} MapState<joinKey,Map<${r.uniqueCols ? 'U,row' : 'row,count'}>>`,
        [...head, { label: 'map size', bytes: FLINK_FACTS.collectionSizeBytes }, inner, ...tail],
        distinct,
        'keys',
      );
    }
    terms.push(e.term);
    bytes += e.bytes;
    entries += e.entries;
  }
  return {
    name: `MultiJoin ${members.map((r) => r.name).join(' ⋈ ')}`,
    kind: 'multi-join',
    stateBytes: safe(bytes),
    entries: safe(entries),
    terms,
    notes: [
      'one MapState per input keyed by the common key; no intermediate results are stored',
      MULTI_JOIN_SAVEPOINT_NOTE,
    ],
    estimated: true,
    writePattern: once ? 'once' : 'in-place',
    variableLength: members.some(
      (m) => hasVariableLength(m.row) || hasVariableLength(keySize(m.keyCols, ctx, maxPar).keyRow),
    ),
  };
}

/**
 * The chain as Flink 2.1+ plans it with MultiJoin enabled (multiJoinRuns): a MultiJoin per run
 * that forms one, whose first input is the result of the runs before it (stored there, keyed by
 * the run's key, as a binary join's left side is), and the binary plan's own operator for every
 * join that stays binary.
 */
function multiJoinPlan(
  chain: ChainSpec,
  inputs: Resolved[],
  bin: BinaryResult,
  keyGroups: KeyGroupStatistics[],
  ctx: SizingContext,
  forBinary: boolean,
  warnings: Warning[],
): PlanEstimate {
  const ops: OperatorState[] = [...dedupOps(inputs, chain, ctx)];
  const binaryJoins = bin.plan.operators.filter((o) => o.kind === 'join');
  for (const run of multiJoinRuns(chain, forBinary)) {
    if (!run.multiJoin) {
      ops.push(...binaryJoins.slice(run.start, run.end));
      continue;
    }
    const members: MultiJoinMember[] = [];
    if (run.start === 0)
      members.push({ ...inputs[0], ...sideView(chain, inputKeys(inputs[0]), leftJoinKey(chain.joins[0]), warnings) });
    else {
      // R(k): the result of the joins before this run, one input of this MultiJoin.
      const prev = bin.intermediates[run.start];
      const join = chain.joins[run.start];
      const view = sideView(chain, prev.keys, leftJoinKey(join), warnings);
      const k = keyGroups.find((g) => g.group === join.keyGroup)?.distinctKeys ?? 0;
      members.push({
        name: prev.label,
        rows: prev.rows,
        row: combineParts(prev.parts),
        keyCols: leftKeyColumns(chain, join, warnings),
        ...view,
        rowsPerKey: view.uniqueInKey ? 1 : k > 0 ? safe(prev.rows / k) : 1,
      });
    }
    for (let j = run.start; j < run.end; j++) {
      const t = inputs[j + 1];
      members.push({ ...t, ...sideView(chain, inputKeys(t), rightJoinKey(chain.joins[j], j + 1), warnings) });
    }
    ops.push(multiJoinOperator(members, ctx, writtenOnce(chain, run.end + 1)));
  }
  return { stateBytes: safe(sum(ops.map((o) => o.stateBytes))), operators: ops };
}

// ---------------------------------------------------------------------------------------------
// 3.5 union rewrite

interface StageMember {
  label: string;
  /** The input's index; undefined for the previous stage's output. */
  input?: number;
  part: RowPart;
  /** An append-only input (its MapState entries are written once). */
  appendOnly: boolean;
  rows: number;
  /** One row per stage key: its unique key is within the stage key (else it needs a MapState whatever its statistics say). */
  oneToOne: boolean;
  distinctKeys: number;
  uniqueRow?: RowSize;
  /** The unique key's columns (the MapState's key). */
  uniqueKey?: string[];
}

/** How a union stage keeps its state: what the generated KeyedProcessFunction declares (src/rewrite). */
export interface UnionStageLayout {
  /** Stage key columns. */
  key: string[];
  /** One ValueState per key holding the latest row of these members (input index; none: the previous stage's output), one row of all their columns. */
  valueState?: { members: { label: string; input?: number; columns: string[] }[]; keys: number; bytes: number };
  /** One MapState per member with several rows per key, keyed by its unique key (none: by the row, with a count). */
  mapStates: { label: string; input?: number; columns: string[]; uniqueKey?: string[]; rows: number; bytes: number }[];
  bytes: number;
}

/**
 * union(tagged inputs) → keyBy(common key) → KeyedProcessFunction, one stage per run of joins
 * on the same key group. Per stage: one ValueState per distinct key holding all 1:1 members'
 * columns as one row, and a MapState<U,row> (or <row,count> without U) per many-per-key member.
 * A later stage takes the previous stage's output (all columns so far) as a member: 1:1 when
 * its unique key is contained in the new key, else a MapState member with one entry per row.
 */
function unionPlan(
  chain: ChainSpec,
  inputs: Resolved[],
  inter: Intermediate[],
  ctx: SizingContext,
  warnings: Warning[],
): ChainEstimate['union'] {
  const runs = keyGroupRuns(chain, inputs);
  const ops: OperatorState[] = [];
  const layout: UnionStageLayout[] = [];
  runs.forEach((run, s) => {
    const { keyCols, members } = stageMembers(chain, inputs, inter, run, s, ctx, warnings);
    const stage = unionStage(keyCols, members, s, ctx);
    layout.push(stage.layout);
    ops.push(stage.op);
  });
  return { stateBytes: safe(sum(ops.map((o) => o.stateBytes))), operators: ops, stages: runs.length, layout };
}

/** The runs of consecutive joins on one key group: joins[start..end) of a run become one union stage. */
function keyGroupRuns(chain: ChainSpec, inputs: Resolved[]): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  chain.joins.slice(0, inputs.length - 1).forEach((j, i) => {
    const last = runs[runs.length - 1];
    if (last && chain.joins[last.start].keyGroup === j.keyGroup) last.end = i + 1;
    else runs.push({ start: i, end: i + 1 });
  });
  return runs;
}

/**
 * Union stage `s`'s key columns and members: input 0 (stage 1) or the previous stage's output (later
 * stages, keyed by the run's first join's left key), then the inputs its joins bring in.
 */
function stageMembers(
  chain: ChainSpec,
  inputs: Resolved[],
  inter: Intermediate[],
  run: { start: number; end: number },
  s: number,
  ctx: SizingContext,
  warnings: Warning[],
): { keyCols: Column[]; members: StageMember[] } {
  const members: StageMember[] = [];
  let keyCols: Column[];
  if (s === 0) {
    keyCols = inputs[0].keyCols;
    members.push(inputMember(chain, inputs[0], ctx));
  } else {
    const join = chain.joins[run.start];
    keyCols = leftKeyColumns(chain, join, warnings);
    members.push(previousStageMember(chain, inter[run.start], run.start, s, ctx, warnings));
  }
  for (let j = run.start; j < run.end; j++) members.push(inputMember(chain, inputs[j + 1], ctx));
  return { keyCols, members };
}

/** An input as a stage member: one row per stage key or several (3.3), with its unique key's row. */
function inputMember(chain: ChainSpec, r: Resolved, ctx: SizingContext): StageMember {
  const rpk = Math.max(1, r.rowsPerKey);
  return {
    label: r.name,
    input: r.index,
    part: r.part,
    appendOnly: chain.inputs[r.index].appendOnly === true && !r.unique,
    rows: r.rows,
    // With a unique key, one row per key exactly when that key is within the stage key (its
    // latest row then is all there is; the generated rewrite keeps it so, src/rewrite);
    // without one, by its rows per key (3.3).
    oneToOne: r.unique ? r.uniqueInKey : r.rowsPerKey <= 1,
    distinctKeys: safe(r.rows / rpk),
    uniqueRow: r.unique && r.uniqueCols ? rowSize(r.uniqueCols, ctx) : undefined,
    uniqueKey: r.unique,
  };
}

/**
 * Stage `s`'s (from 2 on) member for the previous stage's output `prev` (R(k-1), joined by join
 * `start`): all its columns as one row, one per key when its smallest unique key is within the join key.
 */
function previousStageMember(
  chain: ChainSpec,
  prev: Intermediate,
  start: number,
  s: number,
  ctx: SizingContext,
  warnings: Warning[],
): StageMember {
  const inKey = isSideUnique(prev.keys, leftJoinKey(chain.joins[start]));
  const u = smallestKey(prev.keys);
  return {
    label: `stage ${s} output`,
    uniqueKey: u ? keyColumns(chain, u, warnings).map((c) => c.name) : undefined,
    appendOnly: writtenOnce(chain, start + 1),
    part: {
      label: `stage ${s} output`,
      arity: sum(prev.parts.map((p) => p.arity)),
      payload: sum(prev.parts.map((p) => p.payload)),
      fields: prev.parts.flatMap((p) => p.fields),
      overridden: prev.parts.some((p) => p.overridden),
    },
    rows: prev.rows,
    oneToOne: inKey,
    distinctKeys: prev.rows,
    uniqueRow: u ? rowSize(keyColumns(chain, u, warnings), ctx) : undefined,
  };
}

/** One stage entry's size, its term, and how the rewrite declares it. */
interface StageEntry<L> {
  estimate: EntryEstimate;
  layout: L;
}

/**
 * Union stage `s`'s operator and layout: one ValueState row per key for its 1:1 members, one MapState
 * per member with several rows per key.
 */
function unionStage(
  keyCols: Column[],
  members: StageMember[],
  s: number,
  ctx: SizingContext,
): { op: OperatorState; layout: UnionStageLayout } {
  const key = keySize(keyCols, ctx, maxParallelismFor(ctx).value);
  const terms: Term[] = [term(`key stage ${s + 1}`, key.bytes, 'bytes', key.formula)];
  const ones = members.filter((m) => m.oneToOne);
  const value = ones.length > 0 ? stageValueState(ones, key, s, ctx, terms) : undefined;
  const maps = members.filter((x) => !x.oneToOne).map((m) => stageMapState(m, key, s, ctx));
  const entries = [...(value ? [value] : []), ...maps].map((x) => x.estimate);
  for (const m of maps) terms.push(m.estimate.term);
  const bytes = safe(sum(entries.map((e) => e.bytes)));
  const layout: UnionStageLayout = { key: keyCols.map((c) => c.name), mapStates: [], bytes: 0 };
  if (value) layout.valueState = value.layout;
  layout.mapStates = maps.map((m) => m.layout);
  layout.bytes = bytes;
  const op: OperatorState = {
    name: `Union stage ${s + 1} (key ${keyCols.map((c) => c.name).join(', ') || '∅'}): ${members.map((m) => m.label).join(', ')}`,
    kind: 'union-stage',
    stateBytes: bytes,
    entries: safe(sum(entries.map((e) => e.entries))),
    terms,
    notes: [
      ones.length > 0
        ? `one ValueState per key holds the latest ${ones.map((m) => m.label).join(', ')} columns as one row`
        : 'no 1:1 member: no ValueState',
      ...members
        .filter((m) => !m.oneToOne)
        .map((m) => `${m.label} has several rows per key: MapState, one entry per row`),
      'needs no deduplication operators in front',
      UNION_VALUE_FORMAT_NOTE,
    ],
    estimated: true,
    // Its ValueState is rewritten whenever an input of the key changes; only MapStates of append-only inputs are written once.
    writePattern: ones.length === 0 && members.every((m) => m.appendOnly) ? 'once' : 'in-place',
    variableLength: members.some((m) => hasVariableLength(m.part)) || hasVariableLength(key.keyRow),
  };
  return { op, layout };
}

/** The stage's ValueState: per distinct key (the most any 1:1 member has), one row of all 1:1 members' columns. */
function stageValueState(
  ones: StageMember[],
  key: KeySize,
  s: number,
  ctx: SizingContext,
  terms: Term[],
): StageEntry<NonNullable<UnionStageLayout['valueState']>> {
  const row = combineParts(ones.map((m) => m.part));
  const keys = Math.max(...ones.map((m) => m.distinctKeys));
  terms.push(term(`row of ${ones.map((m) => m.label).join(' + ')}`, row.bytes, 'B/row', row.formula));
  terms.push(
    term(
      `distinct keys stage ${s + 1}`,
      keys,
      'rows',
      `max(${ones.map((m) => `${m.label} ${fmt(m.distinctKeys)}`).join(', ')}) = ${fmt(keys)} keys`,
    ),
  );
  const e = entryEstimate(
    `stage ${s + 1} ValueState<row>`,
    [
      { label: 'key', bytes: key.bytes },
      { label: 'row', bytes: row.bytes },
      { label: 'rocks', bytes: ctx.assumptions.rocksOverheadBytes },
      { label: 'ttl', bytes: ttlBytesFor(ctx) },
    ],
    keys,
    'keys',
  );
  terms.push(e.term);
  return {
    estimate: e,
    layout: {
      members: ones.map((m) => ({ label: m.label, input: m.input, columns: m.part.fields.map((f) => f.column) })),
      keys,
      bytes: e.bytes,
    },
  };
}

/** A member's MapState: one entry per row, by its unique key (MapState<U,row>), else by the row with a count. */
function stageMapState(
  m: StageMember,
  key: KeySize,
  s: number,
  ctx: SizingContext,
): StageEntry<UnionStageLayout['mapStates'][number]> {
  const row = combineParts([m.part]);
  const parts = m.uniqueRow
    ? [
        { label: 'key', bytes: key.bytes },
        { label: 'U row', bytes: m.uniqueRow.bytes },
        { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes },
        { label: 'row', bytes: row.bytes },
      ]
    : [
        { label: 'key', bytes: key.bytes },
        { label: 'row', bytes: row.bytes },
        { label: 'null flag', bytes: FLINK_FACTS.mapValueNullFlagBytes },
        { label: 'count', bytes: FLINK_FACTS.countBytes },
      ];
  const e = entryEstimate(
    `stage ${s + 1} ${m.label} ${m.uniqueRow ? 'MapState<U,row>' : 'MapState<row,count>'}`,
    [
      ...parts,
      { label: 'rocks', bytes: ctx.assumptions.rocksOverheadBytes },
      { label: 'ttl', bytes: ttlBytesFor(ctx) },
    ],
    m.rows,
    'rows',
  );
  return {
    estimate: e,
    layout: {
      label: m.label,
      input: m.input,
      columns: m.part.fields.map((f) => f.column),
      uniqueKey: m.uniqueRow ? m.uniqueKey : undefined,
      rows: m.rows,
      bytes: e.bytes,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The comparison

/** Sections 3.2-3.5: the three plans of one join chain on the same inputs and columns. */
export function estimateChain(chain: ChainSpec, ctx: SizingContext): ChainEstimate {
  const warnings: Warning[] = [];
  const empty = { stateBytes: 0, operators: [] as OperatorState[] };
  if (!chain.inputs || chain.inputs.length === 0) {
    return {
      binary: empty,
      multiJoin: { ...empty, available: false, reason: 'no inputs' },
      union: { ...empty, stages: 0, layout: [] },
      amplification: 1,
      keyGroups: [],
      intermediates: [],
      warnings: [{ code: 'empty-chain', message: 'the join chain has no inputs' }],
    };
  }
  if (chain.joins.length !== chain.inputs.length - 1) {
    warnings.push({
      code: 'chain-shape',
      message: `${chain.inputs.length} inputs need ${chain.inputs.length - 1} joins, got ${chain.joins.length}; extra inputs or joins are ignored`,
    });
  }
  const n = Math.min(chain.inputs.length, chain.joins.length + 1);
  const shaped: ChainSpec = { inputs: chain.inputs.slice(0, n), joins: chain.joins.slice(0, n - 1) };
  const inputs = resolveInputs(shaped, ctx, warnings);
  const keyGroups = keyGroupStatistics(shaped, inputs);
  const bin = binaryChain(shaped, inputs, ctx, warnings);
  const forBinary = ctx.multiJoinForBinary === true;
  const avail = multiJoinAvailability(shaped, ctx.flinkVersion, forBinary);
  const mj = avail.structurallyPossible
    ? multiJoinPlan(shaped, inputs, bin, keyGroups, ctx, forBinary, warnings)
    : { stateBytes: 0, operators: [] };
  const union = unionPlan(shaped, inputs, bin.intermediates, ctx, warnings);
  const amplification = union.stateBytes > 0 ? safe(bin.plan.stateBytes / union.stateBytes) : 1;
  const guess = keylessOnAssumedRows(shaped);
  if (guess) {
    return {
      binary: empty,
      multiJoin: { ...empty, available: false, reason: guess },
      union: { ...empty, stages: 0, layout: [] },
      amplification: 1,
      keyGroups,
      intermediates: [],
      warnings: dedupeWarnings(warnings),
      notEstimated: guess,
    };
  }
  return {
    binary: bin.plan,
    multiJoin: { available: avail.available, reason: avail.reason, ...mj },
    union,
    amplification,
    keyGroups,
    intermediates: bin.intermediates.map((r) => {
      const row = combineParts(r.parts);
      const u = smallestKey(r.keys);
      return {
        label: r.label,
        rows: r.rows,
        rowBytes: row.bytes,
        arity: row.arity,
        uniqueKey: u ? keyNames(chain, u, warnings) : undefined,
      };
    }),
    warnings: dedupeWarnings(warnings),
  };
}

/**
 * A join without an equi-key outputs every pair of rows: its result, stored again by every
 * later join, is rows(left) × rows(right). On row counts that are defaults rather than declared,
 * that product (10^17 and more on a few joins) is no estimate, so the chain gets none, and the
 * reason says what would give one.
 */
function keylessOnAssumedRows(chain: ChainSpec): string | undefined {
  for (let k = 0; k < chain.joins.length; k++) {
    const j = chain.joins[k];
    if (j.type !== 'CROSS' && j.keys.length > 0) continue;
    const assumed = chain.inputs
      .slice(0, k + 2)
      .filter((i) => i.rowsAssumed)
      .map((i) => i.name);
    if (assumed.length === 0) continue;
    const right = chain.inputs[k + 1]?.name ?? '?';
    return `join ${k + 1} (${right}) has no equi-key, so it pairs every row of its left input with every row of ${right}; with the rows of ${assumed.join(', ')} not declared, that product would be a guess. Declare their rows in a descriptor, or give the join its key condition`;
  }
  return undefined;
}

function dedupeWarnings(ws: Warning[]): Warning[] {
  const seen = new Set<string>();
  return ws.filter((w) => {
    const k = `${w.code}|${w.input ?? ''}|${w.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
