import { strict as assert } from 'node:assert';
import { analyzeSql } from '../../../src/sql';

describe('analysis time budget', () => {
  it('stops at its budget and says which statements it skipped, with their range', () => {
    const stmts = Array.from({ length: 50 }, (_, i) => `SELECT a.id FROM a${i} a JOIN b${i} b ON a.id = b.id;`);
    const text = stmts.join('\n');
    const r = analyzeSql(text, { budgetMs: 0 });
    const budget = r.diagnostics.filter((d) => d.code === 'sql-budget');
    assert.ok(budget.length >= 1);
    // A budget of 0 ms is spent before the first statement: all 50 (lines 1..50) are skipped.
    assert.match(budget[0].message, /50 of 50 statements \(from line 1\)/);
    assert.deepEqual(budget[0].range.start, { line: 1, column: 1 });
    assert.equal(r.joins.length, 0);
    assert.equal(budget[0].range.end.line, 50);
  });

  it('analyses everything when no budget is given', () => {
    const text = Array.from({ length: 50 }, (_, i) => `SELECT a.id FROM a${i} a JOIN b${i} b ON a.id = b.id;`).join('\n');
    const r = analyzeSql(text);
    assert.equal(r.joins.length, 50);
    assert.ok(!r.diagnostics.some((d) => d.code === 'sql-budget'));
  });
});
