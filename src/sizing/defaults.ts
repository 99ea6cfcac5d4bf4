// Every setting and assumption of the sizing model in one place, each with its source
// (docs/sizing-model.md). "setting": a default the user can change (VS Code setting /
// descriptor field). "assumption": our estimate where no source gives a number.
// "fact": from a cited source; changes only when the source does.
// Flink's byte layout facts live in FLINK_FACTS below; AWS facts in kpu.ts (AWS_FACTS).
import { nonNeg, positive } from './num';

export interface Assumptions {
  /** Average bytes of a STRING/VARCHAR/BYTES value whose length is not declared. */
  avgStringBytes: number;
  /** Average bytes of an ARRAY/MAP/MULTISET/ROW value whose size is not declared. */
  avgCollectionBytes: number;
  /** RocksDB's own bytes per entry beyond key and value, before compression (measured: about 0). */
  rocksOverheadBytes: number;
  /** Bytes a state TTL adds per value or map entry (the last-access timestamp). */
  ttlBytes: number;
  /**
   * On-disk / logical bytes after block compression, for every entry: a user's setting.
   * undefined (the default) = by entry content, compressionFixedWidth or compressionVariableLength.
   */
  compression?: number;
  /** Compression of an entry whose row has only fixed-width fields (measured, Snappy). */
  compressionFixedWidth: number;
  /** Compression of an entry with variable-length data: strings, bytes, collections (measured). */
  compressionVariableLength: number;
  /**
   * RocksDB space amplification (obsolete versions awaiting compaction), for every entry: a
   * user's setting. undefined (the default) = by write pattern, the two below.
   */
  spaceAmplification?: number;
  /** Space amplification of state written once per key (measured). */
  spaceAmplificationWriteOnce: number;
  /** Space amplification of state updated in place, settled (measured). */
  spaceAmplificationInPlace: number;
  /** Busiest subtask's state / average subtask's state. */
  keySkew: number;
  /** Share of a KPU's 50 GB disk that state may fill (room for compaction and snapshots). */
  maxDiskUse: number;
  /** Retention of append-only rows when no state TTL is set (seconds). */
  planningHorizonSec: number;
  /** Share of left rows that find a match (INNER join row estimate). */
  matchRate: number;
  /** Snapshot (and restore) throughput per KPU, MB/s (1 MB = 10^6 bytes). */
  snapshotMBpsPerKPU: number;
  /** Snapshots kept as durable backups (billed per GB-month). */
  retainedSnapshots: number;
  /** Bill the 50 GB running application storage of every KPU. */
  billRunningStorage: boolean;
  /** Event-time temporal join: how long probe-side rows wait for the watermark (seconds). */
  watermarkDelaySec: number;
  /** pipeline.max-parallelism; undefined = Flink's default from the parallelism. */
  maxParallelism?: number;
  /** Hours in a billing month: 730 (AWS pricing page), or 720 as in AWS's pricing examples. */
  hoursPerMonth: number;
  /** Bytes in a GB for storage and prices (10^9). */
  bytesPerGB: number;
}

const DAY_SEC = 86_400;

export const DEFAULT_ASSUMPTIONS: Readonly<Assumptions> = Object.freeze({
  avgStringBytes: 24,
  avgCollectionBytes: 64,
  rocksOverheadBytes: 0,
  ttlBytes: 8,
  compression: undefined,
  compressionFixedWidth: 0.45,
  compressionVariableLength: 0.65,
  spaceAmplification: undefined,
  spaceAmplificationWriteOnce: 1.0,
  spaceAmplificationInPlace: 1.4,
  keySkew: 1.0,
  maxDiskUse: 0.8,
  planningHorizonSec: 30 * DAY_SEC,
  matchRate: 1,
  snapshotMBpsPerKPU: 20,
  retainedSnapshots: 1,
  billRunningStorage: true,
  watermarkDelaySec: 5,
  maxParallelism: undefined,
  hoursPerMonth: 730,
  bytesPerGB: 1e9,
});

export type AssumptionKind = 'setting' | 'assumption' | 'fact';

