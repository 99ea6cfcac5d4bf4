import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDescriptor } from '../../../src/descriptor';
import { estimateJobPlans, estimateSql } from '../../../src/analysis';
import { analyzeSql } from '../../../src/sql';
import { SqlSession } from '../../../src/sql/session';

// Two append-only Kafka inputs (no primary key) joined on id: both grow without bound unless a TTL holds them.
const DDL = `
CREATE TABLE clicks (id STRING, url STRING, ts TIMESTAMP(3)) WITH ('connector' = 'kafka');
CREATE TABLE views (id STRING, page STRING, ts TIMESTAMP(3)) WITH ('connector' = 'kafka');
`;

describe('estimates from SQL facts', () => {
  it('flags append-only inputs without TTL as unbounded, held over the 30-day planning horizon', () => {
    const e = estimateSql(
      analyzeSql(
        new SqlSession(),
        DDL + 'INSERT INTO s SELECT c.id, c.url, v.page FROM clicks c JOIN views v ON c.id = v.id;',
      ),
      undefined,
    );
    const unbounded = e.diagnostics.filter((d) => d.code === 'unbounded-state');
    assert.equal(unbounded.length, 2);
    // Default rate 100 rows/s (JOB_DEFAULTS) × 30 d × 86,400 s = 259,200,000 rows per input,
    // one MapState<row,count> entry each: 2 × 259,200,000 entries in the join.
    assert.equal(e.chains[0].estimate.binary.operators[0].entries, 518_400_000);
  });

  it('shows where each input\u2019s rows come from among the join\u2019s terms', () => {
    const e = estimateSql(
      analyzeSql(
        new SqlSession(),
        DDL + 'INSERT INTO s SELECT c.id, c.url, v.page FROM clicks c JOIN views v ON c.id = v.id;',
      ),
      undefined,
    );
    const held = e.chains[0].estimate.binary.operators[0].terms.filter((t) => t.label.startsWith('rows held'));
    // JOB_DEFAULTS rate 100 rows/s, planning horizon 30 d = 2,592,000 s, for both inputs.
    assert.deepEqual(
      held.map((t) => t.formula),
      [
        '100 rows/s × 2,592,000 s (planning horizon 30 d) = 259,200,000 rows',
        '100 rows/s × 2,592,000 s (planning horizon 30 d) = 259,200,000 rows',
      ],
    );
  });

  it('reads a STATE_TTL hint as that input\u2019s TTL: bounded, held rate × TTL', () => {
    const sql =
      DDL +
      "INSERT INTO s SELECT /*+ STATE_TTL('c' = '1d') */ c.id, c.url, v.page FROM clicks c JOIN views v ON c.id = v.id;";
    const e = estimateSql(analyzeSql(new SqlSession(), sql), undefined);
    const unbounded = e.diagnostics.filter((d) => d.code === 'unbounded-state');
    assert.equal(unbounded.length, 1);
    assert.match(unbounded[0].message, /views/);
    // clicks: 100 rows/s × 86,400 s = 8,640,000 rows; views still 259,200,000.
    assert.equal(e.chains[0].estimate.binary.operators[0].entries, 8_640_000 + 259_200_000);
  });
});

