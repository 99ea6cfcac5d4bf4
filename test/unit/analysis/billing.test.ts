// What AWS bills for a configuration, and what a job needs to fit (docs/sizing-model.md §4), as
// the CLI, the editor's labels, the diagnostic and the comparison page show it. Values worked by
// hand: us-east-1 0.11 USD/KPU-hour × 730 h, running storage 50 GB × 0.10 USD per KPU but the
// orchestration KPU, backups 0.023 USD/GB-month of the logical state.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateJobPlans, estimateSql, jobDiagnostics } from '../../../src/analysis';
import { parseDescriptor } from '../../../src/descriptor';
import { storageExceededMessage, toFitText } from '../../../src/present/billing';
import { kpuHoverMarkdown } from '../../../src/present/hover';
import { jobLensTitle } from '../../../src/present/lens';
import { analysisLogLine } from '../../../src/present/logLine';
import { statusBarContent } from '../../../src/present/statusBar';
import { estimateJob, withAssumptions } from '../../../src/sizing';
import { analyzeSql } from '../../../src/sql';
import { buildCompareModel } from '../../../src/present/compare';
import { compareMarkdown } from '../../../src/present/compareMarkdown';
import { SqlSession } from '../../../src/sql/session';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const GB = 1e9;
const close = (actual: number | undefined | null, expected: number, eps = 1e-6) =>
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= eps, `${actual} ≉ ${expected}`);

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// No SQL; Parallelism 4 but 30 GB of memory declared: memory KPUs ceil(30 / 4) = 8 > 4 configured.
const MEMORY_JOB =
  'name: m\nplatform: aws-managed-flink\nregion: us-east-1\nparallelism: 4\nparallelismPerKPU: 1\nmemoryGB: 30\n';

