// What the SQL analysis of a file gives the rest of the product (document positions).
import type { Diagnostic, Range } from '../text';
import type { JoinType } from './facts';
import type { RuntimeMode } from './runtimeMode';

export type { JoinType };
export type JoinKind = 'regular' | 'interval' | 'temporal' | 'lookup' | 'window' | 'lateral';

export interface ColumnDef {
  name: string;
  /** Type as written (`VARCHAR(200)`, `DECIMAL(38, 2) NOT NULL`); empty for computed columns. */
  type: string;
  kind: 'physical' | 'computed' | 'metadata';
  timeAttribute?: 'rowtime' | 'proctime';
  range: Range;
}

export interface TableDef {
  name: string;
  columns: ColumnDef[];
  primaryKey?: string[];
  watermarkColumn?: string;
  /** `WATERMARK FOR c AS c - INTERVAL '5' SECOND`: 5 (seconds); undefined for another expression. */
  watermarkDelaySec?: number;
  options: Record<string, string>;
  connector?: string;
  /** Upsert sources (`upsert-kafka`, CDC formats) and tables with a primary key are changelogs. */
  appendOnly: boolean;
  likeSource?: string;
  range: Range;
  nameRange: Range;
}

export interface ViewDef {
  name: string;
  /** Output columns in order. */
  columns: string[];
  /** Base tables the view reads (through other views). */
  tables: string[];
  range: Range;
  nameRange: Range;
}

export interface SettingDef {
  key: string;
  value: string;
  range: Range;
  keyRange?: Range;
  valueRange?: Range;
  /** The value as written when a `${VAR}`-style template is part of it (then `value` is not known). */
  template?: string;
}

export interface HintDef {
  name: string;
  args: string[];
  options: Record<string, string>;
  range: Range;
}

export interface JoinInfo {
  kind: JoinKind;
  type: JoinType;
  /** Tables on the left, resolved through aliases, views and CTEs. */
  left: string[];
  /** The right input, resolved. */
  right: string;
  /** Equi-join keys, `table.column` pairs (left, right). */
  keys: [string, string][];
  /** First token of the join operator. */
  range: Range;
  /** The whole join (left input through condition). */
  fullRange: Range;
  /** For interval joins: the time-bound conditions. */
  timeBounds?: string[];
  /** Why this kind: the rule that decided it. */
  reason: string;
  /** Interval, temporal and window joins: what each side holds, for their state estimate. */
  sides?: { left: JoinSide; right: JoinSide };
  /** Interval joins: upper minus lower time bound, seconds (`interval.upperSec - interval.lowerSec`). */
  intervalSec?: number;
  /** Interval joins whose bounds were read: which side is bounded by how much. */
  interval?: IntervalBounds;
  /** Event-time temporal joins: how far each input's watermark trails its rows. */
  temporal?: TemporalWatermarks;
  /** Window joins: the window of the inputs' window TVFs (the left input's). */
  window?: WindowSpec;
}

/**
 * A window TVF as written: `TUMBLE(TABLE t, DESCRIPTOR(ts), size)`, `HOP(..., slide, size)`,
 * `CUMULATE(..., step, size)`, `SESSION(..., gap)`; sizes in seconds, undefined when not an
 * INTERVAL literal we read.
 */
export interface WindowSpec {
  fn: 'TUMBLE' | 'HOP' | 'CUMULATE' | 'SESSION';
  sizeSec?: number;
  slideSec?: number;
  stepSec?: number;
  gapSec?: number;
  /** How far the watermark of the TVF's time column trails its rows (its WATERMARK's INTERVAL), seconds. */
  watermarkDelaySec?: number;
  /** A legacy group window (`GROUP BY TUMBLE(ts, ...)`, Flink's WindowOperator), not a window TVF. */
  legacy?: boolean;
  /** Over a processing-time attribute: the window fires on the wall clock, with no watermark lag. */
  proctime?: boolean;
}

/**
 * An OVER window's frame (`RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW`: 'range',
 * 3,600 s; `ROWS BETWEEN 10 PRECEDING ...`: 'rows', 10; UNBOUNDED PRECEDING or no frame:
 * 'unbounded'; else 'unknown') and the time attribute it is ordered by, with its watermark delay.
 */
export interface OverSpec {
  frame: 'unbounded' | 'range' | 'rows' | 'unknown';
  precedingSec?: number;
  precedingRows?: number;
  time?: 'rowtime' | 'proctime';
  watermarkDelaySec?: number;
}

