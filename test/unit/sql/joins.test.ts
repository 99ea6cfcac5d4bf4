import { strict as assert } from 'node:assert';
import { analyzeSql } from '../../../src/sql';
import { at, lines, start, syntaxErrors } from './helpers';
import { SqlSession } from '../../../src/sql/session';

const DDL = [
  "CREATE TABLE o (id BIGINT, cid BIGINT, pid BIGINT, ts TIMESTAMP(3), pt AS PROCTIME(), tags ARRAY<STRING>, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'kafka');",
  "CREATE TABLE s (id BIGINT, oid BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'kafka');",
  "CREATE TABLE r (cid BIGINT, rate DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts, PRIMARY KEY (cid) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
  "CREATE TABLE c (id BIGINT, name STRING) WITH ('connector' = 'jdbc');",
];

describe('sql: join kinds, types and positions', () => {
  const a = analyzeSql(
    new SqlSession(),
    lines(
      ...DDL,
      /* 5 */ 'SELECT * FROM o JOIN c ON o.cid = c.id;',
      /* 6 */ 'SELECT * FROM o LEFT JOIN c ON o.cid = c.id;',
      /* 7 */ 'SELECT * FROM o RIGHT OUTER JOIN c ON o.cid = c.id;',
      /* 8 */ 'SELECT * FROM o FULL JOIN c ON o.cid = c.id;',
      /* 9 */ 'SELECT * FROM o CROSS JOIN c;',
      /* 10 */ 'SELECT * FROM o, c WHERE o.cid = c.id;',
      /* 11 */ "SELECT * FROM o JOIN s ON o.id = s.oid AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR;",
      /* 12 */ "SELECT * FROM o, s WHERE o.id = s.oid AND s.ts >= o.ts AND s.ts < o.ts + INTERVAL '1' DAY;",
      /* 13 */ 'SELECT * FROM o JOIN r FOR SYSTEM_TIME AS OF o.ts ON o.cid = r.cid;',
      /* 14 */ 'SELECT * FROM o LEFT JOIN c FOR SYSTEM_TIME AS OF o.pt ON o.cid = c.id;',
      /* 15 */ "SELECT * FROM (SELECT * FROM TABLE(TUMBLE(TABLE o, DESCRIPTOR(ts), INTERVAL '1' MINUTE))) L",
      /* 16 */ "JOIN (SELECT * FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' MINUTE))) R",
      /* 17 */ 'ON L.id = R.oid AND L.window_start = R.window_start AND L.window_end = R.window_end;',
      /* 18 */ 'SELECT o.id, t.tag FROM o CROSS JOIN UNNEST(o.tags) AS t (tag);',
      /* 19 */ 'SELECT o.id, w.word FROM o, LATERAL TABLE(split(o.id)) AS w(word);',
    ),
  );
  const row = (line: number) => {
    const j = a.joins.find((x) => x.range.start.line === line);
    assert.ok(j, `a join on line ${line}`);
    return j;
  };

  it('parses every statement', () => assert.deepEqual(syntaxErrors(a), []));

  // Lines 5-14 hold 10 queries, lines 15-17 one, lines 18 and 19 one each.
  it('finds one join per query', () => assert.equal(a.joins.length, 13));

  it('regular INNER / LEFT / RIGHT / FULL / CROSS at the operator\u2019s first token', () => {
    // `SELECT * FROM o ` is 16 characters, so the operator starts in column 17.
    assert.deepEqual([row(5).kind, row(5).type, at(row(5).range)], ['regular', 'INNER', '5:17-5:21']);
    assert.deepEqual([row(6).kind, row(6).type, at(row(6).range)], ['regular', 'LEFT', '6:17-6:26']);
    assert.deepEqual([row(7).kind, row(7).type, start(row(7).range)], ['regular', 'RIGHT', '7:17']);
    assert.deepEqual([row(8).kind, row(8).type, start(row(8).range)], ['regular', 'FULL', '8:17']);
    assert.deepEqual([row(9).kind, row(9).type, start(row(9).range), row(9).keys], ['regular', 'CROSS', '9:17', []]);
  });

  it('inputs and equi keys resolved through aliases', () => {
    assert.deepEqual([row(6).left, row(6).right, row(6).keys], [['o'], 'c', [['o.cid', 'c.id']]]);
  });

  it('a comma join points at the second table reference', () => {
    // `SELECT * FROM o, ` is 17 characters.
    assert.deepEqual(
      [row(10).kind, row(10).type, start(row(10).range), row(10).keys],
      ['regular', 'INNER', '10:18', [['o.cid', 'c.id']]],
    );
  });

  it('interval joins: bounds in ON, and in the WHERE of a comma join', () => {
    assert.deepEqual([row(11).kind, row(11).type, start(row(11).range)], ['interval', 'INNER', '11:17']);
    assert.deepEqual(row(11).keys, [['o.id', 's.oid']]);
    assert.deepEqual(row(11).timeBounds, ["s.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR"]);
    assert.deepEqual([row(12).kind, row(12).type, start(row(12).range)], ['interval', 'INNER', '12:18']);
    assert.deepEqual(row(12).timeBounds, ['s.ts >= o.ts', "s.ts < o.ts + INTERVAL '1' DAY"]);
  });

  it('temporal join on an event-time attribute, lookup join on a processing-time attribute', () => {
    assert.deepEqual(
      [row(13).kind, row(13).type, start(row(13).range), row(13).right, row(13).keys],
      ['temporal', 'INNER', '13:17', 'r', [['o.cid', 'r.cid']]],
    );
    assert.deepEqual(
      [row(14).kind, row(14).type, start(row(14).range), row(14).right],
      ['lookup', 'LEFT', '14:17', 'c'],
    );
  });

  it('an event-time temporal join reads both inputs\u2019 watermark delays from their WATERMARK declarations', () => {
    // o.ts: `ts - INTERVAL '5' SECOND`; r.ts: `ts` (no delay).
    assert.deepEqual(row(13).temporal, {
      probeColumn: 'o.ts',
      probeWatermarkDelaySec: 5,
      versionedWatermarkDelaySec: 0,
    });
    const b = analyzeSql(
      new SqlSession(),
      lines(
        ...DDL,
        "CREATE TABLE v (cid BIGINT, x STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '2' MINUTE, PRIMARY KEY (cid) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
        // The interval join before it in the same FROM holds its output watermark back by
        // max(-lower, upper) = 1 hour on top of max(5 s, 0 s) (RowTimeIntervalJoin.getMaxOutputDelay).
        "SELECT * FROM o JOIN s ON o.id = s.oid AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR JOIN v FOR SYSTEM_TIME AS OF o.ts ON v.cid = o.cid;",
        'SELECT * FROM o JOIN r FOR SYSTEM_TIME AS OF o.ts ON o.cid = r.cid JOIN v FOR SYSTEM_TIME AS OF o.ts ON v.cid = o.cid;',
        // A versioned table without a WATERMARK: its delay is not known.
        "CREATE TABLE w (cid BIGINT, y STRING, PRIMARY KEY (cid) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
        'SELECT * FROM o JOIN w FOR SYSTEM_TIME AS OF o.ts ON w.cid = o.cid;',
        // A view of an interval join as the probe: its watermark is held back as in one FROM.
        "CREATE TEMPORARY VIEW ov AS SELECT o.cid, o.ts FROM o JOIN s ON o.id = s.oid AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR;",
        'SELECT * FROM ov JOIN v FOR SYSTEM_TIME AS OF ov.ts ON v.cid = ov.cid;',
      ),
    );
    const temporal = b.joins.filter((j) => j.kind === 'temporal').map((j) => j.temporal);
    assert.deepEqual(temporal, [
      { probeColumn: 'o.ts', probeWatermarkDelaySec: 3600 + 5, versionedWatermarkDelaySec: 120 },
      { probeColumn: 'o.ts', probeWatermarkDelaySec: 5, versionedWatermarkDelaySec: 0 },
      // The first temporal join's output watermark trails by max(5 s, 0 s) = 5 s.
      { probeColumn: 'o.ts', probeWatermarkDelaySec: 5, versionedWatermarkDelaySec: 120 },
      { probeColumn: 'o.ts', probeWatermarkDelaySec: 5, versionedWatermarkDelaySec: undefined },
      { probeColumn: 'ov.ts', probeWatermarkDelaySec: 3600 + 5, versionedWatermarkDelaySec: 120 },
    ]);
  });

  it('window join of two TUMBLE subqueries on window_start / window_end', () => {
    const j = row(16);
    assert.deepEqual([j.kind, j.type, at(j.range), j.left, j.right], ['window', 'INNER', '16:1-16:5', ['o'], 's']);
  });

  it('lateral joins: CROSS JOIN UNNEST and LATERAL TABLE', () => {
    // `SELECT o.id, t.tag FROM o ` is 26 characters.
    assert.deepEqual([row(18).kind, row(18).type, start(row(18).range)], ['lateral', 'CROSS', '18:27']);
    // `SELECT o.id, w.word FROM o, ` is 28 characters.
    assert.deepEqual([row(19).kind, start(row(19).range)], ['lateral', '19:29']);
  });

  it('a join without a condition followed by more joins joins from the left, as SQL does', () => {
    // The grammar nests `o CROSS JOIN UNNEST(...) t JOIN c ...` on the right; Flink (Calcite)
    // reads ((o CROSS JOIN UNNEST) JOIN c): the UNNEST is the lateral join's right, and the
    // lookup join's left is o with t.
    const b = analyzeSql(
      new SqlSession(),
      lines(
        ...DDL,
        /* 5 */ 'SELECT o.id, t.tag, c.name FROM o',
        /* 6 */ 'CROSS JOIN UNNEST(o.tags) AS t (tag)',
        /* 7 */ 'JOIN c FOR SYSTEM_TIME AS OF o.pt ON o.cid = c.id;',
        /* 8 */ 'SELECT * FROM o NATURAL JOIN s JOIN c ON s.id = c.id JOIN r ON r.cid = o.cid;',
      ),
    );
    const j = (line: number, col?: number) =>
      b.joins.find((x) => x.range.start.line === line && (col === undefined || x.range.start.column === col));
    assert.deepEqual([j(6)?.kind, j(6)?.type, j(6)?.left, j(6)?.right], ['lateral', 'CROSS', ['o'], 't']);
    assert.deepEqual([j(7)?.kind, j(7)?.left, j(7)?.right], ['lookup', ['o', 't'], 'c']);
    // Line 8: `SELECT * FROM o ` is 16 characters, `NATURAL JOIN s ` 15 more, `JOIN c ON s.id = c.id ` 22.
    assert.deepEqual([j(8, 17)?.left, j(8, 17)?.right], [['o'], 's']);
    assert.deepEqual([j(8, 32)?.left, j(8, 32)?.right, j(8, 32)?.keys], [['o', 's'], 'c', [['s.id', 'c.id']]]);
    assert.deepEqual([j(8, 54)?.left, j(8, 54)?.right], [['o', 's', 'c'], 'r']);
    // One chain of the three regular joins, its inputs in the order they join.
    assert.equal(b.chains.length, 1);
    assert.deepEqual(
      b.chains[0].inputs.map((i) => i.name),
      ['o', 's', 'c', 'r'],
    );
  });

  it('a lookup join keeps its probe side insert-only: the aggregation after it reads an insert-only input', () => {
    // d is a keyed Paimon table: a changelog when scanned. Read by lookup, Flink forwards the
    // probe side's changelog mode through the lookup join and the UNNEST
    // (FlinkChangelogModeInferenceProgram), so o's inserts stay inserts; a regular join with d
    // is updating.
    const keyed =
      "CREATE TABLE d (id BIGINT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'paimon');";
    const b = analyzeSql(
      new SqlSession(),
      lines(
        ...DDL,
        keyed,
        'SELECT t.tag, d.name, COUNT(*) FROM o CROSS JOIN UNNEST(o.tags) AS t (tag)',
        'JOIN d FOR SYSTEM_TIME AS OF o.pt ON o.cid = d.id GROUP BY t.tag, d.name;',
        'SELECT d.name, COUNT(*) FROM o JOIN d ON o.cid = d.id GROUP BY d.name;',
      ),
    );
    assert.deepEqual(
      b.operators.map((o) => [o.kind, o.inputAppendOnly]),
      [
        ['group-aggregate', true],
        ['group-aggregate', false],
      ],
    );
  });

  it('an equality of expressions of one column each (CAST, UPPER) is an equi-key, as Flink computes it', () => {
    // Calcite's JoinPushExpressionsRule computes each side below the join: a regular equi-join,
    // not a cross join. A nested comparison or one side of two columns is no key.
    const b = analyzeSql(
      new SqlSession(),
      lines(
        ...DDL,
        'SELECT * FROM o JOIN c ON CAST(o.cid AS STRING) = CAST(c.id AS STRING);',
        'SELECT * FROM o JOIN s ON UPPER(o.id) = s.oid + 1;',
        'SELECT * FROM o JOIN s ON o.id + o.cid = s.oid;',
      ),
    );
    const keys = (line: number) => b.joins.find((j) => j.range.start.line === line)?.keys;
    assert.deepEqual(keys(5), [['o.cid', 'c.id']]);
    assert.deepEqual(keys(6), [['o.id', 's.oid']]);
    assert.deepEqual(keys(7), []);
  });

  it("a nested field is its top-level column's FROM item's, as the field's path: alias.column.field, column.field, a map entry", () => {
    const b = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE e (payload ROW<`user` ROW<id STRING>, amount DOUBLE>, meta MAP<STRING, STRING>) WITH ('connector' = 'kafka');",
        "CREATE TABLE u (id STRING, tier STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
        'SELECT * FROM e JOIN u ON e.payload.`user`.id = u.id;',
        'SELECT * FROM e JOIN u ON payload.`user`.id = u.id;',
        "SELECT * FROM e JOIN u ON e.meta['uid'] = u.id;",
      ),
    );
    assert.deepEqual(
      b.joins.map((j) => j.keys),
      [[['e.payload.user.id', 'u.id']], [['e.payload.user.id', 'u.id']], [['e.meta', 'u.id']]],
    );
  });

  it('changelog modes through joins, as Flink infers them: temporal and interval joins insert-only, outer regular joins not', () => {
    // o and s are append-only Kafka tables, r a keyed upsert-kafka table (a changelog).
    // FlinkChangelogModeInferenceProgram: a temporal join forwards its probe side's mode; an
    // interval join produces inserts only, outer or not; a regular LEFT join retracts its
    // null-padded rows; a regular INNER join of two insert-only inputs is insert-only.
    const b = analyzeSql(
      new SqlSession(),
      lines(
        ...DDL,
        'CREATE VIEW t AS SELECT o.id, r.rate FROM o JOIN r FOR SYSTEM_TIME AS OF o.ts ON o.cid = r.cid;',
        "CREATE VIEW i AS SELECT o.id, s.ts FROM o LEFT JOIN s ON o.id = s.oid AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR;",
        'CREATE VIEW l AS SELECT o.id, s.ts FROM o LEFT JOIN s ON o.id = s.oid;',
        'CREATE VIEW n AS SELECT o.id, s.ts FROM o JOIN s ON o.id = s.oid;',
        'SELECT id, COUNT(*) FROM t GROUP BY id;',
        'SELECT id, COUNT(*) FROM i GROUP BY id;',
        'SELECT id, COUNT(*) FROM l GROUP BY id;',
        'SELECT id, COUNT(*) FROM n GROUP BY id;',
        'SELECT o.id, COUNT(*) FROM o LEFT JOIN s ON o.id = s.oid GROUP BY o.id;',
      ),
    );
    assert.deepEqual(
      b.operators.filter((o) => o.kind === 'group-aggregate').map((o) => [o.inputs.join('+'), o.inputAppendOnly]),
      [
        ['o+r', true],
        ['o+s', true],
        ['o+s', false],
        ['o+s', true],
        ['o+s', false],
      ],
    );
  });

  it('a keyed JDBC, HBase, MongoDB, filesystem or datagen table is scanned insert-only; a keyed table of another connector is a changelog', () => {
    // Their sources' getChangelogMode() is insertOnly (JdbcDynamicTableSource, ...): the key
    // does not make them changelogs. Paimon with a key, upsert-kafka and a debezium format are.
    const ddl = (name: string, connector: string, pk: boolean, format = 'json') =>
      `CREATE TABLE ${name} (id BIGINT, v STRING${pk ? ', PRIMARY KEY (id) NOT ENFORCED' : ''}) WITH ('connector' = '${connector}', 'format' = '${format}');`;
    const b = analyzeSql(
      new SqlSession(),
      lines(
        ddl('j', 'jdbc', true),
        ddl('h', 'hbase-2.2', true),
        ddl('m', 'mongodb', true),
        ddl('f', 'filesystem', true),
        ddl('g', 'datagen', true),
        ddl('p', 'paimon', true),
        ddl('u', 'upsert-kafka', true),
        ddl('k', 'kafka', false, 'debezium-json'),
        ddl('x', 'kafka', false),
      ),
    );
    assert.deepEqual(
      b.tables.map((t) => [t.name, t.appendOnly]),
      [
        ['j', true],
        ['h', true],
        ['m', true],
        ['f', true],
        ['g', true],
        ['p', false],
        ['u', false],
        ['k', false],
        ['x', true],
      ],
    );
  });

  it('only regular joins form chains', () => {
    const chainJoins = a.chains.flatMap((ch) => ch.joins.map((j) => a.joins[j.join].range.start.line));
    assert.deepEqual(chainJoins, [5, 6, 7, 8, 9, 10]);
  });
});

