// Sections 3.6-3.7 of docs/sizing-model.md, worked by hand (defaults: rocks 10 B, 1-byte key-group prefix):
//   key on one BIGINT = 1 + 20 + 1 = 22 B; row of 2 BIGINTs = 4 + 8 + 16 = 28 B
import { strict as assert } from 'node:assert';
import {
  type Column,
  deduplicateState,
  groupAggState,
  intervalJoinState,
  lookupJoinState,
  notEstimated,
  type SizingContext,
  temporalJoinState,
  topNState,
  windowAggState,
  windowJoinState,
  windowsOpenAtOnce,
  withAssumptions,
} from '../../../src/sizing';

// rocksOverheadBytes is pinned at 10 B (the default is now 0, measured): every entry formula below
// keeps its RocksDB overhead term, so the tests still check that it is added.
const a = withAssumptions({ rocksOverheadBytes: 10 });
const ctx: SizingContext = { assumptions: a };
const big = (name: string): Column => ({ name, type: 'BIGINT' });

describe('sizing/otherOperators', () => {
  // Interval join (Flink TimeIntervalJoin): each side holds rate × (relative size + watermark lag +
  // min-cleanup-interval); relative size = -lower bound on the left, upper bound on the right; the
  // watermark lag is the larger input delay (the operator's watermark is the lower of the two).
  // RocksDB overhead 0 here, so the arithmetic shows only Flink's bytes.
  //   s (left):  id BIGINT, t TIMESTAMP(3)              row 4 + 8 + 16 = 28 B
  //   o (right): id BIGINT, t TIMESTAMP(3), note STRING row 4 + 8 + 24 + 24 = 60 B
  //   key one BIGINT 22 B; MapState entry 22 + 8 ts + 1 null flag + 4 list size + row + 1 flag:
  //   s 64 B, o 96 B; timer ValueState<Long> 22 + 8 = 30 B and timer-service entry 22 + 8 = 30 B per key
  const a0 = withAssumptions({ rocksOverheadBytes: 0 });
  const ctx0: SizingContext = { assumptions: a0 };
  const ts = (name: string): Column => ({ name, type: 'TIMESTAMP(3)' });
  const s = { name: 's', columns: [big('id'), ts('t')], keyColumns: [big('id')], ratePerSec: 10 };
  const o = {
    name: 'o',
    columns: [big('id'), ts('t'), { name: 'note', type: 'STRING' }],
    keyColumns: [big('id')],
    ratePerSec: 20,
  };
  const rows = (op: ReturnType<typeof intervalJoinState>, label: string) =>
    op.terms.find((t) => t.label === label)?.value;

  it('interval join: `o.t BETWEEN s.t - INTERVAL 4 HOUR AND s.t` holds o for 4 h and s only for the watermark lag', () => {
    // s on the left: s.t - o.t in [0, 14,400 s]; s waits 0 s + lag, o waits 14,400 s + lag; lag = max(5, 10) = 10 s.
    const op = intervalJoinState(
      {
        left: s,
        right: o,
        lowerBoundSec: 0,
        upperBoundSec: 4 * 3600,
        leftWatermarkDelaySec: 5,
        rightWatermarkDelaySec: 10,
      },
      ctx0,
    );
    assert.equal(rows(op, 'rows held left s'), 10 * (0 + 10)); // 100
    assert.equal(rows(op, 'rows held right o'), 20 * (4 * 3600 + 10)); // 288,200
    // Assumption: one held row per key, so one timer ValueState and one timer per row.
    assert.equal(op.entries, 3 * (10 * 10) + 3 * (20 * (4 * 3600 + 10)));
    assert.equal(op.stateBytes, 10 * 10 * (64 + 30 + 30) + 20 * (4 * 3600 + 10) * (96 + 30 + 30)); // 44,971,600
  });

  it('interval join: the long retention goes to the side the bounds say, not to both (rows of different widths)', () => {
    // Mirrored bounds, s.t BETWEEN o.t - 4 h AND o.t: s.t - o.t in [-14,400 s, 0], so now s (28-byte rows) waits 4 h.
    const mirrored = intervalJoinState(
      {
        left: s,
        right: o,
        lowerBoundSec: -4 * 3600,
        upperBoundSec: 0,
        leftWatermarkDelaySec: 5,
        rightWatermarkDelaySec: 10,
      },
      ctx0,
    );
    assert.equal(mirrored.stateBytes, 10 * (4 * 3600 + 10) * (64 + 30 + 30) + 20 * 10 * (96 + 30 + 30)); // 17,899,600
    const original = intervalJoinState(
      {
        left: s,
        right: o,
        lowerBoundSec: 0,
        upperBoundSec: 4 * 3600,
        leftWatermarkDelaySec: 5,
        rightWatermarkDelaySec: 10,
      },
      ctx0,
    );
    // The old rate × interval on both sides gave both the same state; the wide side held long costs 2.5x.
    assert.ok(original.stateBytes > 2.5 * mirrored.stateBytes, `${original.stateBytes} vs ${mirrored.stateBytes}`);
  });

  it('interval join: processing time has no watermark lag, and a side whose relative size is 0 is never cached (ProcTimeIntervalJoin)', () => {
    const op = intervalJoinState(
      { left: s, right: o, lowerBoundSec: 0, upperBoundSec: 4 * 3600, time: 'processing' },
      ctx0,
    );
    assert.equal(rows(op, 'rows held left s'), 0); // 0 s relative size + 0 s lag: not cached
    assert.equal(rows(op, 'rows held right o'), 20 * 4 * 3600); // 288,000
    assert.equal(op.stateBytes, 20 * 4 * 3600 * (96 + 30 + 30));
  });

  it('interval join: min-cleanup-interval and lateness add to the retention; a negative relative size shortens it to nothing', () => {
    // l.t BETWEEN r.t + 1 min AND r.t + 1 h: left relative size -60 s, right 3,600 s; delays not given: 5 s assumed each.
    const op = intervalJoinState(
      { left: s, right: o, lowerBoundSec: 60, upperBoundSec: 3600, minCleanupIntervalSec: 120, allowedLatenessSec: 30 },
      ctx0,
    );
    assert.equal(rows(op, 'rows held left s'), 0); // -60 + 5 <= 0: a left row is never cached
    assert.equal(rows(op, 'rows held right o'), 20 * (3600 + 5 + 30 + 120)); // 75,100
    assert.ok(op.notes.some((n) => /watermark lag/.test(n)));
  });

  it('interval join: timer states count distinct keys when declared', () => {
    const op = intervalJoinState(
      {
        left: { ...s, distinctKeys: 40 },
        right: { ...o, rowsPerKey: 100 },
        lowerBoundSec: 0,
        upperBoundSec: 4 * 3600,
        leftWatermarkDelaySec: 5,
        rightWatermarkDelaySec: 10,
      },
      ctx0,
    );
    // s: min(100 rows, 40 keys) = 40 keys; o: 288,200 rows / 100 rows per key = 2,882 keys.
    assert.equal(rows(op, 'keys with left rows s'), 40);
    assert.equal(rows(op, 'keys with right rows o'), (20 * (4 * 3600 + 10)) / 100);
    assert.equal(op.stateBytes, 10 * 10 * 64 + 40 * (30 + 30) + 20 * (4 * 3600 + 10) * 96 + 2_882 * (30 + 30));
  });

  // An event-time temporal join of orders (100 rows/s) with the versioned rates (200 keys, 2 changes/s).
  const RATES_JOIN = {
    time: 'event' as const,
    probe: { name: 'orders', columns: [big('id'), big('a')], keyColumns: [big('id')], ratePerSec: 100 },
    versioned: {
      name: 'rates',
      columns: [big('id'), { name: 'rate', type: 'DOUBLE' }, { name: 'cur', type: 'VARCHAR(3)' }],
      keyColumns: [big('id')],
      rows: 200,
      ratePerSec: 2,
    },
  };

  it('event-time temporal join: latest version per key, versions and probe rows waiting for the watermark, per-key Long states', () => {
    const s = temporalJoinState(RATES_JOIN, ctx);
    // TemporalRowTimeJoinOperator, watermark delay 5 s (watermarkDelaySec assumption):
    // versioned row: 4 + 8 + 8×3 + 0 (VARCHAR(3) inline) = 36; entry 22 + 8 ts + 1 + 36 + 10 = 77
    //   latest version of each key: 77 × 200 = 15,400; versions newer than the watermark: 2/s × 5 s = 10 × 77 = 770
    // probe: 100 rows/s × 5 s = 500 rows; entry 22 + 8 + 1 + 28 + 10 = 69 × 500 = 34,500
    // next-index ValueState<Long> per key: (22 + 8 + 10) = 40 × 200 = 8,000
    // keys with pending rows: min(200, 500 + 10) = 200: registered-timer ValueState<Long> 40 × 200 and its timer 40 × 200
    assert.equal(
      s.stateBytes,
      77 * 200 + 77 * 2 * 5 + 69 * 100 * 5 + 40 * 200 + 2 * 40 * Math.min(200, 100 * 5 + 2 * 5),
    ); // 74,670
    assert.equal(s.entries, 200 + 10 + 500 + 200 + 2 * 200);
    assert.equal(s.writePattern, 'in-place');
    assert.ok(s.notes.some((n) => /watermark/.test(n)));
  });

  it('event-time temporal join: rows and versions wait for the lower of the two watermarks (the larger delay)', () => {
    const withDelays = (probe?: number, versioned?: number) =>
      temporalJoinState({ ...RATES_JOIN, probeWatermarkDelaySec: probe, versionedWatermarkDelaySec: versioned }, ctx);
    const held = (s: ReturnType<typeof temporalJoinState>) =>
      ['rows buffered orders', 'versions newer than the watermark rates'].map(
        (l) => s.terms.find((t) => t.label === l)?.value,
      );
    // The operator's watermark is min(probe's, versioned's): a row waits max(delays).
    // probe 30 s, versioned 2 s: 100 rows/s × 30 s = 3,000 probe rows; 2/s × 30 s = 60 versions.
    assert.deepEqual(held(withDelays(30, 2)), [3_000, 60]);
    // probe 0 s, versioned 12 s: 1,200 and 24.
    assert.deepEqual(held(withDelays(0, 12)), [1_200, 24]);
    // Only the probe's declared (1 s): the versioned side's is the assumption, 5 s, the larger.
    const oneKnown = withDelays(1, undefined);
    assert.deepEqual(held(oneKnown), [500, 10]);
    assert.match(
      oneKnown.terms.find((t) => t.label === 'watermark delay')!.formula,
      /1 s probe orders \(from the SQL\), 5 s versioned rates \(assumption/,
    );
    // Entries with 30 s: 200 latest + 60 newer + 3,000 probe + 200 next-index + 2 × min(200, 3,060) timers.
    assert.equal(withDelays(30, 2).entries, 200 + 60 + 3_000 + 200 + 2 * 200);
  });

  it('processing-time temporal and lookup joins hold no join state, and say so', () => {
    const p = temporalJoinState(
      {
        time: 'processing',
        probe: { name: 'o', columns: [big('id')], keyColumns: [big('id')], ratePerSec: 1 },
        versioned: { name: 'r', columns: [big('id')], keyColumns: [big('id')], rows: 1 },
      },
      ctx,
    );
    assert.equal(p.stateBytes, 0);
    assert.equal(p.estimated, true);
    const l = lookupJoinState('enrich');
    assert.equal(l.stateBytes, 0);
    assert.match(l.notes[0], /memory, not in RocksDB/);
  });

  it('group aggregation: one accumulator row per group, plus a map entry per distinct value', () => {
    const spec = {
      groupKey: [big('customer_id')],
      groups: 1000,
      simpleAggregates: 3,
      distinct: [{ column: big('product_id'), valuesPerGroup: 20 }],
    };
    // accumulators: row 4 + 8 + 8×3 = 36; entry 22 + 36 + 10 = 68 × 1000 = 68,000
    // COUNT(DISTINCT): 22 key + 8 value + 1 null flag + 8 count + 10 = 49 × (1000 × 20) = 980,000
    assert.equal(groupAggState(spec, ctx).stateBytes, 1_048_000);
    // with TTL: (68 + 8) × 1000 = 76,000 + (49 + 8) × 20,000 = 1,140,000 → 1,216,000
    assert.equal(groupAggState(spec, { assumptions: a, stateTtlSec: 60 }).stateBytes, 1_216_000);
  });

  it('window aggregation: keys × windows open at once', () => {
    assert.equal(windowsOpenAtOnce({ kind: 'HOP', sizeSec: 3600, slideSec: 600 }).value, 6); // 3600 / 600
    assert.equal(windowsOpenAtOnce({ kind: 'TUMBLE', sizeSec: 60 }).value, 1);
    const s = windowAggState(
      { key: [big('user_id')], keys: 500, simpleAggregates: 2, window: { kind: 'HOP', sizeSec: 3600, slideSec: 600 } },
      ctx,
    );
    // accumulator: 1 key group + 20 key row + 8 window end + (4 + 8 + 16 = 28) acc + 10 = 67 × (500 × 6 = 3000) = 201,000
    // timer of each key and slice end: 1 key group + 8 timestamp + 20 key row + 8 window end + 10 = 47 × 3000 = 141,000
    assert.equal(s.stateBytes, 67 * 500 * 6 + 47 * 500 * 6); // 342,000
  });

  it('window aggregation with COUNT(DISTINCT x): a map entry per distinct value, key and slice', () => {
    const s = windowAggState(
      {
        key: [big('user_id')],
        keys: 500,
        simpleAggregates: 2,
        window: { kind: 'HOP', sizeSec: 3600, slideSec: 600 },
        distinct: [{ column: big('page_id'), valuesPerKeyWindow: 4 }],
      },
      ctx,
    );
    // As above (342,000 B, 3,000 key-slices), plus the distinct MapState under the slice
    // namespace: 1 key group + 20 key row + 8 window end + 8 value + 1 null flag + 8 count + 10
    // = 56 B × (3,000 key-slices × 4 values = 12,000) = 672,000.
    assert.equal(s.stateBytes, 342_000 + 56 * 12_000);
    assert.equal(s.entries, 3_000 + 3_000 + 12_000);
  });

  // Deduplication (StreamExecDeduplicate): key one BIGINT 22 B, row of 2 BIGINTs 28 B, rocks 10 B, 1,000 keys.
  const dedupSpec = { name: 'd', keyColumns: [big('id')], columns: [big('id'), big('v')], keys: 1000 };

  it('deduplication: processing-time keep-first holds a ValueState<Boolean> (1 byte), written once; keep-last and event time hold the row', () => {
    const first = deduplicateState({ ...dedupSpec, fn: 'ProcTimeDeduplicateKeepFirstRowFunction' }, ctx);
    assert.equal(first.stateBytes, (22 + 1 + 10) * 1000); // 33,000
    assert.deepEqual([first.writePattern, first.variableLength], ['once', false]);
    const last = deduplicateState({ ...dedupSpec, fn: 'ProcTimeDeduplicateKeepLastRowFunction' }, ctx);
    assert.equal(last.stateBytes, (22 + 28 + 10) * 1000); // 60,000
    assert.equal(last.writePattern, 'in-place');
    assert.equal(
      deduplicateState({ ...dedupSpec, fn: 'RowTimeDeduplicateFunction' }, ctx).stateBytes,
      (22 + 28 + 10) * 1000,
    );
    // With a state TTL every value carries its 8-byte timestamp.
    assert.equal(
      deduplicateState(
        { ...dedupSpec, fn: 'ProcTimeDeduplicateKeepFirstRowFunction' },
        { assumptions: a, stateTtlSec: 3600 },
      ).stateBytes,
      (22 + 1 + 10 + 8) * 1000,
    );
    // A STRING key is variable-length data even when the value is one byte.
    const strKey = deduplicateState(
      { ...dedupSpec, keyColumns: [{ name: 'id', type: 'STRING' }], fn: 'ProcTimeDeduplicateKeepFirstRowFunction' },
      ctx,
    );
    assert.equal(strKey.variableLength, true);
  });

  // Top-N (StreamExecRank), 1,000 partitions keyed by one BIGINT (key 22 B), sorted by one BIGINT
  // (sort key row 4 + 8 + 8 = 20 B), rows of 2 BIGINTs (28 B), rocks 10 B.
  const top = (fn: Parameters<typeof topNState>[0]['fn'], extra: Partial<Parameters<typeof topNState>[0]> = {}) =>
    topNState(
      {
        name: 't',
        fn,
        n: 3,
        keyColumns: [big('k')],
        sortColumns: [big('score')],
        columns: [big('k'), big('score')],
        partitions: 1000,
        ...extra,
      },
      ctx,
    );

  it('Top-N: AppendOnlyFirstN keeps a counter, FastTop1 the top row, AppendOnlyTopN and UpdatableTopN the top N rows', () => {
    assert.equal(top('AppendOnlyFirstNFunction').stateBytes, (22 + 4 + 10) * 1000); // ValueState<Integer>: 36,000
    assert.equal(top('FastTop1Function').stateBytes, (22 + 28 + 10) * 1000); // ValueState<RowData>: 60,000
    // MapState<sortKey, List<row>>: key + sort key + 1 null flag + 4 list size + row + rocks, 3 rows per partition.
    assert.equal(top('AppendOnlyTopNFunction').stateBytes, (22 + 20 + 1 + 4 + 28 + 10) * 3 * 1000); // 255,000
    // MapState<rowKey, Tuple2<row, Integer>>: key + row key (k, score: 4 + 8 + 16 = 28) + 1 + row + 4 + rocks.
    const upd = top('UpdatableTopNFunction', { rowKeyColumns: [big('k'), big('score')] });
    assert.equal(upd.stateBytes, (22 + 28 + 1 + 28 + 4 + 10) * 3 * 1000); // 279,000
    assert.equal(upd.entries, 3 * 1000);
    assert.deepEqual([top('AppendOnlyFirstNFunction').writePattern, upd.writePattern], ['once', 'in-place']);
  });

  it('Top-N: RetractableTopN holds every live row, not N, and a sorted map per partition; it says so', () => {
    const r = top('RetractableTopNFunction', { liveRows: 50_000 });
    // data-state: (22 + 20 + 1 + 4 + 28 + 10) = 85 × 50,000 live rows = 4,250,000
    // sorted-map values: (22 key + 4 map size + 10) = 36 × 1,000 partitions = 36,000,
    //   holding (20 sort key + 1 null flag + 8 Long count) = 29 × 50,000 sort keys = 1,450,000
    assert.equal(r.stateBytes, 85 * 50_000 + 36 * 1000 + 29 * 50_000); // 5,736,000
    assert.equal(r.entries, 50_000 + 1000);
    assert.ok(r.notes.some((n) => /every live row/.test(n) && /very large/.test(n)));
  });

  it('window join: a ListState per side, key and window, rate × (window + lag) rows, and a timer per key and window', () => {
    // TUMBLE 60 s, lag 5 s: s 10 rows/s × 65 s = 650 rows, o 20 × 65 = 1,300 rows, one row per key and window (assumption).
    // list entry: 1 key group + 20 key row + 8 window end + 10 rocks = 39; each row + 1 delimiter byte:
    //   s rows 28 + 1, o rows 60 + 1; timers: max(650, 1,300) key-windows × (1 + 8 ts + 20 + 8 + 10 = 47).
    const w = windowJoinState(
      {
        left: s,
        right: o,
        window: { kind: 'TUMBLE', sizeSec: 60 },
        leftWatermarkDelaySec: 5,
        rightWatermarkDelaySec: 5,
      },
      ctx,
    );
    assert.equal(w.stateBytes, 650 * (39 + 29) + 1300 * (39 + 61) + 1300 * 47); // 235,300
    assert.deepEqual([w.writePattern, w.variableLength], ['once', true]);
    // HOP 60 s every 30 s: the TVF puts each row into 2 windows, so twice the rows.
    const hop = windowJoinState(
      {
        left: s,
        right: o,
        window: { kind: 'HOP', sizeSec: 60, slideSec: 30 },
        leftWatermarkDelaySec: 5,
        rightWatermarkDelaySec: 5,
      },
      ctx,
    );
    assert.equal(hop.stateBytes, 2 * (650 * (39 + 29) + 1300 * (39 + 61) + 1300 * 47));
  });

  it('reports operators it cannot estimate as "not estimated", never as a silent zero', () => {
    const n = notEstimated('MATCH_RECOGNIZE on clicks', 'MATCH_RECOGNIZE', 'pattern state is not modelled');
    assert.equal(n.estimated, false);
    assert.match(n.notes[0], /not estimated/);
  });
});
