import { strict as assert } from 'node:assert';
import { DETECT_LIMIT, looksLikeFlinkSql } from '../../../src/sql/detect';
import { cpuMs } from '../cpuTime';
import { lines } from './helpers';

const flink = (name: string, text: string) =>
  it(`Flink: ${name}`, () => assert.equal(looksLikeFlinkSql(text), true, text));
const notFlink = (name: string, text: string) =>
  it(`not Flink: ${name}`, () => assert.equal(looksLikeFlinkSql(text), false, text));

describe('sql: detecting Flink SQL in a plain .sql file', () => {
  describe('one Flink construct is enough', () => {
    flink(
      'a table with a connector option',
      lines(
        'CREATE TABLE orders (',
        '  order_id BIGINT,',
        '  amount DECIMAL(10, 2)',
        ") WITH ('connector' = 'kafka', 'topic' = 'orders', 'format' = 'json');",
      ),
    );
    flink(
      'upsert-kafka, the connector key not first, lower case, no spaces',
      lines(
        'create table t (k string, v string, primary key (k) not enforced)',
        "with ('topic'='t','connector'='upsert-kafka','key.format'='raw','value.format'='json')",
      ),
    );
    flink("the legacy 'connector.type' key", "CREATE TABLE t (a INT) WITH ('connector.type' = 'kafka')");
    flink('WATERMARK FOR', "CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)");
    flink('PROCTIME()', 'CREATE TABLE t (id INT, pt AS PROCTIME())');
    flink(
      'FOR SYSTEM_TIME AS OF a time attribute',
      lines(
        'SELECT o.id, r.rate',
        'FROM orders AS o',
        'JOIN rates FOR SYSTEM_TIME AS OF o.proc_time AS r ON o.cur = r.cur',
      ),
    );
    flink(
      'FOR SYSTEM_TIME AS OF an unqualified or backquoted column',
      'SELECT * FROM o JOIN r FOR SYSTEM_TIME AS OF `order time` ON o.k = r.k',
    );
    for (const tvf of ['TUMBLE', 'HOP', 'CUMULATE', 'SESSION']) {
      flink(
        `TABLE(${tvf}(...))`,
        `SELECT window_start, COUNT(*) FROM TABLE(${tvf}(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTES)) GROUP BY window_start`,
      );
    }
    flink('EXECUTE STATEMENT SET', lines('EXECUTE STATEMENT SET BEGIN', 'INSERT INTO a SELECT * FROM b;', 'END;'));
    flink('BEGIN STATEMENT SET', lines('BEGIN STATEMENT SET;', 'INSERT INTO a SELECT * FROM b;', 'END;'));
    flink("SET 'table....'", "SET 'table.exec.state.ttl' = '1 h';");
    flink(
      "SET 'execution....' after other statements",
      lines('SELECT 1;', "set 'execution.runtime-mode' = 'streaming';"),
    );
    flink("SET 'pipeline....'", "SET 'pipeline.name' = 'orders';");
    flink("RESET 'parallelism.default'", "RESET 'parallelism.default';");
    flink('unquoted SET table.x = y of older SQL clients', 'SET table.exec.mini-batch.enabled = true;');
    flink('CREATE CATALOG ... WITH', "CREATE CATALOG hive WITH ('type' = 'hive', 'hive-conf-dir' = '/opt/hive')");
    flink('LATERAL TABLE(udtf(...))', 'SELECT a, w FROM t, LATERAL TABLE(split_words(a)) AS T(w)');
    flink('METADATA FROM', "CREATE TABLE t (id INT, ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp')");
    flink('METADATA VIRTUAL', 'CREATE TABLE t (id INT, `offset` BIGINT METADATA VIRTUAL)');
    flink(
      'a construct after comments that mention nothing Flink',
      lines('-- nightly job', '/* owner: data */', "SET 'table.local-time-zone' = 'UTC';"),
    );
  });

  describe('other dialects and plain SQL are not Flink', () => {
    notFlink('empty file', '');
    notFlink(
      'plain SELECT with joins',
      lines(
        'SELECT o.id, c.name, SUM(o.amount) AS total',
        'FROM orders o JOIN customers c ON o.customer_id = c.id',
        "WHERE o.created_at > '2024-01-01' GROUP BY o.id, c.name ORDER BY total DESC;",
      ),
    );
    notFlink(
      'Postgres DDL',
      lines(
        'CREATE TABLE orders (id serial PRIMARY KEY, amount numeric(10, 2) NOT NULL, created timestamptz DEFAULT now())',
        'WITH (fillfactor = 70);',
        'SET search_path = public;',
        "SET statement_timeout = '5s';",
        'CREATE INDEX orders_created ON orders (created);',
        'SELECT * FROM orders o, LATERAL (SELECT * FROM items i WHERE i.order_id = o.id) x;',
      ),
    );
    notFlink(
      'MySQL DDL',
      lines(
        'SET NAMES utf8mb4;',
        'SET @session_id = 42;',
        'CREATE TABLE `orders` (',
        '  `id` int NOT NULL AUTO_INCREMENT,',
        "  `status` enum('new','paid') DEFAULT 'new',",
        '  `ts` timestamp NULL DEFAULT CURRENT_TIMESTAMP,',
        '  PRIMARY KEY (`id`)',
        ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;',
      ),
    );
    notFlink(
      'Spark SQL',
      lines(
        "CREATE TABLE events (id BIGINT, ts TIMESTAMP) USING delta TBLPROPERTIES ('delta.appendOnly' = 'true');",
        'SET spark.sql.shuffle.partitions = 200;',
        "SELECT window(ts, '5 minutes') AS w, count(*) FROM events GROUP BY window(ts, '5 minutes');",
        'SELECT id, tag FROM events LATERAL VIEW explode(tags) t AS tag;',
        "CREATE TABLE kv (k STRING, v STRING) USING parquet OPTIONS ('path' = '/data/kv');",
      ),
    );
    notFlink(
      'SQL Server temporal table query',
      lines(
        "SELECT * FROM dbo.Employee FOR SYSTEM_TIME AS OF '2021-01-01T10:00:00';",
        'SELECT * FROM dbo.Employee FOR SYSTEM_TIME AS OF @asOf;',
      ),
    );
    notFlink(
      'MariaDB system-versioned query',
      "SELECT * FROM t FOR SYSTEM_TIME AS OF TIMESTAMP '2016-10-09 08:07:06';",
    );
    notFlink('MariaDB AS OF a function call', 'SELECT * FROM t FOR SYSTEM_TIME AS OF NOW() - INTERVAL 1 DAY;');
    notFlink(
      'Snowflake / Oracle constructs Flink shares (MATCH_RECOGNIZE, TIMESTAMP_LTZ, NOT ENFORCED)',
      lines(
        'CREATE TABLE t (id INT, ts TIMESTAMP_LTZ(3), PRIMARY KEY (id) NOT ENFORCED);',
        'SELECT * FROM t MATCH_RECOGNIZE (ORDER BY ts MEASURES FIRST(id) AS f PATTERN (A B+) DEFINE B AS B.id > A.id);',
      ),
    );
    notFlink('UPDATE ... SET', "UPDATE settings SET table_name = 'x' WHERE 1 = 1;");
    notFlink('a CTE named like a Flink word', 'WITH session AS (SELECT 1 AS x) SELECT * FROM session;');
  });

  describe('strings, comments and hints never count', () => {
    notFlink(
      'Flink constructs in line and block comments',
      lines(
        "-- CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'kafka')",
        "/* SET 'table.exec.state.ttl' = '1 h'; EXECUTE STATEMENT SET BEGIN END; pt AS PROCTIME() */",
        'SELECT 1;',
      ),
    );
    notFlink(
      'Flink constructs in strings',
      lines(
        "SELECT 'WATERMARK FOR ts AS ts', 'PROCTIME()', 'FOR SYSTEM_TIME AS OF o.t' FROM t;",
        "INSERT INTO docs VALUES ('WITH (''connector'' = ''kafka'')', 'upsert-kafka');",
      ),
    );
    notFlink('a query hint alone', "SELECT /*+ OPTIONS('connector' = 'kafka') */ * FROM t;");
    notFlink('a backquoted name that spells a keyword', 'SELECT `WATERMARK` FOR_x, `PROCTIME` FROM t;');
    notFlink("a connector key that is not a WITH list's key", "SELECT * FROM t WHERE name = 'connector';");
  });

  describe('reading only the head of the file', () => {
    const filler = lines(...Array.from({ length: 1500 }, (_, i) => `SELECT col_${i}, other FROM t_${i};`));
    it('finds a construct within the first 64 KB', () => {
      assert.ok(filler.length < DETECT_LIMIT);
      assert.equal(looksLikeFlinkSql(`${filler}\nSET 'table.exec.state.ttl' = '1 h';`), true);
    });
    it('ignores a construct past the first 64 KB', () => {
      const big = filler + '\n' + filler;
      assert.ok(big.length > DETECT_LIMIT);
      assert.equal(looksLikeFlinkSql(`${big}\nSET 'table.exec.state.ttl' = '1 h';`), false);
    });
    it('decides a 64 KB head quickly', () => {
      const big = (filler + '\n').repeat(3) + "SET 'table.exec.state.ttl' = '1 h';";
      looksLikeFlinkSql('SET x = 1'); // warm the lexer
      const { value, ms } = cpuMs(() => looksLikeFlinkSql(big));
      assert.equal(value, false);
      assert.ok(ms < 1500, `took ${ms} ms of CPU`);
    });
  });
});