/** The measurement behind the on-disk defaults (docs/sizing-model.md §4). */
const MEASURED =
  "Flink's default RocksDB options (RocksDBConfigurableOptions: Snappy on every level, 4 KB blocks, level compaction, WAL off) loaded with 10 M Flink-shaped entries";

export interface AssumptionInfo {
  name: keyof Assumptions;
  unit: string;
  kind: AssumptionKind;
  source: string;
  description: string;
}

/** The table hovers and the CLI print: unit, kind and source of every assumption. */
export const ASSUMPTION_INFO: Readonly<Record<keyof Assumptions, Omit<AssumptionInfo, 'name'>>> = Object.freeze({
  avgStringBytes: {
    unit: 'bytes',
    kind: 'setting',
    source: 'assumption (docs/sizing-model.md §2)',
    description: 'average string/binary length when not declared',
  },
  avgCollectionBytes: {
    unit: 'bytes',
    kind: 'setting',
    source: 'assumption (docs/sizing-model.md §2)',
    description: 'average ARRAY/MAP/MULTISET/ROW size when not declared',
  },
  rocksOverheadBytes: {
    unit: 'bytes/entry',
    kind: 'setting',
    source: `measured assumption (docs/sizing-model.md §4): ${MEASURED}, a net per-entry overhead of about 0 B before compression`,
    description: 'RocksDB per-entry overhead',
  },
  ttlBytes: {
    unit: 'bytes/entry',
    kind: 'fact',
    source: 'Flink TtlValue: one long last-access timestamp per value or map entry',
    description: 'state TTL timestamp',
  },
  compression: {
    unit: 'ratio',
    kind: 'setting',
    source: 'your setting: one compression for every entry (unset: by entry content, the two below)',
    description: 'on-disk / logical bytes after compression, every entry',
  },
  compressionFixedWidth: {
    unit: 'ratio',
    kind: 'setting',
    source: `measured assumption (docs/sizing-model.md §4): ${MEASURED}, Snappy 0.42-0.45 of the logical bytes`,
    description: 'compression of entries with only fixed-width fields',
  },
  compressionVariableLength: {
    unit: 'ratio',
    kind: 'setting',
    source: `measured assumption (docs/sizing-model.md §4): ${MEASURED}, Snappy 0.59-0.71 with about 100 B of text per entry`,
    description: 'compression of entries with strings, bytes or collections',
  },
  spaceAmplification: {
    unit: 'ratio',
    kind: 'setting',
    source: 'your setting: one space amplification for every entry (unset: by write pattern, the two below)',
    description: 'RocksDB space amplification, every entry',
  },
  spaceAmplificationWriteOnce: {
    unit: 'ratio',
    kind: 'setting',
    source: `measured assumption (docs/sizing-model.md §4): ${MEASURED}, 1.0 when every key is written once`,
    description: 'space amplification of state written once per key',
  },
  spaceAmplificationInPlace: {
    unit: 'ratio',
    kind: 'setting',
    source: `measured assumption (docs/sizing-model.md §4): ${MEASURED}, 1.15-1.8 settled under upserts, compaction peaks up to 3x`,
    description: 'space amplification of state updated in place',
  },
  keySkew: {
    unit: 'ratio',
    kind: 'setting',
    source: 'assumption (docs/sizing-model.md §4)',
    description: 'busiest subtask state / average',
  },
  maxDiskUse: {
    unit: 'ratio',
    kind: 'setting',
    source: 'assumption (docs/sizing-model.md §4): room for compaction and snapshots',
    description: 'usable share of the 50 GB per KPU',
  },
  planningHorizonSec: {
    unit: 's',
    kind: 'setting',
    source: 'assumption (docs/sizing-model.md §3.6, rows held): 30 days',
    description: 'retention of append-only rows without TTL',
  },
  matchRate: {
    unit: 'ratio',
    kind: 'setting',
    source: 'assumption (docs/sizing-model.md §3.2)',
    description: 'share of rows that find a join partner',
  },
  snapshotMBpsPerKPU: {
    unit: 'MB/s per KPU',
    kind: 'setting',
    source: 'assumption (docs/sizing-model.md §4); Zalando: 235 GB in ~11 min ≈ 356 MB/s for the whole cluster',
    description: 'snapshot and restore throughput',
  },
  retainedSnapshots: {
    unit: 'snapshots',
    kind: 'setting',
    source: 'assumption (docs/sizing-model.md §4)',
    description: 'durable backups kept',
  },
  billRunningStorage: {
    unit: 'boolean',
    kind: 'setting',
    source:
      'AWS developer guide how-pricing ("also charged for running storage"); one AWS sizing guide calls it included',
    description: 'bill 50 GB running storage per KPU',
  },
  watermarkDelaySec: {
    unit: 's',
    kind: 'assumption',
    source: 'assumption: probe rows of an event-time temporal join wait about one watermark delay',
    description: 'temporal join probe-side buffer',
  },
  maxParallelism: {
    unit: 'key groups',
    kind: 'setting',
    source: 'Flink KeyGroupRangeAssignment.computeDefaultMaxParallelism when unset',
    description: 'max parallelism (key groups)',
  },
  hoursPerMonth: {
    unit: 'h',
    kind: 'setting',
    source:
      "AWS Managed Service for Apache Flink pricing page: 730 hours per month (AWS's billing convention); the page's pricing examples use 24 × 30 = 720",
    description: 'hours per billing month',
  },
  bytesPerGB: {
    unit: 'bytes',
    kind: 'fact',
    source: 'AWS storage and price units (GB = 10^9 bytes)',
    description: 'bytes per GB',
  },
});