describe('the state TTL: the file\u2019s SET against the descriptor\u2019s stateTtl', () => {
  const query = 'INSERT INTO s SELECT c.id, c.url, v.page FROM clicks c JOIN views v ON c.id = v.id;';
  const job = parseDescriptor('name: j\nplatform: aws-managed-flink\nstateTtl: 1d\n', 'j.flinkjob.yaml')!.jobs[0];
  const entries = (sql: string) =>
    estimateSql(analyzeSql(new SqlSession(), sql), job).chains[0].estimate.binary.operators[0].entries;

  it('holds each input for the descriptor\u2019s TTL when the file sets none', () => {
    // 100 rows/s (JOB_DEFAULTS) × 86,400 s = 8,640,000 rows per input, two inputs.
    assert.equal(entries(DDL + query), 2 * 8_640_000);
  });

  it('lets the file\u2019s own TTL win over the descriptor\u2019s', () => {
    // SET 12 h: 100 rows/s × 43,200 s = 4,320,000 rows per input.
    assert.equal(entries(`SET 'table.exec.state.ttl' = '12 h';${DDL}${query}`), 2 * 4_320_000);
  });

  it("reads SET 'table.exec.state.ttl' = '0' as Flink does: no TTL, whatever the descriptor says", () => {
    // Flink's default 0 ms disables state TTL, so both inputs are held over the 30-day planning
    // horizon: 100 rows/s × 2,592,000 s = 259,200,000 rows each, and both are reported unbounded.
    const sql = `SET 'table.exec.state.ttl' = '0';${DDL}${query}`;
    assert.equal(entries(sql), 2 * 259_200_000);
    const e = estimateSql(analyzeSql(new SqlSession(), sql), job);
    assert.equal(e.diagnostics.filter((d) => d.code === 'unbounded-state').length, 2);
  });
});

describe('the chain estimate cache', () => {
  const query = 'INSERT INTO s SELECT c.id, c.url, v.page FROM clicks c JOIN views v ON c.id = v.id;';

  it('gives the same chain with other statistics its own estimate, and the first one back without them', () => {
    const job = parseDescriptor(
      'name: j\nplatform: aws-managed-flink\nparallelism: 4\ntables:\n  clicks:\n    rate: 10/s\n',
      'j.flinkjob.yaml',
    )!.jobs[0];
    const sql = analyzeSql(new SqlSession(), DDL + query);
    // Defaults: 100 rows/s per input × 2,592,000 s (30 d) = 259,200,000 rows each.
    assert.equal(estimateSql(sql, undefined).chains[0].estimate.binary.operators[0].entries, 518_400_000);
    // clicks at 10 rows/s: 25,920,000 rows; views still 259,200,000.
    assert.equal(estimateSql(sql, job).chains[0].estimate.binary.operators[0].entries, 25_920_000 + 259_200_000);
    assert.equal(
      estimateSql(analyzeSql(new SqlSession(), DDL + query), undefined).chains[0].estimate.binary.operators[0].entries,
      518_400_000,
    );
  });

  it('tells chains apart by their column types', () => {
    const wide = estimateSql(analyzeSql(new SqlSession(), DDL + query), undefined).chains[0].estimate.binary.stateBytes;
    const narrow = estimateSql(analyzeSql(new SqlSession(), DDL.replace('url STRING', 'url BIGINT') + query), undefined)
      .chains[0].estimate.binary.stateBytes;
    // A BIGINT sits in its 8-byte slot; a STRING adds its variable-length bytes to every clicks row.
    assert.ok(narrow < wide, `${narrow} < ${wide}`);
  });
});

