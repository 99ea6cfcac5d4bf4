import { strict as assert } from 'node:assert';
import { AnalysisSession, estimateAhead, estimateSql } from '../../../src/analysis';
import { parseDescriptor } from '../../../src/descriptor';
import { analyzeSql } from '../../../src/sql';
import { ResolveAhead } from '../../../src/sql/resolveAhead';
import { extractStatement } from '../../../src/sql/extract';
import type { StatementFacts } from '../../../src/sql/facts';

// While the parse threads parse, the queries of a file are resolved as their facts come, once
// every declaration's facts are in (ResolveAhead); the analysis after the parse then walks none.
// Three queries here: the first INSERT (written before the tables it reads), the view, the second INSERT.
const STATEMENTS = [
  'INSERT INTO s1 SELECT a.id, b.w FROM a JOIN b ON a.id = b.id',
  "CREATE TABLE a (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka')",
  "CREATE TABLE b (id BIGINT, w STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka')",
  'CREATE VIEW v AS SELECT id, w FROM b',
  'INSERT INTO s2 SELECT a.id, v.w FROM a JOIN v ON a.id = v.id',
];
const FILE = STATEMENTS.map((s) => `${s};`).join('\n');
// ResolveAhead works at most an 8 ms slice per batch. A clock that never moves: no slice ends,
// however busy the machine, so each batch resolves everything it can.
const still = { clock: () => 0 };