export interface AssumptionRow extends AssumptionInfo {
  value: number | boolean | string;
}

/** One row of the assumptions table for `name`, with the value in use. */
export function describeAssumption(name: keyof Assumptions, a: Assumptions = DEFAULT_ASSUMPTIONS): AssumptionRow {
  const info = ASSUMPTION_INFO[name];
  const v = a[name];
  if (v !== undefined) return { name, ...info, value: v };
  const unset =
    name === 'compression'
      ? `by entry: ${a.compressionFixedWidth} fixed-width, ${a.compressionVariableLength} variable-length`
      : name === 'spaceAmplification'
        ? `by write pattern: ${a.spaceAmplificationWriteOnce} written once, ${a.spaceAmplificationInPlace} in place`
        : 'Flink default';
  return { name, ...info, value: unset };
}

/** All rows of the assumptions table, in declaration order. */
export function describeAssumptions(a: Assumptions = DEFAULT_ASSUMPTIONS): AssumptionRow[] {
  return (Object.keys(ASSUMPTION_INFO) as (keyof Assumptions)[]).map((n) => describeAssumption(n, a));
}

/** A user's number when it is one > 0, else undefined (unset: the model's per-entry defaults). */
function optionalPositive(x: number | undefined): number | undefined {
  return positive(x, 0) > 0 ? x : undefined;
}

/**
 * Defaults overlaid with the user's values; a value that is not a usable number
 * (NaN, negative, a ratio of 0) falls back to the default, so settings typos never
 * produce NaN downstream.
 */
