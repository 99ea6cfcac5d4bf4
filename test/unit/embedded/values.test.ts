// SQL that is not a literal at the call site (issue 14, item 1): constants, locals, `+`,
// String.join / String.format, trimIndent, stripMargin, dedent, f-strings, explainSql,
// createTemporaryView + sqlQuery, `split(";").forEach(tEnv::executeSql)`. The fixtures under
// test/fixtures/embedded/values are ours; positions are 1-based line:column, counted by hand.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeProgramFile } from '../../../src/analysis';
import { extractProgram, hostLanguageOf, type MappedString } from '../../../src/embedded';
import { AnalysisSession } from '../../../src/analysis/session';

const dir = join(__dirname, '../../test/fixtures/embedded/values');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

/** 1-based `line:column` of a host offset. */
function at(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}
/** Where unit `i` of a value comes from. */
const unitAt = (text: string, v: MappedString, i: number) => at(text, v.starts[i]);

describe('embedded SQL: values followed through the file', () => {
  it('Java: static final constants, +, String.format, String.join, a view over sqlQuery, explainSql, a parameter', () => {
    const text = read('OrderTotals.java');
    const p = extractProgram(text, 'java');
    assert.deepEqual(
      p.calls.map((c) => c.method),
      ['executeSql', 'sqlQuery', 'createTemporaryView', 'explainSql', 'executeSql', 'executeSql'],
    );
    const [ddl, query, view, explain, insert, dynamic] = p.calls;
    assert.equal(
      ddl.value?.text,
      "CREATE TABLE orders (id INT, amount INT) WITH ('connector' = 'kafka');CREATE TABLE totals (id INT, amount INT) WITH ('connector' = 'print')",
    );
    // Each piece maps to its own literal: `C` on line 5 after `  static final String DDL = "`,
    // `orders` from ORDERS on line 4 (`  private static final String ORDERS = "orders";`).
    assert.equal(unitAt(text, ddl.value!, 0), '5:30');
    assert.equal(unitAt(text, ddl.value!, 13), '4:41');
    assert.equal(ddl.elsewhere, true);
    assert.equal(query.partOf, 'a view');
    assert.equal(
      view.value?.text,
      'CREATE TEMPORARY VIEW `big_orders` AS\nSELECT id, amount FROM orders WHERE amount > 100',
    );
    assert.equal(explain.partOf, 'a statement the program runs');
    assert.equal(
      insert.value?.text,
      'INSERT INTO totals\nSELECT b.id, o.amount FROM big_orders b JOIN orders o ON b.id = o.id',
    );
    // The parameter `where` is known only at run time: read as the template `${where}`.
    assert.equal(dynamic.value?.text, 'SELECT * FROM orders WHERE ${where}');
    assert.deepEqual(
      dynamic.runtimeParts?.map((h) => h.why),
      ["'where' is a parameter of run() (line 20): its value comes from the caller"],
    );

    const r = analyzeProgramFile(new AnalysisSession(), join(dir, 'OrderTotals.java'), text);
    // The join's lens sits on the call that runs it (`    tEnv.executeSql(insert);`, line 16), not on the literals.
    const chains = r.estimate?.chains ?? [];
    assert.equal(chains.length, 1);
    assert.equal(`${chains[0].chain.anchor.start.line}:${chains[0].chain.anchor.start.column}`, '16:10');
    assert.equal(r.diagnostics.filter((d) => d.code === 'embedded-sql-not-analysed').length, 0);
    const info = r.diagnostics.filter((d) => d.code === 'embedded-sql-runtime-part');
    // `    tEnv.executeSql("SELECT * FROM orders WHERE " + where);`: `where` at columns 53-57.
    assert.deepEqual(
      info.map((d) => `${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column}`),
      ['21:53-21:58'],
    );
    assert.equal(r.diagnostics.filter((d) => d.severity === 'error').length, 0, JSON.stringify(r.diagnostics));
  });

  it('Java: a script constant split at ; and run statement by statement through a method reference', () => {
    const text = read('ScriptJob.java');
    const p = extractProgram(text, 'java');
    assert.equal(p.calls.length, 1);
    const c = p.calls[0];
    assert.equal(
      c.value?.text,
      "CREATE TABLE a (id INT) WITH ('connector' = 'kafka');\nCREATE TABLE b (id INT) WITH ('connector' = 'kafka');\nINSERT INTO a SELECT b.id FROM b\n",
    );
    // `tEnv::executeSql` on line 9; the argument is `SCRIPT` in `SCRIPT.split(";")`.
    assert.equal(at(text, c.nameStart), '9:78');
    assert.equal(at(text, c.argStart), '9:19');
    // The text block's first line (`      CREATE TABLE a`, line 3, 6 spaces of indentation stripped).
    assert.equal(unitAt(text, c.value!, 0), '3:7');
  });

  it('Kotlin: const val in a companion object with trimIndent, a top-level const in a template with trimMargin, a forEach lambda', () => {
    const text = read('Totals.kt');
    const p = extractProgram(text, 'kotlin');
    assert.deepEqual(
      p.calls.map((c) => c.value?.text ?? `(${c.notAnalysed})`),
      [
        "CREATE TABLE orders (id INT, amount INT) WITH ('connector' = 'kafka');",
        'INSERT INTO totals SELECT id, amount\nFROM orders',
        // The parameter `sink` is read as the template `${sink}`.
        'INSERT INTO ${sink} SELECT * FROM orders',
        'CREATE TABLE x (id INT);SELECT 1',
      ],
    );
    // trimIndent: `CREATE` on line 6 after 12 spaces.
    assert.equal(unitAt(text, p.calls[0].value!, 0), '6:13');
    // `orders` of the template `$SOURCE` (line 14) comes from line 1, `const val SOURCE = "orders"`.
    const q = p.calls[1].value!;
    assert.equal(unitAt(text, q, q.text.indexOf('orders')), '1:21');
    assert.equal(p.calls[1].elsewhere, true);
  });

  it('Scala: a val with stripMargin on the lines after it, split(";").foreach(tEnv.executeSql), args(0)', () => {
    const text = read('Totals.scala');
    const p = extractProgram(text, 'scala');
    assert.deepEqual(
      p.calls.map((c) => c.value?.text ?? `(${c.notAnalysed})`),
      [
        "CREATE TABLE orders (id INT, amount INT)\nWITH ('connector' = 'kafka')",
        'SELECT id FROM orders;SELECT amount FROM orders',
        "('args(0)' is a call whose result is known only at run time)",
      ],
    );
    // `       |WITH`: the margin character at column 8, W at 9 on line 4.
    assert.equal(unitAt(text, p.calls[0].value!, 41), '4:9');
  });

  it('Python: module constants, textwrap.dedent, an f-string field, .format, a view, a for loop over split, % with a parameter', () => {
    const text = read('totals_job.py');
    const p = extractProgram(text, 'python');
    assert.deepEqual(
      p.calls.map((c) => c.method),
      ['execute_sql', 'create_temporary_view', 'sql_query', 'execute_sql', 'execute_sql'],
    );
    assert.equal(p.calls[0].value?.text, "\nCREATE TABLE orders (id INT, amount INT)\nWITH ('connector' = 'kafka')\n");
    const view = p.calls[1].value!;
    assert.equal(view.text, 'CREATE TEMPORARY VIEW `big` AS\nSELECT id, amount FROM orders WHERE amount > 100');
    // `orders` comes from SOURCE (line 3, `SOURCE = "orders"`), `100` from `.format(100)` on line 13.
    const o = view.text.indexOf('orders');
    assert.equal(unitAt(text, view, o), '3:11');
    assert.equal(
      unitAt(text, view, view.text.indexOf('100')),
      `13:${'    t_env.create_temporary_view("big", t_env.sql_query(QUERY + " WHERE amount > {}".format('.length + 1}`,
    );
    assert.equal(p.calls[2].partOf, 'a view');
    assert.equal(p.calls[3].value?.text, 'SELECT id FROM big;SELECT amount FROM big');
    assert.equal(p.calls[4].value?.text, 'INSERT INTO ${sink} SELECT * FROM big');
    assert.deepEqual(
      p.calls[4].runtimeParts?.map((h) => h.why),
      ["'sink' is a parameter of main() (line 11): its value comes from the caller"],
    );
  });

  it('statements run from a literal list or array, one by one: each item is a statement of its own', () => {
    const java = [
      'class J {',
      '  static final String DDL = "CREATE TABLE a (id INT)";',
      '  static final String[] STATEMENTS = {DDL, "INSERT INTO a SELECT 1"};',
      '  void run(TableEnvironment t) { for (String s : STATEMENTS) t.executeSql(s); }',
      '}',
    ].join('\n');
    const kotlin =
      'fun run(t: TableEnvironment) { listOf("CREATE TABLE a (id INT)", "INSERT INTO a SELECT 1").forEach(t::executeSql) }';
    const python =
      'DDL = "CREATE TABLE a (id INT)"\nfor stmt in [DDL, "INSERT INTO a SELECT 1"]:\n    t_env.execute_sql(stmt)\n';
    const scala =
      'object O { Seq("CREATE TABLE a (id INT)", "INSERT INTO a SELECT 1").foreach(s => tEnv.executeSql(s)) }';
    for (const [src, lang] of [
      [java, 'java'],
      [kotlin, 'kotlin'],
      [python, 'python'],
      [scala, 'scala'],
    ] as const) {
      const cs = extractProgram(src, lang).calls;
      assert.deepEqual(
        cs.map((c) => c.value?.text ?? c.notAnalysed),
        ['CREATE TABLE a (id INT)\n;\nINSERT INTO a SELECT 1'],
        lang,
      );
      // The `;` we put between two items stands for nothing: it maps to the end of the first item.
      const v = cs[0].value!;
      assert.equal(v.starts[24], v.ends[24], lang);
      assert.equal(src.slice(v.starts[0], v.ends[22]), 'CREATE TABLE a (id INT)', lang);
    }
  });

  it('a view of unknown name leaves its query a statement of its own; a view over a query with a run-time part is one view', () => {
    const src = [
      'class V {',
      '  void run(TableEnvironment t, String name, String where) {',
      '    t.createTemporaryView(name, t.sqlQuery("SELECT 1"));',
      '    Table q = t.sqlQuery("SELECT 2 WHERE " + where);',
      '    t.createTemporaryView("v", q);',
      '  }',
      '}',
    ].join('\n');
    const cs = extractProgram(src, 'java').calls;
    assert.deepEqual(
      cs.map((c) => [c.method, c.value?.text ?? c.notAnalysed, c.partOf]),
      [
        ['createTemporaryView', "'name' is a parameter of run() (line 2): its value comes from the caller", undefined],
        ['sqlQuery', 'SELECT 1', undefined],
        ['sqlQuery', 'SELECT 2 WHERE ${where}', 'a view'],
        ['createTemporaryView', 'CREATE TEMPORARY VIEW `v` AS\nSELECT 2 WHERE ${where}', undefined],
      ],
    );
    assert.deepEqual(
      cs[3].runtimeParts?.map((h) => h.why),
      ["'where' is a parameter of run() (line 2): its value comes from the caller"],
    );
  });

  it('what stays dynamic says why: reassigned variables, other files, unknown calls, loops over collections', () => {
    const src = [
      'class J {', //                                                       line 1
      '  void run(TableEnvironment t, List<String> list) {', //            line 2
      '    String sql = "SELECT 1";', //                                    line 3
      '    sql = sql + " FROM a";', //                                      line 4
      '    t.executeSql(sql);', //                                          line 5
      '    t.executeSql(Queries.INSERT);', //                               line 6
      '    t.executeSql(load("job.sql"));', //                              line 7
      '    for (String s : list) t.executeSql(s);', //                      line 8
      '    list.forEach(t::executeSql);', //                                line 9
      '  }',
      '}',
    ].join('\n');
    const p = extractProgram(src, 'java');
    assert.deepEqual(
      p.calls.map((c) => c.notAnalysed),
      [
        "'sql' is assigned more than once (line 3 and line 4): its value depends on the run",
        "'Queries.INSERT' is defined in another file",
        '\'load("job.sql")\' is a call whose result is known only at run time',
        "'s' takes the elements of a collection (line 8) at run time",
        "'list' is a collection of statements known only at run time",
      ],
    );
  });

  it('a program the grammar cannot read whole still reports what it finds, and says where the syntax breaks', () => {
    const src = 'class J { void f() { t.executeSql("SELECT 1"); int = ; } }';
    const p = extractProgram(src, 'java');
    assert.equal(p.calls[0]?.value?.text, 'SELECT 1');
    assert.ok(p.syntaxError);
    const r = analyzeProgramFile(new AnalysisSession(), '/w/J.java', src);
    assert.ok(r.diagnostics.some((d) => d.code === 'embedded-syntax-error'));
  });

  it('binary-looking and huge inputs neither throw nor hang', () => {
    const junk = String.fromCharCode(...Array.from({ length: 5000 }, (_, i) => (i * 7919) % 0xd7ff));
    for (const lang of ['java', 'kotlin', 'scala', 'python'] as const) {
      const p = extractProgram(`executeSql execute_sql ${junk}`, lang);
      assert.equal(p.error, undefined);
    }
    const long = `x.executeSql(${'"a" + '.repeat(5000)}"b");`;
    const v = extractProgram(long, 'java').calls[0];
    assert.equal(v.value?.text.length, 5001);
    assert.equal(hostLanguageOf('Job.JAVA'), 'java');
    // Past 4 M characters a program is not parsed; the report says so (4,000,001 + 1 + 25 characters).
    const huge = `${'/'.repeat(4_000_001)}\nt.executeSql("SELECT 1");`;
    assert.match(
      extractProgram(huge, 'java').error ?? '',
      /^4000027 characters, more than the 4000000 a program may have$/,
    );
  });
  it("a constructor's parameter is named as the constructor's, a method's as the method's (Kotlin, Scala)", () => {
    const kotlin = [
      'class Job(private val sink: String) {',
      '  fun run(source: String) {',
      '    tEnv.executeSql("INSERT INTO " + sink + " SELECT 1")',
      '    tEnv.executeSql("SELECT * FROM " + source)',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(
      extractProgram(kotlin, 'kotlin').calls.map((c) => c.runtimeParts?.[0].why),
      [
        "'sink' is a parameter of the constructor of Job (line 1): its value comes from the caller",
        "'source' is a parameter of run() (line 2): its value comes from the caller",
      ],
    );
    const scala = [
      'class Job(sink: String) {',
      '  def run(source: String): Unit = {',
      '    tEnv.executeSql("INSERT INTO " + sink + " SELECT 1")',
      '    tEnv.executeSql("SELECT * FROM " + source)',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(
      extractProgram(scala, 'scala').calls.map((c) => c.runtimeParts?.[0].why),
      [
        "'sink' is a parameter of the constructor of Job (line 1): its value comes from the caller",
        "'source' is a parameter of run() (line 2): its value comes from the caller",
      ],
    );
  });
});
