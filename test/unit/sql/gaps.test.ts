// Valid Flink SQL the dt-sql-parser grammar lacks, closed by position-preserving
// repairs (parser.ts) or token-level readers (extract.ts): each parses with no
// sql-syntax diagnostic and gives the right facts.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSql } from '../../../src/sql';
import { at, lines, start, syntaxErrors } from './helpers';
import { SqlSession } from '../../../src/sql/session';

const noSyntaxErrors = (a: ReturnType<typeof analyzeSql>) =>
  assert.deepEqual(
    syntaxErrors(a).map((d) => `${at(d.range)} ${d.message}`),
    [],
  );

describe('sql: grammar gaps from the issue', () => {
  it('aggregate FILTER (WHERE ...)', () => {
    const a = analyzeSql(
      new SqlSession(),
      'SELECT k, COUNT(*) FILTER (WHERE v > 1) AS c, COUNT(DISTINCT u) filter (where v > 2 AND v < 9) AS d FROM t GROUP BY k;',
    );
    noSyntaxErrors(a);
    const [g] = a.operators;
    assert.deepEqual([g.kind, g.keys, g.aggregates, g.distinctAggregates], ['group-aggregate', ['k'], 2, 1]);
  });

  it('OVER (PARTITION BY ... ROWS BETWEEN ...) without an alias', () => {
    const a = analyzeSql(
      new SqlSession(),
      'SELECT Q.k, AVG(Q.v) OVER (PARTITION BY Q.k ORDER BY Q.ts ROWS BETWEEN 10 PRECEDING AND CURRENT ROW) FROM q AS Q;',
    );
    noSyntaxErrors(a);
    assert.deepEqual(
      a.operators.map((o) => [o.kind, o.keys, o.detail]),
      [['over-aggregate', ['k'], 'AVG OVER (ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)']],
    );
    // `SELECT Q.k, ` is 12 characters, so AVG starts in column 13; `AVG(Q.v) OVER (` runs to
    // column 27, `PARTITION BY Q.k ORDER BY Q.ts ` to 58 and the 41-character frame to 99:
    // the closing parenthesis is column 100, so the range ends at 101.
    assert.equal(at(a.operators[0].range), '1:13-1:101');
  });

  it('OVER w with a WINDOW clause reads the named window', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        'SELECT k, SUM(v) OVER w AS s, AVG(v) OVER w AS m,',
        "  COUNT(*) OVER (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS n,",
        '  MAX(v) OVER (PARTITION BY j ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS x FROM t',
        "WINDOW w AS (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW);",
      ),
    );
    noSyntaxErrors(a);
    // The calls over one window (named or written out alike) are one OverAggregate, as Calcite's
    // ProjectToWindowRule groups them; another partitioning is another operator.
    assert.deepEqual(
      a.operators.map((o) => [o.kind, o.keys, o.detail]),
      [
        ['over-aggregate', ['k'], "SUM, AVG, COUNT OVER (RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)"],
        ['over-aggregate', ['j'], 'MAX OVER (ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)'],
      ],
    );
  });

  it('an unquoted dateTime column, after a table alias and in the DDL', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE bid (auction BIGINT, price BIGINT, dateTime TIMESTAMP(3), WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND) WITH ('connector' = 'kafka');",
        "CREATE TABLE auction (id BIGINT, dateTime TIMESTAMP(3), expires TIMESTAMP(3), WATERMARK FOR dateTime AS dateTime) WITH ('connector' = 'kafka');",
        'SELECT B.price, B.dateTime FROM bid B, auction A',
        'WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires;',
      ),
    );
    noSyntaxErrors(a);
    assert.deepEqual(
      a.tables[0].columns.map((c) => [c.name, c.type, c.timeAttribute]),
      [
        ['auction', 'BIGINT', undefined],
        ['price', 'BIGINT', undefined],
        ['dateTime', 'TIMESTAMP(3)', 'rowtime'],
      ],
    );
    const j = a.joins[0];
    // `SELECT B.price, B.dateTime FROM bid B, ` is 39 characters. A regular join: only
    // `B.dateTime >= A.dateTime` compares time attributes (A.expires has no WATERMARK), and
    // Flink's interval join needs a lower and an upper bound (see intervalJoin.test.ts).
    assert.deepEqual(
      [j.kind, j.type, start(j.range), j.keys],
      ['regular', 'INNER', '3:40', [['bid.auction', 'auction.id']]],
    );
    assert.deepEqual(
      a.diagnostics.map((d) => d.code),
      ['not-interval-join'],
    );
  });

  it('CREATE TABLE ... WITH (...) LIKE ... without a column list', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE src (id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'kafka', 'topic' = 'a');",
        "CREATE TEMPORARY TABLE copy_t WITH ('topic' = 'b') LIKE src;",
      ),
    );
    noSyntaxErrors(a);
    const t = a.tables[1];
    assert.deepEqual(
      [t.name, t.likeSource, t.connector, t.primaryKey, t.watermarkColumn],
      ['copy_t', 'src', 'kafka', ['id'], 'ts'],
    );
    assert.deepEqual(t.options, { connector: 'kafka', topic: 'b' });
    assert.deepEqual(
      t.columns.map((c) => [c.name, c.timeAttribute]),
      [
        ['id', undefined],
        ['ts', 'rowtime'],
      ],
    );
    assert.equal(at(t.nameRange), '2:24-2:30');
  });

  it('CREATE TABLE (WATERMARK ... only) WITH (...) LIKE ... (LIKE options)', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE src (id BIGINT, ts TIMESTAMP(3)) WITH ('connector' = 'kafka');",
        'CREATE TABLE late_t (',
        "  WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE",
        ") WITH ('scan.startup.mode' = 'latest-offset') LIKE src (EXCLUDING WATERMARKS);",
      ),
    );
    noSyntaxErrors(a);
    const t = a.tables[1];
    assert.deepEqual([t.name, t.likeSource, t.watermarkColumn], ['late_t', 'src', 'ts']);
    assert.deepEqual(
      t.columns.map((c) => [c.name, c.timeAttribute]),
      [
        ['id', undefined],
        ['ts', 'rowtime'],
      ],
    );
    assert.equal(t.options['scan.startup.mode'], 'latest-offset');
  });

  it('unquoted SET k = v', () => {
    const a = analyzeSql(
      new SqlSession(),
      'SET execution.checkpointing.interval = 30s;\nSET table.exec.state.ttl = 7d;',
    );
    noSyntaxErrors(a);
    assert.deepEqual(
      a.settings.map((s) => [s.key, s.value]),
      [
        ['execution.checkpointing.interval', '30s'],
        ['table.exec.state.ttl', '7d'],
      ],
    );
    assert.equal(a.stateTtlSec, 604800);
  });
});