export function withAssumptions(partial: Partial<Assumptions> = {}): Assumptions {
  const d = DEFAULT_ASSUMPTIONS;
  const p = partial;
  return {
    avgStringBytes: nonNeg(p.avgStringBytes, d.avgStringBytes),
    avgCollectionBytes: nonNeg(p.avgCollectionBytes, d.avgCollectionBytes),
    rocksOverheadBytes: nonNeg(p.rocksOverheadBytes, d.rocksOverheadBytes),
    ttlBytes: nonNeg(p.ttlBytes, d.ttlBytes),
    compression: optionalPositive(p.compression),
    compressionFixedWidth: positive(p.compressionFixedWidth, d.compressionFixedWidth),
    compressionVariableLength: positive(p.compressionVariableLength, d.compressionVariableLength),
    spaceAmplification: optionalPositive(p.spaceAmplification),
    spaceAmplificationWriteOnce: positive(p.spaceAmplificationWriteOnce, d.spaceAmplificationWriteOnce),
    spaceAmplificationInPlace: positive(p.spaceAmplificationInPlace, d.spaceAmplificationInPlace),
    keySkew: positive(p.keySkew, d.keySkew),
    maxDiskUse: Math.min(1, positive(p.maxDiskUse, d.maxDiskUse)),
    planningHorizonSec: nonNeg(p.planningHorizonSec, d.planningHorizonSec),
    matchRate: nonNeg(p.matchRate, d.matchRate),
    snapshotMBpsPerKPU: positive(p.snapshotMBpsPerKPU, d.snapshotMBpsPerKPU),
    retainedSnapshots: nonNeg(p.retainedSnapshots, d.retainedSnapshots),
    billRunningStorage: typeof p.billRunningStorage === 'boolean' ? p.billRunningStorage : d.billRunningStorage,
    watermarkDelaySec: nonNeg(p.watermarkDelaySec, d.watermarkDelaySec),
    maxParallelism:
      p.maxParallelism !== undefined && positive(p.maxParallelism, 0) > 0 ? Math.floor(p.maxParallelism) : undefined,
    hoursPerMonth: positive(p.hoursPerMonth, d.hoursPerMonth),
    bytesPerGB: positive(p.bytesPerGB, d.bytesPerGB),
  };
}

/**
 * Facts of Flink's binary row format and RocksDB keyed state, with sources
 * (flink-table-common BinaryRowData / AbstractBinaryWriter, flink-runtime
 * SerializedCompositeKeyBuilder, CompositeKeySerializationUtils, VoidNamespaceSerializer,
 * MapSerializer, flink-table-runtime JoinRecordStateViews / OuterJoinRecordStateViews).
 */
export const FLINK_FACTS = Object.freeze({
  /** BinaryRowDataSerializer.serialize writes record.getSizeInBytes() as an int before the row. */
  rowLengthPrefixBytes: 4,
  /** BinaryRowData: every field has an 8-byte slot in the fixed-length part. */
  slotBytes: 8,
  /** BinaryRowData.HEADER_SIZE_IN_BITS: the RowKind header byte shares the null bit set. */
  headerBits: 8,
  /** BinaryFormat.MAX_FIX_PART_DATA_SIZE: strings/binaries up to 7 bytes live in their slot. */
  maxInlineBytes: 7,
  /** AbstractBinaryWriter.writeDecimal, precision > 18 (not compact): cursor += 16. */
  decimalVarBytes: 16,
  /** DecimalData.MAX_COMPACT_PRECISION. */
  maxCompactDecimalPrecision: 18,
  /** TimestampData.isCompact: precision <= 3 is stored as a long in the slot. */
  maxCompactTimestampPrecision: 3,
  /**
   * AbstractBinaryWriter.writeTimestamp / writeTimestampLtz, precision > 3: ensureCapacity(8),
   * the millisecond long in the variable part (nano-of-millisecond in the slot), cursor += 8.
   * (An earlier draft of the model said 16; Flink's writer advances 8 bytes, so 8 is used here.)
   */
  timestampVarBytes: 8,
  /** CompositeKeySerializationUtils.computeRequiredBytesInKeyGroupPrefix: 1 byte when maxParallelism <= 128. */
  keyGroupPrefixSmallMax: 128,
  /** VoidNamespaceSerializer writes one byte (write(0)); its fixed length means no key-length bytes are added. */
  voidNamespaceBytes: 1,
  /** RocksDBMapState: a one-byte null flag before every map value. */
  mapValueNullFlagBytes: 1,
  /** JoinRecordStateViews.InputSideHasNoUniqueKey: MapState<row, Integer> count. */
  countBytes: 4,
  /** OuterJoinRecordStateViews: Integer number of associations per record. */
  outerCounterBytes: 4,
  /** MapSerializer / ListSerializer: an int size before the elements. */
  collectionSizeBytes: 4,
  /** Long map keys / namespaces (interval and temporal join timestamps, window slice ends). */
  longBytes: 8,
  /** TimeWindow.Serializer: a window's start and end, two longs (WindowOperator's namespace). */
  timeWindowBytes: 16,
  /** Boolean field of TimeIntervalJoin's Tuple2<RowData, Boolean>; BooleanSerializer writes one byte. */
  booleanBytes: 1,
  /** IntSerializer: an Integer value (AppendOnlyFirstNFunction's counter, UpdatableTopNFunction's inner rank). */
  intBytes: 4,
  /** RocksDBListState (ListDelimitedSerializer): one delimiter byte between the serialized elements of a list. */
  listDelimiterBytes: 1,
  /** Flink KeyGroupRangeAssignment bounds of the default max parallelism. */
  defaultLowerBoundMaxParallelism: 128,
  upperBoundMaxParallelism: 32768,
  /** Flink version that introduced the MultiJoin operator (FLIP-516, experimental). */
  multiJoinSinceVersion: [2, 1] as const,
  /** The MULTI_JOIN query hint (FLINK-38731) exists from Flink 2.3. */
  multiJoinHintSinceVersion: [2, 3] as const,
});