describe('sql: join chains and key groups', () => {
  it('a 4-input chain on one common key is one key group', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE a (k BIGINT, va STRING) WITH ('connector' = 'kafka');",
        "CREATE TABLE b (k BIGINT, vb STRING) WITH ('connector' = 'kafka');",
        "CREATE TABLE c (k BIGINT, vc STRING) WITH ('connector' = 'kafka');",
        "CREATE TABLE d (k BIGINT, vd STRING) WITH ('connector' = 'kafka');",
        'INSERT INTO out_t',
        'SELECT a.k, va, vb, vc, vd',
        'FROM a',
        'JOIN b ON a.k = b.k',
        'LEFT JOIN c ON b.k = c.k',
        'LEFT JOIN d ON a.k = d.k;',
      ),
    );
    assert.deepEqual(syntaxErrors(a), []);
    assert.equal(a.chains.length, 1);
    const ch = a.chains[0];
    assert.deepEqual(
      ch.inputs.map((i) => i.name),
      ['a', 'b', 'c', 'd'],
    );
    assert.deepEqual(
      ch.joins.map((j) => [j.type, j.keyGroup]),
      [
        ['INNER', 0],
        ['LEFT', 0],
        ['LEFT', 0],
      ],
    );
    assert.equal(ch.keyGroups.length, 1);
    assert.deepEqual(ch.keyGroups[0].inputs, ['a', 'b', 'c', 'd']);
    assert.deepEqual([...ch.keyGroups[0].columns].sort(), ['a.k', 'b.k', 'c.k', 'd.k']);
    assert.equal(ch.feeds, 'out_t');
    // The FROM clause: line 7 to the end of `LEFT JOIN d ON a.k = d.k` (24 characters).
    assert.equal(at(ch.range), '7:1-10:25');
    assert.equal(start(ch.anchor), '5:1');
    assert.deepEqual(
      a.joins.map((j) => [start(j.range), j.left]),
      [
        ['8:1', ['a']],
        ['9:1', ['a', 'b']],
        ['10:1', ['a', 'b', 'c']],
      ],
    );
    // Columns the query needs from each input.
    assert.deepEqual(
      ch.inputs.map((i) => i.columns.map((c) => c.name).sort()),
      [
        ['k', 'va'],
        ['k', 'vb'],
        ['k', 'vc'],
        ['k', 'vd'],
      ],
    );
    assert.deepEqual(ch.inputs[0].columns.find((c) => c.name === 'va')?.type, 'STRING');
  });

  it('USING and NATURAL joins keep their key columns in both inputs, with their types', () => {
    const ddl = [
      "CREATE TABLE a (`id` BIGINT, v STRING) WITH ('connector' = 'kafka');",
      "CREATE TABLE b (id BIGINT, w STRING) WITH ('connector' = 'kafka');",
    ];
    // The unqualified `id` of the select list is the merged column: no reference names a.id or
    // b.id, yet both inputs hold their id (the join key).
    for (const from of ['a JOIN b USING (id)', 'a NATURAL JOIN b']) {
      const a = analyzeSql(new SqlSession(), lines(...ddl, `SELECT id, v, w FROM ${from};`));
      const ch = a.chains[0];
      assert.deepEqual(
        ch.inputs.map((i) => i.columns.map((c) => `${c.name} ${c.type}`).sort()),
        [
          ['id BIGINT', 'v STRING'],
          ['id BIGINT', 'w STRING'],
        ],
        from,
      );
    }
  });

  it('a composite key is shown as one class of equal columns per key column', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE a (id BIGINT, region STRING, v STRING) WITH ('connector' = 'kafka');",
        "CREATE TABLE b (id BIGINT, region STRING, w STRING) WITH ('connector' = 'kafka');",
        'SELECT a.v, b.w FROM a JOIN b ON a.id = b.id AND b.region = a.region;',
      ),
    );
    const g = a.chains[0].keyGroups[0];
    assert.deepEqual([...g.columns].sort(), ['a.id', 'a.region', 'b.id', 'b.region']);
    // Not "a.id = a.region = b.id = b.region": the two columns of one input are not equal.
    assert.deepEqual(g.label.split(', ').sort(), ['a.id = b.id', 'a.region = b.region']);
  });

  it('a chain that changes its key has two key groups', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE a (k BIGINT, x STRING) WITH ('connector' = 'kafka');",
        "CREATE TABLE b (k BIGINT, ek BIGINT) WITH ('connector' = 'kafka');",
        "CREATE TABLE e (id BIGINT, y STRING) WITH ('connector' = 'kafka');",
        "CREATE TABLE f (eid BIGINT, z STRING) WITH ('connector' = 'kafka');",
        'SELECT a.x, e.y, f.z FROM a',
        'JOIN b ON a.k = b.k',
        'JOIN e ON b.ek = e.id',
        'JOIN f ON e.id = f.eid;',
      ),
    );
    const ch = a.chains[0];
    assert.deepEqual(
      ch.joins.map((j) => j.keyGroup),
      [0, 1, 1],
    );
    assert.equal(ch.keyGroups.length, 2);
    assert.deepEqual(ch.keyGroups[0].inputs, ['a', 'b']);
    assert.deepEqual([...ch.keyGroups[0].columns].sort(), ['a.k', 'b.k']);
    assert.deepEqual(ch.keyGroups[1].inputs, ['b', 'e', 'f']);
    assert.deepEqual([...ch.keyGroups[1].columns].sort(), ['b.ek', 'e.id', 'f.eid']);
    assert.deepEqual(ch.joins[1].keys, [{ leftInput: 1, leftColumn: 'ek', rightColumn: 'id' }]);
  });

  it('a deduplicating view in front of a join gives dedupKeys and a deduplicate operator', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE ev (id BIGINT, v STRING, ts TIMESTAMP(3)) WITH ('connector' = 'kafka');",
        "CREATE TABLE dim (id BIGINT, n STRING) WITH ('connector' = 'kafka');",
        'CREATE VIEW ev_last AS',
        'SELECT id, v FROM (',
        '  SELECT *, ROW_NUMBER() OVER (PARTITION BY id ORDER BY ts DESC) AS rn FROM ev',
        ') WHERE rn = 1;',
        'SELECT e.id, d.n FROM ev_last e JOIN dim d ON e.id = d.id;',
      ),
    );
    assert.deepEqual(syntaxErrors(a), []);
    const dedup = a.operators.filter((o) => o.kind === 'deduplicate');
    assert.equal(dedup.length, 1);
    assert.deepEqual([dedup[0].keys, dedup[0].inputs], [['id'], ['ev']]);
    assert.equal(at(dedup[0].range), '4:1-6:15');
    const ch = a.chains[0];
    assert.deepEqual(ch.inputs[0].dedupKeys, ['id']);
    assert.deepEqual(ch.inputs[0].uniqueKey, ['id']);
    assert.equal(ch.inputs[0].appendOnly, false);
    assert.equal(ch.inputs[0].alias, 'e');
    // `SELECT e.id, d.n FROM ev_last e ` is 32 characters.
    assert.deepEqual([start(a.joins[0].range), a.joins[0].left, a.joins[0].right], ['7:33', ['ev'], 'dim']);
  });
});

