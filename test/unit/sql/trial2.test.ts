// Second trial on public Flink SQL (CDC, lakehouse catalogs, Flink 1.17+ DDL, expression
// forms): each repair or token-level reader it needed, with hand-counted ranges.
import { strict as assert } from 'node:assert';
import { analyzeSql } from '../../../src/sql';
import { maskTemplates } from '../../../src/sql/extract';
import { at, lines, syntaxErrors } from './helpers';
import { SqlSession } from '../../../src/sql/session';

const noSyntaxErrors = (a: ReturnType<typeof analyzeSql>) =>
  assert.deepEqual(
    syntaxErrors(a).map((d) => `${at(d.range)} ${d.message}`),
    [],
  );
const SRC = "CREATE TABLE src (id BIGINT, v STRING, ts TIMESTAMP(3)) WITH ('connector' = 'kafka');";

describe('sql: second trial on public Flink SQL', () => {
  it('a CTAS without WITH (a catalog table: Paimon, Iceberg) is a table declared by its query', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        SRC,
        'CREATE TABLE IF NOT EXISTS latest AS SELECT id, MAX(ts) AS last_seen FROM src GROUP BY id;',
        'CREATE OR REPLACE TABLE cat.db.snap AS SELECT id, v FROM src;',
        'REPLACE TABLE snap2 AS SELECT v FROM src;',
        'SELECT s.v, l.last_seen FROM src s JOIN latest l ON s.id = l.id;',
      ),
    );
    noSyntaxErrors(a);
    assert.deepEqual(
      a.statements.map((s) => s.kind),
      ['create-table', 'create-table', 'create-table', 'create-table', 'query'],
    );
    // `CREATE TABLE IF NOT EXISTS ` is 27 characters, `CREATE OR REPLACE TABLE ` 24, `REPLACE TABLE ` 14.
    assert.deepEqual(
      a.tables.slice(1).map((t) => [t.name, at(t.nameRange)]),
      [
        ['latest', '2:28-2:34'],
        ['cat.db.snap', '3:25-3:36'],
        ['snap2', '4:15-4:20'],
      ],
    );
    // latest is declared by its query: its columns, with their types. A table created without a
    // PRIMARY KEY has none (Flink's CTAS takes no key from the query).
    const input = a.chains[0].inputs[1];
    assert.deepEqual(input.columns.map((c) => `${c.name} ${c.type}`).sort(), ['id BIGINT', 'last_seen TIMESTAMP(3)']);
    assert.equal(input.uniqueKey, undefined);
    assert.ok(!a.diagnostics.some((d) => d.code === 'sql-unknown-table'));
  });

  it('CREATE OR REPLACE TABLE ... AS and REPLACE TABLE ... AS are read as CTAS', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        SRC,
        "CREATE OR REPLACE TABLE snap WITH ('connector' = 'print') AS SELECT id, COUNT(*) AS n FROM src GROUP BY id;",
        "REPLACE TABLE snap2 WITH ('connector' = 'print') AS SELECT id FROM src;",
      ),
    );
    noSyntaxErrors(a);
    assert.deepEqual(
      a.statements.map((s) => s.kind),
      ['create-table', 'create-table', 'create-table'],
    );
    // `CREATE OR REPLACE TABLE ` is 24 characters, `REPLACE TABLE ` 14.
    assert.deepEqual(
      a.tables.map((t) => [t.name, t.connector, at(t.nameRange)]),
      [
        ['src', 'kafka', '1:14-1:17'],
        ['snap', 'print', '2:25-2:29'],
        ['snap2', 'print', '3:15-3:20'],
      ],
    );
    assert.deepEqual(
      a.operators.map((o) => [o.kind, o.keys, o.inputs]),
      [['group-aggregate', ['id'], ['src']]],
    );
  });

  it('FLOOR / CEIL (ts TO unit), a field after an index, DOUBLE PRECISION', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        SRC,
        'SELECT FLOOR(ts TO HOUR) AS h, COUNT(*) AS c FROM src GROUP BY FLOOR(ts TO HOUR);',
        "SELECT CEIL(ts TO DAY), CEILING(ts TO MINUTE), m['x'].y, arr[1].k, CAST(v AS DOUBLE PRECISION) FROM src;",
      ),
    );
    noSyntaxErrors(a);
    // `SELECT FLOOR(ts TO HOUR) AS h, COUNT(*) AS c FROM src ` is 54 characters; the
    // 26-character `GROUP BY FLOOR(ts TO HOUR)` runs from column 55 to 80.
    assert.deepEqual(
      a.operators.map((o) => [o.kind, o.keys, at(o.range)]),
      [['group-aggregate', ['ts'], '2:55-2:81']],
    );
  });

  it('ALTER TABLE ... ADD / MODIFY / DROP / RESET are a clear unsupported-statement info', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        SRC,
        "ALTER TABLE src ADD (note STRING COMMENT 'x', id2 AS id * 2);",
        'ALTER TABLE IF EXISTS cat.db.src MODIFY v STRING NOT NULL;',
        'ALTER TABLE `src` DROP (note);',
        "ALTER TABLE src RESET ('scan.startup.mode');",
        "ALTER TABLE src ADD WATERMARK FOR ts AS ts - INTERVAL '1' SECOND;",
        "ALTER TABLE src SET ('scan.startup.mode' = 'latest-offset');",
        'ALTER TABLE src RENAME TO src2;',
      ),
    );
    noSyntaxErrors(a);
    assert.deepEqual(
      a.statements.map((s) => s.kind),
      ['create-table', 'unsupported', 'unsupported', 'unsupported', 'unsupported', 'unsupported', 'other', 'other'],
    );
    const infos = a.diagnostics.filter((d) => d.code === 'sql-unsupported-statement');
    assert.deepEqual(
      infos.map((d) => [at(d.range), /ALTER TABLE \.\.\. (\w+)/.exec(d.message)?.[1]]),
      [
        ['2:1-2:61', 'ADD'],
        ['3:1-3:58', 'MODIFY'],
        ['4:1-4:30', 'DROP'],
        ['5:1-5:44', 'RESET'],
        ['6:1-6:65', 'ADD'],
      ],
    );
    assert.equal(a.tables[0].watermarkColumn, undefined);
  });

  it('a $ inside an unquoted name (Paimon system tables), not in strings or comments', () => {
    assert.equal(
      maskTemplates("SELECT * FROM orders$snapshots WHERE x = 'a$b' -- c$d").text,
      "SELECT * FROM orders_snapshots WHERE x = 'a$b' -- c$d",
    );
    assert.equal(maskTemplates('SELECT `o$x`, p$ FROM t').text, 'SELECT `o$x`, p$ FROM t');
    const a = analyzeSql(
      new SqlSession(),
      "SELECT snapshot_id FROM orders$snapshots WHERE commit_kind = 'APPEND';\nSELECT * FROM `orders$files`;",
    );
    noSyntaxErrors(a);
    assert.deepEqual(
      a.statements.map((s) => s.kind),
      ['query', 'query'],
    );
  });

  it('CREATE TABLE without WITH (a catalog table) keeps its columns and key', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        'CREATE TABLE cat.db.items (id BIGINT, name STRING, PRIMARY KEY (id) NOT ENFORCED) PARTITIONED BY (name);',
        'CREATE TABLE IF NOT EXISTS notes (item_id BIGINT, body STRING) -- no WITH: the catalog decides',
        ';',
        'SELECT i.name, n.body FROM cat.db.items AS i JOIN notes AS n ON n.item_id = i.id;',
      ),
    );
    noSyntaxErrors(a);
    // `CREATE TABLE ` is 13 characters; `CREATE TABLE IF NOT EXISTS ` 27.
    assert.deepEqual(
      a.tables.map((t) => [
        t.name,
        at(t.nameRange),
        t.primaryKey,
        t.columns.map((c) => c.name),
        t.options,
        t.connector,
      ]),
      [
        ['cat.db.items', '1:14-1:26', ['id'], ['id', 'name'], {}, undefined],
        ['notes', '2:28-2:33', undefined, ['item_id', 'body'], {}, undefined],
      ],
    );
    assert.deepEqual(
      a.joins.map((j) => [j.kind, j.keys]),
      [['regular', [['cat.db.items.id', 'notes.item_id']]]],
    );
  });

  it('legacy HOP group window, MATCH_RECOGNIZE keys, GROUPING SETS keys once, a backquoted `OFFSET` =>', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        SRC,
        "SELECT v, COUNT(*) FROM src GROUP BY HOP(ts, INTERVAL '1' MINUTE, INTERVAL '1' HOUR), v;",
        'SELECT * FROM src MATCH_RECOGNIZE (PARTITION BY id, v ORDER BY ts MEASURES A.v AS a PATTERN (A B) DEFINE B AS B.v <> A.v) AS m;',
        'SELECT id, v, COUNT(*) FROM src GROUP BY GROUPING SETS ((id, v), (id), ());',
        "SELECT window_start, v, COUNT(*) FROM TABLE(TUMBLE(DATA => TABLE src, TIMECOL => DESCRIPTOR(ts), SIZE => INTERVAL '1' HOUR, `OFFSET` => INTERVAL '5' MINUTE)) GROUP BY window_start, window_end, v;",
      ),
    );
    noSyntaxErrors(a);
    // Line 2: `SELECT v, COUNT(*) FROM src ` is 28 characters; `GROUP BY ` (9), the 47-character
    // HOP call and `, v` (3) run from column 29 to 87.
    // Line 3: `SELECT * FROM src ` is 18 characters; the clause with its alias is 108.
    // Line 4: `SELECT id, v, COUNT(*) FROM src ` is 32; `GROUP BY GROUPING SETS ((id, v), (id), ())` 42.
    // Line 5: the select list and the TVF call with its `)) ` take 158 characters;
    // `GROUP BY window_start, window_end, v` is 36.
    assert.deepEqual(
      a.operators.map((o) => [o.kind, o.keys, at(o.range)]),
      [
        ['window-aggregate', ['v'], '2:29-2:88'],
        ['match-recognize', ['id', 'v'], '3:19-3:127'],
        ['group-aggregate', ['id', 'v'], '4:33-4:75'],
        ['window-aggregate', ['v'], '5:159-5:195'],
      ],
    );
    assert.match(a.operators[0].detail ?? '', /group window HOP/);
  });

  it('SHOW statements are listed without parsing; STOP JOB is an unsupported-statement info', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines('SHOW JOBS;', 'SHOW PARTITIONS src;', 'SHOW CREATE TABLE src;', "STOP JOB 'a1b2' WITH SAVEPOINT;"),
    );
    noSyntaxErrors(a);
    assert.deepEqual(
      a.statements.map((s) => s.kind),
      ['other', 'other', 'other', 'unsupported'],
    );
    assert.deepEqual(
      a.diagnostics.filter((d) => d.code === 'sql-unsupported-statement').map((d) => at(d.range)),
      ['4:1-4:31'],
    );
  });
});
