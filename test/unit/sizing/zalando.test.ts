// A job shaped like Zalando's (docs/sizing-model.md §5): 4 inputs joined on one product key, one of them
// with 5 offers per product, about 230 GB of binary-plan state, Parallelism 24 with a 15 % overscale
// margin on AWS us-east-1. Every number below is worked by hand from docs/sizing-model.md.
//
// Rows (key on product_id BIGINT = 1 + 20 + 1 = 22 B; RocksDB overhead 0 B (measured; was 10); no TTL):
//   products (product_id BIGINT, title VARCHAR(200) avg 100 → 104, brand STRING → 24)
//            arity 3, payload 8×3 + 128 = 152, row 4 + 8 + 152 = 164
//   offers   (product_id, offer_id BIGINT, price DECIMAL(10,2), merchant STRING → 24), U offer_id, 5 per product
//            arity 4, payload 32 + 24 = 56, row 4 + 8 + 56 = 68; U row 20
//   stock    (product_id, qty INT, updated TIMESTAMP(3)) arity 3, payload 24, row 36
//   media    (product_id, urls ARRAY<STRING> avg 200 → 200) arity 2, payload 16 + 200 = 216, row 228
// Binary plan per product (N products):
//   join 1: products ValueState (22 + 164) = 186 × N; offers MapState<U,row> (22 + 20 + 1 + 68) = 111 × 5N = 555 N
//           R2 rows = N × 5 × 1 = 5N, no unique key (offers does not join on its U)
//   join 2: R2 (arity 7, 4 + 8 + 208 = 220) MapState<row,count> (22 + 220 + 1 + 4) = 247 × 5N = 1235 N; stock (22 + 36) = 58 N
//   join 3: R3 (arity 10, 4 + 8 + 232 = 244) MapState<row,count> (22 + 244 + 1 + 4) = 271 × 5N = 1355 N; media (22 + 228) = 250 N
//   total 186 + 555 + 1235 + 58 + 1355 + 250 = 3639 B per product
// Union rewrite: one ValueState row of products + stock + media (arity 8, 4 + 8 + 392 = 404): (22 + 404) = 426 N
//   + offers MapState<U,row> 111 × 5N = 555 N → 981 B per product
// N = 62,800,000 → binary 3639 × N = 228,529,200,000 B (≈ 229 GB); union 981 × N = 61,606,800,000 B
// Reduction 1 − 981 / 3639 = 73.0 %.
import { strict as assert } from 'node:assert';
import { type ChainJoin, estimateChain, estimateJob, type SizingContext, withAssumptions } from '../../../src/sizing';

const a = withAssumptions();
const N = 62_800_000;
const onProduct: ChainJoin = {
  type: 'INNER',
  keys: [{ leftInput: 0, leftColumn: 'product_id', rightColumn: 'product_id' }],
  keyGroup: 0,
};
const ctx: SizingContext = { assumptions: a, flinkVersion: '1.20', parallelism: 24 }; // default max parallelism 128 → 1-byte prefix

const chain = {
  inputs: [
    {
      name: 'products',
      columns: [
        { name: 'product_id', type: 'BIGINT' },
        { name: 'title', type: 'VARCHAR(200)', avgBytes: 100 },
        { name: 'brand', type: 'STRING' },
      ],
      uniqueKey: ['product_id'],
      rows: N,
    },
    {
      name: 'offers',
      columns: [
        { name: 'product_id', type: 'BIGINT' },
        { name: 'offer_id', type: 'BIGINT' },
        { name: 'price', type: 'DECIMAL(10, 2)' },
        { name: 'merchant', type: 'STRING' },
      ],
      uniqueKey: ['offer_id'],
      rows: 5 * N,
      rowsPerKey: 5,
    },
    {
      name: 'stock',
      columns: [
        { name: 'product_id', type: 'BIGINT' },
        { name: 'qty', type: 'INT' },
        { name: 'updated', type: 'TIMESTAMP(3)' },
      ],
      uniqueKey: ['product_id'],
      rows: N,
    },
    {
      name: 'media',
      columns: [
        { name: 'product_id', type: 'BIGINT' },
        { name: 'urls', type: 'ARRAY<STRING>', avgBytes: 200 },
      ],
      uniqueKey: ['product_id'],
      rows: N,
    },
  ],
  joins: [onProduct, onProduct, onProduct],
};

