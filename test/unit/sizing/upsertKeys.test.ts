// The upsert keys of a join's result, each case worked by hand from Flink's rules
// (FlinkRelMdUpsertKeys.getJoinUpsertKeys: filterKeys, isSideUnique, getJoinUniqueKeys, enrichment).
import { strict as assert } from 'node:assert';
import { joinUpsertKeys, type Key, keysContaining, smallestKey } from '../../../src/sizing/upsertKeys';

const keys = (...ks: string[][]): Key[] => ks.map((k) => new Set(k));
const sorted = (ks: readonly Key[]) => ks.map((k) => [...k].sort().join(',')).sort();

describe('sizing/upsertKeys: a join result keeps a key only as Flink derives it', () => {
  it("Flink's own example: t1 {k1,k2} ⋈ t2 {k3} on k1 = k3 (INNER)", () => {
    // {k1,k2} contains k1 and t2 is unique on k3: {k1,k2} stays; the union {k1,k2,k3};
    // t1 is not unique on k1 ({k1,k2} is not within {k1}), so t2's {k3} alone does not survive.
    // INNER nulls neither side: enrichment swaps k1 for k3 in {k1,k2} → {k2,k3}.
    const out = joinUpsertKeys('INNER', keys(['k1', 'k2']), keys(['k3']), [['k1', 'k3']]);
    assert.deepEqual(sorted(out), ['k1,k2', 'k1,k2,k3', 'k2,k3']);
  });

  it('a key that does not contain the join key is dropped: orders {order_id} ⋈ customers {id} on customer_id = id', () => {
    const out = joinUpsertKeys('INNER', keys(['o.order_id']), keys(['c.id']), [['o.customer_id', 'c.id']]);
    assert.deepEqual(out, []);
  });

  it('LEFT JOIN: the left key survives when the right side is unique; the right key never alone', () => {
    // customers {id} LEFT JOIN loyalty {customer_id}: both unique on the join key.
    // union {id, customer_id}; right unique and LEFT does not null the left: {id};
    // LEFT may null the right: loyalty's {customer_id} is not added, and enrichment only swaps
    // right columns for left ones: {id, customer_id} → {id} (already there).
    const out = joinUpsertKeys('LEFT', keys(['c.id']), keys(['l.customer_id']), [['c.id', 'l.customer_id']]);
    assert.deepEqual(sorted(out), ['c.id', 'c.id,l.customer_id']);
  });

  it('a many-per-key right side with a composite key gives the composite key, enriched to the left column', () => {
    // customers {id} ⋈ addresses {customer_id, address_id} on id = customer_id.
    // INNER: union {id, customer_id, address_id}; customers unique on id → addresses' key
    // {customer_id, address_id}; enrichment → {id, address_id} and {id, customer_id, address_id} variants.
    const inner = joinUpsertKeys('INNER', keys(['c.id']), keys(['a.customer_id', 'a.address_id']), [
      ['c.id', 'a.customer_id'],
    ]);
    assert.deepEqual(sorted(inner), [
      'a.address_id,a.customer_id',
      'a.address_id,a.customer_id,c.id',
      'a.address_id,c.id',
    ]);
    // LEFT: addresses may be null, so its key is not added; the union's customer_id becomes id.
    const left = joinUpsertKeys('LEFT', keys(['c.id']), keys(['a.customer_id', 'a.address_id']), [
      ['c.id', 'a.customer_id'],
    ]);
    assert.deepEqual(sorted(left), ['a.address_id,a.customer_id,c.id', 'a.address_id,c.id']);
  });

  it('an append-only side without a key leaves the result without one', () => {
    assert.deepEqual(joinUpsertKeys('INNER', keys(['c.id']), undefined, [['c.id', 'a.customer_id']]), []);
  });

  it('filterKeys keeps only keys containing the distribution; smallestKey picks the fewest columns', () => {
    assert.equal(keysContaining(undefined, ['a']), undefined);
    assert.deepEqual(sorted(keysContaining(keys(['a']), ['a', 'b'])!), []);
    assert.deepEqual([...smallestKey(keys(['a', 'b'], ['c'], ['d']))!], ['c']);
  });
});
