import { strict as assert } from 'node:assert';
import { scaffoldDescriptor } from '../../../src/analysis/scaffold';
import { parseDescriptor } from '../../../src/descriptor';
import { analyzeSql } from '../../../src/sql';
import { PageMessageSchema } from '../../../src/present/messages';
import { buildCompareModel, costChangeWords, stateChangeText } from '../../../src/present/compare';
import { compareMarkdown } from '../../../src/present/compareMarkdown';
import { SqlSession } from '../../../src/sql/session';

const SQL = `
CREATE TABLE a (id STRING, x INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
CREATE TABLE b (id STRING, y INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
CREATE TABLE c (id STRING, z INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
INSERT INTO sink SELECT a.id, a.x, b.y, c.z FROM a JOIN b ON a.id = b.id JOIN c ON c.id = a.id;
`;

describe('comparison page model', () => {
  const sql = analyzeSql(new SqlSession(), SQL);

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
    assert.ok(m.plans[0].job.cost.monthlyUsd! > 278.13);
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

  it('words the state and cost change for what it is: less, more, or the same', () => {
    // 5.7 GB → 9.9 GB is (9.9 − 5.7) / 5.7 = 73.7 % more; 9.9 GB → 5.7 GB is 4.2 / 9.9 = 42.4 % less.
    assert.match(
      stateChangeText(9.9e9, 5.7e9),
      /would store more than the joins as written: 9\.9 GB instead of 5\.7 GB \(74 % more\)/,
    );
    assert.doesNotMatch(stateChangeText(9.9e9, 5.7e9), /less/);
    assert.match(stateChangeText(5.7e9, 9.9e9), /stores 5\.7 GB instead of 9\.9 GB for this chain \(42 % less\)/);
    assert.match(stateChangeText(1e9, 1e9), /the same state/);
    assert.deepEqual(
      [costChangeWords(87, 100), costChangeWords(104, 100), costChangeWords(100, 100)],
      ['falls 13 %', 'rises 4 %', 'stays the same'],
    );
    // $4,179 → $4,177 is 0.05 %: not "falls 0 %".
    assert.equal(costChangeWords(4177, 4179), 'falls less than 1 %');
  });

  it('lists its assumptions: compression and space amplification, where the rows come from, and the prices\u2019 source', () => {
    const m = buildCompareModel(sql, undefined, {}, 0, { rows: { a: 5 } }, 't')!;
    assert.match(m.assumptions, /compression × [\d.]+ space amplification/);
    // The what-if gives a its rows; b and c keep the documented defaults.
    assert.match(m.assumptions, /rows: declared for a; documented defaults for b, c \(1,000,000 rows with a key/);
    assert.match(m.assumptions, /prices: us-east-1, AWS pricing page/);
  });

  it('exports Markdown with table names escaped', () => {
    const m = buildCompareModel(sql, undefined, {}, 0, {}, 'a|b')!;
    const md = compareMarkdown(m);
    assert.match(md, /^# a\\\|b$/m);
    assert.match(md, /## What the rewrite changes, and why/);
  });

  it('scaffolds a descriptor that parses and names every chain input', () => {
    const text = scaffoldDescriptor('/w/jobs/enrichment.sql', sql);
    const parsed = parseDescriptor(text, '/w/jobs/enrichment.flinkjob.yaml')!;
    assert.deepEqual(
      parsed.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    const job = parsed.jobs[0];
    assert.equal(job.name?.value, 'enrichment');
    assert.equal(job.sql?.value.path, 'enrichment.sql');
    assert.deepEqual(Object.keys(job.tables).sort(), ['a', 'b', 'c']);
    assert.equal(job.tables.a.rows, 1_000_000);
  });
});
