// MultiJoin as Flink plans it (Flink 2.1+): one MultiJoin per run of joins on one key, binary
// joins elsewhere. Every value worked by hand; RocksDB overhead 0 B, no TTL, 1-byte key-group prefix:
//   key on one BIGINT = 22 B, its join-key row = 20 B, row of 2 BIGINTs = 28 B
//   a one-row-per-key MultiJoin input: key 22 + join-key row 20 + null flag 1 + row 28 = 71 B per row
import { strict as assert } from 'node:assert';
import { estimateSql } from '../../../src/analysis';
import {
  type ChainInput,
  type ChainJoin,
  type Column,
  estimateChain,
  type SizingContext,
  withAssumptions,
} from '../../../src/sizing';
import { analyzeSql } from '../../../src/sql';
import { SqlSession } from '../../../src/sql/session';

const assumptions = withAssumptions({ rocksOverheadBytes: 0 });
const on = (v: string, extra: Partial<SizingContext> = {}): SizingContext => ({
  assumptions,
  flinkVersion: v,
  ...extra,
});
const big = (name: string): Column => ({ name, type: 'BIGINT' });
const join = (type: ChainJoin['type'], column: string, keyGroup: number): ChainJoin => ({
  type,
  keys: [{ leftInput: 0, leftColumn: column, rightColumn: column }],
  keyGroup,
});
const table = (name: string, key: string, other: string, rows: number): ChainInput => ({
  name,
  columns: [big(key), big(other)],
  uniqueKey: [key],
  rows,
});
const four = (types: ChainJoin['type'][]) => ({
  inputs: ['t1', 't2', 't3', 't4'].map((n) => table(n, 'id', 'a', 1000)),
  joins: types.map((t) => join(t, 'id', 0)),
});

