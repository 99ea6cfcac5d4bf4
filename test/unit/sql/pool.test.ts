import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSqlFile, chainsEstimated, clearEstimateCache, estimateAhead } from '../../../src/analysis';
import { analyzeSql } from '../../../src/sql';
import { clearStatementCache, queriesWalked, statementsToParse } from '../../../src/sql/analyze';
import { ParsePool } from '../../../src/sql/pool';

// The unit bundle runs from out/test; `npm run test:unit` builds dist/ (worker.js, engine.js) first.
const root = join(__dirname, '..', '..');
const worker = join(root, 'dist', 'worker.js');

/** Four statements, one per line; the join is on line 4. */
const FILE = [
  "CREATE TABLE a (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
  "CREATE TABLE b (id BIGINT, w STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
  'SET \'table.exec.state.ttl\' = \'1 d\';',
  'INSERT INTO s SELECT a.id, a.v, b.w FROM a JOIN b ON a.id = b.id;',
].join('\n');

describe('parse threads (ParsePool)', function () {
  // Each thread loads the engine bundle and warms its parser first (a second or two).
  this.timeout(60_000);
  let pool: ParsePool;
  before(() => {
    pool = new ParsePool(worker, 2);
  });
  after(() => pool.dispose());
  beforeEach(() => clearStatementCache());

  it('parses every statement on its threads, and the analysis then parses none on this one', async () => {
    const r = await pool.prefetch(FILE);
    assert.equal(r.parsed, 4);
    assert.equal(r.left, 0);
    assert.equal(r.facts.size, 4);
    assert.deepEqual(statementsToParse(FILE), []);
    const sql = analyzeSql(FILE);
    assert.equal(sql.joins.length, 1);
    assert.equal(sql.joins[0].range.start.line, 4);
    // A second parse-ahead of the same text has nothing to do.
    assert.equal((await pool.prefetch(FILE)).parsed, 0);
    // An edit: one statement, sent to both threads; the first answer counts, once.
    const before = pool.parsedTotal;
    const edited = FILE.replace('a.id = b.id;', 'a.id = b.id WHERE a.v <> b.w;');
    const e = await pool.prefetch(edited);
    assert.equal(e.parsed, 1);
    assert.deepEqual([...e.facts.keys()], ['INSERT INTO s SELECT a.id, a.v, b.w FROM a JOIN b ON a.id = b.id WHERE a.v <> b.w']);
    assert.equal(pool.parsedTotal - before, 1);
    assert.equal(analyzeSql(edited).joins.length, 1);
  });

  it('resolves the queries while its threads parse, so the analysis after it walks none', async () => {
    // The INSERT is the file's only query (the CREATE TABLEs and the SET have none).
    const before = queriesWalked();
    await pool.prefetch(FILE);
    assert.equal(queriesWalked() - before, 1);
    const sql = analyzeSql(FILE);
    assert.equal(queriesWalked() - before, 1);
    assert.deepEqual(sql.chains[0].inputs.map((i) => i.name), ['a', 'b']);
  });

  it("estimates the chains it resolves ahead with the file's state TTL, so the analysis after it estimates none", async () => {
    clearEstimateCache();
    const before = chainsEstimated();
    // The file's one chain (a JOIN b), in the context of its SET state TTL of 1 d: had the
    // estimate ahead missed the SET, the analysis would estimate the chain again.
    await pool.prefetch(FILE, undefined, estimateAhead(undefined));
    assert.equal(chainsEstimated() - before, 1);
    const report = analyzeSqlFile('/f.sql', FILE);
    assert.equal(report.estimate?.stateTtlSec, 86_400);
    assert.equal(chainsEstimated() - before, 1);
  });

  it('gives the same analysis as parsing on this thread, for the examples', async () => {
    for (const f of ['examples/orders/orders.sql', 'examples/offer-enrichment/enrichment.sql']) {
      const text = readFileSync(join(root, f), 'utf8');
      const here = analyzeSql(text);
      clearStatementCache();
      const r = await pool.prefetch(text);
      assert.equal(r.left, 0, f);
      assert.equal(r.parsed, here.statements.length, f);
      assert.deepEqual(statementsToParse(text), [], f);
      assert.deepEqual(analyzeSql(text), here, f);
    }
  });

  it('gives the same report with queries resolved and chains estimated ahead, for every SQL fixture', async () => {
    const dirs = ['test/fixtures/sql', 'test/fixtures/bad'];
    const files = dirs.flatMap((d) => readdirSync(join(root, d)).filter((f) => f.endsWith('.sql')).map((f) => join(d, f)));
    assert.ok(files.length >= 12, files.join(' '));
    for (const f of files) {
      const text = readFileSync(join(root, f), 'utf8');
      clearStatementCache();
      clearEstimateCache();
      const here = JSON.stringify(analyzeSqlFile(f, text));
      clearStatementCache();
      clearEstimateCache();
      await pool.prefetch(text, undefined, estimateAhead(undefined));
      assert.equal(JSON.stringify(analyzeSqlFile(f, text)), here, f);
    }
  });

  it('hands its facts to the analysis, for files with more statements than the cache keeps (5,000)', async () => {
    const text = Array.from({ length: 5_100 }, (_, i) => `SET 'pool.test.k${i}' = 'v${i}';`).join('\n');
    const r = await pool.prefetch(text);
    assert.equal(r.parsed, 5_100);
    assert.equal(r.left, 0);
    // The cache kept the last 5,000: the first 100 are gone from it, not from r.facts.
    assert.equal(statementsToParse(text).length, 100);
    // With the facts handed over, a budget already spent stops no parse: none is needed.
    const sql = analyzeSql(text, { budgetMs: 0, budgetStart: Date.now() - 1, parsed: r.facts });
    assert.ok(!sql.diagnostics.some((d) => /ms: \d+ of \d+ statements/.test(d.message)), JSON.stringify(sql.diagnostics));
    assert.equal(sql.settings.length, 5_100);
    assert.deepEqual(sql.settings[0], { ...sql.settings[0], key: 'pool.test.k0', value: 'v0' });
  });

  it("takes a hedged statement's first answer only: the slower thread's comes later and is dropped", async () => {
    const text = "SELECT 'hedged' AS h FROM t";
    const r = await pool.prefetch(text);
    assert.equal(r.parsed, 1);
    // Forget it at once: the other thread's answer, still on its way, must not bring it back.
    clearStatementCache();
    await new Promise((done) => setTimeout(done, 300));
    assert.deepEqual(statementsToParse(text), [text]);
  });

  it('sends a statement once when two callers ask for it at the same time', async () => {
    const before = pool.parsedTotal;
    const [x, y] = await Promise.all([pool.prefetch(FILE), pool.prefetch(FILE)]);
    assert.equal(x.parsed + y.parsed, 4);
    assert.equal(pool.parsedTotal - before, 4);
    assert.equal(y.left, 0);
    // Each call answers with every statement's facts, whichever call sent it.
    assert.equal(x.facts.size, 4);
    assert.equal(y.facts.size, 4);
  });

  it('stops at its deadline, and the analysis whose budget began with it parses nothing more', async () => {
    const start = Date.now();
    const r = await pool.prefetch(FILE, 0);
    assert.equal(r.parsed, 0);
    assert.equal(r.left, 4);
    const sql = analyzeSql(FILE, { budgetMs: 0, budgetStart: start });
    const budget = sql.diagnostics.filter((d) => d.code === 'sql-budget');
    assert.equal(budget.length, 1);
    assert.match(budget[0].message, /4 of 4 statements \(from line 1\)/);
  });

  it("counts a request's budget from when its thread starts on it, not while it waits behind another file's", async () => {
    const one = new ParsePool(worker, 1);
    try {
      // A file that takes its whole 400 ms budget (3,000 CREATE TABLEs take several times
      // that), then FILE with 200 ms: FILE waits ~400 ms in the queue, more than its budget.
      const big = Array.from({ length: 3_000 }, (_, i) => `CREATE TABLE q${i} (id BIGINT, v STRING, ts TIMESTAMP(3)) WITH ('connector' = 'kafka', 'topic' = 'q${i}');`).join('\n');
      const first = one.prefetch(big, 400);
      const second = await one.prefetch(FILE, 200);
      assert.ok((await first).left > 0);
      // All four statements parsed: the 200 ms began when the thread came to them.
      assert.equal(second.parsed, 4);
      assert.equal(second.left, 0);
    } finally {
      one.dispose();
    }
  });

  it('stops its threads after a quiet spell and starts them again when asked', async () => {
    const idle = new ParsePool(worker, 2, 200);
    try {
      assert.equal((await idle.prefetch(FILE)).parsed, 4);
      assert.equal(idle.running, 2);
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(idle.running, 0);
      clearStatementCache();
      assert.equal((await idle.prefetch(FILE)).parsed, 4);
      assert.equal(idle.running, 2);
      assert.equal(idle.lastError, undefined);
    } finally {
      idle.dispose();
    }
  });

  it('leaves the statements to the caller when its threads cannot start, and stops restarting them', async () => {
    const broken = new ParsePool(join(root, 'dist', 'no-such-worker.js'), 2);
    try {
      const r = await broken.prefetch(FILE);
      assert.equal(r.parsed, 0);
    assert.equal(r.left, 4);
      // After a few failures the pool gives up: a prefetch then answers at once.
      for (let i = 0; i < 4; i++) await broken.prefetch(FILE);
      assert.equal((await broken.prefetch(FILE)).left, 4);
      assert.equal(analyzeSql(FILE).joins.length, 1);
    } finally {
      broken.dispose();
    }
  });
});