describe('sql: other stateful operators', () => {
  const a = analyzeSql(
    new SqlSession(),
    lines(
      ...DDL,
      /* 5 */ 'SELECT cid, COUNT(DISTINCT pid) AS n, SUM(id) AS total FROM o GROUP BY cid;',
      /* 6 */ "SELECT cid, window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE o, DESCRIPTOR(ts), INTERVAL '1' MINUTE))",
      /* 7 */ 'GROUP BY cid, window_start, window_end;',
      /* 8 */ 'SELECT id, SUM(id) OVER (PARTITION BY cid ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS s FROM o;',
      /* 9 */ 'SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY cid ORDER BY ts DESC) AS rn FROM o) WHERE rn <= 3;',
      /* 10 */ 'SELECT DISTINCT cid FROM o;',
      /* 11 */ 'SELECT COUNT(*) AS n FROM o;',
    ),
  );
  const op = (kind: string) => a.operators.filter((o) => o.kind === kind);

  it('parses', () => assert.deepEqual(syntaxErrors(a), []));

  it('group aggregate with its key and DISTINCT aggregates', () => {
    const [g] = op('group-aggregate');
    assert.deepEqual([g.keys, g.inputs, g.aggregates, g.distinctAggregates], [['cid'], ['o'], 2, 1]);
    // `GROUP BY cid` starts after `... FROM o ` (62 characters) and is 12 long.
    assert.equal(at(g.range), '5:63-5:75');
  });

  it('window aggregate keyed without the window columns', () => {
    const [w] = op('window-aggregate');
    assert.deepEqual([w.keys, start(w.range)], [['cid'], '7:1']);
  });

  it('over aggregate with its partition key and frame', () => {
    const [o] = op('over-aggregate');
    assert.deepEqual(o.keys, ['cid']);
    assert.equal(o.detail, 'SUM OVER (ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)');
  });

  it('Top-N, DISTINCT and a global aggregate', () => {
    assert.deepEqual(
      op('top-n').map((t) => t.keys),
      [['cid']],
    );
    assert.deepEqual(
      op('distinct').map((t) => t.keys),
      [['cid']],
    );
    assert.equal(op('global-aggregate').length, 1);
  });
});