describe('billing: what AWS bills and what fits', () => {
  // The Parallelism-4 job whose state needs 24 KPU of storage: 1050 GB of state sized
  // at 0.65 × 1.4 = 955.5 GB on disk, ceil(955.5 / 40) = 24.
  const big = estimateJob({
    stateBytes: 1050 * GB,
    parallelism: 4,
    parallelismPerKPU: 1,
    region: 'us-east-1',
    assumptions: withAssumptions(),
  });

  it('words the storage diagnostic with both figures', () => {
    // billed 5: 5 × 0.11 × 730 = 401.5 + 4 × 50 × 0.10 = 20 + 1050 × 0.023 = 24.15 → 445.65 → $446
    // to fit 25: 2007.5 + 120 + 24.15 = 2151.65 → $2,152, at Parallelism (24 − 1) × 1 + 1 = 24
    assert.equal(
      storageExceededMessage(big),
      'State on disk (956 GB) does not fit the 4 KPU configured (24 KPU of storage needed at 50 GB each). AWS bills the configuration: 5 KPU (4 + 1 orchestration), $446/mo. To fit, the job needs 25 KPU (24 + 1 orchestration, $2,152/mo): Parallelism 24.',
    );
    assert.equal(toFitText(big), '25 KPU to fit ($2,152/mo at Parallelism 24)');
  });

  it('shows a job whose declared memory exceeds its configuration both figures, and no storage error', () => {
    const job = parseDescriptor(MEMORY_JOB, 'm.flinkjob.yaml')!.jobs[0];
    const plans = estimateJobPlans(estimateSql(analyzeSql(new SqlSession(), ''), job), job);
    const e = plans.binary;
    assert.equal(e.kpu.configured, 4);
    assert.equal(e.kpu.required, 8);
    assert.equal(e.kpu.billed, 5);
    close(e.cost?.monthlyUsd, 421.5); // 5 × 0.11 × 730 = 401.5 + 4 × 50 × 0.10 = 20; no state, no backups
    assert.equal(e.toFit?.kpu, 9); // max(4, 8) + 1
    assert.equal(e.toFit?.parallelism, 8); // (8 − 1) × 1 + 1
    close(e.toFit?.monthlyUsd, 762.7); // 9 × 0.11 × 730 = 722.7 + 8 × 50 × 0.10 = 40
    assert.deepEqual(
      jobDiagnostics(job, plans).map((d) => d.code),
      [],
    ); // the state fits
    const title = jobLensTitle({ spec: job, estimate: estimateSql(analyzeSql(new SqlSession(), ''), job), plans });
    assert.equal(
      title,
      '5 KPU billed (4 + 1 orchestration) · $422/mo · memory binds · memory: 9 KPU to fit ($763/mo at Parallelism 8)',
    );
    const hover = kpuHoverMarkdown(plans, { hasSql: false });
    assert.match(hover, /\*\*5 billed\*\*: AWS bills the configuration plus 1 orchestration KPU/);
    assert.match(hover, /\*\*To fit, the job needs 9 KPU\*\* \(8 \+ 1 orchestration, \$763\/mo\): Parallelism 8\./);
    assert.match(hover, /730 hours a month/);
    assert.match(hover, /Orchestration KPU: \$80\/mo/); // 0.11 × 730 = 80.3: the KPU-hours only
  });

  it('bills 720 hours a month when a descriptor says so', () => {
    const job = parseDescriptor(`${MEMORY_JOB}assumptions:\n  hoursPerMonth: 720\n`, 'm.flinkjob.yaml')!.jobs[0];
    const e = estimateJobPlans(estimateSql(analyzeSql(new SqlSession(), ''), job), job).binary;
    close(e.cost?.kpuUsd, 396); // 5 × 0.11 × 720
    close(e.toFit?.monthlyUsd, 752.8); // 9 × 0.11 × 720 = 712.8 + 40
  });

  it('CLI: text and JSON carry the billed KPUs and what fits; the cost gate takes the cost to fit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-kpu-bill-'));
    const file = join(dir, 'm.flinkjob.yaml');
    writeFileSync(file, MEMORY_JOB);
    const text = run('analyze', file);
    assert.equal(text.code, 0, text.stderr);
    // No SQL, so no join chain: the three plans are one, in one column.
    assert.match(text.stdout, /^\s+as written\n/m);
    assert.match(text.stdout, /KPU billed \(\+1 orchestration\)\s+5\n/);
    // max(4 configured, 8 required) + 1 = 9 KPU to fit: Parallelism (8 − 1) × 1 + 1 = 8 configures them.
    assert.match(text.stdout, /KPU to fit \(\+1 orchestration\)\s+9 \(Parallelism 8\)\n/);
    assert.match(text.stdout, /monthly cost to fit\s+\$763\n/);
    assert.match(
      text.stdout,
      /AWS bills the configuration, 5 KPU \(4 \+ 1 orchestration\), \$422\/mo; the job needs 9 KPU to fit \(\$763\/mo at Parallelism 8\)/,
    );
    const json = run('analyze', file, '--format', 'json');
    assert.equal(json.code, 0, json.stderr);
    const out = JSON.parse(json.stdout);
    assert.equal(out.version, 2);
    const job = out.files[0].job;
    assert.equal(job.kpu.billed, 5);
    close(job.cost.monthlyUsd, 421.5);
    assert.equal(job.cost.hoursPerMonth, 730);
    assert.equal(job.toFit.kpu, 9);
    assert.equal(job.toFit.parallelism, 8);
    close(job.toFit.monthlyUsd, 762.7);
    const gate = run('analyze', file, '--max-monthly-cost', '500');
    assert.equal(gate.code, 1);
    assert.match(gate.stderr, /monthly cost to fit \(9 KPU\) \$762\.70 > --max-monthly-cost 500/);
  });

  it('CLI: a job whose state does not fit shows what AWS bills, what fits, and an error naming both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-kpu-bill-'));
    writeFileSync(
      join(dir, 'enrichment.sql'),
      readFileSync(join(root, 'examples', 'offer-enrichment', 'enrichment.sql'), 'utf8'),
    );
    const desc = readFileSync(join(root, 'examples', 'offer-enrichment', 'offer-enrichment.flinkjob.yaml'), 'utf8')
      .replace(/^parallelism: 24/m, 'parallelism: 4')
      .replace(/^overscale: .*$/m, '')
      .replace(/rows: 120M/g, 'rows: 1200M');
    writeFileSync(join(dir, 'p4.flinkjob.yaml'), desc);
    const r = run('analyze', dir, '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const f = JSON.parse(r.stdout).files.find((x: { kind: string }) => x.kind === 'descriptor');
    const j = f.job;
    assert.equal(j.fits, false);
    assert.equal(j.kpu.configured, 4);
    assert.equal(j.kpu.billed, 5); // 4 configured + 1, whatever the state needs
    // The storage binds: what fits is its KPUs + 1, at Parallelism storage KPUs (ParallelismPerKPU 1).
    assert.equal(j.kpu.binding, 'storage');
    assert.equal(j.toFit.kpu, j.kpu.byDimension.storage + 1);
    assert.equal(j.toFit.parallelism, j.kpu.byDimension.storage);
    // The month of n KPUs: n × 80.3 + (n − 1) × 5 + backups; the difference is (toFit − 5) × 85.3.
    close(j.toFit.monthlyUsd - j.cost.monthlyUsd, (j.toFit.kpu - 5) * 85.3, 1e-6);
    const d = f.diagnostics.find((x: { code: string }) => x.code === 'kpu-storage-exceeded');
    assert.match(
      d.message,
      new RegExp(
        `AWS bills the configuration: 5 KPU \\(4 \\+ 1 orchestration\\), \\$[\\d,]+/mo\\. To fit, the job needs ${j.toFit.kpu} KPU \\(${j.toFit.kpu - 1} \\+ 1 orchestration, \\$[\\d,]+/mo\\): Parallelism ${j.toFit.parallelism}\\.`,
      ),
    );
  });

  it('comparison page: the table adds what fits when a plan needs more KPUs than configured', () => {
    const SQL = [
      "CREATE TABLE a (id STRING, x INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
      "CREATE TABLE b (id STRING, y INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
      "CREATE TABLE c (id STRING, z INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
      'INSERT INTO sink SELECT a.id, a.x, b.y, c.z FROM a JOIN b ON a.id = b.id JOIN c ON c.id = a.id;',
    ].join('\n');
    const m = buildCompareModel(
      analyzeSql(new SqlSession(), SQL),
      undefined,
      {},
      0,
      { parallelism: 1, rows: { a: 1e10, b: 1e10, c: 1e10 } },
      't',
    )!;
    const binary = m.plans[0].job;
    assert.equal(binary.kpu.billed, 2); // Parallelism 1: 1 + 1
    assert.equal(binary.fits, false);
    assert.equal(binary.toFit?.kpu, binary.kpu.byDimension.storage + 1);
    const md = compareMarkdown(m);
    assert.match(md, /\| KPU billed \(\+1 orchestration\) \| 2 \|/);
    assert.match(
      md,
      new RegExp(
        `\\| KPU to fit \\(\\+1 orchestration\\) \\| ${binary.toFit?.kpu} \\(Parallelism ${binary.toFit?.parallelism}\\) \\|`,
      ),
    );
    assert.ok(m.explanation.some((x) => /AWS bills what is configured, 2 KPU/.test(x)));
    // The page's assumptions line carries the section 4 factors (it was empty: no term label matched).
    assert.match(
      m.assumptions,
      /on-disk state: .* × 0\.65 compression × 1\.4 space amplification \(variable-length, updated in place\)/,
    );
    assert.match(m.assumptions, /storage KPUs: .* × 1 skew \/ \(50 GB × 0\.8 max disk use\)/);
    assert.match(m.assumptions, /snapshot time: .* × 20 MB\/s\)/);
    assert.match(m.assumptions, /KPU cost: 2 billed KPUs × 0\.11 USD\/KPU-hour × 730 h/);
  });
});

