import { strict as assert } from 'node:assert';
import { analyzeSql } from '../../../src/sql';
import { at, lines, start, syntaxErrors } from './helpers';
import { SqlSession } from '../../../src/sql/session';

describe('sql: bad input', () => {
  it('a broken statement gives an sql-syntax error with its range; the statements after it still analyse', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE a (id BIGINT) WITH ('connector' = 'kafka');",
        'SELECT * FROM a WHERE AND b;',
        'SELECT * FROM a JOIN b ON a.id = b.id;',
      ),
    );
    const errs = syntaxErrors(a);
    assert.ok(errs.length >= 1);
    assert.ok(errs.every((e) => e.severity === 'error' && e.range.start.line === 2 && e.range.end.line === 2));
    // `SELECT * FROM a WHERE ` is 22 characters: the condition cannot start with AND (columns 23-25).
    assert.equal(at(errs[0].range), '2:23-2:26');
    assert.equal(a.joins.length, 1);
    assert.equal(start(a.joins[0].range), '3:17');
  });

  it('statements without a ; between them: a warning at each boundary, and every statement analysed', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE a (id BIGINT, v STRING) WITH ('connector' = 'kafka')",
        "CREATE TABLE b (id BIGINT, w STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka')",
        'INSERT INTO s SELECT a.id, b.w FROM a JOIN b ON a.id = b.id',
      ),
    );
    assert.deepEqual(syntaxErrors(a), []);
    const runOn = a.diagnostics.filter((d) => d.code === 'sql-missing-semicolon');
    // The boundaries are the starts of lines 2 and 3: `CREATE TABLE` (12 characters) and `INSERT INTO` (11).
    assert.deepEqual(
      runOn.map((d) => [d.severity, at(d.range)]),
      [
        ['warning', '2:1-2:13'],
        ['warning', '3:1-3:12'],
      ],
    );
    assert.match(runOn[0].message, /runs on into this CREATE TABLE: missing ';'\?/);
    assert.deepEqual(
      a.statements.map((s) => [s.kind, at(s.range)]),
      [
        ['create-table', '1:1-1:66'],
        ['create-table', '2:1-2:104'],
        ['insert', '3:1-3:60'],
      ],
    );
    assert.deepEqual(
      a.tables.map((t) => t.name),
      ['a', 'b'],
    );
    assert.equal(a.chains.length, 1);
    assert.deepEqual(
      a.chains[0].inputs.map((i) => [i.name, i.uniqueKey]),
      [
        ['a', undefined],
        ['b', ['id']],
      ],
    );
  });

  it('a dbt model: the config block over several lines is skipped, ref() and source() read as their relations', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        '{{ config(',
        "    materialized='table'",
        ') }}',
        "SELECT o.k, c.v FROM {{ ref('orders') }} o JOIN {{ source('crm', 'customers') }} c ON o.k = c.k",
      ),
    );
    assert.deepEqual(syntaxErrors(a), []);
    const t = a.diagnostics.filter((d) => d.code === 'sql-template');
    // The block runs from 1:1 to the end of `) }}` (line 3, 4 characters); `{{ ref('orders') }}` is
    // columns 22-40 of line 4, and the source() call columns 49-80.
    assert.deepEqual(
      t.map((d) => at(d.range)),
      ['1:1-3:5', '4:22-4:41', '4:49-4:81'],
    );
    assert.match(t[0].message, /is not SQL: skipped/);
    assert.doesNotMatch(t[0].message, /\n/);
    assert.match(t[2].message, /read as the relation customers/);
    assert.deepEqual([a.joins.length, a.joins[0].left, a.joins[0].right], [1, ['orders'], 'customers']);
  });

  it('a syntax error whose parser message has no words names the offending text (never a lone quote)', () => {
    const a = analyzeSql(new SqlSession(), 'SELECT a FROM t WHERE x = {1};');
    assert.equal(syntaxErrors(a)[0].message, "'{' is not valid at this position");
  });

  it('a ${VAR} template is reported as info at its range and the rest is analysed', () => {
    const a = analyzeSql(new SqlSession(), 'SELECT * FROM ${SRC} s JOIN b ON s.id = b.id;');
    assert.deepEqual(syntaxErrors(a), []);
    const t = a.diagnostics.filter((d) => d.code === 'sql-template');
    assert.deepEqual(
      t.map((d) => [d.severity, at(d.range)]),
      [['info', '1:15-1:21']],
    );
    // `SELECT * FROM ${SRC} s ` is 23 characters.
    assert.deepEqual([a.joins.length, start(a.joins[0].range), a.joins[0].right], [1, '1:24', 'b']);
  });

  it('a ${VAR} template where a name goes is the name $VAR, as written; inside a string it is text', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE TABLE ${SRC} (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('topic' = '${TOPIC}');",
        'INSERT INTO ${SINK} SELECT s.id, b.v FROM ${SRC} s JOIN b ON s.id = b.id;',
      ),
    );
    assert.deepEqual(syntaxErrors(a), []);
    assert.deepEqual(
      a.tables.map((t) => [t.name, t.primaryKey]),
      [['$SRC', ['id']]],
    );
    assert.deepEqual([a.chains[0].inputs.map((i) => i.name), a.chains[0].feeds], [['$SRC', 'b'], '$SINK']);
    // An info for each template read as a name; none for '${TOPIC}', a part of a quoted value.
    // `CREATE TABLE ` is 13 characters; `INSERT INTO ` 12; `INSERT INTO ${SINK} SELECT s.id, b.v FROM ` 42.
    assert.deepEqual(
      a.diagnostics.filter((d) => d.code === 'sql-template').map((d) => at(d.range)),
      ['1:14-1:20', '2:13-2:20', '2:43-2:49'],
    );
  });

  it('Flink 2.1+ models: CREATE MODEL and a query over ML_PREDICT are unsupported statements, not syntax errors', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "CREATE MODEL m INPUT (t STRING) OUTPUT (label STRING) WITH ('provider' = 'openai');",
        'SELECT * FROM ML_PREDICT(TABLE reviews, MODEL m, DESCRIPTOR(t));',
        'DROP MODEL m;',
        'SELECT * FROM a JOIN b ON a.id = b.id;',
        "CREATE TABLE model (id INT) WITH ('connector' = 'kafka');",
      ),
    );
    assert.deepEqual(syntaxErrors(a), []);
    const u = a.diagnostics.filter((d) => d.code === 'sql-unsupported-statement');
    assert.deepEqual(
      u.map((d) => [at(d.range), /MODEL|ML_PREDICT/.exec(d.message)?.[0]]),
      [
        ['1:1-1:83', 'MODEL'],
        ['2:1-2:64', 'ML_PREDICT'],
        ['3:1-3:13', 'MODEL'],
      ],
    );
    assert.equal(a.joins.length, 1);
    // A table named model is a table.
    assert.deepEqual(
      a.tables.map((t) => t.name),
      ['model'],
    );
  });

  it('DELETE, UPDATE and CREATE MATERIALIZED TABLE are unsupported statements (info)', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        'DELETE FROM a WHERE id = 1;',
        'UPDATE a SET x = 1 WHERE id = 2;',
        "CREATE MATERIALIZED TABLE mt FRESHNESS = INTERVAL '1' MINUTE AS SELECT * FROM a;",
        'SELECT * FROM a JOIN b ON a.id = b.id;',
      ),
    );
    const u = a.diagnostics.filter((d) => d.code === 'sql-unsupported-statement');
    assert.deepEqual(
      u.map((d) => [d.severity, at(d.range)]),
      [
        ['info', '1:1-1:27'],
        ['info', '2:1-2:32'],
        ['info', '3:1-3:80'],
      ],
    );
    assert.deepEqual(syntaxErrors(a), []);
    assert.deepEqual(
      a.statements.map((s) => s.kind),
      ['unsupported', 'unsupported', 'unsupported', 'query'],
    );
    assert.equal(a.joins.length, 1);
  });

  for (const [name, text] of [
    ['an empty file', ''],
    ['only whitespace', '  \n\n\t'],
    ['only comments', '-- nothing here\n/* nor here */\n'],
    ['an unterminated string', "SELECT 'abc FROM t;\nSELECT 1;"],
    ['an unterminated comment', 'SELECT 1; /* never closed\nSELECT 2;'],
    ['lone semicolons', ';;;'],
    ['an open statement set', 'BEGIN STATEMENT SET;\nINSERT INTO s SELECT * FROM t;'],
    ['a stray END', 'END;'],
    ['an unbalanced parenthesis', 'CREATE TABLE t (a INT;\nSELECT (((1;'],
    ['a lone keyword', 'SELECT'],
    ['binary noise', '\u0000\u0001\uFFFF;;\u00e9'],
  ] as const) {
    it(`never throws on ${name}`, () => {
      const a = analyzeSql(new SqlSession(), text);
      assert.ok(Array.isArray(a.diagnostics));
      assert.ok(a.diagnostics.every((d) => d.range.start.line >= 1 && d.range.start.column >= 1));
      assert.ok(!a.diagnostics.some((d) => d.code === 'sql-internal'), JSON.stringify(a.diagnostics));
    });
  }

  it('an empty file and a comments-only file have no statements and no diagnostics', () => {
    for (const text of ['', '-- nothing here\n/* nor here */\n']) {
      const a = analyzeSql(new SqlSession(), text);
      assert.deepEqual([a.statements.length, a.diagnostics.length], [0, 0]);
    }
  });
});