describe('estimates of interval and temporal joins (examples/orders)', () => {
  // orders.flinkjob.yaml: orders 300/s, shipments 250/s, currency_rates 180 rows.
  const root = join(__dirname, '..', '..');
  const sql = analyzeSql(new SqlSession(), readFileSync(join(root, 'examples', 'orders', 'orders.sql'), 'utf8'));
  const job = parseDescriptor(
    readFileSync(join(root, 'examples', 'orders', 'orders.flinkjob.yaml'), 'utf8'),
    'orders.flinkjob.yaml',
  )!.jobs[0];
  const e = estimateSql(sql, job);

  it('holds orders for the 4 hours and shipments only for the watermark lag', () => {
    const interval = sql.joins.find((j) => j.kind === 'interval')!;
    // s.ship_time BETWEEN o.order_time AND o.order_time + INTERVAL '4' HOUR, orders on the left:
    // order_time - ship_time in [-4 h, 0]. Both WATERMARKs are `- INTERVAL '5' SECOND`.
    assert.equal(interval.intervalSec, 14_400);
    assert.deepEqual([interval.interval?.lowerSec, interval.interval?.upperSec], [-14_400, 0]);
    const op = e.operators.find((o) => o.kind === 'interval-join')!;
    // Was 300 × 14,400 + 250 × 14,400 map entries (both sides the whole interval). Now (Flink
    // TimeIntervalJoin, 1.20: min-cleanup-interval 0): orders 300 rows/s × (14,400 s + 5 s lag),
    // shipments 250 rows/s × (0 s + 5 s lag); one map entry per row, and per key (one row per key
    // assumed) one timer ValueState<Long> and one cleanup timer.
    const orders = 300 * (14_400 + 5);
    const shipments = 250 * (0 + 5);
    assert.equal(op.entries, 3 * orders + 3 * shipments);
    assert.ok(op.stateBytes > 0);
  });

  it('adds min-cleanup-interval: the SET from Flink 1.18, half the interval before 1.18', () => {
    const withSet = analyzeSql(
      new SqlSession(),
      `SET 'table.exec.interval-join.min-cleanup-interval' = '1 min';\n${readFileSync(join(root, 'examples', 'orders', 'orders.sql'), 'utf8')}`,
    );
    const rows = (x: ReturnType<typeof estimateSql>) =>
      x.operators
        .find((o) => o.kind === 'interval-join')!
        .terms.filter((t) => t.label.startsWith('rows held'))
        .map((t) => t.value);
    assert.deepEqual(rows(estimateSql(withSet, job)), [300 * (14_400 + 5 + 60), 250 * (0 + 5 + 60)]);
    // Flink 1.17: (leftRelativeSize + rightRelativeSize) / 2 = (14,400 + 0) / 2 = 7,200 s; the SET does not exist there.
    assert.deepEqual(rows(estimateSql(withSet, job, { flinkVersion: '1.17' })), [
      300 * (14_400 + 5 + 7_200),
      250 * (0 + 5 + 7_200),
    ]);
  });

  it('holds the latest rate per currency, the versions and probe rows waiting for the watermark, and the per-key Long states', () => {
    const op = e.operators.find((o) => o.kind === 'temporal-join')!;
    // TemporalRowTimeJoinOperator: its watermark is the lower of its inputs', so rows wait the
    // larger delay. The probe, the `shipped` view, is an interval join of orders and shipments
    // (both INTERVAL '5' SECOND) with bounds [-4 h, 0]: its output watermark trails by
    // 5 s + max(14,400 s, 0 s) = 14,405 s; currency_rates' update_time: 15 s. Lag 14,405 s.
    //   versioned currency_rates: its latest version for each of its 180 keys, plus the versions
    //     newer than the watermark: no rate declared, 100 changes/s (JOB_DEFAULTS) × 14,405 s;
    //   probe rows (rate of orders 300/s) × 14,405 s;
    //   next-index ValueState<Long>: one per key, 180;
    //   registered-timer ValueState<Long> and its timer: one per key with pending rows,
    //     min(180 keys, pending rows) = 180 each.
    const lag = 5 + 4 * 3600;
    assert.equal(op.entries, 180 + 100 * lag + 300 * lag + 180 + 2 * 180);
    // Every operator and chain of the file has its figures.
    assert.ok(e.operators.every((o) => o.estimated !== false));
    assert.ok(e.chains.every((c) => c.estimate.notEstimated === undefined));
  });

  /** The first operator of `kind` in the estimate of these lines of SQL, with no job. */
  const operatorOf = (kind: string, sql: string[]) =>
    estimateSql(analyzeSql(new SqlSession(), sql.join('\n')), undefined).operators.find((o) => o.kind === kind)!;

  it('counts a window aggregation\u2019s DISTINCT values: one map entry per value, key and slice', () => {
    const op = operatorOf('window-agg', [
      "CREATE TABLE pv (uid BIGINT, page STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'kafka');",
      'SELECT uid, window_start, COUNT(DISTINCT page) AS pages',
      "FROM TABLE(TUMBLE(TABLE pv, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY uid, window_start, window_end;",
    ]);
    // 100 rows/s (JOB_DEFAULTS) × (60 s + 5 s lag) = 6,500 rows in the open slices, each its own
    // key-slice (no distinct keys declared), so 1 value per key-slice: 6,500 accumulators, 6,500
    // timers and 6,500 distinct-value entries.
    // An entry: 1 key group + 20 key row (4 + 8 null bits + 8) + 8 window end + 28 page (4 length
    // + 24 B assumed STRING) + 1 null flag + 8 count (+ 0 rocks, the default) = 66 B.
    assert.equal(op.terms.find((t) => t.label === 'page DISTINCT MapState<value, Long>')?.value, 66 * 6_500);
    assert.equal(op.entries, 3 * 6_500);
  });

  it('sizes a legacy group window as WindowOperator keeps it: per key and window, namespaced by start and end', () => {
    const table =
      "CREATE TABLE pv (uid BIGINT, page STRING, ts TIMESTAMP(3), pt AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'kafka');";
    const tumble = operatorOf('window-agg', [
      table,
      "SELECT uid, COUNT(*) FROM pv GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE), uid;",
    ]);
    // 100 rows/s (JOB_DEFAULTS) × (60 s + 5 s declared lag) = 6,500 key-windows, each an
    // accumulator and a timer. Accumulator: 1 key group + 20 key row (4 + 8 null bits + 8) + 16
    // window (start, end) + 20 acc row (4 + 8 null bits + 8: one COUNT) = 57 B; timer: 1 key group
    // + 8 time + 20 key row + 16 window = 45 B (+ 0 rocks, the default).
    assert.equal(tumble.stateBytes, (57 + 45) * 6_500);
    assert.equal(tumble.entries, 2 * 6_500);
    // A processing-time window fires on the wall clock: 100 × (60 + 0) = 6,000 key-windows.
    const proc = operatorOf('window-agg', [
      table,
      "SELECT uid, COUNT(*) FROM pv GROUP BY TUMBLE(pt, INTERVAL '1' MINUTE), uid;",
    ]);
    assert.equal(proc.entries, 2 * 6_000);
    assert.match(proc.terms.find((t) => t.label === 'key-windows')?.formula ?? '', /0 s lag: processing time/);
    // A watermark without delay (`WATERMARK FOR ts AS ts`) is event time with a 0 s lag, not processing time.
    const strict = operatorOf('window-agg', [
      "CREATE TABLE pv (uid BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'kafka');",
      "SELECT uid, COUNT(*) FROM pv GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE), uid;",
    ]);
    assert.match(strict.terms.find((t) => t.label === 'key-windows')?.formula ?? '', /\+ 0 s watermark lag\)/);
    // HOP(ts, 1 min slide, 10 min size): accumulators per pane (a row in one: 100 × (600 + 5) =
    // 60,500), timers per window (each pane in 10): 605,000.
    const hop = operatorOf('window-agg', [
      table,
      "SELECT uid, COUNT(*) FROM pv GROUP BY HOP(ts, INTERVAL '1' MINUTE, INTERVAL '10' MINUTE), uid;",
    ]);
    assert.equal(hop.stateBytes, 57 * 60_500 + 45 * 605_000);
    // (Session windows: the next test.)
  });

  it('sizes OVER aggregations: per key accumulators, and a RANGE frame’s rows until they leave it', () => {
    const table =
      "CREATE TABLE pv (uid BIGINT, amount DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'kafka');";
    const range = operatorOf('over-agg', [
      table,
      "SELECT uid, SUM(amount) OVER (PARTITION BY uid ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) FROM pv;",
    ]);
    // Rows held: 100 rows/s (JOB_DEFAULTS) × (1.5 × 3,600 s + 5 s lag) = 540,500, each its own key
    // at most (1,000,000 keys assumed): 540,500 keys. Key 22 B (1 key group + 20 key row + 1 void
    // namespace); accumulator 28 B (4 + 8 null bits + 8 × 2: the SUM and the input count a
    // bounded frame's retraction needs); row 36 B (uid, amount, ts: 4 + 8 + 3 × 8). Per key:
    // accumulator 50 B, two Longs (cleanup, last triggering) 30 B each; per row: 22 + 8 ts + 1 null
    // flag + 4 list size + 36 = 71 B; timers: 500 rows waiting for the watermark (100 × 5 s) + one
    // cleanup timer per key, 30 B each.
    assert.equal(range.stateBytes, 50 * 540_500 + 30 * 2 * 540_500 + 71 * 540_500 + 30 * (500 + 540_500));
    const unbounded = operatorOf('over-agg', [
      table,
      'SELECT uid, SUM(amount) OVER (PARTITION BY uid ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM pv;',
    ]);
    // An accumulator per key ever seen (no TTL), the 500 rows waiting for the watermark, a timer
    // per key with rows waiting (500).
    assert.equal(unbounded.stateBytes, 42 * 1_000_000 + 71 * 500 + 30 * 500);
    // A ROWS frame keeps the last 10 + 1 rows of every key (precedingOffset n + 1), every key
    // ever seen without a TTL: 1,000,000 keys (fewer than the 100 × 2,592,000 s = 259,200,000
    // rows of the 30-day horizon) × 11 = 11,000,000 rows, + 500 waiting for the watermark.
    // Accumulator 50 B per key (as RANGE's), two Longs (count, last triggering) 30 B each, 71 B
    // per row, a timer per timestamp waiting (500), no cleanup timers.
    const rowsSql =
      'SELECT uid, SUM(amount) OVER (PARTITION BY uid ORDER BY ts ROWS BETWEEN 10 PRECEDING AND CURRENT ROW) FROM pv;';
    const rows = operatorOf('over-agg', [table, rowsSql]);
    assert.equal(rows.stateBytes, 50 * 1_000_000 + 30 * 2 * 1_000_000 + 71 * 11_000_500 + 30 * 500);
    // With a 1 h TTL a key idle for an hour is cleaned: keys and rows are at most the hour's
    // 360,000 rows; a third Long (the cleanup time) and a cleanup timer per key.
    const ttl = operatorOf('over-agg', ["SET 'table.exec.state.ttl' = '1 h';", table, rowsSql]);
    assert.equal(ttl.stateBytes, 50 * 360_000 + 30 * 3 * 360_000 + 71 * 360_500 + 30 * (500 + 360_000));
  });

  it('sizes a UNION as the group aggregation by every column Flink runs it as; INTERSECT is not estimated', () => {
    const ddl = [
      "CREATE TABLE a (id BIGINT, v STRING) WITH ('connector' = 'kafka');",
      "CREATE TABLE b (id BIGINT, v STRING) WITH ('connector' = 'kafka');",
    ];
    // One accumulator entry per distinct row: 1,000,000 groups (JOB_DEFAULTS); key 1 key group +
    // (4 + 8 + 8 × 2 + 24) (id, v) + 1 namespace = 54 B; an empty accumulator row of an
    // insert-only input, 4 + 8 = 12 B.
    const union = operatorOf('distinct', [...ddl, 'SELECT id, v FROM a UNION SELECT id, v FROM b;']);
    assert.deepEqual([union.name, union.stateBytes], ['UNION of a, b', (54 + 12) * 1_000_000]);
    const intersect = operatorOf('not-estimated', [...ddl, 'SELECT id, v FROM a INTERSECT SELECT id, v FROM b;']);
    assert.match(intersect.reason ?? '', /INTERSECT/);
  });

  it('sizes session windows: the sessions open are the keys with a row in the last gap + watermark lag', () => {
    const table =
      "CREATE TABLE pv (uid BIGINT, page STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'kafka');";
    // 100 rows/s (JOB_DEFAULTS) × (600 s gap + 5 s lag) = 60,500 sessions (every row its own key,
    // the most). Per session, namespaced by its TimeWindow (16 B): the accumulator 1 key group +
    // 20 uid row + 16 + 20 COUNT row (4 + 8 + 8) = 57 B; its timer 1 + 8 timestamp + 20 + 16 = 45 B;
    // its merging-window mapping entry 1 + 20 + 1 void namespace + 16 window + 1 null flag + 16 = 55 B.
    const expected = (57 + 45 + 55) * 60_500;
    const tvf = operatorOf('window-agg', [
      table,
      "SELECT uid, window_start, COUNT(*) FROM TABLE(SESSION(TABLE pv PARTITION BY uid, DESCRIPTOR(ts), INTERVAL '10' MINUTE)) GROUP BY uid, window_start, window_end;",
    ]);
    assert.equal(tvf.stateBytes, expected);
    // A legacy group window: the same state (WindowOperator with a MergingWindowSet).
    const legacy = operatorOf('window-agg', [
      table,
      "SELECT uid, COUNT(*) FROM pv GROUP BY SESSION(ts, INTERVAL '10' MINUTE), uid;",
    ]);
    assert.equal(legacy.stateBytes, expected);
  });

  it('sizes the semi join of an IN subquery and the anti join of a correlated NOT EXISTS; NOT IN is not estimated', () => {
    const ddl = [
      "SET 'table.exec.state.ttl' = '1 h';",
      "CREATE TABLE clicks (uid BIGINT, url STRING) WITH ('connector' = 'kafka');",
      "CREATE TABLE vips (uid BIGINT, tier STRING, PRIMARY KEY (uid) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
      "CREATE TABLE orders (id BIGINT, amount DOUBLE) WITH ('connector' = 'kafka');",
      "CREATE TABLE refunds (order_id BIGINT, reason STRING) WITH ('connector' = 'kafka');",
    ];
    // StreamingSemiAntiJoinOperator: each side a JoinRecordStateView keyed by the join key.
    // Key: 1 key group + (4 + 8 + 8) BIGINT key row + 1 namespace = 22 B; TTL 8 B per entry.
    // clicks (append-only, no key): 100 rows/s × 3,600 s TTL = 360,000 rows of (uid, url):
    // 4 + 8 + 8 × 2 + 24 = 52 B, MapState<row,count> 22 + 52 + 1 null flag + 4 count + 8 = 87 B.
    // vips: keyed by uid, the join key: ValueState<row> of 1,000,000 rows (JOB_DEFAULTS) of the
    // key alone (the subquery's side keeps what the join reads): 22 + 20 + 8 = 50 B.
    const semi = operatorOf('semi-join', [...ddl, 'SELECT c.url FROM clicks c WHERE c.uid IN (SELECT uid FROM vips);']);
    assert.equal(semi.stateBytes, 87 * 360_000 + 50 * 1_000_000);
    // A correlated IN joins on its operand and on the correlation: uid = uid AND url = tier.
    const correlated = analyzeSql(
      new SqlSession(),
      [...ddl, 'SELECT c.url FROM clicks c WHERE c.uid IN (SELECT v.uid FROM vips v WHERE v.tier = c.url);'].join('\n'),
    ).operators.find((o) => o.kind === 'subquery-join');
    assert.deepEqual(
      [correlated?.sides?.left.keyColumns, correlated?.sides?.right.keyColumns],
      [
        ['uid', 'url'],
        ['uid', 'tier'],
      ],
    );
    // NOT EXISTS correlated on r.order_id = o.id: the query reads o.id only, the subquery side
    // r.order_id only: 360,000 rows each of 20 B, 22 + 20 + 1 + 4 + 8 = 55 B per entry.
    const anti = operatorOf('anti-join', [
      ...ddl,
      'SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.id);',
    ]);
    assert.equal(anti.stateBytes, 55 * 360_000 * 2);
    // NOT IN over nullable columns joins on x = y OR x IS NULL OR y IS NULL: no equi-key.
    const notIn = operatorOf('not-estimated', [
      ...ddl,
      'SELECT o.id FROM orders o WHERE o.id NOT IN (SELECT order_id FROM refunds);',
    ]);
    assert.match(notIn.reason ?? '', /NOT IN/);
  });

  it('says which input of a temporal join has no watermark delay it could read, and assumes 5 s for it', () => {
    const op = operatorOf('temporal-join', [
      "CREATE TABLE o (id BIGINT, cid BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '2' SECOND) WITH ('connector' = 'kafka');",
      "CREATE TABLE w (cid BIGINT, y STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS SOURCE_WATERMARK(), PRIMARY KEY (cid) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
      'SELECT * FROM o JOIN w FOR SYSTEM_TIME AS OF o.ts ON w.cid = o.cid;',
    ]);
    assert.ok(op.notes.some((n) => n.startsWith('w: watermark delay not read') && n.includes('5 s assumed')));
    assert.ok(!op.notes.some((n) => n.startsWith('o: watermark delay not read')));
    // max(2 s declared, 5 s assumed) = 5 s: 100 rows/s (JOB_DEFAULTS) × 5 s.
    assert.equal(op.terms.find((t) => t.label === 'rows buffered o')?.value, 500);
  });
});

