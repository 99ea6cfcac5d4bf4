// Deduplication and Top-N as Flink's planner runs them (StreamPhysicalDeduplicateRule,
// RankProcessStrategy, StreamExecRank), window TVF parameters, and what the operators keep.
import { strict as assert } from 'node:assert';
import { analyzeSql } from '../../../src/sql';
import { intervalParam } from '../../../src/sql/interval';
import { lines, syntaxErrors } from './helpers';
import { SqlSession } from '../../../src/sql/session';

const DDL = [
  // An append-only stream with an event-time and a processing-time attribute.
  "CREATE TABLE clicks (uid BIGINT, url STRING, p AS PROCTIME(), ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'kafka');",
  // An upsert table keyed by sku.
  "CREATE TABLE prices (sku BIGINT, shop STRING, price DECIMAL(10, 2), PRIMARY KEY (sku) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
];

/** The one ROW_NUMBER() operator of `query` over the DDL above. */
function rank(query: string) {
  const a = analyzeSql(new SqlSession(), lines(...DDL, query));
  assert.deepEqual(syntaxErrors(a), []);
  const ops = a.operators.filter((o) => o.kind === 'deduplicate' || o.kind === 'top-n');
  assert.equal(ops.length, 1, JSON.stringify(a.operators.map((o) => o.kind)));
  return ops[0];
}
const rn = (over: string, filter: string, from = 'clicks') =>
  `SELECT * FROM (SELECT *, ROW_NUMBER() OVER (${over}) AS rn FROM ${from}) WHERE ${filter};`;

