import { strict as assert } from 'node:assert';
import { scaffoldDescriptor } from '../../../src/analysis/scaffold';
import { parseDescriptor } from '../../../src/descriptor';
import { analyzeSql } from '../../../src/sql';
import { buildCompareModel, compareMarkdown, PageMessageSchema } from '../../../src/webview/model';

const SQL = `
CREATE TABLE a (id STRING, x INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
CREATE TABLE b (id STRING, y INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
CREATE TABLE c (id STRING, z INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
INSERT INTO sink SELECT a.id, a.x, b.y, c.z FROM a JOIN b ON a.id = b.id JOIN c ON c.id = a.id;
`;

describe('comparison page model', () => {
  const sql = analyzeSql(SQL);

  it('applies what-if parallelism and ParallelismPerKPU to every plan', () => {
    const m = buildCompareModel(sql, undefined, {}, 0, { parallelism: 48, parallelismPerKPU: 4 }, 't')!;
    // ceil(48 / 4) = 12 KPU configured; + 1 orchestration when CPU binds = 13 billed.
    for (const p of m.plans) assert.equal(p.job.kpu.configured, 12);
    assert.equal(m.plans[0].job.kpu.billed, 13);
    assert.equal(m.whatIf.parallelism, 48);
  });

  it('recomputes state when the rows of an input change', () => {
    const base = buildCompareModel(sql, undefined, {}, 0, {}, 't')!;
    const more = buildCompareModel(sql, undefined, {}, 0, { rows: { a: 2_000_000, b: 2_000_000, c: 2_000_000 } }, 't')!;
    // Every operator holds one entry per row: twice the rows (default 1M → 2M) is twice the state.
    assert.equal(more.plans[0].stateBytes, 2 * base.plans[0].stateBytes);
    assert.equal(more.plans[2].stateBytes, 2 * base.plans[2].stateBytes);
  });

  it('prices the job in the what-if region, and names the binding dimension', () => {
    const m = buildCompareModel(sql, undefined, {}, 0, { region: 'eu-west-2', parallelism: 2 }, 't')!;
    // 2 KPU + 1 orchestration = 3 KPU x 0.127 USD x 730 h = 278.13 USD of KPU-hours alone.
    assert.ok(m.plans[0].job.monthlyUsd! > 278.13);
    assert.equal(m.plans[0].job.kpu.binding, 'cpu');
    assert.ok(m.explanation.some((x) => /CPU/.test(x)));
  });

  it('accepts only the page messages it knows', () => {
    assert.ok(PageMessageSchema.safeParse({ type: 'export' }).success);
    assert.ok(PageMessageSchema.safeParse({ type: 'rewrite' }).success);
    // The page cannot name the folder the rewrite goes to: the host asks the user (extra fields are dropped).
    assert.deepEqual(PageMessageSchema.parse({ type: 'rewrite', dir: '/etc' }), { type: 'rewrite' });
    assert.ok(PageMessageSchema.safeParse({ type: 'whatIf', whatIf: { parallelism: 4 } }).success);
    assert.ok(!PageMessageSchema.safeParse({ type: 'whatIf', whatIf: { parallelism: -1 } }).success);
    assert.ok(!PageMessageSchema.safeParse({ type: 'whatIf', whatIf: { region: '<script>' } }).success);
    assert.ok(!PageMessageSchema.safeParse({ type: 'run', command: 'rm -rf /' }).success);
    assert.ok(!PageMessageSchema.safeParse('export').success);
  });

  it('exports Markdown with table names escaped', () => {
    const m = buildCompareModel(sql, undefined, {}, 0, {}, 'a|b')!;
    const md = compareMarkdown(m);
    assert.match(md, /^# a\\\|b$/m);
    assert.match(md, /## Why the cost falls less than the state/);
  });

  it('scaffolds a descriptor that parses and names every chain input', () => {
    const text = scaffoldDescriptor('/w/jobs/enrichment.sql', sql);
    const parsed = parseDescriptor(text, '/w/jobs/enrichment.flinkjob.yaml')!;
    assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
    const job = parsed.jobs[0];
    assert.equal(job.name?.value, 'enrichment');
    assert.equal(job.sql?.value.path, 'enrichment.sql');
    assert.deepEqual(Object.keys(job.tables).sort(), ['a', 'b', 'c']);
    assert.equal(job.tables.a.rows, 1_000_000);
  });
});