describe('every stateful operator of a file, at its place (SqlEstimate.stateful)', () => {
  const root = join(__dirname, '..', '..');

  it('lists the chain’s joins and the deduplication in front of it, counted once, in the chain', () => {
    const e = estimateSql(
      analyzeSql(new SqlSession(), readFileSync(join(root, 'examples', 'offer-enrichment', 'enrichment.sql'), 'utf8')),
      undefined,
    );
    // enrichment.sql: the latest_price view's query starts at line 97 (its ROW_NUMBER() = 1 filter
    // is around it); the chain's four joins are at lines 107 to 110.
    assert.deepEqual(
      e.stateful.map((o) => [o.kind, o.range.start.line]),
      [
        ['deduplicate', 97],
        ['regular-join', 107],
        ['regular-join', 108],
        ['regular-join', 109],
        ['regular-join', 110],
      ],
    );
    const dedup = e.stateful[0];
    assert.equal(dedup.chain, e.chains[0]);
    assert.equal(
      dedup.state,
      e.chains[0].estimate.binary.operators.find((o) => o.name === 'Deduplicate latest_price'),
    );
    assert.deepEqual(e.operators, []);
    // Each operator once: together they are the job's state.
    assert.equal(
      e.stateful.reduce((t, o) => t + o.state.stateBytes, 0),
      e.stateBytes,
    );
  });

  it('sizes a group aggregation and a deduplication from the descriptor’s statistics', () => {
    const sql = analyzeSql(
      new SqlSession(),
      [
        "CREATE TABLE clicks (uid BIGINT, url STRING, p AS PROCTIME()) WITH ('connector' = 'kafka');",
        'SELECT uid, COUNT(*) AS n FROM clicks GROUP BY uid;',
        'SELECT uid FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY uid ORDER BY p) AS rn FROM clicks) WHERE rn = 1;',
      ].join('\n'),
    );
    const job = parseDescriptor(
      'name: j\nsql: x.sql\ntables:\n  clicks:\n    rate: 20/s\n    distinctKeys: 5000\n',
      'j.flinkjob.yaml',
    )!.jobs[0];
    const e = estimateSql(sql, job);
    const [agg, dedup] = e.stateful;
    // GroupAggFunction: 5,000 groups × (22 key (1 + 4 + 8 + 8 + 1) + accumulator row of COUNT (4 + 8 + 8 = 20)) = 210,000 B.
    assert.deepEqual([agg.kind, agg.state.stateBytes, agg.state.entries], ['group-aggregate', 5000 * (22 + 20), 5000]);
    // ProcTimeDeduplicateKeepFirstRowFunction: 5,000 keys × (22 key + 1 Boolean) = 115,000 B.
    assert.deepEqual(
      [dedup.kind, dedup.strategy, dedup.state.stateBytes],
      ['deduplicate', 'ProcTimeDeduplicateKeepFirstRowFunction', 5000 * (22 + 1)],
    );
    assert.equal(e.stateBytes, 5000 * (22 + 20) + 5000 * (22 + 1));
  });

  it('warns where a Top-N runs as RetractableTopNFunction', () => {
    const sql = analyzeSql(
      new SqlSession(),
      [
        "CREATE TABLE prices (sku BIGINT, shop STRING, price DECIMAL(10, 2), PRIMARY KEY (sku) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
        'SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY shop ORDER BY price DESC) AS rn FROM prices) WHERE rn <= 3;',
      ].join('\n'),
    );
    const e = estimateSql(sql, undefined);
    const w = e.diagnostics.filter((d) => d.code === 'topn-retractable');
    assert.equal(w.length, 1);
    assert.equal(w[0].range.start.line, 2);
    assert.match(w[0].message, /every live row/);
  });
});

