import { strict as assert } from 'node:assert';
import { mapInlineSqlPosition, parseDescriptor, type DescriptorFile, type JobSpec } from '../../../src/descriptor';
import { brief, fixture, r, withCode } from './helpers';

function parse(text: string, name = 'job.flinkjob.yaml'): DescriptorFile {
  const file = parseDescriptor(text, name);
  assert.ok(file, 'a flinkjob file is always read');
  assert.equal(file.source, 'flinkjob');
  return file;
}

function only(text: string): { job: JobSpec; file: DescriptorFile } {
  const file = parse(text);
  assert.equal(file.jobs.length, 1);
  return { job: file.jobs[0], file };
}

describe('descriptor flinkjob: the full example', () => {
  const file = parse(fixture('offer-enrichment.flinkjob.yaml'), 'deploy/offer-enrichment.flinkjob.yaml');
  const job = file.jobs[0];

  it('reads every top-level field with its value range', () => {
    assert.deepEqual(file.diagnostics, []);
    assert.equal(file.jobs.length, 1);
    assert.equal(job.source, 'flinkjob');
    assert.equal(job.platform, 'aws-managed-flink');
    assert.deepEqual(job.name, { value: 'offer-enrichment', range: r(2, 7, 2, 23), keyRange: r(2, 1, 2, 5) });
    assert.deepEqual(job.region, { value: 'us-east-1', range: r(4, 9, 4, 18), keyRange: r(4, 1, 4, 7) });
    assert.deepEqual(job.flinkVersion?.value, '1.20');
    assert.deepEqual(job.flinkVersion?.range, r(5, 15, 5, 21));
    assert.deepEqual(job.parallelism, { value: 24, range: r(6, 14, 6, 16), keyRange: r(6, 1, 6, 12) });
    assert.deepEqual(job.parallelismPerKPU, { value: 1, range: r(7, 20, 7, 21), keyRange: r(7, 1, 7, 18) });
    assert.deepEqual(job.autoScaling?.value, false);
    assert.deepEqual(job.autoScaling?.range, r(8, 14, 8, 19));
    assert.deepEqual(job.overscale?.value, 0.15);
    assert.deepEqual(job.overscale?.range, r(9, 12, 9, 16));
    assert.deepEqual(job.memoryGB?.value, 0);
    assert.deepEqual(job.memoryGB?.range, r(10, 11, 10, 12));
    assert.deepEqual(job.stateTtlSec?.value, 604_800); // 7 x 86,400
    assert.deepEqual(job.stateTtlSec?.range, r(11, 11, 11, 13));
    assert.deepEqual(job.snapshotsEnabled?.value, true);
    assert.deepEqual(job.snapshotsEnabled?.range, r(12, 12, 12, 16));
    assert.deepEqual(job.maxParallelism?.value, 256);
    assert.deepEqual(job.maxParallelism?.range, r(13, 17, 13, 20));
    assert.deepEqual(job.sql?.value, { path: 'enrichment.sql' });
    assert.deepEqual(job.sql?.range, r(14, 6, 14, 20));
    assert.deepEqual(job.range, r(2, 1, 35, 25));
  });

  it('reads table statistics in rows, rows per second, seconds and bytes', () => {
    assert.deepEqual(Object.keys(job.tables), ['offer', 'clicks', 'price_event']);
    const offer = job.tables.offer;
    assert.equal(offer.rows, 370_000_000);
    assert.deepEqual(offer.uniqueKey, ['sku']);
    assert.equal(offer.rowsPerKey, 1);
    assert.equal(offer.matchRate, 1);
    assert.deepEqual(offer.columnBytes, { title: 80, description: 1_200 });
    assert.equal(offer.rowBytes, 120);
    assert.deepEqual(offer.range, r(16, 3, 22, 18));
    assert.deepEqual(offer.nameRange, r(16, 3, 16, 8));
    assert.deepEqual(offer.fieldRanges?.rows, r(17, 11, 17, 15));
    assert.deepEqual(offer.fieldRanges?.uniqueKey, r(18, 16, 18, 21));
    assert.deepEqual(offer.fieldRanges?.columnBytes, r(21, 18, 21, 51));
    const clicks = job.tables.clicks;
    assert.equal(clicks.ratePerSec, 2_000); // 120,000 per minute
    assert.equal(clicks.retentionSec, 2_592_000); // 30 x 86,400
    assert.deepEqual(clicks.columnBytes, { session_id: 36 });
    assert.deepEqual(clicks.fieldRanges?.ratePerSec, r(24, 11, 24, 19));
    assert.deepEqual(clicks.fieldRanges?.retentionSec, r(25, 16, 25, 19));
    assert.equal(clicks.rows, undefined);
    const price = job.tables.price_event;
    assert.equal(price.rows, 2_000_000_000);
    assert.equal(price.rowsPerKey, 3.5);
    assert.equal(price.matchRate, 0.8);
  });

  it('reads assumption overrides under the sizing model names (durations in seconds)', () => {
    assert.deepEqual(job.assumptions, { compression: 0.5, planningHorizonSec: 1_209_600, rocksOverheadBytes: 12 });
    assert.deepEqual(job.assumptionRanges?.planningHorizonSec, r(34, 20, 34, 23));
  });
});

