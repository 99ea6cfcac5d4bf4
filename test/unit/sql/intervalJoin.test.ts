// Interval joins as Flink's planner reads them (IntervalJoinUtil.extractWindowBoundsFromPredicate):
// bounds of leftTime - rightTime per side, the WATERMARK delays, and the joins that look like
// interval joins but are planned as regular ones (the not-interval-join diagnostic).
import { strict as assert } from 'node:assert';
import { analyzeSql } from '../../../src/sql';
import { linearTime, timeComparisons, watermarkDelaySec } from '../../../src/sql/interval';
import { lex } from '../../../src/sql/parser';
import { at, lines, syntaxErrors } from './helpers';
import { SqlSession } from '../../../src/sql/session';

const S =
  "CREATE TABLE s (id BIGINT, t TIMESTAMP(3), WATERMARK FOR t AS t - INTERVAL '5' SECOND) WITH ('connector' = 'kafka');";
const O =
  "CREATE TABLE o (id BIGINT, t TIMESTAMP(3), note STRING, WATERMARK FOR t AS t - INTERVAL '10' SECOND) WITH ('connector' = 'kafka');";

describe('sql/interval: time comparisons read from the condition text', () => {
  const lin = (text: string) => {
    const toks = lex(text).filter((t) => !t.hidden);
    return linearTime(toks);
  };

  it('reads one column plus or minus INTERVAL literals', () => {
    assert.deepEqual(lin("s.t - INTERVAL '4' HOUR"), { column: { qualifier: 's', name: 't' }, offsetSec: -4 * 3600 });
    assert.deepEqual(lin("(o.t + INTERVAL '1' DAY) - INTERVAL '30' MINUTE"), {
      column: { qualifier: 'o', name: 't' },
      offsetSec: 86_400 - 1_800,
    });
    assert.deepEqual(lin("`ts` + INTERVAL '-2' SECOND"), { column: { name: 'ts' }, offsetSec: -2 });
    assert.deepEqual(lin('t + INTERVAL 3 MINUTE'), { column: { name: 't' }, offsetSec: 180 });
  });

  it('reads nothing else: functions, two columns, a negated column, year-month intervals', () => {
    assert.equal(lin('TIMESTAMPADD(HOUR, 4, s.t)'), undefined);
    assert.equal(lin('s.t - o.t'), undefined);
    assert.equal(lin('- s.t'), undefined);
    assert.equal(lin("s.t + INTERVAL '1' MONTH"), undefined);
    assert.equal(lin("s.t + INTERVAL '1:30' HOUR TO MINUTE"), undefined);
  });

  it('reads a BETWEEN as two comparisons, >= and <=', () => {
    assert.deepEqual(timeComparisons("o.t BETWEEN s.t - INTERVAL '4' HOUR AND s.t"), [
      {
        left: { column: { qualifier: 'o', name: 't' }, offsetSec: 0 },
        op: '>=',
        right: { column: { qualifier: 's', name: 't' }, offsetSec: -14_400 },
      },
      {
        left: { column: { qualifier: 'o', name: 't' }, offsetSec: 0 },
        op: '<=',
        right: { column: { qualifier: 's', name: 't' }, offsetSec: 0 },
      },
    ]);
    assert.equal(timeComparisons("o.t NOT BETWEEN s.t AND s.t + INTERVAL '1' HOUR"), undefined);
    assert.equal(timeComparisons('o.t BETWEEN SYMMETRIC s.t AND s.u'), undefined);
    assert.deepEqual(
      timeComparisons('(a.t<=b.t)')?.map((c) => c.op),
      ['<='],
    );
  });

  it('reads the delay of a WATERMARK declaration', () => {
    assert.equal(watermarkDelaySec("WATERMARK FOR t AS t - INTERVAL '5' SECOND"), 5);
    assert.equal(watermarkDelaySec("WATERMARK FOR `ts` AS `ts` - INTERVAL '0.5' SECOND"), 0.5);
    assert.equal(watermarkDelaySec('WATERMARK FOR ts AS ts'), 0);
    assert.equal(watermarkDelaySec("WATERMARK FOR ts AS ts - INTERVAL '2' MINUTE"), 120);
    assert.equal(watermarkDelaySec('WATERMARK FOR ts AS SOURCE_WATERMARK()'), undefined);
    assert.equal(watermarkDelaySec("WATERMARK FOR ts AS other - INTERVAL '5' SECOND"), undefined);
  });
});

