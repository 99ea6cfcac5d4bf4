// Java: string escapes, text blocks (JLS 3.10.6), concatenation, comments and char literals.
// Offsets are worked out by hand from the literal texts (0-based, end exclusive).
import { strict as assert } from 'node:assert';
import { extractProgram, ProgramMemo } from '../../../src/embedded';
import { calls, lines, monotone, sources, value } from './helpers';

describe('embedded SQL: Java', () => {
  it('interprets escapes, each unit spanning its whole escape', () => {
    // t0 .1 executeSql2-11 (12 "13 a14 \15 n16 b17 \18 "19 c20 \21 u22 0041 23-26 \27 \28 d29 "30
    const src = 't.executeSql("a\\nb\\"c\\u0041\\\\d");';
    const v = value(src, 'java');
    assert.equal(v.text, 'a\nb"cA\\d');
    assert.deepEqual(v.starts, [14, 15, 17, 18, 20, 21, 27, 29]);
    assert.deepEqual(v.ends, [15, 17, 18, 20, 21, 27, 29, 30]);
    assert.deepEqual(sources(v, src), ['a', '\\n', 'b', '\\"', 'c', '\\u0041', '\\\\', 'd']);
  });

  it('octal escapes, \\s and \\uuuu', () => {
    const v = value('x.sqlQuery("\\101\\7\\s\\uuu0042")', 'java');
    assert.equal(v.text, 'A\u0007 B');
    assert.deepEqual(sources(v, 'x.sqlQuery("\\101\\7\\s\\uuu0042")'), ['\\101', '\\7', '\\s', '\\uuu0042']);
  });

  it("strips a text block's incidental indentation and trailing spaces, then interprets escapes", () => {
    const src = lines(
      's.sqlQuery("""', //        0-13, LF 14
      '    SELECT a,\\t', //      15-29: `\t` at 28-29, LF 30
      '      b   ', //            31-40: b at 37, LF 41
      '    FROM t\\', //          42-52: F at 46, `\` at 52, LF 53
      '     WHERE x', //         54-65: W at 59, LF 66
      '    """);', //             67-: closing line, indentation 4 counts
    );
    const v = value(src, 'java');
    // min indentation 4 (lines 1-4: 4, 6, 4, 5; closing line 4); `\<LF>` joins two lines.
    assert.equal(v.text, 'SELECT a,\t\n  b\nFROM t WHERE x\n');
    assert.deepEqual([v.starts[0], v.starts[9], v.ends[9], v.starts[10], v.ends[10]], [19, 28, 30, 30, 31]);
    assert.deepEqual([v.starts[11], v.starts[13], v.starts[14], v.starts[15]], [35, 37, 41, 46]);
    // "FROM t" + " WHERE x": the space is the fifth of line 4's indentation (58), W at 59.
    assert.deepEqual([v.starts[21], v.starts[22], v.starts[29], v.ends[29]], [58, 59, 66, 67]);
    assert.ok(monotone(v));
  });

  it('a text block closed on its last content line has no final line end; CRLF line ends span two characters', () => {
    const src = 'q.executeSql("""\r\n  SELECT 1\r\n    FROM t""");';
    // LF... : `"""` 13-15, CRLF 16-17, line 1 18-27 (S at 20), CRLF 28-29, line 2 30-39 (F at 34).
    const v = value(src, 'java');
    assert.equal(v.text, 'SELECT 1\n  FROM t');
    assert.deepEqual([v.starts[0], v.starts[8], v.ends[8], v.starts[9], v.starts[11]], [20, 28, 30, 32, 34]);
  });

  it('concatenates literals across +, comments with quotes and char literals', () => {
    const src = lines(
      'char q = \'"\'; // executeSql("x")', // 0-31, LF 32
      't.executeSql("SELECT a" + /* " */ " FROM t");', // t33, ( 45, " 46, SELECT a 47-54, " 55, ..., " 67, ' ' 68, FROM t 69-74, " 75
    );
    const cs = calls(src, 'java');
    assert.equal(cs.length, 1);
    assert.equal(cs[0].value?.text, 'SELECT a FROM t');
    assert.deepEqual([cs[0].value!.starts[7], cs[0].value!.starts[8], cs[0].value!.starts[9]], [54, 68, 69]);
    assert.deepEqual([cs[0].argStart, cs[0].argEnd], [46, 76]);
  });

  it('skips declarations and commented-out calls; parenthesised concatenations are read', () => {
    const src = lines(
      '/* tEnv.executeSql("SELECT 0"); */',
      'public TableResult executeSql(String statement) { return null; }',
      'tEnv.executeSql(("SELECT " + "1"));',
    );
    const cs = calls(src, 'java');
    assert.equal(cs.length, 1);
    assert.equal(cs[0].value?.text, 'SELECT 1');
  });

  it('reports SQL built at run time as not analysed, at the argument; a run-time part of known text as a placeholder', () => {
    const src = lines(
      'tEnv.executeSql(sql);', // arg 16-19
      'tEnv.executeSql(String.format("SELECT * FROM %s", t));',
      'tEnv.executeSql("SELECT * FROM " + table);',
      'tEnv.sqlQuery("SELECT %s".formatted(x));',
      'set.addInsertSql("""',
      '    INSERT INTO s SELECT 1""");',
    );
    const cs = calls(src, 'java');
    assert.deepEqual(
      cs.map((c) => c.method),
      ['executeSql', 'executeSql', 'executeSql', 'sqlQuery', 'addInsertSql'],
    );
    // A whole argument known only at run time is not analysed; a run-time part next to known
    // text (a format argument, a concatenated name) is read as the template `${name}`.
    assert.deepEqual(
      cs.map((c) => c.notAnalysed === undefined),
      [false, true, true, true, true],
    );
    assert.deepEqual([cs[0].argStart, cs[0].argEnd], [16, 19]);
    assert.match(cs[0].notAnalysed!, /'sql' is not defined in this file/);
    assert.equal(cs[1].value?.text, 'SELECT * FROM ${t}');
    assert.equal(cs[2].value?.text, 'SELECT * FROM ${table}');
    assert.equal(cs[3].value?.text, 'SELECT ${x}');
    // Each placeholder maps to its expression: `table` at line 3, columns 36-41 (offsets from 0).
    const line3 = src.indexOf('tEnv.executeSql("SELECT * FROM " + table);');
    assert.deepEqual(cs[2].runtimeParts, [
      { why: "'table' is not defined in this file", start: line3 + 35, end: line3 + 40 },
    ]);
    assert.match(cs[3].runtimeParts![0].why, /'x' is not defined in this file/);
    assert.equal(cs[4].value?.text, 'INSERT INTO s SELECT 1');
  });

  it('an unterminated literal is not analysed, and the syntax error is reported', () => {
    const src = lines('tEnv.executeSql("SELECT 1);', 'tEnv.executeSql("SELECT 2");');
    const p = extractProgram(src, 'java');
    // The grammar's recovery runs the string on to the next quote: the line end shows it is unterminated.
    assert.equal(p.calls.length, 1);
    assert.match(p.calls[0].notAnalysed ?? '', /unterminated/);
    assert.ok(p.syntaxError);
  });
});

describe('programs kept for their next reader (ProgramMemo)', () => {
  const program = (k: number) => `class J${k} { void run(TableEnvironment t) { t.executeSql("SELECT ${k} FROM t"); } }`;

  it('reads a program once per memo; without one, or in another, it is read again', () => {
    const memo = new ProgramMemo();
    const first = extractProgram(program(1), 'java', memo);
    assert.equal(first.calls.length, 1);
    assert.equal(extractProgram(program(1), 'java', memo), first);
    assert.notEqual(extractProgram(program(1), 'java'), first);
    assert.notEqual(extractProgram(program(1), 'java', new ProgramMemo()), first);
    // The same text read as another language is another program.
    assert.notEqual(extractProgram(program(1), 'kotlin', memo), first);
  });

  it('keeps the last 16 programs read', () => {
    const memo = new ProgramMemo();
    const read = Array.from({ length: 17 }, (_, k) => extractProgram(program(k), 'java', memo));
    // The 17th pushed the first out; the second to the 17th are kept.
    assert.equal(extractProgram(program(16), 'java', memo), read[16]);
    assert.equal(extractProgram(program(1), 'java', memo), read[1]);
    assert.notEqual(extractProgram(program(0), 'java', memo), read[0]);
  });
});
