// Shared result types of the sizing model (docs/sizing-model.md). Pure data, no I/O.
import type { Assumptions } from './defaults';
import type { RowSizing } from './rowSize';

/** One number shown to a user, with the formula and inputs that produced it. */
export interface Term {
  label: string;
  value: number;
  unit: 'bytes' | 'rows' | 'keys' | 'KPU' | 'USD' | 'USD/month' | 's' | 'B/row' | 'ratio';
  /** The inputs and the arithmetic, e.g. "4 + 8 + 8×3 + 32 = 68 B". */
  formula: string;
}

/** State of one stateful operator (or one union stage). */
export interface OperatorState {
  name: string;
  /** e.g. 'join', 'dedup', 'multi-join', 'union-stage', 'interval-join', 'group-agg', 'not-estimated'. */
  kind: string;
  stateBytes: number;
  /** RocksDB entries (key/value pairs) held. */
  entries: number;
  terms: Term[];
  notes: string[];
  /** false when the model does not cover this operator: stateBytes is then unknown, not zero. */
  estimated?: boolean;
  /** Why it is not estimated (set with `estimated: false`). */
  reason?: string;
  /**
   * How its entries are written (section 4, space amplification): 'once' per key (append-only
   * inputs, interval and window joins: 1.0) or 'in-place' (upsert / changelog inputs, join
   * results, aggregates: 1.4). Absent: 'in-place', the larger.
   */
  writePattern?: WritePattern;
  /**
   * Whether its entries hold variable-length data (strings, bytes, collections: compression
   * 0.65) or only fixed-width fields (0.45); `hasVariableLength` in rowSize.ts tells from a
   * row. Absent: true, the larger. So an operator that sets neither is sized at 0.65 × 1.4.
   */
  variableLength?: boolean;
}

/** How RocksDB entries are written: once per key, or updated in place (section 4). */
export type WritePattern = 'once' | 'in-place';

export interface PlanEstimate {
  stateBytes: number;
  operators: OperatorState[];
}

/** What the model estimates with; `fieldSizes` (RowSizing) only saves work, it changes no number. */
export interface SizingContext extends RowSizing {
  assumptions: Assumptions;
  /** e.g. "1.20", "2.1.0", "FLINK-1_20". */
  flinkVersion?: string;
  /** table.exec.state.ttl in seconds; unset or 0 = no TTL. */
  stateTtlSec?: number;
  /** pipeline.max-parallelism; unset = Flink's default derived from parallelism. */
  maxParallelism?: number;
  parallelism?: number;
  /** `table.optimizer.multi-join.use-for-binary-join`: a MultiJoin for a single join too (two inputs). */
  multiJoinForBinary?: boolean;
}

export interface Warning {
  code: string;
  message: string;
  input?: string;
}