describe('descriptor flinkjob: inline SQL', () => {
  it('maps every line of a literal block scalar back to the file', () => {
    const { job, file } = only(fixture('inline-sql.flinkjob.yaml'));
    assert.deepEqual(file.diagnostics, []);
    const sql = job.sql!.value;
    assert.equal(
      sql.inline,
      "CREATE TABLE orders (\n  order_id STRING,\n  PRIMARY KEY (order_id) NOT ENFORCED\n) WITH ('connector' = 'kafka');\n\nSELECT * FROM orders;\n",
    );
    assert.equal(sql.path, undefined);
    assert.equal(sql.inlineExact, true);
    // "name: orders-inline\n" (20) + "parallelism: 4\n" (15) + "sql: |\n" (7) = 42, then two spaces of indentation.
    assert.equal(sql.inlineStartOffset, 44);
    assert.deepEqual(sql.inlineStart, { line: 4, column: 3 });
    assert.deepEqual(sql.inlineLineStarts, [
      { line: 4, column: 3 },
      { line: 5, column: 3 },
      { line: 6, column: 3 },
      { line: 7, column: 3 },
      { line: 8, column: 1 },
      { line: 9, column: 3 },
      { line: 10, column: 1 },
    ]);
    assert.deepEqual(job.sql!.range, r(3, 6, 9, 24));
    // `orders` in SQL line 6 column 15 is `orders` in file line 9 column 17; `order_id` (SQL 2:3) is at 5:5.
    assert.deepEqual(mapInlineSqlPosition(sql, { line: 6, column: 15 }), { line: 9, column: 17 });
    assert.deepEqual(mapInlineSqlPosition(sql, { line: 2, column: 3 }), { line: 5, column: 5 });
    assert.equal(job.tables.orders.ratePerSec, 300);
  });

  it('maps a quoted one-line SQL exactly and a folded one approximately', () => {
    const quoted = only('sql: "SELECT 1 FROM t"\n').job.sql!.value;
    assert.equal(quoted.inline, 'SELECT 1 FROM t');
    assert.equal(quoted.inlineStartOffset, 6);
    assert.deepEqual(quoted.inlineStart, { line: 1, column: 7 });
    assert.equal(quoted.inlineExact, true);
    const folded = only('sql: >-\n  SELECT a\n  FROM t\n').job.sql!.value;
    assert.equal(folded.inline, 'SELECT a FROM t');
    assert.deepEqual(folded.inlineStart, { line: 2, column: 3 });
    assert.equal(folded.inlineExact, false);
  });

  it('tells a file path from SQL', () => {
    assert.deepEqual(only('sql: queries/my job.sql\n').job.sql!.value, { path: 'queries/my job.sql' });
    assert.deepEqual(only('sql: ./enrichment\n').job.sql!.value, { path: './enrichment' });
    assert.equal(only('sql: SELECT 1\n').job.sql!.value.inline, 'SELECT 1');
  });
});

