// Python: quotes, triple quotes, prefixes (r, f, b, t), escapes, implicit concatenation, comments.
import { strict as assert } from 'node:assert';
import { calls, lines, sources, value } from './helpers';

describe('embedded SQL: Python', () => {
  it('escapes: octal, \\x, \\u, line continuation; unknown escapes keep their backslash', () => {
    const src = 't.execute_sql("\\101\\x42\\u0043\\\nD\\d")'; // " at 13: \101 14-17, \x42 18-21, \u0043 22-27, \<LF> 28-29, D 30, \d 31-32
    const v = value(src, 'python');
    assert.equal(v.text, 'ABCD\\d');
    assert.deepEqual(sources(v, src), ['\\101', '\\x42', '\\u0043', 'D', '\\', 'd']);
  });

  it('raw strings keep backslashes, and \\" does not end them', () => {
    const v = value('t.execute_sql(r"a\\nb\\"c")', 'python');
    assert.equal(v.text, 'a\\nb\\"c');
  });

  it('implicit concatenation of adjacent literals across lines, and +', () => {
    const src = lines(
      't.execute_sql("SELECT a "', // " at 14, S 15, LF 25
      "              'FROM t' + '''", // ' at 40, F 41
      "WHERE x''')", // ''' at 51-53, its content starts with the LF at 54, W at 55
    );
    const v = value(src, 'python');
    assert.equal(v.text, 'SELECT a FROM t\nWHERE x');
    assert.deepEqual([v.starts[0], v.starts[9], v.starts[15], v.starts[16]], [15, 41, 54, 55]);
  });

  it('triple-quoted strings hold quotes; comments and definitions are skipped; keyword arguments are read', () => {
    const src = lines(
      '# t.execute_sql("SELECT 0")',
      'def execute_sql(self, stmt): pass',
      "t.execute_sql(stmt='''SELECT \"a\" FROM t''')",
    );
    const cs = calls(src, 'python');
    assert.equal(cs.length, 1);
    assert.equal(cs[0].value?.text, 'SELECT "a" FROM t');
  });

  it('f-strings: a field known only at run time becomes a placeholder; without fields, {{ }} are braces', () => {
    const cs = calls(
      lines(
        't.execute_sql(f"SELECT * FROM {table}")',
        't.execute_sql(f"SELECT \'{{x}}\'")',
        't.sql_query(F"""SELECT {f"{a}"} FROM t""")',
        't.execute_sql(b"SELECT 1")',
      ),
      'python',
    );
    // `{table}` and the nested f"{a}" (no known text of its own) are read as templates of their expressions.
    assert.deepEqual(
      cs.map((c) => c.value?.text),
      ['SELECT * FROM ${table}', "SELECT '{x}'", 'SELECT ${f_a} FROM t', undefined],
    );
    assert.match(cs[0].runtimeParts![0].why, /'table' is not defined in this file/);
    // `table` is at 31-36 of line 1 (`t.execute_sql(f"SELECT * FROM {` is 31 characters).
    assert.deepEqual([cs[0].runtimeParts![0].start, cs[0].runtimeParts![0].end], [31, 36]);
    assert.match(cs[3].notAnalysed!, /bytes/);
    // the doubled brace maps to both characters: line 2 starts at 40, f" at 54-55, `{{` at 64-65
    assert.deepEqual([cs[1].value!.starts[8], cs[1].value!.ends[8]], [64, 66]);
  });

  it('a variable and \\N{...} are not analysed; % and .format with an unknown argument give a placeholder', () => {
    const cs = calls(
      lines(
        't.execute_sql(sql)',
        't.execute_sql("SELECT %s" % x)',
        't.execute_sql("SELECT {}".format(x))',
        't.execute_sql("\\N{BULLET}")',
      ),
      'python',
    );
    assert.deepEqual(
      cs.map((c) => c.value?.text),
      [undefined, 'SELECT ${x}', 'SELECT ${x}', undefined],
    );
    assert.match(cs[0].notAnalysed!, /'sql' is not defined in this file/);
    assert.match(cs[3].notAnalysed!, /\\N\{name\}/);
  });

  it('a module constant is read anywhere; global assignments, class attributes used bare in a method and reassignments are not', () => {
    const src = lines(
      'def run(t):', //                   line 1
      '    t.execute_sql(DDL)', //        line 2: DDL is assigned at module level below
      '    t.execute_sql(SINK)', //       line 3
      'DDL = "CREATE TABLE a (id INT)"', // line 4
      'SINK = "INSERT INTO a SELECT 1"', // line 5
      'def switch():', //                 line 6
      '    global SINK', //               line 7
      '    SINK = "INSERT INTO a SELECT 2"', // line 8
      'class Job:', //                    line 9
      '    Q = "SELECT 1"', //            line 10
      '    def go(self, t):', //          line 11
      '        t.execute_sql(Q)', //      line 12
    );
    assert.deepEqual(
      calls(src, 'python').map((c) => c.value?.text ?? c.notAnalysed),
      [
        'CREATE TABLE a (id INT)',
        "'SINK' is assigned more than once (line 5 and line 8): its value depends on the run",
        "'Q' is not defined in this file",
      ],
    );
  });
});
