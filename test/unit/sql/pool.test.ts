import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisSession, analyzeSqlFile, estimateAhead } from '../../../src/analysis';
import { analyzeSql } from '../../../src/sql';
import { ParsePool, TICK_MS } from '../../../src/sql/pool';
import { ManualTimers, until } from './timers';

// The unit bundle runs from out/test; `npm run test:unit` builds dist/ (worker.js, engine.js) first.
const root = join(__dirname, '..', '..');
const worker = join(root, 'dist', 'worker.js');

/** Four statements, one per line; the join is on line 4. */
const FILE = [
  "CREATE TABLE a (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
  "CREATE TABLE b (id BIGINT, w STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
  "SET 'table.exec.state.ttl' = '1 d';",
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
  // Each test has a session of its own: nothing is parsed for it before it starts.
  let session: AnalysisSession;
  beforeEach(() => {
    session = new AnalysisSession();
  });

  it('parses every statement on its threads, and the analysis then parses none on this one', async () => {
    const r = await pool.prefetch(session.sql, FILE);
    assert.equal(r.parsed, 4);
    assert.equal(r.left, 0);
    assert.equal(r.facts.size, 4);
    assert.deepEqual(session.sql.statementsToParse(FILE), []);
    const sql = analyzeSql(session.sql, FILE);
    assert.equal(sql.joins.length, 1);
    assert.equal(sql.joins[0].range.start.line, 4);
    // A second parse-ahead of the same text has nothing to do.
    assert.equal((await pool.prefetch(session.sql, FILE)).parsed, 0);
    // An edit: one statement, sent to both threads; the first answer counts, once.
    const before = pool.parsedTotal;
    const edited = FILE.replace('a.id = b.id;', 'a.id = b.id WHERE a.v <> b.w;');
    const e = await pool.prefetch(session.sql, edited);
    assert.equal(e.parsed, 1);
    assert.deepEqual(
      [...e.facts.keys()],
      ['INSERT INTO s SELECT a.id, a.v, b.w FROM a JOIN b ON a.id = b.id WHERE a.v <> b.w'],
    );
    assert.equal(pool.parsedTotal - before, 1);
    assert.equal(analyzeSql(session.sql, edited).joins.length, 1);
  });

  it('resolves the queries while its threads parse, so the analysis after it walks none', async () => {
    // The INSERT is the file's only query (the CREATE TABLEs and the SET have none).
    await pool.prefetch(session.sql, FILE);
    assert.equal(session.sql.queriesWalked, 1);
    const sql = analyzeSql(session.sql, FILE);
    assert.equal(session.sql.queriesWalked, 1);
    assert.deepEqual(
      sql.chains[0].inputs.map((i) => i.name),
      ['a', 'b'],
    );
  });

  it("estimates the chains it resolves ahead with the file's state TTL, so the analysis after it estimates none", async () => {
    // The file's one chain (a JOIN b), in the context of its SET state TTL of 1 d: had the
    // estimate ahead missed the SET, the analysis would estimate the chain again.
    await pool.prefetch(session.sql, FILE, undefined, estimateAhead(session.estimates, undefined));
    assert.equal(session.estimates.chainsEstimated, 1);
    const report = analyzeSqlFile(session, '/f.sql', FILE);
    assert.equal(report.estimate?.stateTtlSec, 86_400);
    assert.equal(session.estimates.chainsEstimated, 1);
  });

  it('gives the same analysis as parsing on this thread, for the examples', async () => {
    for (const f of ['examples/orders/orders.sql', 'examples/offer-enrichment/enrichment.sql']) {
      const text = readFileSync(join(root, f), 'utf8');
      const here = analyzeSql(new AnalysisSession().sql, text);
      session = new AnalysisSession();
      const r = await pool.prefetch(session.sql, text);
      assert.equal(r.left, 0, f);
      assert.equal(r.parsed, here.statements.length, f);
      assert.deepEqual(session.sql.statementsToParse(text), [], f);
      assert.deepEqual(analyzeSql(session.sql, text), here, f);
    }
  });

  it('gives the same report with queries resolved and chains estimated ahead, for every SQL fixture', async () => {
    const dirs = ['test/fixtures/sql', 'test/fixtures/bad'];
    const files = dirs.flatMap((d) =>
      readdirSync(join(root, d))
        .filter((f) => f.endsWith('.sql'))
        .map((f) => join(d, f)),
    );
    assert.ok(files.length >= 12, files.join(' '));
    for (const f of files) {
      const text = readFileSync(join(root, f), 'utf8');
      const here = JSON.stringify(analyzeSqlFile(new AnalysisSession(), f, text));
      session = new AnalysisSession();
      await pool.prefetch(session.sql, text, undefined, estimateAhead(session.estimates, undefined));
      assert.equal(JSON.stringify(analyzeSqlFile(session, f, text)), here, f);
    }
  });

  it('hands its facts to the analysis, for files with more statements than the cache keeps (5,000)', async () => {
    const text = Array.from({ length: 5_100 }, (_, i) => `SET 'pool.test.k${i}' = 'v${i}';`).join('\n');
    const r = await pool.prefetch(session.sql, text);
    assert.equal(r.parsed, 5_100);
    assert.equal(r.left, 0);
    // The cache kept the last 5,000: the first 100 are gone from it, not from r.facts.
    assert.equal(session.sql.statementsToParse(text).length, 100);
    // With the facts handed over, a budget already spent stops no parse: none is needed.
    const sql = analyzeSql(session.sql, text, { budgetMs: 0, budgetStart: Date.now() - 1, parsed: r.facts });
    assert.ok(
      !sql.diagnostics.some((d) => /ms: \d+ of \d+ statements/.test(d.message)),
      JSON.stringify(sql.diagnostics),
    );
    assert.equal(sql.settings.length, 5_100);
    assert.deepEqual(sql.settings[0], { ...sql.settings[0], key: 'pool.test.k0', value: 'v0' });
  });

  it("takes a hedged statement's first answer only: the slower thread's comes later and is dropped", async () => {
    const text = "SELECT 'hedged' AS h FROM t";
    const r = await pool.prefetch(session.sql, text);
    assert.equal(r.parsed, 1);
    const first = r.facts.get(text);
    assert.ok(first);
    assert.equal(session.sql.peekFacts(text), first);
    // The other thread's answer, still on its way, must replace neither (it is another copy).
    await until(() => !pool.busy);
    assert.equal(r.facts.get(text), first);
    assert.equal(session.sql.peekFacts(text), first);
  });

  it('sends a statement once when two callers ask for it at the same time', async () => {
    const before = pool.parsedTotal;
    const [x, y] = await Promise.all([pool.prefetch(session.sql, FILE), pool.prefetch(session.sql, FILE)]);
    assert.equal(x.parsed + y.parsed, 4);
    assert.equal(pool.parsedTotal - before, 4);
    assert.equal(y.left, 0);
    // Each call answers with every statement's facts, whichever call sent it.
    assert.equal(x.facts.size, 4);
    assert.equal(y.facts.size, 4);
  });

  it('stops at its deadline, and the analysis whose budget began with it parses nothing more', async () => {
    const start = Date.now();
    const r = await pool.prefetch(session.sql, FILE, 0);
    assert.equal(r.parsed, 0);
    assert.equal(r.left, 4);
    const sql = analyzeSql(session.sql, FILE, { budgetMs: 0, budgetStart: start });
    const budget = sql.diagnostics.filter((d) => d.code === 'sql-budget');
    assert.equal(budget.length, 1);
    assert.match(budget[0].message, /4 of 4 statements \(from line 1\)/);
  });

  it('stops its threads after a quiet spell and starts them again when asked', async () => {
    const timers = new ManualTimers();
    const idle = new ParsePool(worker, 2, { idleMs: 200, timers });
    try {
      assert.equal((await idle.prefetch(session.sql, FILE)).parsed, 4);
      assert.equal(idle.running, 2);
      timers.advance(199);
      assert.equal(idle.running, 2);
      timers.advance(1);
      assert.equal(idle.running, 0);
      session = new AnalysisSession();
      assert.equal((await idle.prefetch(session.sql, FILE)).parsed, 4);
      assert.equal(idle.running, 2);
      assert.equal(idle.lastError, undefined);
    } finally {
      idle.dispose();
    }
  });

  it('leaves the statements to the caller when its threads cannot start, and stops restarting them', async () => {
    const broken = new ParsePool(join(root, 'dist', 'no-such-worker.js'), 2);
    try {
      const r = await broken.prefetch(session.sql, FILE);
      assert.equal(r.parsed, 0);
      assert.equal(r.left, 4);
      // After a few failures the pool gives up: a prefetch then answers at once.
      for (let i = 0; i < 4; i++) await broken.prefetch(session.sql, FILE);
      assert.equal((await broken.prefetch(session.sql, FILE)).left, 4);
      assert.equal(analyzeSql(session.sql, FILE).joins.length, 1);
    } finally {
      broken.dispose();
    }
  });
});