describe('a Kubernetes FlinkDeployment compared with KPUs', () => {
  it('counts its task managers\u2019 vCPUs and memory as KPUs, plus 1 for the JobManager', () => {
    const yaml = [
      'apiVersion: flink.apache.org/v1beta1',
      'kind: FlinkDeployment',
      'metadata:',
      '  name: k',
      'spec:',
      '  flinkVersion: v1_20',
      '  flinkConfiguration:',
      '    taskmanager.numberOfTaskSlots: "4"',
      '  taskManager:',
      '    resource:',
      '      memory: "8g"',
      '      cpu: 2',
      '  job:',
      '    parallelism: 24',
      '',
    ].join('\n');
    const job = parseDescriptor(yaml, 'k8s.yaml')!.jobs[0];
    const plans = estimateJobPlans(estimateSql(analyzeSql(new SqlSession(), ''), job), job);
    // ceil(24 / 4) = 6 task managers; CPU 6 × 2 = 12 KPU; memory 6 × 8 GiB = 51.54 GB / 4 GB = 12.9 → 13 KPU.
    assert.equal(plans.kubernetes?.taskManagers, 6);
    assert.deepEqual(plans.binary.kpu.byDimension, { cpu: 12, memory: 13, storage: 0 });
    assert.equal(plans.binary.kpu.binding, 'memory');
    // Its task managers' memory is bought, not only needed: configured max(12, 13) = 13 KPU + 1 = 14, nothing more to fit.
    assert.equal(plans.binary.kpu.configured, 13);
    assert.equal(plans.binary.kpu.billed, 14);
    assert.equal(plans.binary.toFit, undefined);
  });
});