describe('sql: grammar gaps found in the trial on public Flink SQL', () => {
  it('keyword field names inside ROW<...> (dateTime TIMESTAMP(3))', () => {
    const a = analyzeSql(
      new SqlSession(),
      "CREATE TABLE ev (kind INT, bid ROW<auction BIGINT, dateTime TIMESTAMP(3), extra VARCHAR>, tag STRING) WITH ('connector' = 'kafka');",
    );
    noSyntaxErrors(a);
    assert.deepEqual(
      a.tables[0].columns.map((c) => [c.name, c.type]),
      [
        ['kind', 'INT'],
        ['bid', 'ROW<auction BIGINT, dateTime TIMESTAMP(3), extra VARCHAR>'],
        ['tag', 'STRING'],
      ],
    );
  });

  it('a keyword as an alias and qualifier (AS Per, Per.cnt) and in DESCRIPTOR(dateTime)', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE bid (auction BIGINT, dateTime TIMESTAMP(3), WATERMARK FOR dateTime AS dateTime) WITH ('connector' = 'kafka');",
        'SELECT max(Per.cnt) AS top_cnt FROM (',
        "  SELECT auction, count(*) AS cnt FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))",
        '  GROUP BY auction, window_start, window_end',
        ') AS Per;',
      ),
    );
    noSyntaxErrors(a);
    assert.deepEqual(
      a.operators.map((o) => [o.kind, o.keys]),
      [
        ['window-aggregate', ['auction']],
        ['global-aggregate', []],
      ],
    );
  });

  it('window joins of window aggregates whose bounds were renamed', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE p (id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'kafka');",
        "CREATE TABLE q (seller BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'kafka');",
        "SELECT P.id FROM (SELECT id, window_start AS ws, window_end AS we FROM TABLE(TUMBLE(TABLE p, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY id, window_start, window_end) P",
        "JOIN (SELECT seller, window_start AS ws, window_end AS we FROM TABLE(TUMBLE(TABLE q, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY seller, window_start, window_end) A",
        'ON P.id = A.seller AND P.ws = A.ws AND P.we = A.we;',
      ),
    );
    noSyntaxErrors(a);
    assert.deepEqual([a.joins[0].kind, start(a.joins[0].range)], ['window', '4:1']);
    assert.equal(a.chains.length, 0);
  });

  it('a lookup join on PROCTIME() added by a subquery', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE bid (auction BIGINT, price BIGINT) WITH ('connector' = 'kafka');",
        "CREATE TABLE side_t (key BIGINT, `value` STRING) WITH ('connector' = 'filesystem');",
        'SELECT B.auction, S.`value` FROM (SELECT *, PROCTIME() AS p_time FROM bid) B',
        'JOIN side_t FOR SYSTEM_TIME AS OF B.p_time AS S ON mod(B.auction, 10000) = S.key;',
      ),
    );
    noSyntaxErrors(a);
    assert.deepEqual([a.joins[0].kind, start(a.joins[0].range), a.joins[0].right], ['lookup', '4:1', 'side_t']);
  });

  it('SESSION window TVF, with and without PARTITION BY', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE bids (item STRING, price DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'kafka');",
        "SELECT item, window_start, SUM(price) AS s FROM TABLE(SESSION(TABLE bids PARTITION BY item, DESCRIPTOR(ts), INTERVAL '5' MINUTES))",
        'GROUP BY item, window_start, window_end;',
        "SELECT window_start, SUM(price) AS s FROM TABLE(SESSION(TABLE bids, DESCRIPTOR(ts), INTERVAL '5' MINUTES)) GROUP BY window_start, window_end;",
      ),
    );
    noSyntaxErrors(a);
    assert.deepEqual(
      a.operators.map((o) => [o.kind, o.keys, start(o.range)]),
      [
        ['window-aggregate', ['item'], '3:1'],
        ['window-aggregate', [], '4:108'],
      ],
    );
  });

  it('a window TVF with an alias, with and without AS, qualifying the columns of a join and a window join', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE clicks (uid BIGINT, url STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '3' SECOND) WITH ('connector' = 'kafka');",
        "CREATE TABLE users (uid BIGINT, country STRING, PRIMARY KEY (uid) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
        "SELECT u.country, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) c",
        'JOIN users u ON c.uid = u.uid GROUP BY u.country;',
        "SELECT w.window_start, COUNT(*) FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' MINUTE)) AS w",
        'GROUP BY w.window_start, w.window_end;',
        // A keyword that is no structural word can be the alias after AS (`AS period`).
        "SELECT * FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) AS period",
        'JOIN users u ON period.uid = u.uid;',
      ),
    );
    noSyntaxErrors(a);
    assert.deepEqual(
      a.joins.map((j) => [j.kind, start(j.range), j.keys]),
      [
        ['regular', '4:1', [['clicks.uid', 'users.uid']]],
        ['regular', '8:1', [['clicks.uid', 'users.uid']]],
      ],
    );
    // Qualified by the alias, the window bounds still make a window aggregate.
    assert.deepEqual(
      a.operators.filter((o) => o.kind === 'window-aggregate').map((o) => start(o.range)),
      ['6:1'],
    );
  });

  it('ARRAY[...] / MAP[...] constructors, TRIM/SUBSTRING/OVERLAY keyword arguments, TRY_CAST', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "SELECT ARRAY[a, b] AS arr, MAP['k', c] AS m, TRIM(BOTH ' ' FROM s) AS t1, TRIM(LEADING FROM s) AS t2,",
        "  SUBSTRING(s FROM 1 FOR 2) AS sub, OVERLAY(s PLACING 'x' FROM 1) AS ov, TRY_CAST(a AS INT) AS n",
        'FROM t JOIN u ON t.id = u.id;',
      ),
    );
    noSyntaxErrors(a);
    assert.deepEqual(
      [a.joins[0].kind, start(a.joins[0].range), a.joins[0].keys],
      ['regular', '3:8', [['t.id', 'u.id']]],
    );
  });

  it('IS NOT DISTINCT FROM is an equi-join key', () => {
    const a = analyzeSql(new SqlSession(), 'SELECT * FROM a JOIN b ON a.k IS NOT DISTINCT FROM b.k;');
    noSyntaxErrors(a);
    assert.deepEqual(a.joins[0].keys, [['a.k', 'b.k']]);
    assert.deepEqual(
      a.chains[0].keyGroups.map((g) => g.inputs),
      [['a', 'b']],
    );
  });

  it('DISTRIBUTED BY HASH(k) INTO n BUCKETS (Flink 2.0)', () => {
    const a = analyzeSql(
      new SqlSession(),
      "CREATE TABLE x (a INT, b STRING, PRIMARY KEY (a) NOT ENFORCED) DISTRIBUTED BY HASH(a) INTO 4 BUCKETS WITH ('connector' = 'kafka');",
    );
    noSyntaxErrors(a);
    assert.deepEqual([a.tables[0].primaryKey, a.tables[0].connector, a.tables[0].columns.length], [['a'], 'kafka', 2]);
  });

  it('CREATE DATABASE without WITH', () => {
    const a = analyzeSql(new SqlSession(), "CREATE DATABASE IF NOT EXISTS staging COMMENT 'x';\nSELECT 1;");
    noSyntaxErrors(a);
    assert.deepEqual(
      a.statements.map((s) => s.kind),
      ['other', 'query'],
    );
  });

  it('a key-less join has a key group without columns', () => {
    const a = analyzeSql(new SqlSession(), 'SELECT * FROM a JOIN b ON a.k = b.k FULL JOIN c ON a.x > c.y;');
    assert.deepEqual(
      a.chains[0].keyGroups.map((g) => g.columns.length),
      [2, 0],
    );
  });
});

describe('sql: fixtures from the trial on public Flink SQL', () => {
  const dir = join(process.cwd(), 'test/fixtures/sql');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  it('has fixtures', () => assert.ok(files.length >= 5));
  for (const f of files) {
    it(`${f} analyses with no sql-syntax error`, () => {
      const a = analyzeSql(new SqlSession(), readFileSync(join(dir, f), 'utf8'));
      noSyntaxErrors(a);
      assert.ok(!a.diagnostics.some((d) => d.code === 'sql-internal'));
      assert.ok(a.statements.length > 0);
    });
  }
});