describe('numbers as people read them (issue 20, item 7)', () => {
  it('a FlinkDeployment hover rounds the idle memory: 13 × 4 GB − 6 × 8 GiB = 0.46… GB → 0.5 GB', () => {
    const text = readFileSync(join(root, 'examples', 'infra', 'flink-deployment.yaml'), 'utf8');
    const job = parseDescriptor(text, 'flink-deployment.yaml')!.jobs[0];
    const plans = estimateJobPlans(estimateSql(analyzeSql(new SqlSession(), ''), job), job);
    // 6 task managers (24 / 4 slots) × 8 GiB = 51.54 GB → ceil(51.54 / 4) = 13 memory KPUs, the most of any dimension.
    assert.equal(plans.binary.kpu.required, 13);
    const hover = kpuHoverMarkdown(plans, { hasSql: false });
    assert.match(hover, /Paid for and not used: [^.]*0\.5 GB memory/);
    assert.doesNotMatch(hover, /\d\.\d{4,}/);
  });

  it('memory not declared is unknown, not 0 KPU, and nothing is claimed idle for it', () => {
    const job = parseDescriptor(
      'name: m\nplatform: aws-managed-flink\nregion: us-east-1\nparallelism: 4\nparallelismPerKPU: 1\n',
      'm.flinkjob.yaml',
    )!.jobs[0];
    const plans = estimateJobPlans(estimateSql(analyzeSql(new SqlSession(), ''), job), job);
    assert.equal(plans.binary.kpu.memoryDeclared, false);
    const hover = kpuHoverMarkdown(plans, { hasSql: false });
    assert.match(hover, /\| KPU needed \| 4 \| unknown \| 0 \|/);
    assert.doesNotMatch(hover, /GB memory(?! \+)/); // only the KPU definition names memory in GB
    assert.match(hover, /memory: not declared, so its use is unknown/);
  });

  it('CLI: a descriptor without SQL has no snapshot figure; an unavailable plan lists no empty heading', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-kpu-numbers-'));
    writeFileSync(
      join(dir, 'm.flinkjob.yaml'),
      'name: m\nplatform: aws-managed-flink\nregion: us-east-1\nparallelism: 4\nparallelismPerKPU: 1\n',
    );
    const text = run('analyze', join(dir, 'm.flinkjob.yaml')).stdout;
    // One column (no chain, so the three plans are one); the state, and so storage and fit, unknown.
    assert.match(text, /snapshot on scaling\s+n\/a\n/);
    assert.match(text, /KPU cpu \/ memory \/ storage\s+4 \/ \? \/ \?\n/);
    assert.match(text, /state fits its KPUs\s+n\/a\n/);
    assert.match(text, /\? memory not declared: its KPUs are not counted/);
    assert.match(text, /\? storage: without SQL the state is not estimated/);
    assert.doesNotMatch(text, /MultiJoin\*/);
    const explained = run('analyze', join(dir, 'm.flinkjob.yaml'), '--explain').stdout;
    assert.doesNotMatch(explained, /^\s+(snapshot time|on-disk state):/m);
    assert.match(explained, /state, storage KPUs, fit and snapshot time: not estimated \(no SQL\)/);
    // A FULL join cannot run as a MultiJoin: that plan has no operators to list.
    writeFileSync(
      join(dir, 'full.sql'),
      "CREATE TABLE a (id BIGINT, x INT) WITH ('connector' = 'kafka', 'format' = 'json');\nCREATE TABLE b (id BIGINT, y INT) WITH ('connector' = 'kafka', 'format' = 'json');\nSELECT * FROM a FULL JOIN b ON a.id = b.id;\n",
    );
    const explain = run('analyze', join(dir, 'full.sql'), '--explain').stdout;
    assert.match(explain, /MultiJoin operators: none \(not available here\)/);
    assert.doesNotMatch(explain, /MultiJoin operators:\n/);
  });
});

