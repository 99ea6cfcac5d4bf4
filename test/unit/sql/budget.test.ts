import { strict as assert } from 'node:assert';
import { AnalysisSession, analyzeSqlFile } from '../../../src/analysis';
import { analyzeSql } from '../../../src/sql';
import { SqlSession } from '../../../src/sql/session';
import { extractStatement } from '../../../src/sql/extract';

// The budget is measured on a clock the test gives (AnalyzeOptions.clock), never on the wall
// clock: where the analysis stops does not depend on how fast or busy the machine is.
// 50 statements, one a line, each with one join.
const STATEMENTS = Array.from({ length: 50 }, (_, i) => `SELECT a.id FROM a${i} a JOIN b${i} b ON a.id = b.id`);
const TEXT = STATEMENTS.map((s) => `${s};`).join('\n');

/** A clock that is 10 ms later at each look. */
function steps10(): () => number {
  let now = 0;
  return () => (now += 10);
}

describe('analysis time budget', () => {
  // Kept statements cost no parse and so no look at the clock: every analysis has a session of its own.
  it('stops at its budget and says which statements it skipped, with their range', () => {
    const r = analyzeSql(new SqlSession(), TEXT, { budgetMs: 0, clock: () => 0 });
    const budget = r.diagnostics.filter((d) => d.code === 'sql-budget');
    assert.ok(budget.length >= 1);
    // A budget of 0 ms is spent before the first statement: all 50 (lines 1..50) are skipped.
    assert.match(budget[0].message, /50 of 50 statements \(from line 1\)/);
    assert.deepEqual(budget[0].range.start, { line: 1, column: 1 });
    assert.equal(r.joins.length, 0);
    assert.equal(budget[0].range.end.line, 50);
  });

  it('parses statements until the budget is spent, then reports the rest, from the first one not parsed', () => {
    // The clock reads 10 when the analysis starts; before parsing statement k (1-based) it
    // reads 10 + 10k, i.e. 10k ms spent: 10 and 20 are under 25 ms, 30 is not. Statements 1
    // and 2 are parsed; 48 (lines 3..50) are not. Pass 2 looks again (40 ms) and stops before
    // its first statement: the joins of the two parsed ones are not analysed either.
    const r = analyzeSql(new SqlSession(), TEXT, { budgetMs: 25, clock: steps10() });
    const budget = r.diagnostics.filter((d) => d.code === 'sql-budget');
    assert.deepEqual(
      budget.map((d) => d.message),
      [
        'Analysis stopped after 25 ms: 48 of 50 statements (from line 3) were not analysed.',
        'Analysis stopped after 25 ms: the joins of 2 statements (from line 1) were not analysed.',
      ],
    );
    assert.deepEqual([budget[0].range.start, budget[0].range.end.line], [{ line: 3, column: 1 }, 50]);
    assert.deepEqual([budget[1].range.start, budget[1].range.end.line], [{ line: 1, column: 1 }, 2]);
    assert.equal(r.joins.length, 0);
  });

  it('spends the same budget on the joins of statements parsed ahead', () => {
    // Every statement's facts are handed over: pass 1 parses none and never looks at the clock.
    // Pass 2 looks before each statement: 10 and 20 ms spent (statements 1 and 2 walked), then
    // 30 ms, past 25: the joins of 48 statements (lines 3..50) are not analysed.
    const parsed = new Map(STATEMENTS.map((s) => [s, extractStatement(s)]));
    const r = analyzeSql(new SqlSession(), TEXT, { budgetMs: 25, clock: steps10(), parsed });
    const budget = r.diagnostics.filter((d) => d.code === 'sql-budget');
    assert.deepEqual(
      budget.map((d) => d.message),
      ['Analysis stopped after 25 ms: the joins of 48 statements (from line 3) were not analysed.'],
    );
    assert.deepEqual([budget[0].range.start, budget[0].range.end.line], [{ line: 3, column: 1 }, 50]);
    assert.equal(r.joins.length, 2);
  });

  it('counts from budgetStart, on the same clock', () => {
    // The budget began at 100; the clock reads 120 at the first look before a parse (20 ms
    // spent, under 25: statement 1 is parsed) and 130 at the second (30 ms, past it): 49
    // statements (lines 2..50) are not parsed, one fewer parsed than when the budget begins at the first look.
    let now = 110;
    const r = analyzeSql(new SqlSession(), TEXT, { budgetMs: 25, budgetStart: 100, clock: () => (now += 10) });
    assert.match(
      r.diagnostics.find((d) => d.code === 'sql-budget')?.message ?? '',
      /: 49 of 50 statements \(from line 2\)/,
    );
  });

  it("is measured on EstimateOptions.clock for a file's analysis", () => {
    // As in the second test: two statements parsed, the other 48 reported.
    const r = analyzeSqlFile(new AnalysisSession(), '/w/f.sql', TEXT, undefined, { budgetMs: 25, clock: steps10() });
    assert.match(
      r.diagnostics.find((d) => d.code === 'sql-budget')?.message ?? '',
      /: 48 of 50 statements \(from line 3\)/,
    );
  });

  it('analyses everything when no budget is given', () => {
    const r = analyzeSql(new SqlSession(), TEXT);
    assert.equal(r.joins.length, 50);
    assert.ok(!r.diagnostics.some((d) => d.code === 'sql-budget'));
  });
});
