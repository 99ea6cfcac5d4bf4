import { strict as assert } from 'node:assert';
import { analyzeSql, parseFlinkDuration } from '../../../src/sql';
import { at, lines, syntaxErrors } from './helpers';
import { SqlSession } from '../../../src/sql/session';

describe('sql: CREATE TABLE', () => {
  const a = analyzeSql(
    new SqlSession(),
    lines(
      'CREATE TABLE orders (',
      '  id BIGINT NOT NULL,',
      '  amount DECIMAL(38, 2),',
      '  tags ARRAY<STRING>,',
      '  addr ROW<city STRING, zip INT>,',
      '  ts TIMESTAMP_LTZ(3),',
      '  pt AS PROCTIME(),',
      "  part BIGINT METADATA FROM 'partition' VIRTUAL,",
      "  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,",
      '  PRIMARY KEY (id) NOT ENFORCED',
      ") WITH ('connector' = 'kafka', 'format' = 'json');",
      "CREATE TABLE dim (id BIGINT PRIMARY KEY NOT ENFORCED, name STRING) WITH ('connector' = 'jdbc');",
      "CREATE TABLE ups (k STRING, v STRING) WITH ('connector' = 'upsert-kafka');",
      "CREATE TABLE cdc (k STRING, v STRING) WITH ('connector' = 'kafka', 'format' = 'debezium-json');",
      "CREATE TABLE plain (k STRING, v STRING) WITH ('connector' = 'kafka', 'format' = 'json');",
    ),
  );
  const t = a.tables[0];

  it('parses without syntax errors', () => assert.deepEqual(syntaxErrors(a), []));

  it('reads columns with their full types, kinds and time attributes', () => {
    assert.deepEqual(
      t.columns.map((c) => [c.name, c.type, c.kind, c.timeAttribute]),
      [
        ['id', 'BIGINT NOT NULL', 'physical', undefined],
        ['amount', 'DECIMAL(38, 2)', 'physical', undefined],
        ['tags', 'ARRAY<STRING>', 'physical', undefined],
        ['addr', 'ROW<city STRING, zip INT>', 'physical', undefined],
        ['ts', 'TIMESTAMP_LTZ(3)', 'physical', 'rowtime'],
        ['pt', '', 'computed', 'proctime'],
        ['part', 'BIGINT', 'metadata', undefined],
      ],
    );
    // `amount DECIMAL(38, 2)` is 21 characters from column 3.
    assert.equal(at(t.columns[1].range), '3:3-3:24');
    assert.equal(at(t.nameRange), '1:14-1:20');
  });

  it('reads the primary key, watermark, options and connector', () => {
    assert.equal(t.name, 'orders');
    assert.deepEqual(t.primaryKey, ['id']);
    assert.equal(t.watermarkColumn, 'ts');
    assert.deepEqual(t.options, { connector: 'kafka', format: 'json' });
    assert.equal(t.connector, 'kafka');
    assert.equal(t.appendOnly, false, 'a table with a primary key is a changelog');
  });

  it('reads an inline PRIMARY KEY ... NOT ENFORCED', () => {
    assert.deepEqual(a.tables[1].primaryKey, ['id']);
    assert.equal(a.tables[1].connector, 'jdbc');
  });

  it('marks upsert-kafka and debezium-json as not append-only, plain json as append-only', () => {
    assert.deepEqual(
      a.tables.slice(2).map((x) => [x.name, x.appendOnly]),
      [
        ['ups', false],
        ['cdc', false],
        ['plain', true],
      ],
    );
  });
});

describe('sql: views, CTEs, INSERT', () => {
  const a = analyzeSql(
    new SqlSession(),
    lines(
      "CREATE TABLE a (id BIGINT, x STRING) WITH ('connector' = 'kafka');",
      "CREATE TABLE b (id BIGINT, y STRING) WITH ('connector' = 'kafka');",
      'CREATE VIEW va AS SELECT id, x AS label FROM a;',
      'WITH cb AS (SELECT id, y FROM b)',
      'SELECT * FROM va JOIN cb ON va.id = cb.id;',
      'INSERT INTO sink SELECT id FROM a;',
    ),
  );

  it('reads the view with its output columns and base tables', () => {
    assert.deepEqual(
      a.views.map((v) => [v.name, v.columns, v.tables]),
      [['va', ['id', 'label'], ['a']]],
    );
    assert.equal(at(a.views[0].nameRange), '3:13-3:15');
  });

  it('resolves a join through a view and a CTE to the base tables', () => {
    assert.equal(a.joins.length, 1);
    const j = a.joins[0];
    assert.deepEqual([j.kind, j.type, j.left, j.right, j.keys], ['regular', 'INNER', ['a'], 'b', [['a.id', 'b.id']]]);
    // `SELECT * FROM va ` is 17 characters.
    assert.equal(at(j.range), '5:18-5:22');
  });

  it('reads INSERT INTO ... SELECT with its target', () => {
    assert.deepEqual(
      a.statements.map((s) => s.kind),
      ['create-table', 'create-table', 'create-view', 'query', 'insert'],
    );
    assert.equal(a.statements[4].target, 'sink');
  });
});