describe('sizing: a Zalando-shaped job (state falls ~75 %, cost far less)', () => {
  const e = estimateChain(chain, ctx);
  const job = (stateBytes: number, parallelism = 24) =>
    estimateJob({
      stateBytes,
      parallelism,
      parallelismPerKPU: 1,
      overscale: 0.15,
      region: 'us-east-1',
      assumptions: a,
    });

  it('state: binary ≈ 229 GB, union ≈ 62 GB, a 70-80 % reduction', () => {
    assert.equal(e.binary.stateBytes, 228_529_200_000); // 3639 × 62.8 M
    assert.equal(e.union.stateBytes, 61_606_800_000); // 981 × 62.8 M
    const reduction = 1 - e.union.stateBytes / e.binary.stateBytes; // 1 − 981 / 3639 = 0.7304
    assert.ok(reduction > 0.7 && reduction < 0.8, String(reduction));
    assert.equal(e.multiJoin.available, false); // Flink 1.20, as on AWS in Feb 2026
  });

  it('cost: CPU binds both plans, so the same 25 KPUs are billed and cost falls far less than state', () => {
    const b = job(e.binary.stateBytes);
    const u = job(e.union.stateBytes);
    // State given without its operators: variable-length, updated in place, 0.65 × 1.4 = 0.91.
    // binary: onDisk 228.5292 GB × 0.91 = 207.961572 GB → storage ceil(207.961572 / 40) = ceil(5.199) = 6
    // union:  onDisk 61.6068 GB × 0.91 = 56.062188 GB   → storage ceil(1.4016) = 2
    // both: cpu = ceil(24 / 1) = 24 configured > storage → CPU binds → billed 24 + 1 = 25
    assert.equal(b.kpu.byDimension.storage, 6);
    assert.equal(u.kpu.byDimension.storage, 2);
    assert.equal(b.kpu.binding, 'cpu');
    assert.equal(u.kpu.binding, 'cpu');
    assert.equal(b.kpu.billed, 25);
    assert.equal(u.kpu.billed, 25);
    // monthly = 25 × 0.11 × 730 (2007.5) + 24 × 50 × 0.10 (120) + logical state GB × 0.023 (backups: a
    // canonical savepoint, not compressed)
    //   binary 2127.5 + 228.5292 × 0.023 (5.2561716) = 2132.7561716
    //   union  2127.5 + 61.6068 × 0.023 (1.4169564)  = 2128.9169564
    assert.ok(Math.abs((b.cost?.monthlyUsd ?? 0) - 2132.7561716) < 1e-6);
    assert.ok(Math.abs((u.cost?.monthlyUsd ?? 0) - 2128.9169564) < 1e-6);
    assert.equal(b.toFit, undefined); // 24 configured >= 6 storage
    // Only the backup of the smaller snapshot is saved: (2132.7562 − 2128.9170) / 2132.7562 = 0.18 %.
    // State −73 %, cost −0.1 %: KPUs are bought for CPU (Parallelism 24), and storage was never binding.
    const costReduction = 1 - (u.cost?.monthlyUsd ?? 0) / (b.cost?.monthlyUsd ?? 1);
    assert.ok(costReduction >= 0 && costReduction < 0.2, String(costReduction));
  });

  it('the saving Zalando saw comes mostly from dropping the overscale margin', () => {
    const b = job(e.binary.stateBytes);
    // margin: ceil(24 / 1.15) = 21 (> 6 storage) → 22 billed instead of 25: 3 KPUs, 3 × 0.11 × 730 + 3 × 50 × 0.10 = 255.9 USD/month
    assert.equal(b.overscale?.kpu, 3);
    assert.ok(Math.abs((b.overscale?.monthlyUsd ?? 0) - 255.9) < 1e-6);
    // union at Parallelism 21: 22 × 0.11 × 730 = 1766.6 + 21 × 50 × 0.10 = 105 + 1.4169564 = 1873.0169564
    const u21 = job(e.union.stateBytes, 21);
    assert.ok(Math.abs((u21.cost?.monthlyUsd ?? 0) - 1873.0169564) < 1e-6);
    // (2132.7562 − 1873.0170) / 2132.7562 = 12.2 % (seed: state −76 %, cost −13 %)
    const reduction = 1 - (u21.cost?.monthlyUsd ?? 0) / (b.cost?.monthlyUsd ?? 1);
    assert.ok(reduction > 0.11 && reduction < 0.13, String(reduction));
  });

  it('snapshot time falls with the state: 228.53 GB vs 61.61 GB (logical: an uncompressed savepoint) at 24 × 20 MB/s', () => {
    // 228,529,200,000 / 480e6 = 476.1025 s; 61,606,800,000 / 480e6 = 128.3475 s
    assert.ok(Math.abs(job(e.binary.stateBytes).snapshotSeconds - 476.1025) < 1e-9);
    assert.ok(Math.abs(job(e.union.stateBytes).snapshotSeconds - 128.3475) < 1e-9);
  });
});