describe('sql: interval join bounds per side', () => {
  it('`o.t BETWEEN s.t - INTERVAL 4 HOUR AND s.t` with s on the left: s.t - o.t in [0, 4 h], delays 5 s and 10 s', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(S, O, "SELECT s.id, o.note FROM s JOIN o ON s.id = o.id AND o.t BETWEEN s.t - INTERVAL '4' HOUR AND s.t;"),
    );
    assert.deepEqual(syntaxErrors(a), []);
    const j = a.joins[0];
    assert.equal(j.kind, 'interval');
    // o.t >= s.t - 4 h  <=>  s.t - o.t <= 4 h (upper); o.t <= s.t  <=>  s.t - o.t >= 0 (lower).
    assert.deepEqual(j.interval, {
      lowerSec: 0,
      upperSec: 4 * 3600,
      time: 'event',
      leftColumn: 's.t',
      rightColumn: 'o.t',
      leftWatermarkDelaySec: 5,
      rightWatermarkDelaySec: 10,
    });
    assert.equal(j.intervalSec, 4 * 3600);
  });

  it('the same bounds with the tables the other way round swap sides', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(S, O, "SELECT s.id, o.note FROM o JOIN s ON s.id = o.id AND o.t BETWEEN s.t - INTERVAL '4' HOUR AND s.t;"),
    );
    assert.deepEqual(a.joins[0].interval, {
      lowerSec: -4 * 3600,
      upperSec: 0,
      time: 'event',
      leftColumn: 'o.t',
      rightColumn: 's.t',
      leftWatermarkDelaySec: 10,
      rightWatermarkDelaySec: 5,
    });
  });

  it('two comparisons in WHERE of a comma join, strict and not', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        S,
        O,
        "SELECT * FROM o, s WHERE o.id = s.id AND s.t >= o.t - INTERVAL '1' HOUR AND s.t < o.t + INTERVAL '2' HOUR;",
      ),
    );
    // o.t - s.t <= 1 h (from s.t >= o.t - 1 h) and o.t - s.t > -2 h (from s.t < o.t + 2 h).
    assert.deepEqual(
      [a.joins[0].kind, a.joins[0].interval?.lowerSec, a.joins[0].interval?.upperSec],
      ['interval', -2 * 3600, 3600],
    );
  });

  it('processing-time attributes (PROCTIME()) make a processing-time interval join without watermark delays', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE p (id BIGINT, pt AS PROCTIME()) WITH ('connector' = 'kafka');",
        "CREATE TABLE q (id BIGINT, pt AS PROCTIME()) WITH ('connector' = 'kafka');",
        "SELECT * FROM p JOIN q ON p.id = q.id AND q.pt BETWEEN p.pt AND p.pt + INTERVAL '10' MINUTE;",
      ),
    );
    assert.deepEqual(a.joins[0].interval, {
      lowerSec: -600,
      upperSec: 0,
      time: 'processing',
      leftColumn: 'p.pt',
      rightColumn: 'q.pt',
      leftWatermarkDelaySec: undefined,
      rightWatermarkDelaySec: undefined,
    });
    assert.deepEqual(
      a.diagnostics.filter((d) => d.code === 'not-interval-join'),
      [],
    );
  });

  it('an interval join after an interval join in one FROM sees the first one\u2019s output watermark held back', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        S,
        O,
        "CREATE TABLE r (id BIGINT, t TIMESTAMP(3), WATERMARK FOR t AS t - INTERVAL '2' SECOND) WITH ('connector' = 'kafka');",
        'SELECT * FROM s',
        "JOIN o ON s.id = o.id AND o.t BETWEEN s.t - INTERVAL '4' HOUR AND s.t",
        "JOIN r ON r.id = s.id AND r.t BETWEEN s.t AND s.t + INTERVAL '1' MINUTE;",
      ),
    );
    const second = a.joins[1];
    // First join: lag max(5, 10) = 10 s, output held back by max(-0, 14,400) = 14,400 s: 14,410 s.
    assert.deepEqual(
      [second.kind, second.interval?.leftWatermarkDelaySec, second.interval?.rightWatermarkDelaySec],
      ['interval', 10 + 4 * 3600, 2],
    );
  });

  it('an interval join over a view, a CTE or a subquery of an interval join sees that join\u2019s watermark held back', () => {
    const first = "SELECT s.id, s.t FROM s JOIN o ON s.id = o.id AND o.t BETWEEN s.t - INTERVAL '4' HOUR AND s.t";
    const second = (from: string) =>
      `SELECT * FROM ${from} JOIN r ON r.id = x.id AND r.t BETWEEN x.t AND x.t + INTERVAL '1' MINUTE;`;
    const a = analyzeSql(
      new SqlSession(),
      lines(
        S,
        O,
        "CREATE TABLE r (id BIGINT, t TIMESTAMP(3), WATERMARK FOR t AS t - INTERVAL '2' SECOND) WITH ('connector' = 'kafka');",
        `CREATE TEMPORARY VIEW sv AS ${first};`,
        second('sv AS x'),
        `WITH c AS (${first}) ${second('c AS x')}`,
        second(`(${first}) AS x`),
        // Without the interval join the view's t keeps s's own delay.
        'CREATE TEMPORARY VIEW plain AS SELECT id, t FROM s;',
        second('plain AS x'),
      ),
    );
    const later = a.joins.filter((j) => j.right === 'r').map((j) => j.interval?.leftWatermarkDelaySec);
    // As in one FROM: max(5 s, 10 s) + 14,400 s; s alone: 5 s.
    assert.deepEqual(later, [10 + 4 * 3600, 10 + 4 * 3600, 10 + 4 * 3600, 5]);
  });
});