describe('sizing/joinState: MultiJoin as Flink plans it (3.4)', () => {
  it('runs INNER, LEFT and RIGHT joins on one key as one MultiJoin (the planner turns RIGHT into LEFT)', () => {
    const e = estimateChain(four(['INNER', 'LEFT', 'RIGHT']), on('2.1'));
    assert.equal(e.multiJoin.available, true);
    // 4 inputs × 71 B × 1,000 rows
    assert.equal(e.multiJoin.stateBytes, 284_000);
    assert.match(e.multiJoin.reason, /joins 1-3 as one MultiJoin/);
    assert.match(e.multiJoin.reason, /not documented/); // whether AWS allows the option
    assert.match(e.multiJoin.reason, /savepoint/);
    assert.doesNotMatch(e.multiJoin.reason, /MULTI_JOIN hint/); // the hint exists from 2.3
    assert.match(
      estimateChain(four(['INNER', 'LEFT', 'RIGHT']), on('2.3')).multiJoin.reason,
      /MULTI_JOIN hint \(Flink 2\.3\+\)/,
    );
  });

  it('splits a chain on two keys into one MultiJoin per key group', () => {
    // orders, shipments, payments on order_id (1,000 rows each); customers, loyalty on customer_id (100 each).
    const chain = {
      inputs: [
        { name: 'orders', columns: [big('order_id'), big('customer_id')], uniqueKey: ['order_id'], rows: 1000 },
        table('shipments', 'order_id', 'carrier', 1000),
        table('payments', 'order_id', 'amount', 1000),
        table('customers', 'customer_id', 'segment', 100),
        table('loyalty', 'customer_id', 'points', 100),
      ],
      joins: [
        join('INNER', 'order_id', 0),
        join('INNER', 'order_id', 0),
        join('INNER', 'customer_id', 1),
        join('INNER', 'customer_id', 1),
      ],
    };
    const e = estimateChain(chain, on('2.2'));
    // MultiJoin 1: 3 × 71 × 1,000 = 213,000.
    // MultiJoin 2: R3 (6 BIGINTs: 4 + 8 + 48 = 60 B, unique key order_id, 1,000 rows) is keyed by
    //   customer_id: 100 distinct keys (customers' unique key), 1,000 / 100 = 10 rows per key:
    //   100 entries × (22 + 20 + 1 + 4 map size + 10 × (U row 20 + 1 + row 60)) = 100 × 857 = 85,700;
    //   customers and loyalty 71 × 100 = 7,100 each → 99,900.
    assert.deepEqual(
      e.multiJoin.operators.map((o) => [o.kind, o.stateBytes]),
      [
        ['multi-join', 213_000],
        ['multi-join', 99_900],
      ],
    );
    assert.equal(e.multiJoin.stateBytes, 312_900);
    assert.equal(e.multiJoin.available, true);
    // Binary, for comparison: 100,000 + 116,000 + 108,000 + 108,000 (see the comments of each join below).
    //   join 1: 50 × 1,000 + 50 × 1,000; join 2: R2 (44 B) 66 × 1,000 + 50,000;
    //   join 3: R3 MapState<U,row> (22 + 20 + 1 + 60) × 1,000 + 50 × 100;
    //   join 4: R4 (76 B) has no upsert key: R3's keys are all order_id columns, none contains join
    //   3's key customer_id, so Flink drops them (filterKeys) → MapState<row,count>
    //   (22 + 76 + 1 + 4) = 103 × 1,000 + 5,000
    assert.equal(e.binary.stateBytes, 432_000);
  });

  it('keeps a single join binary unless use-for-binary-join, which makes each key group a MultiJoin', () => {
    const chain = {
      inputs: [
        { name: 'orders', columns: [big('order_id'), big('customer_id')], uniqueKey: ['order_id'], rows: 1000 },
        table('shipments', 'order_id', 'carrier', 1000),
        table('customers', 'customer_id', 'segment', 100),
      ],
      joins: [join('INNER', 'order_id', 0), join('INNER', 'customer_id', 1)],
    };
    const plain = estimateChain(chain, on('2.1'));
    assert.equal(plain.multiJoin.available, false);
    assert.match(plain.multiJoin.reason, /use-for-binary-join/);
    const binary = estimateChain(chain, on('2.1', { multiJoinForBinary: true }));
    // MultiJoin 1: orders + shipments 2 × 71 × 1,000 = 142,000.
    // MultiJoin 2: R2 (44 B, unique order_id) keyed by customer_id, 1,000 / 100 = 10 per key:
    //   100 × (47 + 10 × (20 + 1 + 44)) = 100 × 697 = 69,700; customers 71 × 100 = 7,100 → 76,800.
    assert.equal(binary.multiJoin.available, true);
    assert.equal(binary.multiJoin.stateBytes, 218_800);
  });

  it('leaves a FULL join binary after a MultiJoin of the joins before it', () => {
    const e = estimateChain(four(['INNER', 'INNER', 'FULL']), on('2.2'));
    // MultiJoin t1, t2, t3: 3 × 71,000 = 213,000.
    // join 3 (FULL, both sides outer): left R3 (60 B, unique id in the key) 22 + 60 + 4 = 86 × 1,000
    //   + right t4 22 + 28 + 4 = 54 × 1,000 = 140,000.
    assert.equal(e.multiJoin.available, true);
    assert.deepEqual(
      e.multiJoin.operators.map((o) => o.stateBytes),
      [213_000, 140_000],
    );
    assert.match(e.multiJoin.reason, /joins 1-2 as one MultiJoin, join 3 \(FULL\) as a binary join/);
  });

  it('honours the MULTI_JOIN hint from Flink 2.3 only; the option from 2.1', () => {
    const sql = (head: string) => `${head}
CREATE TABLE a (id BIGINT, x BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
CREATE TABLE b (id BIGINT, y BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
CREATE TABLE c (id BIGINT, z BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
INSERT INTO s SELECT /*+ MULTI_JOIN(a, b, c) */ a.id, x, y, z FROM a JOIN b ON a.id = b.id JOIN c ON a.id = c.id;`;
    const offered = (text: string, v: string) =>
      estimateSql(analyzeSql(new SqlSession(), text), undefined, { flinkVersion: v }).diagnostics.some(
        (d) => d.code === 'multijoin-available',
      );
    // With the hint on 2.2, MultiJoin is still only offered (the hint does nothing there); on 2.3 it is in use.
    assert.equal(offered(sql(''), '2.2'), true);
    assert.equal(offered(sql(''), '2.3'), false);
    assert.equal(offered(sql("SET 'table.optimizer.multi-join.enabled' = 'true';"), '2.2'), false);
  });
});