describe('status bar (issue 20, item 8)', () => {
  it('offers to compare join plans only where the file has a join chain', () => {
    const job = parseDescriptor(
      'name: m\nplatform: aws-managed-flink\nregion: us-east-1\nparallelism: 4\nparallelismPerKPU: 1\n',
      'm.flinkjob.yaml',
    )!.jobs[0];
    const noChain = analyzeSql(
      new SqlSession(),
      "CREATE TABLE a (id BIGINT, x INT) WITH ('connector' = 'kafka', 'format' = 'json');\nSELECT id, COUNT(*) FROM a GROUP BY id;",
    );
    const estimate = estimateSql(noChain, job);
    const report = {
      path: '/w/a.sql',
      kind: 'sql' as const,
      sql: noChain,
      estimate,
      plans: estimateJobPlans(estimate, job),
      jobs: [],
      diagnostics: [],
    };
    const none = statusBarContent(report, report.plans);
    assert.equal(none.compare, false);
    assert.match(none.tooltip, /No join chain to compare here\.$/);
    assert.equal(none.text, '$(server-process) 5 KPU · $422/mo'); // 5 × 80.3 + 4 × 5 = 421.5 (+ backups of 1 MB-scale state)
    const chain = analyzeSql(
      new SqlSession(),
      [
        "CREATE TABLE a (id BIGINT, x INT) WITH ('connector' = 'kafka', 'format' = 'json');",
        "CREATE TABLE b (id BIGINT, y INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
        'SELECT * FROM a JOIN b ON a.id = b.id;',
      ].join('\n'),
    );
    const e2 = estimateSql(chain, job);
    const withChain = statusBarContent(
      { ...report, sql: chain, estimate: e2, plans: estimateJobPlans(e2, job) },
      estimateJobPlans(e2, job),
    );
    assert.equal(withChain.compare, true);
    assert.match(withChain.tooltip, /Click to compare join plans\.$/);
  });
});

describe('the analysis log line (issue 20, item 9)', () => {
  it('names the file, what it is, the time, its chains, its statistics and its problems', () => {
    const sql = analyzeSql(
      new SqlSession(),
      "CREATE TABLE a (id BIGINT) WITH ('connector' = 'kafka', 'format' = 'json');\nSELECT * FROM a JOIN b ON a.id = b.id;\nSELECT FROM;",
    );
    const estimate = estimateSql(sql, undefined);
    const report = {
      path: '/w/q.sql',
      kind: 'sql' as const,
      sql,
      estimate,
      plans: estimateJobPlans(estimate, undefined),
      jobs: [],
      diagnostics: sql.diagnostics,
    };
    const errors = sql.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = sql.diagnostics.filter((d) => d.severity === 'warning').length;
    assert.equal(
      analysisLogLine('q.sql', report, 4.25, undefined),
      `q.sql: Flink SQL, 4.3 ms; 1 join chain; statistics: defaults (no descriptor names it); ${errors} errors, ${warnings} warnings`,
    );
    assert.ok(errors >= 1);
    assert.match(
      analysisLogLine('q.sql', report, 120.4, 'q.flinkjob.yaml (job q)'),
      /, 120 ms; .*statistics: q\.flinkjob\.yaml \(job q\);/,
    );
  });
});
