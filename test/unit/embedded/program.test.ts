// A program's Table-API SQL analysed as one: the same estimate as the SQL file for the
// enrichment example in Java and PyFlink, every range in the host file (positions worked out
// by hand from the example files), run-time SQL reported, descriptors naming programs.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDescriptorFile, analyzeProgramFile, type FileReport } from '../../../src/analysis';
import type { Range } from '../../../src/text';
import { AnalysisSession } from '../../../src/analysis/session';

const root = join(__dirname, '..', '..');
const read = (p: string) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};
const at = (r: Range) => `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
const fixture = (name: string) => join(root, 'test/fixtures/embedded', name);

function descriptorReport(rel: string): FileReport {
  const path = join(root, rel);
  const r = analyzeDescriptorFile(new AnalysisSession(), path, read(path)!, read);
  assert.ok(r, rel);
  return r;
}

describe('embedded SQL: programs', () => {
  const flavours = {
    sql: 'examples/offer-enrichment/offer-enrichment.flinkjob.yaml',
    java: 'examples/offer-enrichment-java/offer-enrichment-java.flinkjob.yaml',
    python: 'examples/offer-enrichment-python/offer-enrichment-python.flinkjob.yaml',
  };

  it('the SQL file, the Java job and the PyFlink job give the same chain estimate and the same job', () => {
    const jobs = Object.fromEntries(Object.entries(flavours).map(([k, rel]) => [k, descriptorReport(rel).jobs[0]]));
    for (const [k, j] of Object.entries(jobs)) {
      assert.ok(j.sql, `${k}: the descriptor's sql: was read`);
      assert.ok(j.sqlPath?.match(/enrichment\.sql$|OfferEnrichmentJob\.java$|offer_enrichment\.py$/), j.sqlPath);
      assert.equal(j.estimate.statsFrom, 'descriptor');
      assert.equal(j.estimate.chains.length, 1, k);
    }
    const summary = (k: string) => {
      const j = jobs[k];
      const c = j.estimate.chains[0];
      return {
        inputs: c.chain.inputs.map((i) => i.name),
        keyGroups: c.chain.keyGroups,
        binary: c.estimate.binary.operators.map((o) => [o.name, o.stateBytes]),
        binaryState: c.estimate.binary.stateBytes,
        union: [c.estimate.union.stateBytes, c.estimate.union.stages],
        multiJoin: [c.estimate.multiJoin.available, c.estimate.multiJoin.stateBytes],
        amplification: c.estimate.amplification,
        stats: c.stats,
        kpu: j.plans.binary.kpu,
        monthlyUsd: j.plans.binary.cost?.monthlyUsd,
        unionMonthlyUsd: j.plans.union.cost?.monthlyUsd,
      };
    };
    const sql = summary('sql');
    // Not trivially equal: a 5-input chain in two key groups storing more than its union rewrite.
    assert.deepEqual(sql.inputs, ['offer', 'stock', 'latest_price', 'product', 'merchant']);
    assert.equal(sql.union[1], 2);
    assert.ok(sql.binaryState > 1e11 && sql.amplification > 1.5, JSON.stringify(sql));
    assert.equal(sql.kpu.billed, 25);
    assert.deepEqual(summary('java'), sql);
    assert.deepEqual(summary('python'), sql);
  });

  it("Java: joins, chain and DDL ranges land on the program's own characters", () => {
    const path = join(root, 'examples/offer-enrichment-java/OfferEnrichmentJob.java');
    const r = analyzeProgramFile(new AnalysisSession(), path, read(path)!);
    assert.equal(r.kind, 'sql');
    // The one setting: EnvironmentSettings.inStreamingMode(), the runtime mode.
    assert.deepEqual(r.program, { language: 'java', calls: 9, analysed: 9, withRuntimeParts: 0, settings: 1 });
    // Lines 134-137 are `            + "JOIN ...\n"`: the quote at column 15, the SQL from 16; each ON
    // condition ends before its `\n` escape (32, 44, 36, 56 characters of SQL after column 16).
    assert.deepEqual(
      r.sql!.joins.map((j) => at(j.range)),
      ['134:16-134:20', '135:16-135:25', '136:16-136:20', '137:16-137:25'],
    );
    assert.deepEqual(
      r.sql!.joins.map((j) => `${j.fullRange.end.line}:${j.fullRange.end.column}`),
      ['134:48', '135:60', '136:52', '137:72'],
    );
    // The INSERT starts at line 131 column 10 (after `        "`), the FROM clause at 133:16.
    const chain = r.estimate!.chains[0].chain;
    assert.equal(`${chain.anchor.start.line}:${chain.anchor.start.column}`, '131:10');
    assert.equal(`${chain.range.start.line}:${chain.range.start.column}`, '133:16');
    // Text block at line 19: `        CREATE TABLE offer (` loses its 8 incidental spaces, so `offer` is at 20:22.
    assert.equal(at(r.sql!.tables.find((t) => t.name === 'offer')!.nameRange), '20:22-20:27');
    // No table is unknown: the DDL of the other calls is seen by the join's call.
    assert.ok(!r.diagnostics.some((d) => d.code === 'sql-unknown-table'), JSON.stringify(r.diagnostics));
  });

  it('Python: triple-quoted and implicitly concatenated SQL at its positions', () => {
    const path = join(root, 'examples/offer-enrichment-python/offer_enrichment.py');
    const r = analyzeProgramFile(new AnalysisSession(), path, read(path)!);
    // The one setting: EnvironmentSettings.in_streaming_mode(), the runtime mode.
    assert.deepEqual(r.program, { language: 'python', calls: 9, analysed: 9, withRuntimeParts: 0, settings: 1 });
    assert.deepEqual(
      r.sql!.joins.map((j) => `${at(j.range)} ${j.fullRange.end.line}:${j.fullRange.end.column}`),
      ['124:1-124:5 124:33', '125:1-125:10 125:45', '126:1-126:5 126:37', '127:1-127:10 127:57'],
    );
    // Line 113: `    "CREATE TEMPORARY VIEW latest_price AS "`: the quote at column 5, the name at 28.
    assert.equal(at(r.sql!.views[0].nameRange), '113:28-113:40');
  });

  it('Kotlin (trimIndent, trimMargin, +) and Scala (stripMargin): a 3-input chain; a template field we cannot follow is a placeholder', () => {
    // OrdersJob.kt: `"CREATE TABLE $sink ..."` with `val sink = "order_view"` is read; OrdersJob.scala:
    // `s"CREATE TABLE ${sinkName} ..."` names no value of the file: read as the table `$sinkName`,
    // reported at `sinkName` (line 11, column 38).
    for (const [file, joinColumn, templateAt] of [
      ['OrdersJob.kt', 10, undefined],
      ['OrdersJob.scala', 24, '11:38'],
    ] as const) {
      const path = fixture(file);
      const r = analyzeProgramFile(new AnalysisSession(), path, read(path)!);
      assert.equal(r.estimate!.chains.length, 1, file);
      assert.deepEqual(
        r.estimate!.chains[0].chain.inputs.map((i) => i.name),
        ['orders', 'payments', 'shipments'],
      );
      assert.ok(
        r.estimate!.chains[0].chain.inputs.every((i) => i.known),
        `${file}: DDL seen`,
      );
      const joinLine = file.endsWith('.kt') ? 19 : 14;
      assert.deepEqual(
        r.sql!.joins.map((j) => `${j.range.start.line}:${j.range.start.column}`),
        [`${joinLine}:${joinColumn}`, `${joinLine + 1}:${joinColumn}`],
      );
      // `JOIN shipments AS s ON s.id = o.id`: 34 characters.
      assert.equal(r.sql!.joins[1].fullRange.end.column, joinColumn + 34);
      assert.deepEqual(
        r.diagnostics.filter((d) => d.code === 'embedded-sql-not-analysed' || d.code === 'sql-template'),
        [],
        file,
      );
      const info = r.diagnostics.filter((d) => d.code === 'embedded-sql-runtime-part');
      assert.equal(info.length, templateAt ? 1 : 0, file);
      if (!templateAt) {
        assert.ok(
          r.sql!.tables.some((t) => t.name === 'order_view'),
          'the template resolved',
        );
        continue;
      }
      assert.equal(`${info[0].range.start.line}:${info[0].range.start.column}`, templateAt);
      assert.match(
        info[0].message,
        /^Known only at run time \('sinkName' is not defined in this file\): read as a placeholder, so the rest of the statement is analysed/,
      );
      assert.equal(info[0].severity, 'info');
      assert.ok(
        r.sql!.tables.some((t) => t.name === '$sinkName'),
        'the table is declared under the placeholder',
      );
    }
  });

  it('a syntax error inside a text block and run-time SQL are reported where they are written', () => {
    const path = fixture('BrokenSql.java');
    const r = analyzeProgramFile(new AnalysisSession(), path, read(path)!);
    const syntax = r.diagnostics.find((d) => d.code === 'sql-syntax');
    assert.ok(syntax, JSON.stringify(r.diagnostics));
    // `        SELEC id FROM a` on line 5: the text block strips 8 spaces, SELEC is at column 9.
    assert.equal(`${syntax.range.start.line}:${syntax.range.start.column}`, '5:9');
    // `    tEnv.executeSql("SELECT * FROM " + table);`: the parameter `table`, at columns 40-44, is
    // read as a placeholder; its reason is said there, once (no note of an unknown table `$table`).
    const at740 = r.diagnostics.filter((d) => at(d.range) === '7:40-7:45');
    assert.deepEqual(
      at740.map((d) => d.code),
      ['embedded-sql-runtime-part'],
    );
    assert.match(at740[0].message, /'table' is a parameter of run\(\) \(line 2\): its value comes from the caller/);
  });

  it('a run-time part that stands for more than a name leaves its statement not analysed, with no syntax error', () => {
    const src = [
      'class J {',
      '  void run(TableEnvironment t, String cols, String topic) {',
      '    t.executeSql("CREATE TABLE a (" + cols + ") WITH (\'topic\' = \'" + topic + "\')");',
      '    t.executeSql("CREATE TABLE b (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH (\'topic\' = \'" + topic + "\')");',
      '  }',
      '}',
    ].join('\n');
    const r = analyzeProgramFile(new AnalysisSession(), '/w/J.java', src);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.code === 'sql-syntax'),
      [],
    );
    const parts = r.diagnostics.filter((d) => d.code === 'embedded-sql-runtime-part');
    // `cols` (line 3 after `    t.executeSql("CREATE TABLE a (" + `, column 39) makes the first
    // statement unreadable, `topic` with it (column 70); in the second, `topic` (line 4, column 95,
    // after the 74-character literal from column 18 and ` + `) only sits inside a string.
    assert.deepEqual(
      parts.map((d) => [at(d.range), /does not parse/.test(d.message)]),
      [
        ['3:39-3:43', true],
        ['3:70-3:75', true],
        ['4:95-4:100', false],
      ],
    );
    assert.deepEqual(
      r.sql!.tables.map((t) => [t.name, t.primaryKey]).filter(([n]) => n === 'b'),
      [['b', ['id']]],
    );
  });

  it('a program without Table-API calls says so', () => {
    const path = fixture('NoTableApi.java');
    const r = analyzeProgramFile(new AnalysisSession(), path, read(path)!);
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ['embedded-sql-none'],
    );
    assert.equal(r.estimate!.chains.length, 0);
  });
});