/**
 * An event-time temporal join's inputs' watermark delays, seconds: the `WATERMARK ... - INTERVAL`
 * delay of the probe's `FOR SYSTEM_TIME AS OF` column (plus the output delay of an interval join
 * it reads, in its FROM clause or through a view, CTE or subquery) and of the versioned table's
 * time attribute. Undefined when
 * not declared in a form we read.
 */
export interface TemporalWatermarks {
  /** The probe's time column, `table.column`. */
  probeColumn: string;
  probeWatermarkDelaySec?: number;
  versionedWatermarkDelaySec?: number;
}

/**
 * An interval join's time bounds as Flink's planner extracts them (IntervalJoinUtil,
 * WindowBounds): `leftTime - rightTime` lies in [lowerSec, upperSec], the left input being the
 * join's left input (the FROM item before the JOIN). `o.t BETWEEN s.t - INTERVAL '4' HOUR AND
 * s.t` with `s` on the left is lowerSec 0, upperSec 14,400.
 */
export interface IntervalBounds {
  lowerSec: number;
  upperSec: number;
  /** Event time (WATERMARK) or processing time (PROCTIME()); event time when the tables are not declared. */
  time: 'event' | 'processing';
  /** The compared time columns, `table.column`. */
  leftColumn: string;
  rightColumn: string;
  /**
   * Event time: how far each input's watermark trails its rows' time, seconds: the table's
   * `WATERMARK ... - INTERVAL` delay, plus the output delay of an interval join earlier in the
   * same FROM clause. Undefined when not declared in a form we read.
   */
  leftWatermarkDelaySec?: number;
  rightWatermarkDelaySec?: number;
}

export interface JoinSide {
  /** The table, view or CTE (several for a left side that is itself a join). */
  name: string;
  tables: string[];
  /** Columns the query reads from this side, with their types when known. */
  columns: { name: string; type?: string }[];
  /** This side's columns of the equi-join key. */
  keyColumns: string[];
  uniqueKey?: string[];
  appendOnly: boolean;
}

export interface ChainInputInfo {
  /** The name the chain reads (table, view or CTE). */
  name: string;
  alias: string;
  /** Base tables behind it. */
  tables: string[];
  /** Columns the query needs from this input (after projection pruning), with their types when known. */
  columns: { name: string; type?: string }[];
  uniqueKey?: string[];
  /** A ROW_NUMBER() = 1 deduplication (or an aggregation) sits in front of this input. */
  dedupKeys?: string[];
  /** The function Flink runs that deduplication with, when it is a ROW_NUMBER() (RankInfo.strategy). */
  dedupFn?: RankStrategy;
  appendOnly: boolean;
  /** False when no DDL in the file declares it: columns and key are guessed. */
  known: boolean;
  range: Range;
}

export interface ChainJoinInfo {
  type: JoinType;
  /** Index into SqlAnalysis.joins. */
  join: number;
  keys: { leftInput: number; leftColumn: string; rightColumn: string }[];
  keyGroup: number;
}

export interface ChainInfo {
  /** The FROM clause that holds the chain. */
  range: Range;
  /** Where a lens goes: the statement's first line. */
  anchor: Range;
  /** The `SELECT` keyword of the query that holds the chain (query hints go right after it). */
  select: Range;
  inputs: ChainInputInfo[];
  joins: ChainJoinInfo[];
  /**
   * Key groups: the columns that share one key (transitively equal), the inputs keyed by it, and
   * how to show it: one class of equal columns per key column (`a.id = b.id, a.region = b.region`
   * for a composite key).
   */
  keyGroups: { columns: string[]; label: string; inputs: string[] }[];
  /** The view or sink the chain feeds, for labels. */
  feeds?: string;
  /**
   * What an estimate reads of the chain (inputs with their columns, types and keys; joins
   * with their types and keys), as one string: the same shape with the same statistics gives
   * the same estimate, so it keys the estimate cache without serialising the chain each time.
   */
  shape?: string;
}

export type OperatorKind =
  | 'group-aggregate'
  | 'global-aggregate'
  | 'window-aggregate'
  | 'over-aggregate'
  | 'deduplicate'
  | 'top-n'
  | 'distinct'
  | 'match-recognize'
  | 'set-operation'
  | 'subquery-join';

