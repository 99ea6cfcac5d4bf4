import { strict as assert } from 'node:assert';
import { analyzeSql } from '../../../src/sql';
import { splitStatements } from '../../../src/sql/split';
import { at, lines, syntaxErrors } from './helpers';
import { SqlSession } from '../../../src/sql/session';

describe('sql: statement splitting', () => {
  it('splits at top-level semicolons only, not in strings or comments', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        "SET 'a.b' = 'x;y';",
        '-- a comment; with a semicolon',
        '/* block; comment */ SELECT 1;',
        "SELECT ';' AS s FROM t;",
      ),
    );
    assert.deepEqual(
      a.statements.map((s) => s.kind),
      ['set', 'query', 'query'],
    );
    // `SET 'a.b' = 'x;y'` is 17 characters; the range ends before the semicolon.
    assert.equal(at(a.statements[0].range), '1:1-1:18');
    // `/* block; comment */ ` is 21 characters, so SELECT starts in column 22; `SELECT 1` is 8 long.
    assert.equal(at(a.statements[1].range), '3:22-3:30');
    assert.equal(at(a.statements[2].range), '4:1-4:23');
    assert.deepEqual(
      a.settings.map((s) => [s.key, s.value]),
      [['a.b', 'x;y']],
    );
    assert.equal(syntaxErrors(a).length, 0);
  });

  it('reads BEGIN STATEMENT SET; ... END; and EXECUTE STATEMENT SET BEGIN ... END;', () => {
    const a = analyzeSql(
      new SqlSession(),
      lines(
        'BEGIN STATEMENT SET;',
        'INSERT INTO s1 SELECT * FROM a;',
        'INSERT INTO s2 SELECT * FROM b;',
        'END;',
        'EXECUTE STATEMENT SET BEGIN',
        'INSERT INTO s3 SELECT * FROM a;',
        'INSERT INTO s4 SELECT * FROM b',
        'END;',
        'SELECT 1;',
      ),
    );
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

  // An edit re-reads only the edited part of the file (splitStatements with the previous
  // split); whatever the edit, the result must be the split of the whole new text.
  it('splits an edited text from the previous split as it splits it from scratch', () => {
    const base = lines(
      "SET 'a' = 'x;y';",
      '-- comment; with a semicolon',
      "CREATE TABLE t (id INT, v STRING) WITH ('connector' = 'kafka');",
      'BEGIN STATEMENT SET;',
      "INSERT INTO s1 SELECT * FROM t WHERE v <> ';';",
      'INSERT INTO s2 SELECT id FROM t',
      'END;',
      '/* block; comment */ SELECT CASE WHEN id > 1 THEN 1 END FROM t;',
      'EXECUTE STATEMENT SET BEGIN',
      'INSERT INTO s3 SELECT `a;b` FROM t;',
      'END;',
      'SELECT (1; 2) FROM t;',
      'SELECT 3;',
    );
    // Pieces an edit inserts: each can open or close a string, a comment, a set or a statement.
    const pieces = [
      ';',
      "'",
      '`',
      '"',
      '/*',
      '*/',
      '--',
      '\n',
      '(',
      ')',
      'END',
      'END;',
      'BEGIN STATEMENT SET;',
      'EXECUTE STATEMENT SET BEGIN',
      'x',
      ' ',
      'SELECT 1;',
    ];
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let text = base;
    let previous = { text, segments: splitStatements(text) };
    for (let k = 0; k < 3000; k++) {
      // Back to the base text now and then, so the edits do not pile up into noise.
      if (k % 25 === 0) text = base;
      const from = rnd(text.length + 1);
      const to = Math.min(text.length, from + (rnd(3) === 0 ? rnd(12) : 0));
      const next = text.slice(0, from) + (rnd(4) === 0 ? '' : pieces[rnd(pieces.length)]) + text.slice(to);
      const incremental = splitStatements(next, previous);
      assert.deepEqual(
        incremental,
        splitStatements(next),
        `edit ${k}: ${JSON.stringify(text)} -> ${JSON.stringify(next)}`,
      );
      previous = { text: next, segments: incremental };
      text = next;
    }
  });

  it('takes the statements after an edit from the previous split, moved by the edit', () => {
    const before = lines('SELECT 1;', 'SELECT 2;', 'SELECT 3;');
    const after = lines('SELECT 1;', 'SELECT 22;', 'SELECT 3;');
    const old = splitStatements(before);
    const segs = splitStatements(after, { text: before, segments: old });
    // Lines are 10 characters with their newline: the second statement is 10-19 (one longer), the third starts at 21.
    assert.deepEqual(
      segs.map((s) => [s.start, s.end]),
      [
        [0, 8],
        [10, 19],
        [21, 29],
      ],
    );
    // The first statement was not read again: it is the previous split's own segment.
    assert.equal(segs[0], old[0]);
  });
});
