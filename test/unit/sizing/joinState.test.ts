// Sections 3.1-3.5 of docs/sizing-model.md, every expected value worked by hand.
// Shared numbers (defaults: rocks 10 B, ttl 8 B, maxParallelism unknown → 128 → 1-byte key-group prefix):
//   key on one BIGINT      = 1 + (4 + 8 + 8×1) + 1 = 22 B
//   U row of one BIGINT    = 4 + 8 + 8×1          = 20 B
//   row of 2 BIGINTs       = 4 + 8 + 8×2          = 28 B
import { strict as assert } from 'node:assert';
import {
  type ChainInput,
  type ChainJoin,
  type Column,
  estimateChain,
  joinSideState,
  keySize,
  rowSize,
  rowsHeld,
  type SizingContext,
  withAssumptions,
} from '../../../src/sizing';

// rocksOverheadBytes is pinned at 10 B (the default is now 0, measured): every entry formula below
// keeps its RocksDB overhead term, so the tests still check that it is added.
const a = withAssumptions({ rocksOverheadBytes: 10 });
const ctx: SizingContext = { assumptions: a };
const big = (name: string): Column => ({ name, type: 'BIGINT' });
const onId = (keyGroup = 0, type: ChainJoin['type'] = 'INNER'): ChainJoin => ({
  type,
  keys: [{ leftInput: 0, leftColumn: 'id', rightColumn: 'id' }],
  keyGroup,
});

describe('sizing/joinState: the three state views of a join side (3.1)', () => {
  const key = keySize([big('id')], ctx, 128); // 22
  const row = rowSize([big('id'), big('a')], ctx); // 28
  const uk = rowSize([big('line_id')], ctx); // 20

  it('join key contains U: ValueState<row> = key + row + rocks', () => {
    const s = joinSideState({ label: 't', key, row, rows: 100, uniqueInKey: true, outer: false }, ctx);
    assert.equal(s.view, 'ValueState<row>');
    assert.equal(s.perEntry, 60); // 22 + 28 + 10
    assert.equal(s.bytes, 6000); // 60 × 100
  });

  it('U not in join key: MapState<U,row> = key + U row + 1 + row + rocks', () => {
    const s = joinSideState(
      { label: 't', key, row, rows: 100, uniqueInKey: false, uniqueKeyRow: uk, outer: false },
      ctx,
    );
    assert.equal(s.view, 'MapState<U,row>');
    assert.equal(s.perEntry, 81); // 22 + 20 + 1 + 28 + 10
    assert.equal(s.bytes, 8100); // 81 × 100
  });

  it('no U: MapState<row,count> = key + row + 1 + 4 + rocks', () => {
    const s = joinSideState({ label: 't', key, row, rows: 100, uniqueInKey: false, outer: false }, ctx);
    assert.equal(s.view, 'MapState<row,count>');
    assert.equal(s.perEntry, 65); // 22 + 28 + 1 + 4 + 10
    assert.equal(s.bytes, 6500);
  });

  it('an outer side adds the 4-byte association counter', () => {
    const s = joinSideState({ label: 't', key, row, rows: 100, uniqueInKey: true, outer: true }, ctx);
    assert.equal(s.perEntry, 64); // 22 + 28 + 4 + 10
    assert.equal(s.bytes, 6400);
  });

  it('a state TTL adds 8 bytes per entry', () => {
    const ttl: SizingContext = { assumptions: a, stateTtlSec: 3600 };
    assert.equal(joinSideState({ label: 't', key, row, rows: 100, uniqueInKey: true, outer: false }, ttl).bytes, 6800); // (60 + 8) × 100
    assert.equal(joinSideState({ label: 't', key, row, rows: 100, uniqueInKey: false, outer: true }, ttl).perEntry, 77); // 65 + 4 + 8
  });
});

/** Four inputs, each (id BIGINT, a BIGINT), unique on id, 1,000 rows, joined INNER on id. */
function fourOneToOne(extra: Partial<ChainInput> = {}): { inputs: ChainInput[]; joins: ChainJoin[] } {
  const inputs = ['t1', 't2', 't3', 't4'].map((name) => ({
    name,
    columns: [big('id'), big('a')],
    uniqueKey: ['id'],
    rows: 1000,
    ...extra,
  }));
  return { inputs, joins: [onId(), onId(), onId()] };
}