describe('sql: EXPLAIN', () => {
  it('an EXPLAIN runs nothing: its INSERT or query adds no join, chain, operator or sink', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE a (id BIGINT, v STRING) WITH ('connector' = 'kafka');",
        "CREATE TABLE b (id BIGINT, w STRING) WITH ('connector' = 'kafka');",
        'EXPLAIN PLAN FOR SELECT * FROM a JOIN b ON a.id = b.id;',
        'EXPLAIN CHANGELOG_MODE, ESTIMATED_COST INSERT INTO s SELECT a.v, COUNT(*) FROM a JOIN b ON a.id = b.id GROUP BY a.v;',
      ),
    );
    assert.deepEqual(
      [a.joins.length, a.chains.length, a.operators.length, a.statements.map((s) => s.kind)],
      [0, 0, 0, ['create-table', 'create-table', 'other', 'other']],
    );
  });
});

describe('sql: compiled plans (Flink 1.15+)', () => {
  it('COMPILE AND EXECUTE PLAN runs its statement; COMPILE PLAN and EXECUTE PLAN are infos, not syntax errors', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE a (id BIGINT, v STRING) WITH ('connector' = 'kafka');",
        "CREATE TABLE b (id BIGINT, w STRING) WITH ('connector' = 'kafka');",
        "COMPILE PLAN '/p.json' FOR INSERT INTO s1 SELECT * FROM a JOIN b ON a.id = b.id;",
        "EXECUTE PLAN '/p.json';",
        "COMPILE AND EXECUTE PLAN '/q.json' FOR INSERT INTO s2 SELECT * FROM a JOIN b ON a.id = b.id;",
      ),
    );
    assert.deepEqual(syntaxErrors(a), []);
    assert.deepEqual(
      a.diagnostics.filter((d) => d.code === 'sql-unsupported-statement').map((d) => d.range.start.line),
      [3, 4],
    );
    // The run statement's join, at its place: `COMPILE AND EXECUTE PLAN '/q.json' FOR INSERT INTO s2 SELECT * FROM a ` is 70 characters.
    assert.deepEqual(
      a.joins.map((j) => at(j.range)),
      ['5:71-5:75'],
    );
    assert.deepEqual(
      a.chains.map((c) => c.feeds),
      ['s2'],
    );
  });
});

describe('sql: qualified table names', () => {
  it('a table declared as catalog.database.t is the table a query names t, and the other way round', () => {
    // Flink resolves t in the current catalog and database: the file's own declaration.
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE default_catalog.default_database.clicks (uid BIGINT, url STRING, PRIMARY KEY (uid) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
        "CREATE TABLE views (uid BIGINT, page STRING) WITH ('connector' = 'kafka');",
        'SELECT * FROM clicks c JOIN default_catalog.default_database.views v ON c.uid = v.uid;',
      ),
    );
    assert.equal(a.diagnostics.filter((d) => d.code === 'sql-unknown-table').length, 0);
    const [input0, input1] = a.chains[0].inputs;
    // Both declared: clicks's key and columns are read.
    assert.deepEqual([input0.known, input0.uniqueKey, input1.known], [true, ['uid'], true]);
  });

  it('two qualified tables with the same last part: the short name is the first one declared', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE c1.db.orders (id BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
        "CREATE TABLE c2.db.orders (oid BIGINT) WITH ('connector' = 'kafka');",
        'SELECT * FROM orders o JOIN c2.db.orders p ON o.id = p.oid;',
      ),
    );
    assert.deepEqual(
      a.chains[0].inputs.map((i) => [i.name, i.uniqueKey]),
      [
        // (Inputs are named as the query writes them.)
        ['orders', ['id']],
        ['c2.db.orders', undefined],
      ],
    );
  });
});

