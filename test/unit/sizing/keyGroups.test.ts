// One source of statistics per key group (estimateChain's keyGroups), every value worked by hand.
// RocksDB overhead 0 B here, so the arithmetic shows only Flink's own bytes; no TTL; max
// parallelism unknown → 128 key groups → 1-byte prefix:
//   key on one BIGINT        = 1 + (4 + 8 + 8×1) + 1 = 22 B
//   row of 2 BIGINTs         = 4 + 8 + 8×2           = 28 B
//   row of 4 BIGINTs         = 4 + 8 + 8×4           = 44 B
import { strict as assert } from 'node:assert';
import {
  type ChainInput,
  type ChainJoin,
  type Column,
  estimateChain,
  type SizingContext,
  withAssumptions,
} from '../../../src/sizing';

const ctx: SizingContext = { assumptions: withAssumptions({ rocksOverheadBytes: 0 }), flinkVersion: '2.1' };
const big = (name: string): Column => ({ name, type: 'BIGINT' });
const on = (type: ChainJoin['type'], column = 'customer_id', keyGroup = 0): ChainJoin => ({
  type,
  keys: [{ leftInput: 0, leftColumn: column, rightColumn: column }],
  keyGroup,
});

/** customers LEFT JOIN addresses LEFT JOIN loyalty ON customer_id; addresses append-only, no key, several rows per customer. */
function customerChain(addresses: Partial<ChainInput> = {}): { inputs: ChainInput[]; joins: ChainJoin[] } {
  return {
    inputs: [
      { name: 'customers', columns: [big('customer_id'), big('segment')], uniqueKey: ['customer_id'], rows: 1000 },
      { name: 'addresses', columns: [big('customer_id'), big('street')], appendOnly: true, rows: 5000, ...addresses },
      { name: 'loyalty', columns: [big('customer_id'), big('points')], uniqueKey: ['customer_id'], rows: 400 },
    ],
    joins: [on('LEFT'), on('LEFT')],
  };
}

