import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { AnalysisSession, analyzeSqlFile, type FileReport, Summarizer } from '../../../src/analysis';
import { AnalysisThread } from '../../../src/analysis/thread';

// The unit bundle runs from out/test; `npm run test:unit` builds dist/ (worker.js, engine.js) first.
const root = join(__dirname, '..', '..');
const worker = join(root, 'dist', 'worker.js');
/** As dist/worker.js, with parse threads on which a statement containing HANG never finishes. */
const hangWorker = join(root, 'test', 'fixtures', 'workers', 'analysis-worker.js');

/** Two upsert tables joined on their key: one chain of one join, on line 3. */
const FILE = [
  "CREATE TABLE a (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
  "CREATE TABLE b (id BIGINT, w STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
  'INSERT INTO s SELECT a.id, a.v, b.w FROM a JOIN b ON a.id = b.id;',
].join('\n');

/** What the host receives of an analysis: the report's summary, as a structured clone keeps it. */
const asReceived = (r: FileReport | undefined) => structuredClone(r && new Summarizer().summarize(r));
/** The full report as the host receives it (details()). */
const fullAsReceived = (r: FileReport | undefined) => structuredClone(r);

describe('the analysis thread (AnalysisThread)', function () {
  // The thread loads the engine, and its parse thread warms its parser (a second or two each).
  this.timeout(60_000);
  let thread: AnalysisThread;
  before(() => {
    thread = new AnalysisThread(worker, { parseThreads: 1, statementBudgetMs: 0 });
  });
  after(() => thread.dispose());

  it('answers with the summary of the report the analysis gives on this thread, and the report on asking', async () => {
    const r = await thread.analyze({ kind: 'sql', path: '/t/one.sql', text: FILE, opts: {} }).reply;
    const here = analyzeSqlFile(new AnalysisSession(), '/t/one.sql', FILE);
    assert.deepEqual(r.report, asReceived(here));
    // The join is on line 3; its statements were parsed on the parse thread.
    assert.equal(r.report?.sql?.joins[0].range.start.line, 3);
    assert.ok(thread.stats().parsed >= 3, JSON.stringify(thread.stats()));
    // The summary has no terms: the full report, with the chain's inputs a and b and the join's formulas, comes on asking.
    assert.equal('terms' in (r.report?.estimate?.chains[0].estimate.binary.operators[0] ?? {}), false);
    const full = await thread.details({ kind: 'sql', path: '/t/one.sql' }, r.id);
    assert.deepEqual(full, fullAsReceived(here));
    assert.deepEqual(
      full?.sql?.chains[0].inputs.map((i) => i.name),
      ['a', 'b'],
    );
    assert.ok((full?.estimate?.chains[0].estimate.binary.operators[0].terms.length ?? 0) > 0);
  });

  it("sends an edit's full report as a patch of the one the caller asked for before, and nothing for an analysis analysed again since", async () => {
    const first = await thread.analyze({ kind: 'sql', path: '/t/details.sql', text: FILE, opts: {} }).reply;
    const file = { kind: 'sql', path: '/t/details.sql' } as const;
    const firstFull = await thread.details(file, first.id);
    const edited = FILE.replace('b.w FROM', 'b.w, b.id AS bid FROM');
    const second = await thread.analyze({ ...file, text: edited, opts: {} }, { id: first.id, report: first.report! })
      .reply;
    const secondFull = await thread.details(file, second.id, { id: first.id, report: firstFull! });
    assert.deepEqual(secondFull, fullAsReceived(analyzeSqlFile(new AnalysisSession(), '/t/details.sql', edited)));
    // The first analysis is no longer the file's last: its report is gone.
    assert.equal(await thread.details(file, first.id), undefined);
  });

  it('answers an edit as a patch of the report the caller keeps, which it turns into the whole report', async () => {
    const first = await thread.analyze({ kind: 'sql', path: '/t/edit.sql', text: FILE, opts: {} }).reply;
    // One more column from b: the join's rows grow, the declarations do not change.
    const edited = FILE.replace('b.w FROM', 'b.w, b.id AS bid FROM');
    const base = { id: first.id, report: first.report! };
    const second = await thread.analyze({ kind: 'sql', path: '/t/edit.sql', text: edited, opts: {} }, base).reply;
    assert.deepEqual(second.report, asReceived(analyzeSqlFile(new AnalysisSession(), '/t/edit.sql', edited)));
    // The same text again, against the edit's report: nothing changed, and the report is the same.
    const third = await thread.analyze(
      { kind: 'sql', path: '/t/edit.sql', text: edited, opts: {} },
      { id: second.id, report: second.report! },
    ).reply;
    assert.deepEqual(third.report, second.report);
  });

  it('sends the whole report when the caller keeps another one than the thread sent last', async () => {
    const first = await thread.analyze({ kind: 'sql', path: '/t/base.sql', text: FILE, opts: {} }).reply;
    await thread.analyze({ kind: 'sql', path: '/t/base.sql', text: `${FILE}\n-- a comment`, opts: {} }).reply;
    // `first` is not the thread's last report of the file: a patch of it would be wrong.
    const edited = FILE.replace('a.v,', 'a.v, a.id AS aid,');
    const r = await thread.analyze(
      { kind: 'sql', path: '/t/base.sql', text: edited, opts: {} },
      { id: first.id, report: first.report! },
    ).reply;
    assert.deepEqual(r.report, asReceived(analyzeSqlFile(new AnalysisSession(), '/t/base.sql', edited)));
  });

  it("asks for the files a descriptor's analysis reads, and analyses the job's SQL once it has them", async () => {
    const descriptor = 'name: j\nplatform: aws-managed-flink\nparallelism: 2\nsql: job.sql\n';
    const request = { kind: 'descriptor' as const, path: '/w/job.flinkjob.yaml', text: descriptor, opts: {} };
    const without = await thread.analyze(request).reply;
    assert.deepEqual(without.missing, { files: ['/w/job.sql'], dirs: [] });
    assert.ok(
      without.report?.diagnostics.some((d) => d.code === 'descriptor-sql-missing'),
      JSON.stringify(without.report?.diagnostics),
    );
    const withFile = await thread.analyze({ ...request, files: [['/w/job.sql', FILE]] }).reply;
    assert.deepEqual(withFile.missing, { files: [], dirs: [] });
    assert.equal(withFile.report?.jobs[0].sql?.joins.length, 1);
    // A file the host could not read is sent as null: missing, and not asked for again.
    const unreadable = await thread.analyze({ ...request, files: [['/w/job.sql', null]] }).reply;
    assert.deepEqual(unreadable.missing, { files: [], dirs: [] });
    assert.ok(unreadable.report?.diagnostics.some((d) => d.code === 'descriptor-sql-missing'));
  });

  it('gives a file that is nothing it analyses no report', async () => {
    const r = await thread.analyze({ kind: 'descriptor', path: '/w/other.yaml', text: 'a: 1\n', opts: {} }).reply;
    assert.equal(r.report, undefined);
  });
});

