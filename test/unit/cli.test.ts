// The flink-kpu CLI as a user runs it: the built bundle (dist/cli.js) in a child process.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_STATEMENT_BUDGET_MS, parseArgs } from '../../src/cli';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI with stdout a pipe read as a slow reader reads it: nothing for the first 300 ms, then all of it. */
function runPiped(
  args: string[],
  opts: { stopAfterFirstChunk?: boolean } = {},
): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 300);
    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      // A reader that has what it wants (`| head -1`) closes its end of the pipe.
      if (opts.stopAfterFirstChunk) child.stdout.destroy();
    });
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
  });
}

const packageVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

describe('flink-kpu CLI', () => {
  it('exits 2 with a one-line reason on usage errors and unreadable input', () => {
    const noCommand = run();
    assert.equal(noCommand.code, 2);
    assert.match(noCommand.stderr, /^flink-kpu: missing command/);
    const badFormat = run('analyze', 'examples', '--format', 'xml');
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format is text or json, not 'xml'/);
    const missing = run('analyze', 'no/such/file.sql');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read 'no\/such\/file.sql'/);
  });

  it('reports every join of the examples with its kind and the position of its operator', () => {
    const r = run(
      'analyze',
      'examples/orders/orders.sql',
      'examples/offer-enrichment/enrichment.sql',
      '--format',
      'json',
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, 2); // 2: kpu.billed and cost are what AWS bills for the configuration (docs/cli-json.md)
    const orders = out.files.find((f: { path: string }) => f.path.endsWith('orders.sql'));
    const joins = orders.joins.map(
      (j: { line: number; column: number; kind: string; type: string; right: string }) =>
        `${j.line}:${j.column} ${j.kind} ${j.type} ${j.right}`,
    );
    // orders.sql: line 70 `FROM orders o, shipments s` (second table at column 16), WHERE bounds
    // s.ship_time by o.order_time: an interval join. Line 82 `LEFT JOIN currency_rates FOR SYSTEM_TIME
    // AS OF sh.order_time` (order_time has the WATERMARK): temporal. Line 85 `JOIN customers FOR
    // SYSTEM_TIME AS OF sh.proc_time` (PROCTIME()): lookup.
    assert.deepEqual(joins, [
      '70:16 interval INNER shipments',
      '82:1 temporal LEFT currency_rates',
      '85:1 lookup INNER customers',
    ]);
    const enrichment = out.files.find((f: { path: string }) => f.path.endsWith('enrichment.sql'));
    assert.equal(enrichment.chains.length, 1);
    // Chain inputs keep the names the query reads (the view latest_price, not its table).
    assert.deepEqual(enrichment.chains[0].inputs, ['offer', 'stock', 'latest_price', 'product', 'merchant']);
    // sku joins (stock, price, product) form one key group, merchant_id a second: two union stages.
    assert.equal(enrichment.chains[0].plans.union.stages, 2);
    assert.ok(enrichment.chains[0].amplification > 1);
  });

  it("estimates a descriptor's SQL with its table statistics and prices the job", () => {
    const r = run('analyze', 'examples/offer-enrichment', '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const desc = out.files.find((f: { kind: string }) => f.kind === 'descriptor');
    // parallelism 24, parallelismPerKPU 1: 24 KPU configured; AWS bills what is configured, 24 + 1 orchestration.
    assert.equal(desc.job.kpu.configured, 24);
    assert.equal(desc.job.kpu.billed, 25);
    assert.equal(desc.job.cost.region, 'us-east-1');
    // 25 KPU x 0.11 USD x 730 h = 2,007.50 USD before storage and backups.
    assert.ok(desc.job.cost.kpuUsd >= 2007.5 - 1e-6);
  });

  it('lists every stateful operator in the JSON with its kind, line and state, or null and why not (test/fixtures/sql/every-operator.sql)', () => {
    const r = run('analyze', 'test/fixtures/sql/every-operator.sql', '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    type Op = {
      kind: string;
      line: number;
      name: string;
      stateBytes: number | null;
      notEstimated?: string;
      strategy?: string;
      chain?: number;
    };
    const ops: Op[] = JSON.parse(r.stdout).files[0].operators;
    // The lines of the fixture's constructs, in document order:
    assert.deepEqual(
      ops.map((o) => [o.kind, o.line]),
      [
        ['regular-join', 44], // JOIN accounts a ON a.customer_id = o.customer_id
        ['interval-join', 48], // FROM orders o, shipments s (the comma join's second table; bounds in the WHERE)
        ['temporal-join', 55], // JOIN rates FOR SYSTEM_TIME AS OF o.order_time
        ['lookup-join', 60], // JOIN customers FOR SYSTEM_TIME AS OF o.proc
        ['window-join', 67], // JOIN ( ... TUMBLE(TABLE shipments ...) ) r ON ... window_start ... window_end
        ['lateral-join', 74], // FROM orders o CROSS JOIN UNNEST(o.tags)
        ['group-aggregate', 79], // GROUP BY customer_id
        ['global-aggregate', 82], // SELECT COUNT(*) AS n FROM orders
        ['window-aggregate', 87], // GROUP BY customer_id, window_start, window_end
        ['over-aggregate', 91], // SUM(amount) OVER (PARTITION BY customer_id ...)
        ['deduplicate', 95], // the SELECT around ROW_NUMBER() ... WHERE rn = 1
        ['top-n', 103], // the SELECT around ROW_NUMBER() ... WHERE rn <= 3
        ['distinct', 111], // SELECT DISTINCT customer_id, currency
        ['match-recognize', 116], // MATCH_RECOGNIZE (
      ],
    );
    const op = (kind: string) => ops.find((o) => o.kind === kind)!;
    // Not modelled: null with the reason, never 0.
    assert.equal(op('match-recognize').stateBytes, null);
    assert.ok((op('match-recognize').notEstimated ?? '').length > 0);
    // The ROWS frame's OVER aggregation is estimated (its figures: test/unit/analysis/estimate.test.ts).
    assert.ok((op('over-aggregate').stateBytes ?? 0) > 0);
    for (const o of ops) if (o.stateBytes !== null) assert.equal(o.notEstimated, undefined);
    // Counted in the join chain of the FROM clause at line 43.
    assert.equal(op('regular-join').chain, 43);
    assert.equal(op('lookup-join').stateBytes, 0);
    // Processing-time keep-first deduplication: a ValueState<Boolean> per key. 1,000,000 keys
    // (JOB_DEFAULTS), key 1 key group + (4 + 8 + 8) customer_id row + 1 namespace = 22 B, + 1 B.
    assert.deepEqual(
      [op('deduplicate').strategy, op('deduplicate').stateBytes],
      ['ProcTimeDeduplicateKeepFirstRowFunction', 1_000_000 * (22 + 1)],
    );
    assert.equal(op('top-n').strategy, 'AppendOnlyTopNFunction');
    // Window join, TUMBLE 1 min, 5 s watermarks, 100 rows/s per side (JOB_DEFAULTS):
    // 100 × (60 + 5) = 6,500 rows per side, one per key and window (assumption); ListState entry
    // 1 + 20 key (order_id) + 8 window end = 29 B; rows + 1 delimiter: orders (order_id, amount,
    // window_start, window_end) 4 + 8 + 4 × 8 = 44 B, shipments (order_id, carrier, window_start,
    // window_end) 4 + 8 + 4 × 8 + 24 = 68 B; a timer per key and window 1 + 8 + 20 + 8 = 37 B.
    assert.equal(op('window-join').stateBytes, 6500 * (29 + 44 + 1) + 6500 * (29 + 68 + 1) + 6500 * 37);
  });

  it('prints each stateful operator at its line, with the function Flink runs and why', () => {
    const r = run('analyze', 'test/fixtures/sql/every-operator.sql');
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /\n {2}line 103: Top-3 of orders by customer_id \(AppendOnlyTopNFunction\): [\d.]+ MB \(3,000,000 entries\)\n/,
    );
    assert.match(r.stdout, /\n {2}line 116: MATCH_RECOGNIZE of orders by customer_id: not estimated: /);
  });

  it('exits 1 and names the gate when a chain exceeds --max-amplification', () => {
    const r = run('analyze', 'examples/offer-enrichment/enrichment.sql', '--max-amplification', '1.0');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /gate exceeded: .*enrichment.sql:\d+: amplification [\d.]+ > --max-amplification 1/);
  });

  it('reports broken SQL as a diagnostic with its line and column, not a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-kpu-'));
    const file = join(dir, 'broken.sql');
    writeFileSync(file, 'SELEC x FROM t;\nSELECT a.id FROM a JOIN b ON a.id = b.id;\n');
    const r = run('analyze', file, '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const f = JSON.parse(r.stdout).files[0];
    const syntax = f.diagnostics.filter((d: { code: string }) => d.code === 'sql-syntax');
    assert.equal(syntax.length, 1);
    assert.deepEqual([syntax[0].line, syntax[0].column], [1, 1]);
    // The statement after the error still analyses: its join is at line 2, column 20 (`JOIN`).
    assert.deepEqual(
      f.joins.map((j: { line: number; column: number }) => [j.line, j.column]),
      [[2, 20]],
    );
  });

  it('prints the help on stdout and exits 0 for --help, -h, help and analyze --help', () => {
    for (const args of [['--help'], ['-h'], ['help'], ['analyze', '--help'], ['analyze', 'examples', '-h']]) {
      const r = run(...args);
      assert.equal(r.code, 0, args.join(' '));
      assert.equal(r.stderr, '');
      assert.match(r.stdout, /^usage: flink-kpu analyze <file\|dir>\.\.\. \[options\]/);
      for (const option of [
        '--format',
        '--explain',
        '--region',
        '--flink-version',
        '--max-amplification',
        '--max-monthly-cost',
        '--statement-budget-ms',
        '--help',
        '--version',
      ]) {
        assert.ok(r.stdout.includes(option), `${args.join(' ')}: the help names ${option}`);
      }
      assert.match(r.stdout, /exit codes:/);
      assert.ok(r.stdout.includes('docs/cli-json.md'));
    }
  });

  it("prints the package's version for --version and -v, and exits 0", () => {
    for (const flag of ['--version', '-v']) {
      const r = run(flag);
      assert.equal(r.code, 0, flag);
      assert.equal(r.stdout.trim(), packageVersion);
      assert.equal(r.stderr, '');
    }
  });

  it('names an unknown command or option on stderr, with the usage, and exits 2', () => {
    const command = run('analyse', 'examples');
    assert.equal(command.code, 2);
    assert.equal(command.stdout, '');
    assert.match(command.stderr, /^flink-kpu: unknown command 'analyse'\n/);
    assert.match(command.stderr, /usage: flink-kpu analyze/);
    const option = run('analyze', 'examples', '--max-amplificaton', '2');
    assert.equal(option.code, 2);
    assert.match(option.stderr, /^flink-kpu: unknown option '--max-amplificaton'\n/);
    assert.match(option.stderr, /usage: flink-kpu analyze/);
    const leading = run('--frobnicate');
    assert.equal(leading.code, 2);
    assert.match(leading.stderr, /^flink-kpu: unknown option '--frobnicate'\n/);
  });

  it('abandons a statement past --statement-budget-ms on its parse thread, reports it and analyses the rest', function () {
    // 100,000 nested parentheses take minutes to parse (the parser builds a prediction state
    // per depth); the budget is 200 ms, so the outcome does not depend on the machine's speed.
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'flink-kpu-budget-'));
    const file = join(dir, 'deep.sql');
    writeFileSync(
      file,
      `SELECT ${'('.repeat(100_000)}1${')'.repeat(100_000)} FROM t;\nINSERT INTO s SELECT a.id FROM a JOIN b ON a.id = b.id;\n`,
    );
    const r = run('analyze', file, '--format', 'json', '--statement-budget-ms', '200');
    assert.equal(r.code, 0, r.stderr);
    const [report] = (
      JSON.parse(r.stdout) as {
        files: { diagnostics: { code: string; line: number; message: string }[]; joins: { line: number }[] }[];
      }
    ).files;
    const abandoned = report.diagnostics.filter((d) => d.code === 'sql-statement-budget');
    assert.deepEqual(
      abandoned.map((d) => d.line),
      [1],
    );
    assert.match(abandoned[0].message, /statement budget \(200 ms\)/);
    // The statement after it is analysed: its join, on line 2.
    assert.deepEqual(
      report.joins.map((j) => j.line),
      [2],
    );
  });

  it('reads --statement-budget-ms as a non-negative number of milliseconds', () => {
    const budget = (argv: string[]) => {
      const c = parseArgs(argv);
      assert.equal(c.kind, 'analyze');
      return c.kind === 'analyze' ? c.args.statementBudgetMs : undefined;
    };
    assert.equal(DEFAULT_STATEMENT_BUDGET_MS, 2000);
    assert.equal(budget(['analyze', 'x.sql']), 2000);
    assert.equal(budget(['analyze', 'x.sql', '--statement-budget-ms', '500']), 500);
    assert.equal(budget(['analyze', 'x.sql', '--statement-budget-ms=0']), 0);
    for (const bad of ['-1', 'soon', ''])
      assert.throws(
        () => parseArgs(['analyze', 'x.sql', `--statement-budget-ms=${bad}`]),
        /--statement-budget-ms takes a non-negative number/,
      );
    const r = run('analyze', 'examples/orders/orders.sql', '--statement-budget-ms', 'x');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--statement-budget-ms takes a non-negative number, not 'x'/);
  });

  it('writes all of a JSON report of more than 1 MB through a pipe before it exits', async function () {
    this.timeout(120_000);
    // Files of six Kafka tables joined in one chain on id; each file's report is a few KB.
    const dir = mkdtempSync(join(tmpdir(), 'flink-kpu-big-'));
    const files = 240;
    for (let i = 0; i < files; i++) {
      const tables = [0, 1, 2, 3, 4, 5].map(
        (t) => `CREATE TABLE t${t} (id BIGINT, v${t} STRING) WITH ('connector' = 'kafka');`,
      );
      const joins = [1, 2, 3, 4, 5].map((t) => ` JOIN t${t} ON t${t - 1}.id = t${t}.id`).join('');
      mkdirSync(join(dir, `team${i % 7}`), { recursive: true });
      writeFileSync(
        join(dir, `team${i % 7}`, `job${i}.sql`),
        `${tables.join('\n')}\nINSERT INTO out SELECT * FROM t0${joins};\n`,
      );
    }
    const r = await runPiped(['analyze', dir, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.length > 1024 * 1024, `${r.stdout.length} bytes: the test needs more than 1 MB`);
    const out = JSON.parse(r.stdout.toString('utf8'));
    assert.equal(out.files.length, files);
    assert.ok(out.files.every((f: { chains: unknown[] }) => f.chains.length === 1));
  });

  it('stops quietly when the reader closes the pipe early (| head -1)', async function () {
    this.timeout(60_000);
    const r = await runPiped(['analyze', 'examples', '--format', 'json'], { stopAfterFirstChunk: true });
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
  });

  it('reports a binary .sql or descriptor as not text, once, and escapes control characters in text output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-kpu-'));
    const binary = Uint8Array.from({ length: 1024 }, (_, i) => i % 256);
    writeFileSync(join(dir, 'x.sql'), binary);
    writeFileSync(join(dir, 'x.flinkjob.yaml'), binary);
    // Any other .json may hold an AWS descriptor: binary, it is none.
    writeFileSync(join(dir, 'x.json'), binary);
    // ESC in a quoted table name, and in a broken statement the parser echoes.
    writeFileSync(
      join(dir, 'esc.sql'),
      'SELECT * FROM a JOIN `b\x1b[31m` ON a.id = `b\x1b[31m`.id;\nSELEC \x1b[31m x;\n',
    );
    // A right-to-left override (U+202E) in a table name: JSON.stringify would keep it as it is.
    writeFileSync(join(dir, 'bidi.sql'), 'SELECT * FROM a JOIN `r\u202eb` ON a.id = `r\u202eb`.id;\n');
    const json = run('analyze', dir, '--format', 'json');
    assert.equal(json.code, 0, json.stderr);
    assert.ok(!json.stdout.includes('\u202e'), 'no raw U+202E in the JSON');
    const files = JSON.parse(json.stdout).files as Array<{
      path: string;
      diagnostics: unknown[];
      joins: Array<{ right: string }>;
    }>;
    // ... but the same string once parsed.
    assert.equal(files.find((x) => x.path.endsWith('bidi.sql'))?.joins[0].right, 'r\u202eb');
    assert.equal(
      files.find((x) => x.path.endsWith('x.json')),
      undefined,
    );
    const explicitJson = run('analyze', join(dir, 'x.json'));
    assert.equal(explicitJson.code, 2);
    assert.match(explicitJson.stderr, /x\.json' is not a text file \(NUL bytes\)/);
    for (const name of ['x.sql', 'x.flinkjob.yaml']) {
      const f = files.find((x) => x.path.endsWith(name));
      assert.deepEqual(
        f?.diagnostics,
        [
          {
            severity: 'warning',
            code: 'not-text',
            message: 'not a text file: not analysed (NUL bytes)',
            line: 1,
            column: 1,
          },
        ],
        name,
      );
      assert.deepEqual(f?.joins, []);
    }
    const text = spawnSync(process.execPath, [cli, 'analyze', dir], { cwd: root });
    assert.equal(text.status, 0);
    assert.equal(text.stdout.indexOf(0x1b), -1, 'no ESC byte on stdout');
    const out = text.stdout.toString('utf8');
    // The join's right side and the syntax error's token, escaped.
    assert.ok(out.includes('⋈ b\\x1b[31m on a.id = b\\x1b[31m.id'), out);
    assert.ok(out.includes('"\\x1b" is no valid input at all'), out);
    assert.ok(out.includes('⋈ r\\u202eb on a.id = r\\u202eb.id'), out);
    assert.ok(!out.includes('\u202e'), 'no raw U+202E in the text');
    // JSON messages are escaped the same way (a JSON string holding a backslash, x, 1, b).
    const esc = files.find((x) => x.path.endsWith('esc.sql')) as unknown as { diagnostics: Array<{ message: string }> };
    assert.ok(esc.diagnostics.some((d) => d.message === '"\\x1b" is no valid input at all'));
  });

  it('says there is nothing to analyse in an empty SQL file and an empty descriptor', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-kpu-'));
    writeFileSync(join(dir, 'empty.sql'), '');
    writeFileSync(join(dir, 'notes.sql'), '-- to do\n');
    writeFileSync(join(dir, 'empty.flinkjob.yaml'), '\n');
    writeFileSync(join(dir, 'unrelated.yaml'), '');
    const r = run('analyze', dir);
    assert.equal(r.code, 0, r.stderr);
    const blocks = r.stdout.trim().split('\n\n');
    // unrelated.yaml is no descriptor: three files, each its header and its one diagnostic.
    assert.equal(blocks.length, 3);
    for (const [name, what, message] of [
      ['empty.flinkjob.yaml', 'flinkjob descriptor', 'the file is empty'],
      ['empty.sql', 'Flink SQL', 'the file is empty'],
      ['notes.sql', 'Flink SQL', 'the file has only comments'],
    ]) {
      const block = blocks.find((b) => b.split('\n')[0].endsWith(`${name} (${what})`));
      assert.deepEqual(block?.split('\n').slice(1), [`  1:1 info [empty-file] nothing to analyse: ${message}`], name);
    }
  });
});