describe('sizing/joinState: one source of statistics per key group', () => {
  const e = estimateChain(customerChain(), ctx);

  it("takes the distinct keys from the input whose unique key is the join key, and derives the others' rows per key", () => {
    // customers (1,000) and loyalty (400) have their unique key in the join key: K = the larger, 1,000.
    // addresses: 5,000 rows / 1,000 keys = 5 rows per key; loyalty: 1 (its unique key).
    assert.equal(e.keyGroups.length, 1);
    assert.equal(e.keyGroups[0].distinctKeys, 1000);
    assert.equal(e.keyGroups[0].source, 'unique-key');
    assert.deepEqual(
      e.keyGroups[0].inputs.map((i) => [i.name, i.rowsPerKey, i.source]),
      [
        ['customers', 1, 'unique-key'],
        ['addresses', 5, 'derived'],
        ['loyalty', 1, 'unique-key'],
      ],
    );
  });

  it('binary chain: join 1 yields 5 rows per customer, stored again in join 2', () => {
    // join 1: left customers ValueState, outer: 22 + 28 + 4 = 54 × 1,000            =  54,000
    //         right addresses MapState<row,count>: 22 + 28 + 1 + 4 = 55 × 5,000      = 275,000
    // R2 = 1,000 × max(1, 5) = 5,000 rows, no unique key (addresses joins off its own).
    // join 2: left R2 MapState<row,count>, outer: 22 + 44 + 1 + 4 + 4 = 75 × 5,000  = 375,000
    //         right loyalty ValueState: 22 + 28 = 50 × 400                          =  20,000
    assert.deepEqual(
      e.intermediates.map((r) => r.rows),
      [1000, 5000, 5000],
    );
    assert.deepEqual(
      e.binary.operators.map((o) => o.stateBytes),
      [329_000, 395_000],
    );
  });

  it('union: one ValueState per customer for the one-per-key inputs, a MapState for the addresses', () => {
    // ValueState: customers + loyalty columns (4 BIGINTs, 44 B): (22 + 44) × max(1,000, 400) keys = 66,000
    // addresses MapState<row,count>: 55 × 5,000                                                   = 275,000
    assert.equal(e.union.stateBytes, 341_000);
    assert.ok(Math.abs(e.amplification - 724 / 341) < 1e-12);
  });

  it('MultiJoin keeps the five addresses of a customer in one map value', () => {
    // head = key 22 + join-key row 20 + null flag 1 = 43
    // customers: 43 + 28 = 71 × 1,000                                   =  71,000
    // addresses: 1,000 keys × (43 + 4 map size + 5 × (28 + 1 + 4) = 212) = 212,000
    // loyalty:   71 × 400                                                =  28,400
    assert.equal(e.multiJoin.stateBytes, 311_400);
  });

  it('without the derivation the union would count every address as a customer (the inverted verdict)', () => {
    // Declaring rowsPerKey 1 for addresses reproduces the old default: the union then keeps
    // 5,000 "customers" of 6 columns ((22 + 60) × 5,000 = 410,000 B) and the binary plan
    // only 1,000 rows of R2: the comparison nearly evens out (x1.03) instead of x2.12.
    const old = estimateChain(customerChain({ rowsPerKey: 1 }), ctx);
    assert.equal(old.union.stateBytes, 410_000);
    assert.ok(old.amplification < 1.05);
  });

  it('a declared rowsPerKey wins over the derived one', () => {
    const d = estimateChain(customerChain({ rowsPerKey: 2 }), ctx);
    assert.deepEqual(d.keyGroups[0].inputs[1], { name: 'addresses', rowsPerKey: 2, source: 'declared' });
    assert.equal(d.intermediates[1].rows, 2000); // 1,000 × max(1, 2)
  });

  it('takes a declared distinctKeys when no input has its unique key in the join key', () => {
    // Three append-only inputs without keys; events declares 500 distinct customers.
    const chain = customerChain();
    chain.inputs = chain.inputs.map((i) => ({ ...i, uniqueKey: undefined, appendOnly: true }));
    chain.inputs[0] = { ...chain.inputs[0], distinctKeys: 500 };
    const d = estimateChain(chain, ctx);
    assert.equal(d.keyGroups[0].source, 'declared');
    assert.equal(d.keyGroups[0].distinctKeys, 500);
    // rows per key: customers 1,000 / 500 = 2, addresses 5,000 / 500 = 10, loyalty 400 / 500 = 0.8
    assert.deepEqual(
      d.keyGroups[0].inputs.map((i) => i.rowsPerKey),
      [2, 10, 0.8],
    );
  });

  it('assumes, with nothing declared, that the smallest input holds one row per key', () => {
    const chain = customerChain();
    chain.inputs = chain.inputs.map((i) => ({ ...i, uniqueKey: undefined, appendOnly: true }));
    const d = estimateChain(chain, ctx);
    assert.equal(d.keyGroups[0].source, 'default');
    assert.equal(d.keyGroups[0].distinctKeys, 400); // loyalty, the smallest
    assert.deepEqual(
      d.keyGroups[0].inputs.map((i) => i.rowsPerKey),
      [2.5, 12.5, 1],
    );
    assert.match(d.keyGroups[0].terms[0].formula, /assumption: .*loyalty/);
  });

  it('an INNER join with a sparse input yields rows × rows/K (the share of keys it covers)', () => {
    // customers INNER JOIN promo ON customer_id, promo append-only 250 rows and no key: K = 1,000
    // (customers), promo rows per key 0.25, R2 = 1,000 × 0.25 × 1 = 250.
    const d = estimateChain(
      {
        inputs: [
          customerChain().inputs[0],
          { name: 'promo', columns: [big('customer_id'), big('code')], appendOnly: true, rows: 250 },
        ],
        joins: [on('INNER')],
      },
      ctx,
    );
    assert.equal(d.intermediates[1].rows, 250);
  });

  it('gives each key group of a two-key chain its own distinct keys', () => {
    // orders(order_id, customer_id) U order_id 1,000; lines(order_id, qty) no key 3,000 → group 0 (order_id), K = 1,000, 3 per key
    // customers(customer_id, segment) U customer_id 100 → group 1 (customer_id), K = 100
    const d = estimateChain(
      {
        inputs: [
          { name: 'orders', columns: [big('order_id'), big('customer_id')], uniqueKey: ['order_id'], rows: 1000 },
          { name: 'lines', columns: [big('order_id'), big('qty')], appendOnly: true, rows: 3000 },
          { name: 'customers', columns: [big('customer_id'), big('segment')], uniqueKey: ['customer_id'], rows: 100 },
        ],
        joins: [on('INNER', 'order_id', 0), on('INNER', 'customer_id', 1)],
      },
      ctx,
    );
    assert.deepEqual(
      d.keyGroups.map((g) => [g.distinctKeys, g.source]),
      [
        [1000, 'unique-key'],
        [100, 'unique-key'],
      ],
    );
    assert.deepEqual(
      d.keyGroups[0].inputs.map((i) => [i.name, i.rowsPerKey]),
      [
        ['orders', 1],
        ['lines', 3],
      ],
    );
    assert.deepEqual(
      d.keyGroups[1].inputs.map((i) => [i.name, i.rowsPerKey]),
      [['customers', 1]],
    );
    // R2 = 1,000 × 3 = 3,000; R3 = 3,000 × 1 = 3,000
    assert.deepEqual(
      d.intermediates.map((r) => r.rows),
      [1000, 3000, 3000],
    );
  });
});