describe('the analysis thread, with parse threads that can hang', function () {
  this.timeout(60_000);

  it('does not start a request cancelled while it was waiting behind another', async () => {
    // The first request's statement never finishes parsing (no statement budget): the second waits.
    const thread = new AnalysisThread(hangWorker, { parseThreads: 1, statementBudgetMs: 0 });
    try {
      const stuck = thread.analyze({ kind: 'sql', path: '/t/hang.sql', text: 'SELECT HANG;', opts: {} });
      const waiting = thread.analyze({ kind: 'sql', path: '/t/wait.sql', text: FILE, opts: {} });
      thread.cancel(waiting.id);
      const r = await waiting.reply;
      assert.equal(r.cancelled, true);
      assert.equal(r.report, undefined);
      // Disposing rejects what is still under way.
      thread.dispose();
      await assert.rejects(stuck.reply, /stopped/);
    } finally {
      thread.dispose();
    }
  });

  it('keeps the statement budget: a statement that hangs is reported, and the statements after it are analysed', async () => {
    // A budget no real statement's parse comes near; the hanging one passes it whatever the machine's speed.
    const thread = new AnalysisThread(hangWorker, { parseThreads: 1, statementBudgetMs: 1_000 });
    try {
      const text = `SELECT HANG;\n${FILE}`;
      const r = await thread.analyze({ kind: 'sql', path: '/t/budget.sql', text, opts: {} }).reply;
      const budget = r.report?.diagnostics.filter((d) => d.code === 'sql-statement-budget') ?? [];
      assert.equal(budget.length, 1, JSON.stringify(r.report?.diagnostics));
      assert.equal(budget[0].range.start.line, 1);
      // The join after it (now on line 4) is analysed.
      assert.equal(r.report?.sql?.joins[0].range.start.line, 4);
    } finally {
      thread.dispose();
    }
  });
});

describe('the analysis thread, when it cannot run', () => {
  it('rejects each request, and after a few failures says it is not usable (the caller analyses itself)', async () => {
    const thread = new AnalysisThread(join(root, 'test', 'fixtures', 'workers', 'no-such-worker.js'), {
      parseThreads: 1,
      statementBudgetMs: 0,
    });
    try {
      for (let i = 0; i < 3 && thread.usable; i++)
        await assert.rejects(thread.analyze({ kind: 'sql', path: '/t/x.sql', text: FILE, opts: {} }).reply);
      await assert.rejects(thread.analyze({ kind: 'sql', path: '/t/x.sql', text: FILE, opts: {} }).reply);
      assert.equal(thread.usable, false);
      assert.match(thread.stats().lastError ?? '', /no-such-worker|Cannot find/);
    } finally {
      thread.dispose();
    }
  });
});