describe('sql: deduplication and Top-N as Flink plans them', () => {
  it('ROW_NUMBER() = 1 on a processing-time attribute: keep-first (ASC) or keep-last (DESC) deduplication', () => {
    assert.equal(
      rank(rn('PARTITION BY uid ORDER BY p ASC', 'rn = 1')).rank?.strategy,
      'ProcTimeDeduplicateKeepFirstRowFunction',
    );
    assert.equal(
      rank(rn('PARTITION BY uid ORDER BY p', 'rn <= 1')).rank?.strategy,
      'ProcTimeDeduplicateKeepFirstRowFunction',
    );
    assert.equal(
      rank(rn('PARTITION BY uid ORDER BY p DESC', 'rn < 2')).rank?.strategy,
      'ProcTimeDeduplicateKeepLastRowFunction',
    );
  });

  it('ROW_NUMBER() = 1 on an event-time attribute: RowTimeDeduplicateFunction, first or last by event time', () => {
    const r = rank(rn('PARTITION BY uid ORDER BY ts DESC', 'rn = 1'));
    assert.deepEqual(
      [r.kind, r.rank?.strategy, r.rank?.orderBy],
      [
        'deduplicate',
        'RowTimeDeduplicateFunction',
        [{ column: 'ts', desc: true, type: 'TIMESTAMP(3)', time: 'rowtime' }],
      ],
    );
  });

  it('ROW_NUMBER() = 1 on a column that is no time attribute is a Top-1 rank, not a deduplication', () => {
    const r = rank(rn('PARTITION BY uid ORDER BY url DESC', 'rn = 1'));
    // The construct is still a deduplication; Flink runs it as FastTop1Function (insert-only input, N = 1).
    assert.equal(r.kind, 'deduplicate');
    assert.equal(r.rank?.strategy, 'FastTop1Function');
    assert.match(r.rank?.why ?? '', /url is no time attribute/);
  });

  it('an insert-only input: AppendOnlyTopNFunction, AppendOnlyFirstNFunction when ordered by processing time ascending', () => {
    const top = rank(rn('PARTITION BY url ORDER BY uid DESC', 'rn <= 3'));
    assert.deepEqual([top.kind, top.rank?.n, top.rank?.strategy], ['top-n', 3, 'AppendOnlyTopNFunction']);
    assert.equal(rank(rn('PARTITION BY url ORDER BY p', 'rn <= 3')).rank?.strategy, 'AppendOnlyFirstNFunction');
    assert.equal(rank(rn('PARTITION BY url ORDER BY p DESC', 'rn <= 3')).rank?.strategy, 'AppendOnlyTopNFunction');
  });

  it('reads the rank end from <=, <, = and the mirrored forms', () => {
    assert.equal(rank(rn('PARTITION BY url ORDER BY uid', 'rn < 4')).rank?.n, 4 - 1);
    assert.equal(rank(rn('PARTITION BY url ORDER BY uid', '5 >= rn')).rank?.n, 5);
    assert.equal(rank(rn('PARTITION BY url ORDER BY uid', 'rn <= uid')).rank?.n, undefined);
  });

  const agg = (select: string, group: string) => `(SELECT ${select} FROM clicks GROUP BY ${group})`;

  it('an aggregate ordered by COUNT DESC, its upsert key holding the partition key: UpdatableTopNFunction, FastTop1Function for N = 1', () => {
    const from = agg('url, uid, COUNT(*) AS cnt', 'url, uid');
    const r = rank(rn('PARTITION BY url ORDER BY cnt DESC', 'rn <= 3', from));
    assert.deepEqual([r.rank?.strategy, r.rank?.inputUniqueKey], ['UpdatableTopNFunction', ['url', 'uid']]);
    assert.equal(rank(rn('PARTITION BY url ORDER BY cnt DESC', 'rn <= 1', from)).rank?.strategy, 'FastTop1Function');
    // MAX increases too; MIN decreases, so it only moves towards the top ascending.
    assert.equal(
      rank(rn('PARTITION BY url ORDER BY m DESC', 'rn <= 3', agg('url, uid, MAX(ts) AS m', 'url, uid'))).rank?.strategy,
      'UpdatableTopNFunction',
    );
    assert.equal(
      rank(rn('PARTITION BY url ORDER BY m ASC', 'rn <= 3', agg('url, uid, MIN(ts) AS m', 'url, uid'))).rank?.strategy,
      'UpdatableTopNFunction',
    );
  });

  it('RetractableTopNFunction otherwise: a SUM, COUNT ascending, a partition key outside the upsert key, an upsert table', () => {
    const sum = rank(rn('PARTITION BY url ORDER BY s DESC', 'rn <= 3', agg('url, uid, SUM(uid) AS s', 'url, uid')));
    assert.equal(sum.rank?.strategy, 'RetractableTopNFunction');
    assert.match(sum.rank?.why ?? '', /not monotonic/);
    assert.equal(
      rank(rn('PARTITION BY url ORDER BY cnt ASC', 'rn <= 3', agg('url, uid, COUNT(*) AS cnt', 'url, uid'))).rank
        ?.strategy,
      'RetractableTopNFunction',
    );
    const outside = rank(rn('PARTITION BY cnt ORDER BY cnt DESC', 'rn <= 3', agg('url, COUNT(*) AS cnt', 'url')));
    assert.match(outside.rank?.why ?? '', /upsert key \(url\) does not contain the partition key/);
    // prices is keyed by sku and its price may move either way.
    const table = rank(rn('PARTITION BY shop ORDER BY price DESC', 'rn <= 3', 'prices'));
    assert.deepEqual([table.rank?.strategy, table.inputAppendOnly], ['RetractableTopNFunction', false]);
  });

  it('a window Top-N and RANK() are told apart', () => {
    const w = rank(
      rn(
        'PARTITION BY window_start, window_end ORDER BY uid DESC',
        'rn <= 3',
        "TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))",
      ),
    );
    assert.equal(w.rank?.strategy, 'window');
    const r = analyzeSql(
      new SqlSession(),
      lines(
        ...DDL,
        'SELECT * FROM (SELECT *, RANK() OVER (PARTITION BY url ORDER BY uid) AS rk FROM clicks) WHERE rk <= 3;',
      ),
    );
    assert.equal(r.operators[0].rank?.strategy, 'unsupported');
  });

  it('keeps the partition key, and the row as Flink prunes it: the columns read outside, the partition and ORDER BY columns', () => {
    const r = rank(
      'SELECT uid, url FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY uid ORDER BY p ASC) AS rn FROM clicks) WHERE rn = 1;',
    );
    assert.deepEqual(r.keyColumns, [{ name: 'uid', type: 'BIGINT' }]);
    // p, a PROCTIME() column, has Flink's type TIMESTAMP_LTZ(3); ts is not read, rn is not stored.
    assert.deepEqual(r.columns, [
      { name: 'uid', type: 'BIGINT' },
      { name: 'url', type: 'STRING' },
      { name: 'p', type: 'TIMESTAMP_LTZ(3)' },
    ]);
    assert.equal(r.inputAppendOnly, true);
  });

  it('gives aggregate columns their result types: COUNT BIGINT, SUM of a DECIMAL a DECIMAL(38, s)', () => {
    const r = rank(
      rn(
        'PARTITION BY shop ORDER BY n DESC',
        'rn <= 2',
        '(SELECT shop, COUNT(*) AS n, SUM(price) AS total FROM prices GROUP BY shop)',
      ),
    );
    assert.deepEqual(r.columns, [
      { name: 'shop', type: 'STRING' },
      { name: 'n', type: 'BIGINT NOT NULL' },
      { name: 'total', type: 'DECIMAL(38, 2)' },
    ]);
  });
});