describe('sql: the upsert key of a view over a join', () => {
  const ddl = [
    "CREATE TABLE orders (order_id BIGINT, customer_id BIGINT, amount INT, PRIMARY KEY (order_id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
    "CREATE TABLE customers (id BIGINT, segment STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
    "CREATE TABLE loyalty (customer_id BIGINT, points INT, PRIMARY KEY (customer_id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
  ];

  it('customers LEFT JOIN loyalty on the key of both keeps customers.id, under its output name', () => {
    const a = analyzeSql(
      new SqlSession(),
      [
        ...ddl,
        'CREATE VIEW profile AS SELECT c.id AS customer_id, c.segment, l.points FROM customers c LEFT JOIN loyalty l ON c.id = l.customer_id;',
        'SELECT o.order_id, p.segment, p.points FROM orders o JOIN profile p ON o.customer_id = p.customer_id;',
      ].join('\n'),
    );
    const chain = a.chains.find((c) => c.inputs.some((i) => i.name === 'profile'))!;
    assert.deepEqual(
      chain.inputs.map((i) => [i.name, i.uniqueKey, i.appendOnly]),
      [
        ['orders', ['order_id'], false],
        ['profile', ['customer_id'], false],
      ],
    );
  });

  it('orders JOIN customers on customer_id has no key (order_id does not contain the join key)', () => {
    const a = analyzeSql(
      new SqlSession(),
      [
        ...ddl,
        'CREATE VIEW enriched AS SELECT o.order_id, o.customer_id, c.segment FROM orders o JOIN customers c ON o.customer_id = c.id;',
        'SELECT e.order_id, l.points FROM enriched e JOIN loyalty l ON e.customer_id = l.customer_id;',
      ].join('\n'),
    );
    const chain = a.chains.find((c) => c.inputs.some((i) => i.name === 'enriched'))!;
    assert.equal(chain.inputs[0].uniqueKey, undefined);
  });

  it('a key not selected by the view is no key of the view', () => {
    const a = analyzeSql(
      new SqlSession(),
      [
        ...ddl,
        'CREATE VIEW profile AS SELECT c.segment, l.points FROM customers c LEFT JOIN loyalty l ON c.id = l.customer_id;',
        'SELECT p.segment FROM orders o JOIN profile p ON o.amount = p.points;',
      ].join('\n'),
    );
    const chain = a.chains.find((c) => c.inputs.some((i) => i.name === 'profile'))!;
    assert.equal(chain.inputs[1].uniqueKey, undefined);
  });

  it('an outer join of append-only tables is not append-only', () => {
    const a = analyzeSql(
      new SqlSession(),
      [
        "CREATE TABLE clicks (user_id BIGINT, url STRING) WITH ('connector' = 'kafka', 'format' = 'json');",
        "CREATE TABLE views (user_id BIGINT, page STRING) WITH ('connector' = 'kafka', 'format' = 'json');",
        "CREATE TABLE buys (user_id BIGINT, sku STRING) WITH ('connector' = 'kafka', 'format' = 'json');",
        'CREATE VIEW inner_v AS SELECT c.user_id, c.url, v.page FROM clicks c JOIN views v ON c.user_id = v.user_id;',
        'CREATE VIEW outer_v AS SELECT c.user_id, c.url, v.page FROM clicks c LEFT JOIN views v ON c.user_id = v.user_id;',
        'SELECT * FROM inner_v i JOIN buys b ON i.user_id = b.user_id;',
        'SELECT * FROM outer_v o JOIN buys b ON o.user_id = b.user_id;',
      ].join('\n'),
    );
    const input = (name: string) => a.chains.flatMap((c) => c.inputs).find((i) => i.name === name)!;
    assert.equal(input('inner_v').appendOnly, true);
    assert.equal(input('outer_v').appendOnly, false);
  });
});