export interface OperatorInfo {
  kind: OperatorKind;
  range: Range;
  inputs: string[];
  keys: string[];
  /** COUNT(DISTINCT ...) and other details that change the state. */
  detail: string;
  aggregates?: number;
  distinctAggregates?: number;
  /** The view, CTE or sink the operator's query feeds (as ChainInfo.feeds). */
  feeds?: string;
  /** The key columns with their types when known (the group key, the partition key). */
  keyColumns?: { name: string; type?: string }[];
  /** The row the operator keeps (deduplicate, Top-N: the input's columns the query reads), with types when known. */
  columns?: { name: string; type?: string }[];
  /** Its input is insert-only (an append-only table, window TVF or join of such). */
  inputAppendOnly?: boolean;
  /** Aggregates: each aggregate call, with its argument columns. */
  calls?: { fn: string; distinct: boolean; args: { name: string; type?: string }[] }[];
  /** Window aggregates: the window TVF's or the legacy group window's, when read. */
  window?: WindowSpec;
  /** OVER aggregates: the frame and the ORDER BY's time attribute. */
  over?: OverSpec;
  /** Deduplicate and Top-N: how Flink's planner runs it. */
  rank?: RankInfo;
  /** A semi or anti join of an IN / EXISTS subquery with an equi-key: the query's side and the subquery's. */
  sides?: { left: JoinSide; right: JoinSide };
  /** NOT EXISTS: an anti join. */
  anti?: boolean;
}

/**
 * The function Flink's planner picks for a `ROW_NUMBER() OVER (PARTITION BY k ORDER BY o)`
 * filtered on its rank (StreamPhysicalDeduplicateRule.canConvertToDeduplicate,
 * RankProcessStrategy.analyzeRankProcessStrategies, StreamExecDeduplicate, StreamExecRank).
 * 'window': partitioned by a window TVF's window_start and window_end (a window rank or
 * deduplication, cleared when the window fires); 'unsupported': RANK() or DENSE_RANK(), which
 * Flink's streaming StreamExecRank rejects.
 */
export type RankStrategy =
  | 'ProcTimeDeduplicateKeepFirstRowFunction'
  | 'ProcTimeDeduplicateKeepLastRowFunction'
  | 'RowTimeDeduplicateFunction'
  | 'AppendOnlyFirstNFunction'
  | 'FastTop1Function'
  | 'AppendOnlyTopNFunction'
  | 'UpdatableTopNFunction'
  | 'RetractableTopNFunction'
  | 'window'
  | 'unsupported';

export interface RankInfo {
  fn: 'ROW_NUMBER' | 'RANK' | 'DENSE_RANK';
  /** The rank end N of `rn <= N` (`rn = 1`, `rn < 2`: 1); undefined when it is no constant. */
  n?: number;
  /** The ORDER BY items: the column (empty for an expression), direction and time attribute. */
  orderBy: { column: string; desc: boolean; type?: string; time?: 'rowtime' | 'proctime' }[];
  /** The input's unique (upsert) key, when it has one. */
  inputUniqueKey?: string[];
  strategy: RankStrategy;
  /** Why this strategy, in the planner's terms. */
  why: string;
}

export interface StatementInfo {
  kind:
    | 'create-table'
    | 'create-view'
    | 'insert'
    | 'query'
    | 'set'
    | 'reset'
    | 'statement-set'
    | 'unsupported'
    | 'other';
  range: Range;
  statementSet?: number;
  /** For inserts: the sink. */
  target?: string;
}

export interface SqlAnalysis {
  statements: StatementInfo[];
  tables: TableDef[];
  views: ViewDef[];
  settings: SettingDef[];
  hints: HintDef[];
  joins: JoinInfo[];
  chains: ChainInfo[];
  operators: OperatorInfo[];
  diagnostics: Diagnostic[];
  /** `table.exec.state.ttl` (or `stateTtl`), in seconds, when set in the file; 0 when the file turns it off (no TTL). */
  stateTtlSec?: number;
  /**
   * `execution.runtime-mode` when the file sets it (the last SET), with its value's range: in
   * batch mode the job runs batch operators, which keep no keyed state (see estimateSql).
   */
  runtimeMode?: { mode: RuntimeMode; range: Range };
  /** `table.optimizer.multi-join.enabled`. */
  multiJoinEnabled: boolean;
  /** A MULTI_JOIN query hint (honoured from Flink 2.3 only: the estimate decides). */
  multiJoinHint: boolean;
  /** `table.optimizer.multi-join.use-for-binary-join`. */
  multiJoinForBinary: boolean;
}
