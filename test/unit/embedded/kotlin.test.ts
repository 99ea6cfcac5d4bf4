// Kotlin: escapes, templates, raw strings with trimIndent()/trimMargin(), nested comments.
import { strict as assert } from 'node:assert';
import { calls, lines, sources, value } from './helpers';

describe('embedded SQL: Kotlin', () => {
  it('interprets escapes (\\$ included); a template field we cannot follow becomes a placeholder', () => {
    const src = 'env.executeSql("a\\$b\\tc")'; // " at 15: a16 \$17-18 b19 \t20-21 c22
    const v = value(src, 'kotlin');
    assert.equal(v.text, 'a$b\tc');
    assert.deepEqual(sources(v, src), ['a', '\\$', 'b', '\\t', 'c']);
    const cs = calls(
      lines(
        'env.executeSql("SELECT * FROM $table")',
        'env.executeSql("""SELECT ${cols.joinToString()} FROM t""")',
        'env.executeSql("price: 5$")',
      ),
      'kotlin',
    );
    // The fields are read as templates named by their expressions, each mapped to the field as written.
    assert.deepEqual(
      cs.map((c) => c.value?.text),
      ['SELECT * FROM ${table}', 'SELECT ${cols.joinToString} FROM t', 'price: 5$'],
    );
    assert.deepEqual(
      cs.map((c) => c.runtimeParts?.map((h) => h.why)),
      [["'table' is not defined in this file"], ["'cols' is not defined in this file"], undefined],
    );
    // `$table` starts after `env.executeSql("SELECT * FROM ` (30 characters) and is 6 long.
    assert.deepEqual([cs[0].runtimeParts![0].start, cs[0].runtimeParts![0].end], [30, 36]);
  });

  it('trimIndent() on the literal: common indentation and blank first/last lines removed', () => {
    const src = lines(
      'env.executeSql("""', //  0-17, LF 18
      '    SELECT a', //        19-30: S at 23, LF 31
      '      FROM t', //        32-43: F at 38, LF 44
      '""".trimIndent())',
    );
    const v = value(src, 'kotlin');
    assert.equal(v.text, 'SELECT a\n  FROM t');
    assert.deepEqual([v.starts[0], v.starts[8], v.ends[8], v.starts[9], v.starts[11]], [23, 31, 32, 36, 38]);
  });

  it('trimMargin() and trimMargin("#")', () => {
    const src = lines(
      'env.sqlQuery("""', //   0-15, LF 16
      '    |SELECT a', //      17-29: | at 21, S at 22, LF 30
      '    |FROM t""".trimMargin())', // | at 35, F at 36
    );
    const v = value(src, 'kotlin');
    assert.equal(v.text, 'SELECT a\nFROM t');
    assert.deepEqual([v.starts[0], v.starts[8], v.starts[9]], [22, 30, 36]);
    assert.equal(value('env.sqlQuery("""\n  #SELECT 1\n  """.trimMargin("#"))', 'kotlin').text, 'SELECT 1');
  });

  it('a raw string keeps backslashes; extra closing quotes belong to the content', () => {
    // (tree-sitter-kotlin 1.1 reads one extra closing quote, not two.)
    assert.equal(value('env.executeSql("""SELECT \'a\\b"""")', 'kotlin').text, 'SELECT \'a\\b"');
  });

  it('nested block comments, char literals and backticked names do not confuse the lexer', () => {
    const src = lines(
      '/* outer /* inner */ env.executeSql("SELECT 0") */',
      "val q = '\"'",
      'val `executeSql` = 1',
      'env.executeSql("SELECT " + "1")',
    );
    const cs = calls(src, 'kotlin');
    assert.equal(cs.length, 1);
    assert.equal(cs[0].value?.text, 'SELECT 1');
  });

  it('.format on the literal: an argument known only at run time becomes a placeholder', () => {
    const cs = calls('env.executeSql("SELECT %s".format(x))', 'kotlin');
    assert.equal(cs[0].value?.text, 'SELECT ${x}');
    assert.match(cs[0].runtimeParts?.[0].why ?? '', /'x' is not defined in this file/);
  });

  it('string templates whose fields are constants of the file are read, each piece mapped to its literal', () => {
    const src = lines(
      'const val T = "orders"', //                                     T's literal: " at 14, o at 15
      'fun f() { env.executeSql("SELECT * FROM $T LIMIT ${N}") }', //  line 2 at 23: " at 48, 57 characters, LF 80
      'const val N = 10', //                                           line 3 at 81: 10 at 95-96
    );
    const v = value(src, 'kotlin');
    assert.equal(v.text, 'SELECT * FROM orders LIMIT 10');
    // `SELECT * FROM ` from the call's literal (S at 23 + 26 = 49), `orders` from T, `10` from N.
    assert.deepEqual([v.starts[0], v.starts[14], v.starts[19], v.starts[27], v.ends[28]], [49, 15, 20, 95, 97]);
  });
});