describe('sql: a comma join after an explicit JOIN', () => {
  it('`a JOIN b ON ..., c WHERE ...` parses (as Flink does) and keys the comma join from WHERE', () => {
    const a = analyzeSql(
      new SqlSession(),
      [
        "CREATE TABLE a (id BIGINT, x BIGINT) WITH ('connector' = 'kafka', 'format' = 'json');",
        "CREATE TABLE b (id BIGINT, w STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
        "CREATE TABLE c (cx BIGINT, z STRING, PRIMARY KEY (cx) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
        'INSERT INTO s SELECT a.id, b.w, z FROM a JOIN b ON a.id = b.id, c WHERE x = cx;',
      ].join('\n'),
    );
    assert.deepEqual(syntaxErrors(a), []);
    assert.deepEqual(
      a.joins.map((j) => [j.kind, j.type, j.keys, start(j.range)]),
      [
        ['regular', 'INNER', [['a.id', 'b.id']], '4:42'],
        // `INSERT INTO s SELECT a.id, b.w, z FROM a JOIN b ON a.id = b.id` is 62 characters: the comma is column 63.
        ['regular', 'INNER', [['a.x', 'c.cx']], '4:63'],
      ],
    );
    assert.equal(a.chains.length, 1);
    assert.deepEqual(
      a.chains[0].joins.map((j) => j.keyGroup),
      [0, 1],
    );
  });
});