describe('sizing/joinState: 4-input 1:1 chain on a common key (3.2, 3.5)', () => {
  // Binary plan stores 9 row widths: join 1 R1 + T2 (1+1), join 2 R2 + T3 (2+1), join 3 R3 + T4 (3+1).
  //   R1 row (2 cols) = 28, R2 row (4 cols) = 4 + 8 + 32 = 44, R3 row (6 cols) = 4 + 8 + 48 = 60
  //   join 1: (22 + 28 + 10) × 1000 + (22 + 28 + 10) × 1000 = 60,000 + 60,000 = 120,000
  //   join 2: (22 + 44 + 10) × 1000 + 60 × 1000            = 76,000 + 60,000 = 136,000
  //   join 3: (22 + 60 + 10) × 1000 + 60 × 1000            = 92,000 + 60,000 = 152,000
  //   total 408,000 B
  // Union stores 4 widths in one row of 8 columns: 4 + 8 + 64 = 76 → (22 + 76 + 10) × 1000 = 108,000 B
  const e = estimateChain(fourOneToOne(), ctx);

  it('binary plan: 408,000 B over three joins', () => {
    assert.deepEqual(
      e.binary.operators.map((o) => o.stateBytes),
      [120_000, 136_000, 152_000],
    );
    assert.equal(e.binary.stateBytes, 408_000);
  });

  it('intermediate results keep a one-column upsert key and 1,000 rows', () => {
    assert.deepEqual(
      e.intermediates.map((r) => r.rowBytes),
      [28, 44, 60, 76],
    );
    assert.deepEqual(
      e.intermediates.map((r) => r.rows),
      [1000, 1000, 1000, 1000],
    );
    // Every side is unique on id and INNER nulls neither side, so each input's id alone stays an
    // upsert key of R4 (getJoinUniqueKeys); the smallest key shown is the first of them, t1.id.
    assert.deepEqual(e.intermediates[3].uniqueKey, ['t1.id']);
  });

  it('union rewrite: one stage, 108,000 B; amplification 408/108', () => {
    assert.equal(e.union.stages, 1);
    assert.equal(e.union.stateBytes, 108_000);
    assert.ok(Math.abs(e.amplification - 408 / 108) < 1e-12); // 3.777…
    assert.deepEqual(e.warnings, []);
  });

  it('a deduplication in front of t1 adds ValueState<row> to the binary plan only', () => {
    const chain = fourOneToOne();
    chain.inputs[0] = { ...chain.inputs[0], dedup: true };
    const d = estimateChain(chain, ctx);
    // dedup t1: (22 + 28 + 10) × 1000 = 60,000 → binary 408,000 + 60,000 = 468,000; union unchanged 108,000
    assert.equal(d.binary.stateBytes, 468_000);
    assert.equal(d.binary.operators[0].kind, 'dedup');
    assert.equal(d.union.stateBytes, 108_000);
  });

  it('a state TTL adds 8 B to every entry of both plans', () => {
    const t = estimateChain(fourOneToOne(), { assumptions: a, stateTtlSec: 86_400 });
    // binary: 6 entries per key × 8 B × 1000 = 48,000 → 456,000; union: 1 entry × 8 × 1000 = 8,000 → 116,000
    assert.equal(t.binary.stateBytes, 456_000);
    assert.equal(t.union.stateBytes, 116_000);
  });

  it('uses a 2-byte key-group prefix when Flink derives max parallelism 256 (parallelism 86)', () => {
    const p = estimateChain(fourOneToOne(), { assumptions: a, parallelism: 86 });
    // 86 + 43 = 129 → 256 key groups → key 2 + 20 + 1 = 23 B, one byte more per entry
    // binary: 6 entries per key → 408,000 + 6 × 1000 = 414,000; union: 108,000 + 1000 = 109,000
    assert.equal(p.binary.stateBytes, 414_000);
    assert.equal(p.union.stateBytes, 109_000);
  });

  it('RIGHT join: the right side is the outer side; R keeps at least every right row', () => {
    const two = fourOneToOne();
    const e = estimateChain({ inputs: two.inputs.slice(0, 2), joins: [onId(0, 'RIGHT')] }, ctx);
    // left t1 (22 + 28 + 10) × 1000 = 60,000; right t2 outer (22 + 28 + 4 + 10) × 1000 = 64,000
    assert.equal(e.binary.stateBytes, 124_000);
    assert.equal(e.intermediates[1].rows, 1000); // max(1000 × 1 × 1, 1000)
    // RIGHT may null t1's columns, so t1.id is no key of R2; t2 is never null and t1 is unique on
    // id, so t2's key survives (getJoinUniqueKeys; enrichment only maps towards the right side).
    assert.deepEqual(e.intermediates[1].uniqueKey, ['t2.id']);
  });

  it('LEFT joins add the 4-byte counter on the left (preserved) side', () => {
    const chain = fourOneToOne();
    chain.joins = [onId(0, 'LEFT'), onId(0, 'LEFT'), onId(0, 'LEFT')];
    // three left sides × 4 B × 1000 rows = 12,000 → 420,000
    assert.equal(estimateChain(chain, ctx).binary.stateBytes, 420_000);
  });
});