/**
 * The budgets, on a clock that moves only when the test says (ManualTimers), and a thread
 * (test/fixtures/workers/hang-worker.js) whose statements end only when the test says: HANG
 * never, WAIT_FOR_BUDGET once the pool says the request's budget passed. Nothing here
 * depends on how fast the machine is.
 */
describe('parse threads: the statement and request budgets', function () {
  // A replaced thread loads the engine and warms its parser again (a second or two).
  this.timeout(60_000);
  const hangWorker = join(root, 'test', 'fixtures', 'workers', 'hang-worker.js');
  let session: AnalysisSession;
  beforeEach(() => {
    session = new AnalysisSession();
  });

  const HANG = "SELECT id FROM a WHERE v = 'HANG'";
  /** FILE, then a statement that never finishes parsing (line 5), then a join (line 6). */
  const HANGING_FILE = `${FILE}\n${HANG};\nINSERT INTO s2 SELECT a.id FROM a JOIN b ON a.id = b.id;`;

  it('gives up on a statement that parses past the statement budget; the analysis reports it and reads the rest', async () => {
    const timers = new ManualTimers();
    const pool = new ParsePool(hangWorker, 1, { statementBudgetMs: 2_000, timers });
    try {
      const ahead = pool.prefetch(session.sql, HANGING_FILE);
      await until(() => pool.parsingNow().includes(HANG));
      // The pool first sees the thread on it at its first tick; the budget runs from there.
      timers.advance(TICK_MS);
      timers.advance(1_999);
      assert.deepEqual(pool.parsingNow(), [HANG]);
      timers.advance(1);
      const r = await ahead;
      // Four statements of FILE and the INSERT parsed; the SELECT given up on, none left.
      assert.equal(r.parsed, 5);
      assert.equal(r.abandoned, 1);
      assert.equal(r.left, 0);
      assert.equal(r.facts.get(HANG)?.abandoned?.code, 'sql-statement-budget');
      const sql = analyzeSql(session.sql, HANGING_FILE, { parsed: r.facts });
      const given = sql.diagnostics.filter((d) => d.code === 'sql-statement-budget');
      assert.equal(given.length, 1);
      assert.equal(given[0].severity, 'warning');
      assert.equal(given[0].range.start.line, 5);
      assert.match(given[0].message, /longer than the statement budget \(2000 ms\)/);
      assert.deepEqual(
        sql.joins.map((j) => j.range.start.line),
        [4, 6],
      );
      // The thread was replaced, not lost.
      assert.equal(pool.running, 1);
      assert.equal(pool.lastError, undefined);
    } finally {
      pool.dispose();
    }
  });

  it("counts a request's budget from when its thread starts on it, not while it waits behind another file's", async () => {
    const timers = new ManualTimers();
    const pool = new ParsePool(hangWorker, 1, { statementBudgetMs: 120_000, timers });
    try {
      const first = pool.prefetch(session.sql, `${HANG};`);
      // A minute: the thread's own backstop clock (real time) never cuts four statements short.
      const second = pool.prefetch(session.sql, FILE, 60_000);
      await until(() => pool.parsingNow().includes(HANG));
      // FILE waits 2 minutes behind the hanging statement, twice its budget; then the thread
      // that replaces the hanging one parses it, and the pool's clock stands still meanwhile.
      timers.advance(TICK_MS);
      timers.advance(120_000);
      assert.equal((await first).abandoned, 1);
      const r = await second;
      assert.equal(r.parsed, 4);
      assert.equal(r.left, 0);
    } finally {
      pool.dispose();
    }
  });

  it("skips the rest of a request once the pool's clock says its budget passed", async () => {
    const timers = new ManualTimers();
    const pool = new ParsePool(hangWorker, 1, { timers });
    const text = "SELECT 'WAIT_FOR_BUDGET' FROM a;\nSELECT 1 FROM b;\nSELECT 2 FROM c;";
    try {
      // A minute: the thread's own backstop clock stays out of it; the pool's clock decides.
      const ahead = pool.prefetch(session.sql, text, 60_000);
      await until(() => pool.parsingNow().length > 0);
      timers.advance(TICK_MS);
      timers.advance(60_000);
      const r = await ahead;
      // The first statement was being parsed when the budget passed; the other two were skipped.
      assert.equal(r.parsed, 1);
      assert.equal(r.left, 2);
    } finally {
      pool.dispose();
    }
  });

  it("stops a request by the thread's own clock when the pool's ticks do not come (a busy extension host)", async () => {
    // The pool's clock never moves here, so it never says the budget passed. The first statement
    // takes at least 50 ms, more than the 10 ms budget: the thread skips the other two itself.
    const pool = new ParsePool(hangWorker, 1, { timers: new ManualTimers() });
    try {
      const r = await pool.prefetch(
        session.sql,
        "SELECT 'SLEEP_50_MS' FROM a;\nSELECT 1 FROM b;\nSELECT 2 FROM c;",
        10,
      );
      assert.equal(r.parsed, 1);
      assert.equal(r.left, 2);
    } finally {
      pool.dispose();
    }
  });

  it('reports a statement whose reading throws on a thread, and does not parse it again here', async () => {
    const pool = new ParsePool(hangWorker, 1);
    const text = `${FILE}\nSELECT id FROM a WHERE v = 'THROW';`;
    try {
      const r = await pool.prefetch(session.sql, text);
      assert.equal(r.parsed, 4);
      assert.equal(r.abandoned, 1);
      const sql = analyzeSql(session.sql, text, { parsed: r.facts });
      const internal = sql.diagnostics.filter((d) => d.code === 'sql-internal');
      assert.equal(internal.length, 1);
      assert.equal(internal[0].range.start.line, 5);
      // The message is the thread's: this thread never read the statement (it would not throw here).
      assert.match(internal[0].message, /a bug in reading this statement/);
    } finally {
      pool.dispose();
    }
  });
});
