import { strict as assert } from 'node:assert';
import { analyzeSql } from '../../../src/sql';
import { at, lines, syntaxErrors } from './helpers';

describe('sql: statement splitting', () => {
  it('splits at top-level semicolons only, not in strings or comments', () => {
    const a = analyzeSql(lines(
      "SET 'a.b' = 'x;y';",
      '-- a comment; with a semicolon',
      '/* block; comment */ SELECT 1;',
      "SELECT ';' AS s FROM t;",
    ));
    assert.deepEqual(a.statements.map((s) => s.kind), ['set', 'query', 'query']);
    // `SET 'a.b' = 'x;y'` is 17 characters; the range ends before the semicolon.
    assert.equal(at(a.statements[0].range), '1:1-1:18');
    // `/* block; comment */ ` is 21 characters, so SELECT starts in column 22; `SELECT 1` is 8 long.
    assert.equal(at(a.statements[1].range), '3:22-3:30');
    assert.equal(at(a.statements[2].range), '4:1-4:23');
    assert.deepEqual(a.settings.map((s) => [s.key, s.value]), [['a.b', 'x;y']]);
    assert.equal(syntaxErrors(a).length, 0);
  });

  it('reads BEGIN STATEMENT SET; ... END; and EXECUTE STATEMENT SET BEGIN ... END;', () => {
    const a = analyzeSql(lines(
      'BEGIN STATEMENT SET;',
      'INSERT INTO s1 SELECT * FROM a;',
      'INSERT INTO s2 SELECT * FROM b;',
      'END;',
      'EXECUTE STATEMENT SET BEGIN',
      'INSERT INTO s3 SELECT * FROM a;',
      'INSERT INTO s4 SELECT * FROM b',
      'END;',
      'SELECT 1;',
    ));
    assert.deepEqual(
      a.statements.map((s) => [s.kind, s.statementSet, s.target]),
      [
        ['statement-set', 0, undefined],
        ['insert', 0, 's1'],
        ['insert', 0, 's2'],
        ['statement-set', 1, undefined],
        ['insert', 1, 's3'],
        ['insert', 1, 's4'],
        ['query', undefined, undefined],
      ],
    );
    assert.equal(at(a.statements[0].range), '1:1-1:20');
    // `EXECUTE STATEMENT SET BEGIN` is 27 characters.
    assert.equal(at(a.statements[3].range), '5:1-5:28');
    // The INSERT without a semicolon ends before END.
    assert.equal(at(a.statements[5].range), '7:1-7:31');
    assert.equal(syntaxErrors(a).length, 0);
  });
});