describe('sizing/joinState: two key groups (3.5 union stages)', () => {
  // orders(order_id, customer_id) U order_id, 1000 rows
  // shipments(order_id, carrier) U order_id, 1000 rows    join 1 on order_id        key group 0
  // customers(customer_id, segment) U customer_id, 100    join 2 on customer_id     key group 1
  const chain = {
    inputs: [
      { name: 'orders', columns: [big('order_id'), big('customer_id')], uniqueKey: ['order_id'], rows: 1000 },
      { name: 'shipments', columns: [big('order_id'), big('carrier')], uniqueKey: ['order_id'], rows: 1000 },
      { name: 'customers', columns: [big('customer_id'), big('segment')], uniqueKey: ['customer_id'], rows: 100 },
    ],
    joins: [
      {
        type: 'INNER' as const,
        keys: [{ leftInput: 0, leftColumn: 'order_id', rightColumn: 'order_id' }],
        keyGroup: 0,
      },
      {
        type: 'INNER' as const,
        keys: [{ leftInput: 0, leftColumn: 'customer_id', rightColumn: 'customer_id' }],
        keyGroup: 1,
      },
    ],
  };
  const e = estimateChain(chain, { assumptions: a, flinkVersion: '2.1' });

  it('binary: R2 is keyed by customer_id, not its unique key, so it is a MapState<U,row>', () => {
    // join 1: orders (22 + 28 + 10) × 1000 = 60,000 + shipments 60,000 = 120,000
    // join 2: left R2 (4 cols, 44 B) MapState<U,row>: (22 + 20 + 1 + 44 + 10) = 97 × 1000 = 97,000
    //         right customers ValueState: 60 × 100 = 6,000 → 103,000
    assert.deepEqual(
      e.binary.operators.map((o) => o.stateBytes),
      [120_000, 103_000],
    );
    assert.equal(e.binary.stateBytes, 223_000);
  });

  it('union: two stages summed', () => {
    // stage 1 (order_id): orders + shipments in one row of 4 cols (44 B): (22 + 44 + 10) × 1000 = 76,000
    // stage 2 (customer_id): stage-1 output has many rows per customer → MapState<U,row>: 97 × 1000 = 97,000
    //                        customers 1:1 → ValueState (22 + 28 + 10) × 100 = 6,000
    // total 76,000 + 97,000 + 6,000 = 179,000
    assert.equal(e.union.stages, 2);
    assert.deepEqual(
      e.union.operators.map((o) => o.stateBytes),
      [76_000, 103_000],
    );
    assert.equal(e.union.stateBytes, 179_000);
  });

  it('MultiJoin is unavailable when each key group has a single join, even on Flink 2.1', () => {
    assert.equal(e.multiJoin.available, false);
    assert.match(e.multiJoin.reason, /no two consecutive joins share a key/);
    assert.equal(e.multiJoin.stateBytes, 0);
    assert.deepEqual(e.multiJoin.operators, []);
  });
});