describe('descriptor flinkjob: diagnostics', () => {
  it('warns about unknown fields at the key, with "did you mean"', () => {
    const { job, file } = only(
      'name: x\nparalelism: 4\ncolour: blue\ntables:\n  t:\n    rowz: 1\nassumptions:\n  compresion: 0.5\n',
    );
    assert.deepEqual(brief(file.diagnostics), [
      ['descriptor-unknown-field', 'warning', r(2, 1, 2, 11)],
      ['descriptor-unknown-field', 'warning', r(3, 1, 3, 7)],
      ['descriptor-unknown-field', 'warning', r(6, 5, 6, 9)],
      ['descriptor-unknown-field', 'warning', r(8, 3, 8, 13)],
    ]);
    assert.match(file.diagnostics[0].message, /unknown field 'paralelism'; did you mean 'parallelism'\?/);
    assert.match(file.diagnostics[1].message, /unknown field 'colour'; known fields: .*parallelism/);
    assert.match(file.diagnostics[2].message, /unknown field 'rowz' in tables\.t; did you mean 'rows'\?/);
    assert.match(file.diagnostics[3].message, /did you mean 'compression'\?/);
    assert.equal(job.name?.value, 'x');
    assert.equal(job.parallelism, undefined);
    assert.deepEqual(Object.keys(job.tables), ['t']);
  });

  it('reports an unknown unit at the value, naming the accepted units', () => {
    const { job, file } = only(
      'tables:\n  t:\n    rows: 3 bazillion\n    rate: 20/fortnight\n    rowBytes: 12 stone\n',
    );
    assert.deepEqual(brief(file.diagnostics), [
      ['descriptor-unknown-unit', 'error', r(3, 11, 3, 22)],
      ['descriptor-unknown-unit', 'error', r(4, 11, 4, 23)],
      ['descriptor-unknown-unit', 'error', r(5, 15, 5, 23)],
    ]);
    assert.match(
      file.diagnostics[0].message,
      /tables\.t\.rows: unknown count unit 'bazillion'.*accepted: k \(thousand\), M \(million\), B \(billion\)/,
    );
    assert.match(file.diagnostics[1].message, /accepted: a count per s, min, h or d/);
    assert.match(file.diagnostics[2].message, /accepted: B, kB, MB, GB, TB/);
    assert.deepEqual(job.tables.t.rows, undefined);
  });

  it('treats ${VAR} and {{ }} templates as absent with a warning', () => {
    const { job, file } = only(
      'name: ${JOB_NAME}\nparallelism: {{ .Values.parallelism }}\ntables:\n  t: { rows: "{{ rows }}", rate: 5/s }\n',
    );
    assert.deepEqual(brief(file.diagnostics), [
      ['descriptor-template', 'warning', r(1, 7, 1, 18)],
      ['descriptor-template', 'warning', r(2, 14, 2, 39)],
      ['descriptor-template', 'warning', r(4, 14, 4, 26)],
    ]);
    assert.match(file.diagnostics[0].message, /template value not evaluated/);
    assert.equal(job.name, undefined);
    assert.equal(job.parallelism, undefined);
    assert.equal(job.tables.t.rows, undefined);
    assert.equal(job.tables.t.ratePerSec, 5);
  });

  it('reports duplicate keys at the second key and uses the last value', () => {
    const { job, file } = only('parallelism: 4\nparallelism: 8\n');
    assert.deepEqual(brief(file.diagnostics), [['descriptor-duplicate-key', 'error', r(2, 1, 2, 12)]]);
    assert.match(file.diagnostics[0].message, /duplicate key "parallelism"/);
    assert.deepEqual(job.parallelism, { value: 8, range: r(2, 14, 2, 15), keyRange: r(2, 1, 2, 12) });
  });

  it('reports YAML syntax errors with a range and keeps what could be read', () => {
    const { job, file } = only('name: x\ntables: [a, b\nparallelism: 4\n');
    const syntax = withCode(file.diagnostics, 'descriptor-syntax');
    assert.equal(syntax.length, 1);
    assert.equal(syntax[0].severity, 'error');
    assert.deepEqual(syntax[0].range.start, { line: 3, column: 1 });
    assert.equal(job.name?.value, 'x');
  });

  it('rejects absurd numbers at their values and leaves them out of the job', () => {
    const { job, file } = only(
      'parallelism: 0\nparallelismPerKPU: 12\noverscale: 5\nmemoryGB: -1\ntables:\n  t:\n    rows: -5\n    matchRate: 1.5\n',
    );
    assert.deepEqual(brief(file.diagnostics), [
      ['descriptor-parallelism-range', 'error', r(1, 14, 1, 15)],
      ['descriptor-parallelism-range', 'error', r(2, 20, 2, 22)],
      ['descriptor-invalid-value', 'error', r(3, 12, 3, 13)],
      ['descriptor-invalid-value', 'error', r(4, 11, 4, 13)],
      ['descriptor-invalid-value', 'error', r(7, 11, 7, 13)],
      ['descriptor-invalid-value', 'error', r(8, 16, 8, 19)],
    ]);
    assert.match(
      file.diagnostics[2].message,
      /overscale is a share of parallelism \(0\.15 = 15 %\): between 0 and 1 \(got 5\)/,
    );
    assert.match(file.diagnostics[4].message, /negative/);
    assert.equal(job.parallelism, undefined);
    assert.equal(job.parallelismPerKPU, undefined);
    assert.equal(job.overscale, undefined);
    assert.equal(job.tables.t.rows, undefined);
  });

  it('checks parallelism against Flink and the AWS defaults', () => {
    assert.deepEqual(brief(only('parallelism: 1e12\n').file.diagnostics), [
      ['descriptor-parallelism-range', 'error', r(1, 14, 1, 18)],
    ]);
    assert.deepEqual(brief(only('parallelism: 2.5\n').file.diagnostics), [
      ['descriptor-parallelism-range', 'error', r(1, 14, 1, 17)],
    ]);
    const above = only('parallelism: 300\n');
    assert.deepEqual(brief(above.file.diagnostics), [['descriptor-parallelism-range', 'warning', r(1, 14, 1, 17)]]);
    assert.match(above.file.diagnostics[0].message, /default maximum of 256/);
    assert.equal(above.job.parallelism?.value, 300, 'a quota can be raised: the value is kept');
    const kpus = only('parallelism: 128\nparallelismPerKPU: 1\n');
    assert.deepEqual(brief(kpus.file.diagnostics), [['descriptor-parallelism-range', 'warning', r(1, 14, 1, 17)]]);
    assert.match(kpus.file.diagnostics[0].message, /128 KPUs, above the default quota of 64/);
    const max = only('parallelism: 48\nmaxParallelism: 32\n');
    assert.deepEqual(brief(max.file.diagnostics), [['descriptor-parallelism-range', 'error', r(2, 17, 2, 19)]]);
    // On Kubernetes there is no AWS quota.
    assert.deepEqual(only('platform: flink-kubernetes-operator\nparallelism: 300\n').file.diagnostics, []);
  });

  it('reports wrong types and enum values with a suggestion', () => {
    const { file } = only('autoScaling: yes\nplatform: aws\nflinkVersion: "1.x"\nregion: US East\n');
    assert.deepEqual(brief(file.diagnostics), [
      ['descriptor-invalid-value', 'error', r(1, 14, 1, 17)],
      ['descriptor-invalid-value', 'error', r(2, 11, 2, 14)],
      ['descriptor-invalid-value', 'error', r(3, 15, 3, 20)],
      ['descriptor-invalid-value', 'error', r(4, 9, 4, 16)],
    ]);
    assert.match(file.diagnostics[0].message, /expected a boolean, got the text 'yes' \(YAML 1\.2 reads it as text/);
    assert.match(file.diagnostics[1].message, /did you mean 'aws-managed-flink'\?/);
  });

  it('keeps an unquoted flinkVersion as written, not as the number YAML reads', () => {
    const { job } = only('flinkVersion: 1.20\n');
    assert.deepEqual(job.flinkVersion, { value: '1.20', range: r(1, 15, 1, 19), keyRange: r(1, 1, 1, 13) });
  });

  it('reports a descriptor that is not a mapping, and reads nothing from an empty one', () => {
    const list = parse('- a\n- b\n');
    assert.deepEqual(list.jobs, []);
    assert.deepEqual(brief(list.diagnostics), [['descriptor-invalid-value', 'error', r(1, 1, 2, 4)]]);
    assert.deepEqual(parse(''), { source: 'flinkjob', jobs: [], diagnostics: [] });
    assert.deepEqual(parse('# nothing yet\n'), { source: 'flinkjob', jobs: [], diagnostics: [] });
  });

  it('treats an empty value as unset and rejects implausibly large unit values', () => {
    const { job, file } = only('stateTtl:\ntables:\n  t:\n    rows: 5000000B\n');
    assert.equal(job.stateTtlSec, undefined);
    assert.deepEqual(brief(file.diagnostics), [['descriptor-invalid-value', 'error', r(4, 11, 4, 19)]]);
    assert.match(file.diagnostics[0].message, /implausibly large/);
  });

  it('reads one job per YAML document and the kubernetes section', () => {
    const file = parse(
      'name: a\nparallelism: 2\n---\nname: b\nplatform: flink-kubernetes-operator\nkubernetes: { taskManagerCpu: 2, taskManagerMemory: 4GiB, slots: 2 }\n',
    );
    assert.deepEqual(
      file.jobs.map((j) => j.name?.value),
      ['a', 'b'],
    );
    const k = file.jobs[1].kubernetes!;
    assert.equal(k.taskManagerCpu?.value, 2);
    assert.equal(k.taskManagerMemoryGB?.value, 4.294967296); // 4 x 2^30 / 10^9
    assert.equal(k.slots?.value, 2);
    assert.deepEqual(file.jobs[1].range, r(4, 1, 6, 69));
  });
});