describe('where a query hint goes', () => {
  it('is the SELECT of the query that holds the chain, not a subquery\u2019s SELECT before its FROM', () => {
    const sql = analyzeSql(
      new SqlSession(),
      'INSERT INTO s\nSELECT a.id, (SELECT MAX(v) FROM c) AS m FROM a JOIN b ON a.id = b.id;',
    );
    // Line 2 starts with the outer SELECT: columns 1..6, end exclusive at 7.
    assert.deepEqual(sql.chains[0].select, { start: { line: 2, column: 1 }, end: { line: 2, column: 7 } });
  });
});

describe('estimateSql: a chain not estimated', () => {
  it('says why at the chain, lists it among the not estimated, and adds nothing to the totals', () => {
    const sql = analyzeSql(
      new SqlSession(),
      [
        "CREATE TABLE a (id BIGINT, x BIGINT) WITH ('connector' = 'kafka', 'format' = 'json');",
        "CREATE TABLE b (id BIGINT, w STRING) WITH ('connector' = 'kafka', 'format' = 'json');",
        'INSERT INTO s SELECT * FROM a, b;',
      ].join('\n'),
    );
    const e = estimateSql(sql, undefined);
    const d = e.diagnostics.find((x) => x.code === 'chain-not-estimated');
    assert.ok(d);
    assert.match(d.message, /join 1 \(b\) has no equi-key/);
    assert.match(e.chains[0].estimate.notEstimated ?? '', /no equi-key/);
    assert.equal(e.stateBytes, 0);
    assert.equal(
      e.diagnostics.some((x) => x.code === 'state-amplification'),
      false,
    );
    // The join is still listed, as not estimated.
    assert.deepEqual(
      e.stateful.map((o) => [o.kind, o.state.estimated]),
      [['regular-join', false]],
    );
  });
});