describe('sql: forms Flink takes that the grammar lacks', () => {
  const t1 =
    "CREATE TABLE t1 (k BIGINT, v STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'kafka', 'format' = 'json');";

  it('an OVER window aliased without AS is an OVER aggregation, as with AS', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        t1,
        'SELECT k, SUM(k) OVER (PARTITION BY v ORDER BY ts) total FROM t1;',
        'SELECT k, SUM(k) OVER (PARTITION BY v ORDER BY ts) AS total FROM t1;',
      ),
    );
    assert.deepEqual(syntaxErrors(a), []);
    assert.deepEqual(
      a.operators.map((o) => [o.kind, start(o.range).split(':')[0], o.keys]),
      [
        ['over-aggregate', '2', ['v']],
        ['over-aggregate', '3', ['v']],
      ],
    );
  });

  it('a name that starts with $ ($rowtime) is a name, not a lexer error', () => {
    assert.deepEqual(syntaxErrors(analyzeSql(new SqlSession(), lines(t1, 'SELECT k, $rowtime FROM t1;'))), []);
  });

  it('a character the lexer rejects is reported where it is, once', () => {
    const errs = syntaxErrors(analyzeSql(new SqlSession(), lines(t1, 'SELECT k FROM t1 WHERE v = 1 § 2;')));
    // `SELECT k FROM t1 WHERE v = 1 ` is 29 characters: the § is column 30 of line 2.
    assert.equal(start(errs[0].range), '2:30');
    assert.equal(new Set(errs.map((e) => `${at(e.range)} ${e.message}`)).size, errs.length);
  });

  it('CREATE TABLE AS whose column list holds only the primary key', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        t1,
        "CREATE TABLE t2 (PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'upsert-kafka') AS SELECT k, COUNT(*) AS c FROM t1 GROUP BY k;",
      ),
    );
    assert.deepEqual(syntaxErrors(a), []);
    const t2 = a.tables.find((t) => t.name === 't2')!;
    assert.deepEqual(t2.primaryKey, ['k']);
    assert.equal(a.operators[0].kind, 'group-aggregate');
  });
});