describe('sql: joins that are no interval joins, and the not-interval-join diagnostic', () => {
  const notInterval = (a: ReturnType<typeof analyzeSql>) => a.diagnostics.filter((d) => d.code === 'not-interval-join');

  it('a BETWEEN on TIMESTAMP columns without WATERMARK: a regular join, with an info naming the columns and the fix', () => {
    const sql = lines(
      "CREATE TABLE orders (id BIGINT, order_time TIMESTAMP(3)) WITH ('connector' = 'kafka');",
      "CREATE TABLE shipments (oid BIGINT, ship_time TIMESTAMP(3)) WITH ('connector' = 'kafka');",
      'SELECT * FROM orders o, shipments s',
      "WHERE o.id = s.oid AND o.order_time BETWEEN s.ship_time - INTERVAL '4' HOUR AND s.ship_time;",
    );
    const a = analyzeSql(new SqlSession(), sql);
    assert.equal(a.joins[0].kind, 'regular');
    const [d] = notInterval(a);
    assert.equal(d.severity, 'info');
    // The range is the condition: `o.order_time BETWEEN ... s.ship_time` on line 4 from column 24.
    assert.equal(
      at(d.range),
      `4:24-4:${24 + "o.order_time BETWEEN s.ship_time - INTERVAL '4' HOUR AND s.ship_time".length}`,
    );
    assert.match(
      d.message,
      /o\.order_time and s\.ship_time are not time attributes \(no WATERMARK declared on them, not PROCTIME\(\)\)/,
    );
    assert.match(
      d.message,
      /WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND` on orders and `WATERMARK FOR ship_time AS ship_time - INTERVAL '5' SECOND` on shipments, or compare PROCTIME\(\) columns/,
    );
  });

  it('a DATE comparison is never an interval join, and gets no hint (a DATE cannot be a time attribute)', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE d1 (id BIGINT, d DATE) WITH ('connector' = 'kafka');",
        "CREATE TABLE d2 (id BIGINT, d DATE, WATERMARK FOR d AS d) WITH ('connector' = 'kafka');",
        "SELECT * FROM d1 JOIN d2 ON d1.id = d2.id AND d1.d BETWEEN d2.d AND d2.d + INTERVAL '1' DAY;",
      ),
    );
    assert.equal(a.joins[0].kind, 'regular');
    assert.deepEqual(notInterval(a), []);
  });

  it('one bound between time attributes only: a regular join (Flink needs a lower and an upper bound)', () => {
    const a = analyzeSql(new SqlSession(), lines(S, O, 'SELECT * FROM s JOIN o ON s.id = o.id AND o.t > s.t;'));
    assert.equal(a.joins[0].kind, 'regular');
    const [d] = notInterval(a);
    assert.match(d.message, /only one comparison bounds the time attributes s\.t and o\.t \(an upper bound/);
    assert.match(d.message, /AND s\.t >= o\.t - INTERVAL '1' HOUR/);
  });

  it('a BETWEEN whose second bound is no time attribute (Nexmark\u2019s bid BETWEEN auction.dateTime AND auction.expires) is a regular join', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE bid (auction BIGINT, price BIGINT, dateTime TIMESTAMP(3), WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND) WITH ('connector' = 'kafka');",
        "CREATE TABLE auction (id BIGINT, dateTime TIMESTAMP(3), expires TIMESTAMP(3), WATERMARK FOR dateTime AS dateTime) WITH ('connector' = 'kafka');",
        'SELECT B.price FROM bid B, auction A WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires;',
      ),
    );
    assert.equal(a.joins[0].kind, 'regular');
    const [d] = notInterval(a);
    assert.match(d.message, /A\.expires is not a time attribute: the event-time attribute of auction is dateTime/);
  });

  it('an event-time and a processing-time attribute: a regular join', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE p (id BIGINT, pt AS PROCTIME()) WITH ('connector' = 'kafka');",
        S,
        "SELECT * FROM p JOIN s ON p.id = s.id AND s.t BETWEEN p.pt AND p.pt + INTERVAL '1' MINUTE;",
      ),
    );
    assert.equal(a.joins[0].kind, 'regular');
    assert.match(notInterval(a)[0].message, /p\.pt is a processing-time attribute and s\.t an event-time attribute/);
  });

  it('no hint on a regular join without time comparisons, nor on undeclared tables', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        S,
        O,
        'SELECT * FROM s JOIN o ON s.id = o.id;',
        "SELECT * FROM x JOIN y ON x.id = y.id AND x.t BETWEEN y.t AND y.t + INTERVAL '1' HOUR;",
      ),
    );
    assert.deepEqual(notInterval(a), []);
    // Undeclared tables with INTERVAL bounds stay interval joins (their time attributes are unknown):
    // x.t - y.t in [0, 1 h].
    assert.deepEqual(
      [a.joins[1].kind, a.joins[1].interval?.lowerSec, a.joins[1].interval?.upperSec],
      ['interval', 0, 3600],
    );
  });
});