/** Flink MathUtils.roundUpToPowerOfTwo for positive ints. */
export function roundUpToPowerOfTwo(x: number): number {
  let r = 1;
  while (r < x) r *= 2;
  return r;
}

/**
 * Flink KeyGroupRangeAssignment.computeDefaultMaxParallelism:
 * min(max(roundUpToPowerOfTwo(p + p / 2), 128), 32768) with integer division.
 */
export function computeDefaultMaxParallelism(parallelism: number): number {
  const p = Math.max(1, Math.floor(positive(parallelism, 1)));
  return Math.min(
    Math.max(roundUpToPowerOfTwo(p + Math.floor(p / 2)), FLINK_FACTS.defaultLowerBoundMaxParallelism),
    FLINK_FACTS.upperBoundMaxParallelism,
  );
}

export interface ResolvedMaxParallelism {
  value: number;
  source: string;
}

/** The max parallelism the key-group prefix depends on: explicit, else Flink's default. */
export function resolveMaxParallelism(ctx: {
  maxParallelism?: number;
  parallelism?: number;
  assumptions?: Assumptions;
}): ResolvedMaxParallelism {
  const explicit = positive(ctx.maxParallelism, 0) || positive(ctx.assumptions?.maxParallelism, 0);
  if (explicit > 0) return { value: Math.floor(explicit), source: 'pipeline.max-parallelism' };
  if (positive(ctx.parallelism, 0) > 0) {
    const p = Math.floor(ctx.parallelism as number);
    return {
      value: computeDefaultMaxParallelism(p),
      source: `Flink default for parallelism ${p}: min(max(roundUpToPowerOfTwo(${p} + ${Math.floor(p / 2)}), 128), 32768)`,
    };
  }
  return {
    value: FLINK_FACTS.defaultLowerBoundMaxParallelism,
    source: 'Flink default lower bound (parallelism unknown)',
  };
}

/** CompositeKeySerializationUtils.computeRequiredBytesInKeyGroupPrefix. */
export function keyGroupPrefixBytes(maxParallelism: number): 1 | 2 {
  return maxParallelism <= FLINK_FACTS.keyGroupPrefixSmallMax ? 1 : 2;
}

// What a job is estimated with when no job descriptor gives its statistics (a lone SQL
// file). Each is marked with its source; hovers, the CLI and the README say when they are used.
export const JOB_DEFAULTS = Object.freeze({
  /** Live rows held by an input with a key (distinct keys). Assumption. */
  rows: 1_000_000,
  /** Rows per second of an append-only input. Assumption. */
  ratePerSec: 100,
  /** AWS ParallelismConfiguration defaults (fact: AWS docs how-scaling). */
  parallelism: 1,
  parallelismPerKPU: 1,
  /** Region whose prices are sourced (fact: AWS pricing page). */
  region: 'us-east-1',
  /** The version AWS Managed Flink offered in Feb 2026 (fact: seed pages). */
  flinkVersion: '1.20',
  /** Chains storing more than this multiple of the union rewrite get a warning. Setting. */
  amplificationThreshold: 2,
});