describe('sizing/joinState: one-to-many chain (rowsPerKey 5)', () => {
  // orders(order_id, a) U order_id 1000 rows; lines(order_id, line_id, qty) U line_id, 5 per order, 5000 rows;
  // invoices(order_id, total) U order_id 1000 rows; both joins INNER on order_id (one key group).
  const chain = {
    inputs: [
      { name: 'orders', columns: [big('order_id'), big('a')], uniqueKey: ['order_id'], rows: 1000 },
      {
        name: 'lines',
        columns: [big('order_id'), big('line_id'), big('qty')],
        uniqueKey: ['line_id'],
        rows: 5000,
        rowsPerKey: 5,
      },
      { name: 'invoices', columns: [big('order_id'), big('total')], uniqueKey: ['order_id'], rows: 1000 },
    ],
    joins: [
      {
        type: 'INNER' as const,
        keys: [{ leftInput: 0, leftColumn: 'order_id', rightColumn: 'order_id' }],
        keyGroup: 0,
      },
      {
        type: 'INNER' as const,
        keys: [{ leftInput: 0, leftColumn: 'order_id', rightColumn: 'order_id' }],
        keyGroup: 0,
      },
    ],
  };
  const e = estimateChain(chain, { assumptions: a, flinkVersion: '2.1' });

  it('multiplies the rows of R(k) and loses the unique key', () => {
    // R2 rows = 1000 × 5 rows/key × 1 match = 5000; lines does not join on its U → R2 has no U
    assert.equal(e.intermediates[1].rows, 5000);
    assert.equal(e.intermediates[1].uniqueKey, undefined);
    assert.equal(e.intermediates[2].rows, 5000); // 5000 × 1 × 1
  });

  it('binary plan', () => {
    // join 1: orders ValueState 60 × 1000 = 60,000; lines MapState<U,row> (22 + 20 + 1 + 36 + 10) = 89 × 5000 = 445,000
    //   (lines row: 4 + 8 + 24 = 36)
    // join 2: R2 (5 cols: 4 + 8 + 40 = 52) MapState<row,count> (22 + 52 + 1 + 4 + 10) = 89 × 5000 = 445,000
    //         invoices ValueState 60 × 1000 = 60,000
    // total 1,010,000
    assert.equal(e.binary.stateBytes, 1_010_000);
  });

  it('union keeps lines in a MapState<U,row>', () => {
    // ValueState row of orders + invoices (4 cols, 44 B): (22 + 44 + 10) × 1000 = 76,000
    // lines MapState<U,row>: 89 × 5000 = 445,000 → 521,000
    assert.equal(e.union.stateBytes, 521_000);
    assert.ok(e.union.operators[0].terms.some((t) => /lines MapState<U,row>/.test(t.label)));
  });

  it('MultiJoin (2.1) nests the many rows of a key in one map value', () => {
    // Flink 2.1 MultiJoinStateViews (see joinState.ts): per input MapState<joinKey, V> keyed by the common key.
    // orders / invoices (U = join key): key 22 + join key row 20 + null flag 1 + row 28 + rocks 10 = 81 × 1000 = 81,000 each
    // lines: one entry per order (5000 / 5 = 1000): 22 + 20 + 1 + 4 map size + 5 × (20 U + 1 + 36 row) = 285 + 10
    //        = 342 × 1000 = 342,000
    // total 81,000 + 342,000 + 81,000 = 504,000
    assert.equal(e.multiJoin.available, true);
    assert.equal(e.multiJoin.stateBytes, 504_000);
  });
});

describe('sizing/joinState: MultiJoin availability (3.4)', () => {
  it('is unavailable on Flink 1.20, with the reason', () => {
    const e = estimateChain(fourOneToOne(), { assumptions: a, flinkVersion: '1.20' });
    assert.equal(e.multiJoin.available, false);
    assert.match(e.multiJoin.reason, /Flink 1\.20 has no MultiJoin/);
    assert.match(e.multiJoin.reason, /2\.1/);
    // what 2.1 would hold is still shown: 4 inputs × (22 + 20 + 1 + 28 + 10 = 81) × 1000 = 324,000
    assert.match(e.multiJoin.reason, /would hold/);
    assert.equal(e.multiJoin.stateBytes, 324_000);
  });

  it('reads AWS runtime names such as FLINK-1_20', () => {
    assert.equal(
      estimateChain(fourOneToOne(), { assumptions: a, flinkVersion: 'FLINK-1_20' }).multiJoin.available,
      false,
    );
  });

  it('is available on 2.1 for INNER/LEFT joins on one common key, and warns about savepoints', () => {
    const chain = fourOneToOne();
    chain.joins = [onId(0, 'INNER'), onId(0, 'LEFT'), onId(0, 'INNER')];
    const e = estimateChain(chain, { assumptions: a, flinkVersion: '2.1.0' });
    assert.equal(e.multiJoin.available, true);
    assert.match(e.multiJoin.reason, /savepoint/);
    // each input: (22 key + 20 join key row + 1 + 28 row + 10) = 81 × 1000; × 4 inputs = 324,000 (no outer counters)
    assert.equal(e.multiJoin.stateBytes, 324_000);
  });

  it('is unavailable with a FULL join', () => {
    const chain = fourOneToOne();
    chain.joins = [onId(0, 'INNER'), onId(0, 'FULL'), onId(0, 'INNER')];
    const e = estimateChain(chain, { assumptions: a, flinkVersion: '2.2' });
    assert.equal(e.multiJoin.available, false);
    assert.match(e.multiJoin.reason, /join 2 is FULL/);
  });

  it('is unavailable when the Flink version is unknown', () => {
    const e = estimateChain(fourOneToOne(), ctx);
    assert.equal(e.multiJoin.available, false);
    assert.match(e.multiJoin.reason, /version unknown/);
  });
});