describe('sql: a self-join', () => {
  it('keeps its aliases apart: each side has the columns it reads, and the key only where it is read', () => {
    const a = analyzeSql(
      new SqlSession(),
      [
        "CREATE TABLE emp (id BIGINT, manager_id BIGINT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
        'SELECT e.name, m.name FROM emp e JOIN emp m ON e.manager_id = m.id;',
      ].join('\n'),
    );
    const c = a.chains[0];
    // e reads name and manager_id: its key id is pruned before the join, so it has none there.
    assert.deepEqual(
      c.inputs.map((i) => [i.alias, i.columns.map((x) => x.name).sort(), i.uniqueKey]),
      [
        ['e', ['manager_id', 'name'], undefined],
        ['m', ['id', 'name'], ['id']],
      ],
    );
    assert.deepEqual(c.joins[0].keys, [{ leftInput: 0, leftColumn: 'manager_id', rightColumn: 'id' }]);
    // Named by their aliases, as the query names them: `emp ⋈ emp` would not say which is which.
    assert.deepEqual(
      c.inputs.map((i) => i.name),
      ['e', 'm'],
    );
    assert.deepEqual([a.joins[0].left, a.joins[0].right, a.joins[0].keys], [['e'], 'm', [['e.manager_id', 'm.id']]]);
  });
});