describe('resolution ahead of the analysis (ResolveAhead)', () => {
  // Each test has a session of its own: nothing is parsed or resolved for it before it starts.
  let session: AnalysisSession;
  beforeEach(() => {
    session = new AnalysisSession();
  });

  it('waits for every declaration, then resolves each query once, as the analysis would', () => {
    const parsed = new Map<string, StatementFacts>();
    const ahead = new ResolveAhead(session.sql, FILE, parsed, undefined, still);
    const arrive = (...texts: string[]) => {
      for (const s of texts) parsed.set(s, extractStatement(s));
      ahead.arrived(texts);
    };
    // The queries' facts alone: a table may still be declared, nothing is resolved.
    arrive(STATEMENTS[0], STATEMENTS[4]);
    assert.equal(session.sql.queriesWalked, 0);
    // One of the three declarations: still waiting.
    arrive(STATEMENTS[1]);
    assert.equal(session.sql.queriesWalked, 0);
    // All of them: the two INSERTs and the view are resolved, and the same facts again add nothing.
    arrive(STATEMENTS[2], STATEMENTS[3]);
    arrive(STATEMENTS[2]);
    assert.equal(session.sql.queriesWalked, 3);

    // The analysis finds all three resolved, and is the analysis made without resolving ahead.
    const withAhead = analyzeSql(session.sql, FILE, { parsed });
    assert.equal(session.sql.queriesWalked, 3);
    const scratch = new AnalysisSession();
    const fromScratch = analyzeSql(scratch.sql, FILE);
    assert.equal(scratch.sql.queriesWalked, 3);
    assert.deepEqual(withAhead, fromScratch);
    // The first INSERT read the tables declared after it: both inputs of its join are known.
    assert.deepEqual(
      withAhead.chains[0].inputs.map((i) => [i.name, i.known]),
      [
        ['a', true],
        ['b', true],
      ],
    );
  });

  it("keeps what it resolved under the file's declarations: when one changes, the analysis resolves again", () => {
    const parsed = new Map(STATEMENTS.map((s) => [s, extractStatement(s)]));
    new ResolveAhead(session.sql, FILE, parsed, undefined, still).arrived(STATEMENTS);
    assert.equal(session.sql.queriesWalked, 3);
    // Table b gains a column: every query is resolved against other declarations now.
    const changed = FILE.replace('w STRING,', 'w STRING, x INT,');
    analyzeSql(session.sql, changed);
    assert.equal(session.sql.queriesWalked, 6);
  });

  it('hands each chain it resolves to onChains, whose estimates estimateSql then finds', () => {
    const parsed = new Map(STATEMENTS.map((s) => [s, extractStatement(s)]));
    const heard: string[] = [];
    const warm = estimateAhead(session.estimates, undefined);
    new ResolveAhead(
      session.sql,
      FILE,
      parsed,
      (chains, ttl) => {
        heard.push(...chains.map((c) => c.inputs.map((i) => i.name).join(' JOIN ')));
        warm(chains, ttl);
      },
      still,
    ).arrived(STATEMENTS);
    // The two INSERTs join; the view does not.
    assert.deepEqual(heard, ['a JOIN b', 'a JOIN v']);
    assert.equal(session.estimates.chainsEstimated, 2);
    const e = estimateSql(analyzeSql(session.sql, FILE, { parsed }), undefined, {}, session.estimates);
    assert.equal(e.chains.length, 2);
    assert.equal(session.estimates.chainsEstimated, 2);
  });

  it('works at most its slice per batch, and resolves the rest with the batches after it', () => {
    const parsed = new Map(STATEMENTS.map((s) => [s, extractStatement(s)]));
    const heard: string[] = [];
    // Each look at the clock finds it 5 ms later. A batch looks once when it starts and once
    // before each statement: the first look after the start is 5 ms in (under the 8 ms slice),
    // the second 10 ms (past it). So each batch takes exactly one statement of those waiting.
    let now = 0;
    const ahead = new ResolveAhead(
      session.sql,
      FILE,
      parsed,
      (chains) => heard.push(...chains.map((c) => c.inputs.map((i) => i.name).join(' JOIN '))),
      { clock: () => (now += 5) },
    );
    const walked: number[] = [];
    // The first batch brings all five statements, in file order; the next ones bring nothing new.
    ahead.arrived(STATEMENTS);
    walked.push(session.sql.queriesWalked);
    for (let batch = 2; batch <= 6; batch++) {
      ahead.arrived([STATEMENTS[0]]);
      walked.push(session.sql.queriesWalked);
    }
    // One statement per batch, in file order: the first INSERT (a walk), tables a and b (no
    // query), the view and the second INSERT (a walk each); the sixth batch finds none left.
    assert.deepEqual(walked, [1, 1, 1, 2, 3, 3]);
    assert.deepEqual(heard, ['a JOIN b', 'a JOIN v']);
  });

  it('stops, without throwing, at an error in resolving or estimating (the analysis reports it)', () => {
    const parsed = new Map(STATEMENTS.map((s) => [s, extractStatement(s)]));
    let calls = 0;
    const ahead = new ResolveAhead(
      session.sql,
      FILE,
      parsed,
      () => {
        calls++;
        throw new Error('a bug');
      },
      still,
    );
    assert.doesNotThrow(() => ahead.arrived(STATEMENTS));
    // Two chains, but it stopped at the first.
    assert.equal(calls, 1);
  });

  it('keeps the resolved queries of the last 8 sets of declarations', () => {
    // Nine versions of the file, each declaring table a with another column: nine environments.
    const version = (k: number) =>
      `CREATE TABLE a (id BIGINT, c${k} INT) WITH ('connector' = 'kafka');\nINSERT INTO s SELECT a.id FROM a JOIN a AS b ON a.id = b.id;`;
    for (let k = 1; k <= 9; k++) analyzeSql(session.sql, version(k));
    assert.equal(session.sql.queriesWalked, 9);
    // Versions 2 to 9 are the last eight: their INSERT is found resolved.
    analyzeSql(session.sql, version(9));
    analyzeSql(session.sql, version(2));
    assert.equal(session.sql.queriesWalked, 9);
    // Version 1 was dropped when version 9 came: resolved again.
    analyzeSql(session.sql, version(1));
    assert.equal(session.sql.queriesWalked, 10);
  });

  it("estimates ahead with a job's statistics what estimateSql then finds for that job, and only for it", () => {
    const job = parseDescriptor(
      'name: j\nparallelism: 4\nsql: job.sql\ntables:\n  a:\n    rows: 1000\n  b:\n    rows: 2000\n',
      '/w/j.flinkjob.yaml',
    )!.jobs[0];
    const parsed = new Map(STATEMENTS.map((s) => [s, extractStatement(s)]));
    new ResolveAhead(session.sql, FILE, parsed, estimateAhead(session.estimates, job), still).arrived(STATEMENTS);
    const sql = analyzeSql(session.sql, FILE, { parsed });
    assert.equal(session.estimates.chainsEstimated, 2);
    estimateSql(sql, job, {}, session.estimates);
    assert.equal(session.estimates.chainsEstimated, 2);
    // Without the job (defaults instead of its rows), both chains are other estimates.
    estimateSql(sql, undefined, {}, session.estimates);
    assert.equal(session.estimates.chainsEstimated, 4);
  });

  it('resolves only the statements that arrive: an edit re-resolves the edited query, not those parsed before', () => {
    // An analysis first: the five statements are parsed and cached, their three queries resolved.
    analyzeSql(session.sql, FILE);
    const edited = STATEMENTS[4].replace('v.w FROM', 'v.w, v.id FROM');
    const text = FILE.replace(STATEMENTS[4], edited);
    const parsed = new Map([[edited, extractStatement(edited)]]);
    const heard: string[] = [];
    assert.equal(session.sql.queriesWalked, 3);
    new ResolveAhead(
      session.sql,
      text,
      parsed,
      (chains) => heard.push(...chains.map((c) => c.inputs.map((i) => i.name).join(' JOIN '))),
      still,
    ).arrived([edited]);
    // The edited INSERT alone: one walk, one chain heard of.
    assert.equal(session.sql.queriesWalked, 4);
    assert.deepEqual(heard, ['a JOIN v']);
  });
});