describe('sql: SET and state TTL', () => {
  it('reads quoted SET with a TTL in days', () => {
    const a = analyzeSql(new SqlSession(), "SET 'table.exec.state.ttl' = '7 d';");
    assert.equal(a.stateTtlSec, 7 * 86400);
    assert.equal(at(a.settings[0].keyRange), '1:5-1:27');
    assert.equal(at(a.settings[0].valueRange), '1:30-1:35');
  });

  it('reads unquoted SET k = v with a TTL in hours', () => {
    const a = analyzeSql(new SqlSession(), 'SET table.exec.state.ttl = 12h;');
    assert.deepEqual(syntaxErrors(a), []);
    assert.equal(a.stateTtlSec, 12 * 3600);
    assert.deepEqual([a.settings[0].key, a.settings[0].value], ['table.exec.state.ttl', '12h']);
    // the key is 20 characters from column 5; the value starts after ` = `.
    assert.equal(at(a.settings[0].keyRange), '1:5-1:25');
    assert.equal(at(a.settings[0].valueRange), '1:28-1:31');
  });

  it('reads a TTL without unit as milliseconds', () => {
    assert.equal(analyzeSql(new SqlSession(), "SET 'table.exec.state.ttl' = '3600000';").stateTtlSec, 3600);
  });

  it("reads a TTL of '0' as set to no TTL (0), not as unset", () => {
    assert.equal(analyzeSql(new SqlSession(), "SET 'table.exec.state.ttl' = '0';").stateTtlSec, 0);
    assert.equal(analyzeSql(new SqlSession(), 'SELECT 1;').stateTtlSec, undefined);
  });

  it('warns on a TTL that is no duration', () => {
    const a = analyzeSql(new SqlSession(), "SET 'table.exec.state.ttl' = 'soon';");
    assert.equal(a.stateTtlSec, undefined);
    const d = a.diagnostics.find((x) => x.code === 'sql-invalid-setting');
    assert.equal(d?.severity, 'warning');
    assert.equal(at(d?.range), '1:30-1:36');
  });

  it('says a templated TTL is filled in at deployment, quoting it as written, and sizes without one', () => {
    const a = analyzeSql(new SqlSession(), "SET 'table.exec.state.ttl' = '${TTL}';");
    assert.equal(a.stateTtlSec, undefined);
    assert.equal(
      a.diagnostics.find((x) => x.code === 'sql-invalid-setting'),
      undefined,
    );
    const d = a.diagnostics.find((x) => x.code === 'sql-setting-template');
    assert.equal(d?.severity, 'info');
    assert.match(d?.message ?? '', /The state TTL '\$\{TTL\}' is a template/);
    // The value, quotes included: columns 30 to 38.
    assert.equal(at(d?.range), '1:30-1:38');
  });

  it('reads table.optimizer.multi-join.enabled, quoted and unquoted', () => {
    assert.equal(
      analyzeSql(new SqlSession(), "SET 'table.optimizer.multi-join.enabled' = 'true';").multiJoinEnabled,
      true,
    );
    assert.equal(analyzeSql(new SqlSession(), 'SET table.optimizer.multi-join.enabled = true;').multiJoinEnabled, true);
    assert.equal(
      analyzeSql(new SqlSession(), "SET 'table.optimizer.multi-join.enabled' = 'false';").multiJoinEnabled,
      false,
    );
  });

  it('parses Flink durations', () => {
    assert.equal(parseFlinkDuration('7 d'), 604800);
    assert.equal(parseFlinkDuration('12h'), 43200);
    assert.equal(parseFlinkDuration('30 min'), 1800);
    assert.equal(parseFlinkDuration('3600000'), 3600);
    assert.equal(parseFlinkDuration('90s'), 90);
    assert.equal(parseFlinkDuration('a week'), undefined);
  });
});

describe('sql: hints', () => {
  const a = analyzeSql(
    new SqlSession(),
    lines(
      "SELECT /*+ STATE_TTL('o' = '1d', 'c' = '20d'), MULTI_JOIN(o, c) */ o.id",
      "FROM o /*+ OPTIONS('scan.startup.mode' = 'earliest-offset') */ JOIN c ON o.id = c.id;",
      "SELECT /*+ LOOKUP('table'='c', 'retry-predicate'='lookup_miss', 'max-attempts'='3') */ * FROM o;",
    ),
  );

  it('reads STATE_TTL and MULTI_JOIN with their options, arguments and ranges', () => {
    assert.deepEqual(syntaxErrors(a), []);
    const ttl = a.hints.find((h) => h.name === 'STATE_TTL')!;
    assert.deepEqual(ttl.options, { o: '1d', c: '20d' });
    // `SELECT /*+ ` is 11 characters; `STATE_TTL('o' = '1d', 'c' = '20d')` is 34.
    assert.equal(at(ttl.range), '1:12-1:46');
    const mj = a.hints.find((h) => h.name === 'MULTI_JOIN')!;
    assert.deepEqual(mj.args, ['o', 'c']);
    assert.equal(at(mj.range), '1:48-1:64');
    // The hint is noted; whether it enables MultiJoin depends on the Flink version (2.3+), which the estimate knows.
    assert.equal(a.multiJoinHint, true);
    assert.equal(a.multiJoinEnabled, false);
  });

  it('reads OPTIONS and LOOKUP', () => {
    const opt = a.hints.find((h) => h.name === 'OPTIONS')!;
    assert.deepEqual(opt.options, { 'scan.startup.mode': 'earliest-offset' });
    assert.equal(at(opt.range), '2:12-2:60');
    const lookup = a.hints.find((h) => h.name === 'LOOKUP')!;
    assert.deepEqual(lookup.options, { table: 'c', 'retry-predicate': 'lookup_miss', 'max-attempts': '3' });
  });
});
