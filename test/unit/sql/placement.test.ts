import { strict as assert } from 'node:assert';
import { analyzeSql } from '../../../src/sql/analyze';
import { SqlSession } from '../../../src/sql/session';

const DDL = [
  "CREATE TABLE a (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
  "CREATE TABLE b (id BIGINT, w STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
];
const Q1 = 'INSERT INTO s1 SELECT a.id, a.v, b.w FROM a JOIN b ON a.id = b.id;';
const q2 = (literal: string) =>
  `INSERT INTO s2 SELECT a.id, b.w FROM a JOIN b ON a.id = b.id WHERE a.v <> '${literal}';`;

describe('sql: results of statements an edit left alone are the same objects (placeResults)', () => {
  it('keeps the first query’s join and chain when the second query changes on its line', () => {
    const session = new SqlSession();
    const before = analyzeSql(session, [...DDL, Q1, q2('x')].join('\n'));
    const after = analyzeSql(session, [...DDL, Q1, q2('y')].join('\n'));
    // Q1 is on line 3 in both texts: its join and chain are the objects the first analysis placed.
    assert.equal(after.joins[0].range.start.line, 3);
    assert.equal(after.joins[0], before.joins[0]);
    assert.equal(after.chains[0], before.chains[0]);
    // The edited query (line 4) was walked again: new objects.
    assert.equal(after.joins[1].range.start.line, 4);
    assert.notEqual(after.chains[1], before.chains[1]);
  });

  it('places them anew when a line above them comes or goes', () => {
    const session = new SqlSession();
    const before = analyzeSql(session, [...DDL, Q1].join('\n'));
    const after = analyzeSql(session, ['', ...DDL, Q1].join('\n'));
    assert.notEqual(after.joins[0], before.joins[0]);
    // One line down: line 3 → 4, on the join's keyword and the chain's inputs alike.
    assert.equal(before.joins[0].range.start.line, 3);
    assert.equal(after.joins[0].range.start.line, 4);
    assert.deepEqual(
      after.chains[0].inputs.map((i) => i.range.start.line),
      before.chains[0].inputs.map((i) => i.range.start.line + 1),
    );
  });
});

describe('sql: views are resolved once per set of declarations (SqlSession.viewOutputs)', () => {
  const VIEW = 'CREATE VIEW ab AS SELECT a.id, a.v, b.w FROM a JOIN b ON a.id = b.id;';

  it('gives an edit of a query the view outputs of the last analysis, and a changed view new ones', () => {
    const session = new SqlSession();
    const before = analyzeSql(session, [...DDL, VIEW, q2('x')].join('\n'));
    assert.deepEqual(before.views[0].columns, ['id', 'v', 'w']);
    assert.deepEqual(before.views[0].tables, ['a', 'b']);
    // Only a query changed: the declarations are the same, so are the view's outputs (not resolved again).
    const edited = analyzeSql(session, [...DDL, VIEW, q2('y')].join('\n'));
    assert.equal(edited.views[0].columns, before.views[0].columns);
    // The view itself changed: its outputs are resolved from the new declaration.
    const changed = analyzeSql(
      session,
      [...DDL, VIEW.replace('b.w FROM', 'b.w, b.id AS bid FROM'), q2('y')].join('\n'),
    );
    assert.deepEqual(changed.views[0].columns, ['id', 'v', 'w', 'bid']);
  });
});
