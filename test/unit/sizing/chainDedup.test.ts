// A deduplication in front of a join chain is sized by the function Flink runs it with, as a
// deduplication anywhere else (docs/sizing-model.md §3.7). Defaults: RocksDB overhead 0 B, no TTL,
// max parallelism unknown → 1-byte key-group prefix; 1,000,000 rows for an input with a key.
//   key on user_id BIGINT = 1 + (4 + 8 + 8) + 1 = 22 B
import { strict as assert } from 'node:assert';
import { estimateSql } from '../../../src/analysis';
import { analyzeSql } from '../../../src/sql';
import { SqlSession } from '../../../src/sql/session';

const sql = (direction: 'ASC' | 'DESC') => `
CREATE TABLE clicks (user_id BIGINT, url STRING, pt AS PROCTIME()) WITH ('connector' = 'kafka');
CREATE TABLE users (user_id BIGINT, name STRING, PRIMARY KEY (user_id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
INSERT INTO s SELECT f.user_id, f.url, u.name
FROM (SELECT user_id, url FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY pt ${direction}) AS rn FROM clicks) WHERE rn = 1) f
JOIN users u ON f.user_id = u.user_id;`;

const dedupOf = (text: string) => {
  const e = estimateSql(analyzeSql(new SqlSession(), text), undefined);
  assert.equal(e.chains.length, 1);
  return e.chains[0].estimate.binary.operators.find((o) => o.kind === 'dedup')!;
};

describe('sizing: a deduplication in front of a join chain', () => {
  it('keeps 1 byte per key for a processing-time keep-first (ValueState<Boolean>), written once', () => {
    const d = dedupOf(sql('ASC'));
    // (key 22 + Boolean 1) × 1,000,000 keys
    assert.equal(d.stateBytes, 23_000_000);
    assert.equal(d.writePattern, 'once');
    assert.match(d.notes[0], /ProcTimeDeduplicateKeepFirstRowFunction/);
  });

  it('keeps the row for a keep-last, rewritten in place', () => {
    const d = dedupOf(sql('DESC'));
    // row of user_id BIGINT, url STRING (24 B assumed): 4 + 8 + 8×2 + roundUp8(24) = 52 B; (22 + 52) × 1,000,000
    assert.equal(d.stateBytes, 74_000_000);
    assert.equal(d.writePattern, 'in-place');
  });
});

describe('sizing: a Top-N (N > 1) in front of a join chain', () => {
  const topN = (select: string) => `
CREATE TABLE bids (bid_id BIGINT, item_id BIGINT, price INT) WITH ('connector' = 'kafka', 'format' = 'json');
CREATE TABLE items (item_id BIGINT, name STRING, PRIMARY KEY (item_id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
CREATE VIEW top3 AS SELECT ${select} FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY item_id ORDER BY price DESC) AS rn FROM bids) WHERE rn <= 3;
INSERT INTO s SELECT i.name, t.price${select.includes('rn') ? ', t.rn' : ''} FROM items i JOIN top3 t ON i.item_id = t.item_id;`;

  it('is its own operator, sized by the function Flink runs it with; the chain holds no deduplication for it', () => {
    const e = estimateSql(analyzeSql(new SqlSession(), topN('item_id, bid_id, price')), undefined);
    assert.equal(e.chains.length, 1);
    assert.deepEqual(
      e.chains[0].estimate.binary.operators.map((o) => o.kind),
      ['join'],
    );
    // bids is insert-only and ordered by a non-time column: AppendOnlyTopNFunction, N = 3.
    const op = e.operators.find((o) => /^Top-3/.test(o.name));
    assert.ok(op, e.operators.map((o) => o.name).join('; '));
    assert.match(op.name, /AppendOnlyTopNFunction/);
  });

  it('gives the join up to N rows per item: no unique key unless the row number is selected', () => {
    // Without rn: bids has no key, so the Top-N output has none (getRankUniqueKeys): MapState<row,count>.
    const without = estimateSql(analyzeSql(new SqlSession(), topN('item_id, bid_id, price')), undefined).chains[0];
    assert.equal(without.chain.inputs[1].uniqueKey, undefined);
    assert.match(without.estimate.binary.operators[0].notes.join('\n'), /right top3: MapState<row,count>/);
    // With rn selected and read by the join's query: (item_id, rn) identifies a row; it is not
    // within the join key item_id: MapState<U,row>.
    const withRn = estimateSql(analyzeSql(new SqlSession(), topN('item_id, bid_id, price, rn')), undefined).chains[0];
    assert.deepEqual(withRn.chain.inputs[1].uniqueKey, ['item_id', 'rn']);
    assert.match(withRn.estimate.binary.operators[0].notes.join('\n'), /right top3: MapState<U,row>/);
  });
});