describe('flink-kpu CLI: one descriptor lookup for a SQL file', () => {
  const JOB = (sql: string) =>
    `name: j\nplatform: aws-managed-flink\nregion: us-east-1\nparallelism: 2\nsql: ${sql}\ntables:\n  customers:\n    rows: 1234\n`;
  const SQL = [
    "CREATE TABLE orders (order_id BIGINT, customer_id BIGINT) WITH ('connector' = 'kafka', 'format' = 'json');",
    "CREATE TABLE customers (id BIGINT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
    'INSERT INTO s SELECT o.order_id, c.name FROM orders o JOIN customers c ON o.customer_id = c.id;',
  ].join('\n');
  // customers' key is the join key: its rows are the key group's distinct keys, 1,234 declared
  // (else JOB_DEFAULTS' 1,000,000 rows for an input with a key).
  const keysOf = (out: string) => JSON.parse(out).files[0].chains[0].keyGroups[0].distinctKeys;

  it('a SQL file given alone uses the descriptor beside it that names it, and says which', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-kpu-beside-'));
    writeFileSync(join(dir, 'job.flinkjob.yaml'), JOB('q.sql'));
    writeFileSync(join(dir, 'q.sql'), SQL);
    const r = run('analyze', join(dir, 'q.sql'), '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(keysOf(r.stdout), 1234);
    assert.deepEqual(JSON.parse(r.stdout).files[0].descriptor.how, 'found beside it');
    assert.match(
      run('analyze', join(dir, 'q.sql')).stdout,
      /statistics: from .*job\.flinkjob\.yaml \(job j\), which names this file \(found beside it\)/,
    );
  });

  it('looks up the folders above it only inside a repository, up to its root', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-kpu-above-'));
    mkdirSync(join(dir, 'sql'));
    writeFileSync(join(dir, 'job.flinkjob.yaml'), JOB('sql/q.sql'));
    writeFileSync(join(dir, 'sql', 'q.sql'), SQL);
    assert.equal(keysOf(run('analyze', join(dir, 'sql', 'q.sql'), '--format', 'json').stdout), 1_000_000);
    assert.equal(spawnSync('git', ['init', '-q'], { cwd: dir }).status, 0);
    assert.equal(keysOf(run('analyze', join(dir, 'sql', 'q.sql'), '--format', 'json').stdout), 1234);
  });

  it('--descriptor FILE gives the job; a missing one is a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-kpu-given-'));
    writeFileSync(join(dir, 'other.flinkjob.yaml'), JOB('elsewhere.sql'));
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, 'x', 'q.sql'), SQL);
    const r = run(
      'analyze',
      join(dir, 'x', 'q.sql'),
      '--descriptor',
      join(dir, 'other.flinkjob.yaml'),
      '--format',
      'json',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(keysOf(r.stdout), 1234);
    const missing = run('analyze', join(dir, 'x', 'q.sql'), '--descriptor', join(dir, 'nope.yaml'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*nope\.yaml.*--descriptor/);
  });
});
