// Scala: escapes, raw strings with stripMargin, interpolators, char versus symbol literals.
import { strict as assert } from 'node:assert';
import { calls, lines, sources, value } from './helpers';

describe('embedded SQL: Scala', () => {
  it('"..." escapes map each unit to its escape', () => {
    const src = 'tEnv.executeSql("a\\tb\\u0043")'; // " at 15: a16 \t17-18 b19 \u0043 20-25
    const v = value(src, 'scala');
    assert.equal(v.text, 'a\tbC');
    assert.deepEqual(sources(v, src), ['a', '\\t', 'b', '\\u0043']);
  });

  it('stripMargin on a raw string keeps the line terminator and maps past the margin', () => {
    const src = lines(
      'tEnv.executeSql("""SELECT a', // """ 16-18, S 19, LF 27
      '                  |FROM t""".stripMargin)', // 28: 18 spaces, | at 46, F at 47
    );
    const v = value(src, 'scala');
    assert.equal(v.text, 'SELECT a\nFROM t');
    assert.deepEqual([v.starts[0], v.starts[8], v.starts[9]], [19, 27, 47]);
    assert.equal(
      value('tEnv.executeSql("""SELECT 1\n  #FROM t""".stripMargin(\'#\'))', 'scala').text,
      'SELECT 1\nFROM t',
    );
  });

  it('interpolated strings: s"" and raw"" are read, a field we cannot follow as a placeholder; other interpolators are run-time', () => {
    const cs = calls(
      lines(
        'tEnv.executeSql(s"SELECT * FROM $t")',
        'tEnv.executeSql(raw"SELECT \'\\d\'")',
        'tEnv.executeSql(s"SELECT 1")',
        'tEnv.executeSql(sql"SELECT 1")',
      ),
      'scala',
    );
    assert.deepEqual(
      cs.map((c) => c.value?.text),
      ['SELECT * FROM ${t}', "SELECT '\\d'", 'SELECT 1', undefined],
    );
    assert.match(cs[0].runtimeParts![0].why, /'t' is not defined in this file/);
    assert.match(cs[3].notAnalysed!, /sql"..." interpolator/);
  });

  it('a char literal holding a quote and a symbol literal do not open strings', () => {
    const src = lines("val q = '\"'", "val s = 'sym", 'tEnv.executeSql("SELECT 1")');
    const cs = calls(src, 'scala');
    assert.equal(cs.length, 1);
    assert.equal(cs[0].value?.text, 'SELECT 1');
  });

  it('s-interpolation of a val: $$ is a dollar, escapes are read, each piece maps to its literal', () => {
    const src = lines(
      'object O { val T = "orders"', //                             " at 19, o at 20; LF 27
      '  tEnv.executeSql(s"SELECT $$, \\n FROM $T") }', //           line 2 at 28: s at 46, S at 48
    );
    const v = value(src, 'scala');
    assert.equal(v.text, 'SELECT $, \n FROM orders');
    // `$$` at 55-56 is one dollar; `\\n` 59-60 one newline; `orders` from T's literal.
    assert.deepEqual([v.starts[7], v.ends[7], v.starts[10], v.ends[10], v.starts[17]], [55, 57, 59, 61, 20]);
  });
});
