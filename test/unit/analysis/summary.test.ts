// The report's summary the analysis thread sends the extension host (src/analysis/summary.ts):
// what the lenses, hints, diagnostics and status bar show is the same from it as from the full
// report; what only hovers and the comparison read is not in it; and an edit's summary shares
// the summaries of what the edit did not touch.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisSession, analyzeDescriptorFile, analyzeSqlFile, Summarizer } from '../../../src/analysis';
import { joinHints, parallelismHints } from '../../../src/present/hints';
import { chainLensTitle, jobLensTitle } from '../../../src/present/lens';
import { analysisLogLine } from '../../../src/present/logLine';
import { statusBarContent } from '../../../src/present/statusBar';

const fixtures = join(__dirname, '..', '..', 'test', 'fixtures');
const read = (path: string) => readFileSync(join(fixtures, path), 'utf8');

/** Every key anywhere in a value. */
function keysIn(value: unknown): Set<string> {
  const keys = new Set<string>();
  const seen = new Set<object>();
  const walk = (v: unknown) => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    for (const [k, x] of Object.entries(v)) {
      if (!Array.isArray(v)) keys.add(k);
      walk(x);
    }
  };
  walk(value);
  return keys;
}

describe("the report's summary (Summarizer)", () => {
  it('shows the same lenses, join hints, status bar and log line as the full report, through a structured clone', () => {
    for (const name of ['shop-joins.sql', 'every-operator.sql', 'marketplace-queries.sql']) {
      const full = analyzeSqlFile(new AnalysisSession(), `/t/${name}`, read(`sql/${name}`));
      const summary = structuredClone(new Summarizer().summarize(full));
      assert.ok((full.estimate?.chains.length ?? 0) > 0 || (full.estimate?.joinStates.length ?? 0) > 0, name);
      assert.deepEqual(
        summary.estimate?.chains.map((c) => chainLensTitle(c, summary.plans)),
        full.estimate?.chains.map((c) => chainLensTitle(c, full.plans)),
        name,
      );
      assert.deepEqual(joinHints(summary), joinHints(full), name);
      assert.deepEqual(statusBarContent(summary, summary.plans!), statusBarContent(full, full.plans!), name);
      assert.equal(analysisLogLine(name, summary, 1, undefined), analysisLogLine(name, full, 1, undefined), name);
      assert.deepEqual(summary.diagnostics, full.diagnostics, name);
    }
  });

  it("shows a descriptor's job lenses and parallelism hints as the full report does", () => {
    const path = join(fixtures, 'descriptors', 'inline-sql.flinkjob.yaml');
    const full = analyzeDescriptorFile(new AnalysisSession(), path, readFileSync(path, 'utf8'), () => undefined)!;
    const summary = structuredClone(new Summarizer().summarize(full));
    assert.ok(full.jobs.length > 0);
    assert.deepEqual(summary.jobs.map(jobLensTitle), full.jobs.map(jobLensTitle));
    assert.deepEqual(parallelismHints(summary), parallelismHints(full));
    assert.deepEqual(
      summary.jobs.flatMap((j) => j.estimate.chains.map((c) => chainLensTitle(c, j.plans))),
      full.jobs.flatMap((j) => j.estimate.chains.map((c) => chainLensTitle(c, j.plans))),
    );
  });

  it('leaves out what only hovers, the comparison and commands read, and is under a third of the clone', () => {
    const full = analyzeSqlFile(new AnalysisSession(), '/t/shop-joins.sql', read('sql/shop-joins.sql'));
    const summary = new Summarizer().summarize(full);
    // Of the SQL and its estimate: no terms or notes (hovers, --explain), no chain inputs or
    // specs, key-group statistics, tables. (The job's plans keep their few terms: the
    // parallelism hints' tooltips show them.)
    const keys = keysIn([summary.sql, summary.estimate]);
    for (const k of ['terms', 'notes', 'inputs', 'spec', 'keyGroups', 'tables', 'stateful', 'layout'])
      assert.equal(keys.has(k), false, k);
    assert.ok(keysIn([full.sql, full.estimate]).has('terms'));
    const { serialize } = require('node:v8') as typeof import('node:v8');
    const ratio = serialize(summary).length / serialize(full).length;
    // (The job's plans and the diagnostics weigh more in this small file than in the bench's
    // 2,165 lines, where the summary is 0.15 of the report.)
    assert.ok(ratio < 1 / 3, `summary / report = ${ratio.toFixed(3)}`);
  });

  it('gives an edit the same summaries of the chains and joins the edit did not touch', () => {
    const text = read('sql/shop-joins.sql');
    const session = new AnalysisSession();
    const summarizer = new Summarizer();
    const before = summarizer.summarize(analyzeSqlFile(session, '/t/shop-joins.sql', text));
    // A comment at the end: no statement moves, every estimate is the session's kept one.
    const after = summarizer.summarize(analyzeSqlFile(session, '/t/shop-joins.sql', `${text}\n-- a comment\n`));
    assert.ok((before.estimate?.chains.length ?? 0) > 0);
    before.estimate?.chains.forEach((c, i) => {
      assert.equal(after.estimate?.chains[i].estimate, c.estimate, `chain ${i}: its estimate's summary`);
      assert.equal(after.estimate?.chains[i].chain, c.chain, `chain ${i}: its place`);
    });
    before.sql?.joins.forEach((j, i) => {
      assert.equal(after.sql?.joins[i], j, `join ${i}`);
    });
  });
});