describe('sql: window TVF parameters and aggregate calls', () => {
  it('reads INTERVAL parameters, named or positional', () => {
    assert.deepEqual(intervalParam("INTERVAL '10' MINUTES"), { name: undefined, sec: 600 });
    assert.deepEqual(intervalParam("SIZE => INTERVAL '1' HOUR"), { name: 'SIZE', sec: 3600 });
    assert.deepEqual(intervalParam("INTERVAL '1:30' HOUR TO MINUTE"), { name: undefined, sec: undefined });
  });

  it('gives window aggregates their window: HOP(slide, size), CUMULATE(step, size), named SIZE, SESSION(gap)', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        ...DDL,
        "SELECT uid, window_start, COUNT(*) FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' MINUTES, INTERVAL '1' HOUR)) GROUP BY uid, window_start, window_end;",
        "SELECT uid, window_start, COUNT(*) FROM TABLE(CUMULATE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '2' MINUTES, INTERVAL '10' MINUTES)) GROUP BY uid, window_start, window_end;",
        "SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(DATA => TABLE clicks, TIMECOL => DESCRIPTOR(ts), SIZE => INTERVAL '10' MINUTES)) GROUP BY window_start, window_end;",
        "SELECT uid, window_start, COUNT(*) FROM TABLE(SESSION(TABLE clicks PARTITION BY uid, DESCRIPTOR(ts), INTERVAL '5' MINUTES)) GROUP BY uid, window_start, window_end;",
      ),
    );
    assert.deepEqual(syntaxErrors(a), []);
    // The WATERMARK of clicks trails ts by 5 s.
    assert.deepEqual(
      a.operators.map((o) => o.window),
      [
        { fn: 'HOP', watermarkDelaySec: 5, slideSec: 5 * 60, sizeSec: 3600 },
        { fn: 'CUMULATE', watermarkDelaySec: 5, stepSec: 2 * 60, sizeSec: 10 * 60 },
        { fn: 'TUMBLE', watermarkDelaySec: 5, sizeSec: 10 * 60 },
        { fn: 'SESSION', watermarkDelaySec: 5, gapSec: 5 * 60 },
      ],
    );
  });

  it('lists a group aggregate\u2019s calls with their argument types, and whether its input is insert-only', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(...DDL, 'SELECT shop, COUNT(DISTINCT sku) AS n, AVG(price) AS p FROM prices GROUP BY shop;'),
    );
    const [g] = a.operators;
    assert.deepEqual(g.calls, [
      { fn: 'COUNT', distinct: true, args: [{ name: 'sku', type: 'BIGINT' }] },
      { fn: 'AVG', distinct: false, args: [{ name: 'price', type: 'DECIMAL(10, 2)' }] },
    ]);
    assert.deepEqual([g.keyColumns, g.inputAppendOnly], [[{ name: 'shop', type: 'STRING' }], false]);
  });
});