describe('sql: subqueries in expressions are the joins Flink plans them as', () => {
  const a = analyzeSql(
    new SqlSession(),
    [
      "CREATE TABLE orders (order_id BIGINT, customer_id BIGINT, amount INT) WITH ('connector' = 'kafka', 'format' = 'json');",
      "CREATE TABLE customers (id BIGINT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
      'SELECT o.order_id, (SELECT c.name FROM customers c WHERE c.id = o.customer_id) AS cname FROM orders o;',
      "SELECT o.order_id FROM orders o WHERE o.customer_id IN (SELECT id FROM customers WHERE name LIKE 'A%');",
      'SELECT o.order_id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id);',
    ].join('\n'),
  );

  it('a correlated scalar subquery, IN and NOT EXISTS each give a subquery join naming both inputs and the plan', () => {
    const ops = a.operators.filter((o) => o.kind === 'subquery-join');
    assert.deepEqual(
      ops.map((o) => [start(o.range), o.inputs]),
      [
        ['3:21', ['orders', 'customers']],
        ['4:57', ['orders', 'customers']],
        ['5:51', ['orders', 'customers']],
      ],
    );
    assert.match(ops[0].detail, /^a scalar subquery, correlated: .*a LEFT join/);
    assert.match(ops[1].detail, /^IN \(subquery\): .*a semi join/);
    assert.match(ops[2].detail, /^NOT EXISTS \(subquery\), correlated: .*an anti join/);
  });
});
