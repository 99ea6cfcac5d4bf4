// flink-kpu on programs: the same JSON with positions in the program; directory walks take a
// program only when it passes SQL to the Table API.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });

describe('flink-kpu CLI on programs', () => {
  it('reads the Java job with its descriptor, positions in the .java file', () => {
    const r = run('analyze', 'examples/offer-enrichment-java', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const java = out.files.find((f: { path: string }) => f.path.endsWith('OfferEnrichmentJob.java'));
    assert.equal(java.kind, 'sql');
    assert.equal(java.language, 'java');
    assert.deepEqual([java.tableApiCalls, java.analysedCalls], [9, 9]);
    assert.deepEqual(
      java.joins.map((j: { line: number; column: number }) => `${j.line}:${j.column}`),
      ['134:16', '135:16', '136:16', '137:16'],
    );
    assert.equal(java.chains[0].line, 133);
    const desc = out.files.find((f: { kind: string }) => f.kind === 'descriptor');
    assert.match(desc.job.sql, /OfferEnrichmentJob\.java$/);
    assert.equal(desc.job.kpu.billed, 25);
  });

  it('a directory walk skips programs without Table-API SQL, and text output names the language', () => {
    const r = run('analyze', 'test/fixtures/embedded');
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /NoTableApi\.java/);
    assert.match(r.stdout, /OrdersJob\.kt \(Table-API SQL in Kotlin: 5 of 5 calls analysed\)/);
    // `s"CREATE TABLE ${sinkName} ..."`: read with `sinkName` as a placeholder.
    assert.match(
      r.stdout,
      /OrdersJob\.scala \(Table-API SQL in Scala: 5 of 5 calls analysed, 1 with parts known only at run time\)/,
    );
    assert.match(r.stdout, /BrokenSql\.java[^\n]*\n {2}5:9 error \[sql-syntax\]/);
  });

  it('a directory walk finds a program that runs its SQL only through a method reference (split(";").forEach(tEnv::executeSql))', () => {
    const r = run('analyze', 'test/fixtures/embedded/values');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /ScriptJob\.java \(Table-API SQL in Java: 1 of 1 calls analysed\)/);
    assert.match(
      r.stdout,
      /totals_job\.py \(Table-API SQL in Python: 5 of 5 calls analysed, 1 with parts known only at run time\)/,
    );
  });
});