describe('sizing/joinState: append-only inputs (3.6)', () => {
  const clicks: ChainInput = { name: 'clicks', columns: [big('id'), big('a')], appendOnly: true, ratePerSec: 10 };

  it('holds rate × 30 days and is flagged unbounded without TTL', () => {
    const r = rowsHeld(clicks, ctx);
    assert.equal(r.rows, 25_920_000); // 10 rows/s × 2,592,000 s (30 days)
    assert.equal(r.unbounded, true);
    const e = estimateChain({ inputs: [{ ...fourOneToOne().inputs[0] }, clicks], joins: [onId()] }, ctx);
    assert.deepEqual(
      e.warnings.map((w) => [w.code, w.input]),
      [['unbounded-state', 'clicks']],
    );
    // right side clicks (no U) MapState<row,count>: (22 + 28 + 1 + 4 + 10) = 65 × 25,920,000 = 1,684,800,000
    // left t1 ValueState: 60 × 1000 = 60,000 → 1,684,860,000
    assert.equal(e.binary.stateBytes, 1_684_860_000);
  });

  it('holds rate × TTL and is bounded with a TTL', () => {
    const r = rowsHeld(clicks, { assumptions: a, stateTtlSec: 3600 });
    assert.equal(r.rows, 36_000); // 10 × 3600
    assert.equal(r.unbounded, false);
  });

  it('counts 0 rows, with a warning, when neither rows nor rate is given', () => {
    const e = estimateChain(
      {
        inputs: [
          { name: 'x', columns: [big('id')], uniqueKey: ['id'] },
          { name: 'y', columns: [big('id')], uniqueKey: ['id'] },
        ],
        joins: [onId()],
      },
      ctx,
    );
    assert.equal(e.binary.stateBytes, 0);
    assert.equal(e.amplification, 1);
    assert.ok(e.warnings.some((w) => w.code === 'missing-rows' && w.input === 'x'));
  });
});

describe('sizing/joinState: bad input', () => {
  it('never returns NaN or negative numbers', () => {
    const e = estimateChain(
      {
        inputs: [
          { name: 'p', columns: [big('id')], rows: Number.NaN, rowsPerKey: -3, matchRate: Number.POSITIVE_INFINITY },
          { name: 'q', columns: [big('id')], rows: -5 },
        ],
        joins: [onId()],
      },
      ctx,
    );
    for (const v of [e.binary.stateBytes, e.union.stateBytes, e.multiJoin.stateBytes, e.amplification]) {
      assert.ok(Number.isFinite(v) && v >= 0, String(v));
    }
  });

  it('reports a chain without inputs', () => {
    const e = estimateChain({ inputs: [], joins: [] }, ctx);
    assert.equal(e.binary.stateBytes, 0);
    assert.equal(e.warnings[0].code, 'empty-chain');
  });
});

describe('sizing/joinState: no figure built on a guess (a keyless join on rows not declared)', () => {
  const col = (name: string) => ({ name, type: 'BIGINT' });
  const chain = (assumed: boolean) => ({
    inputs: [
      { name: 'a', columns: [col('id'), col('x')], rows: 1000, rowsAssumed: assumed },
      { name: 'b', columns: [col('id'), col('y')], rows: 1000, rowsAssumed: assumed },
      { name: 'c', columns: [col('id'), col('z')], uniqueKey: ['id'], rows: 10 },
    ],
    joins: [
      { type: 'CROSS' as const, keys: [], keyGroup: 0 },
      { type: 'INNER' as const, keys: [{ leftInput: 0, leftColumn: 'id', rightColumn: 'id' }], keyGroup: 1 },
    ],
  });
  const ctx = { assumptions: withAssumptions({ rocksOverheadBytes: 0 }) };

  it('is not estimated, with the join and the inputs to declare named, and holds no bytes', () => {
    const e = estimateChain(chain(true), ctx);
    assert.match(e.notEstimated ?? '', /^join 1 \(b\) has no equi-key/);
    assert.match(e.notEstimated ?? '', /rows of a, b not declared/);
    assert.deepEqual(
      [e.binary.stateBytes, e.union.stateBytes, e.multiJoin.available, e.amplification],
      [0, 0, false, 1],
    );
  });

  it("is estimated when those rows are declared: the product is then the user's own figure", () => {
    const e = estimateChain(chain(false), ctx);
    assert.equal(e.notEstimated, undefined);
    // R2 = 1,000 × 1,000 × match 1 = 1,000,000 rows, stored again in join 2.
    assert.equal(e.intermediates[1].rows, 1_000_000);
    assert.ok(e.binary.stateBytes > 0);
  });
});
