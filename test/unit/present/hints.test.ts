// Inlay hints as data (src/present/hints.ts), outside VS Code. After a descriptor's parallelism:
// the KPUs the sizing model configures, the same the job's CodeLens bills, worked out by hand
// from docs/sizing-model.md §4 (and §4.7 for a FlinkDeployment). After a join's condition: the
// state its hover explains.
import { strict as assert } from 'node:assert';
import { analyzeDescriptorFile, analyzeSqlFile, type FileReport } from '../../../src/analysis';
import { initDescriptorParsers } from '../../../src/descriptor';
import { joinHints, parallelismHints } from '../../../src/present/hints';
import { joinHoverMarkdown } from '../../../src/present/hover';
import { jobLensTitle } from '../../../src/present/lens';
import { AnalysisSession } from '../../../src/analysis/session';

function descriptor(path: string, text: string): FileReport {
  const report = analyzeDescriptorFile(new AnalysisSession(), path, text, () => undefined);
  assert.ok(report, path);
  return report;
}

describe('present: parallelism inlay hints', () => {
  before(() => initDescriptorParsers());

  it('a FlinkDeployment: the configured KPUs of its task managers (memory binds), as its lens bills them', () => {
    const report = descriptor(
      '/w/flink-deployment.yaml',
      [
        'apiVersion: flink.apache.org/v1beta1',
        'kind: FlinkDeployment',
        'metadata:',
        '  name: enrichment',
        'spec:',
        '  flinkVersion: v1_20',
        '  flinkConfiguration:',
        '    taskmanager.numberOfTaskSlots: "4"',
        '  taskManager:',
        '    resource:',
        '      memory: "8g"',
        '      cpu: 2',
        '  job:',
        '    jarURI: local:///opt/flink/usrlib/enrichment.jar',
        '    parallelism: 24',
        '',
      ].join('\n'),
    );
    // ceil(24 / 4 slots) = 6 task managers: 6 × 2 vCPU = 12 KPU of CPU; 6 × 8 GiB = 51.54 GB of
    // memory / 4 GB = 12.9, so 13 KPU of memory. A FlinkDeployment buys both: max(12, 13) = 13
    // configured, + 1 for the JobManager = 14 billed.
    const hints = parallelismHints(report);
    assert.equal(hints.length, 1);
    const [h] = hints;
    // After `parallelism: 24` on line 15 (1-based), which ends at column 20.
    assert.deepEqual(h.at, { line: 15, column: 20 });
    assert.equal(h.label, '= 13 KPU + 1 orchestration');
    assert.match(
      jobLensTitle(report.jobs[0]),
      /^14 KPU billed \(13 \+ 1 orchestration\) · \$[\d,]+\/mo · memory binds/,
    );
    // The tooltip is the model's own terms: the task managers, their memory, the billed KPUs;
    // not ceil(Parallelism / ParallelismPerKPU), which a FlinkDeployment does not have.
    const tip = h.tooltip ?? '';
    assert.match(tip, /6 task managers \(ceil\(Parallelism 24 \/ 4 slots\)\) × 2 vCPU and 8\.59 GB: 12 KPU of CPU/);
    assert.match(tip, /memory KPUs: ceil\(51\.54 GB \/ 4 GB\) = 13/);
    // The model's CPU term (as --explain prints it) counts vCPUs, not a Parallelism: ceil(6 × 2) = 12.
    const cpu = report.jobs[0].plans.binary.terms.find((t) => t.label === 'CPU KPUs');
    assert.equal(cpu?.value, 12);
    assert.equal(cpu?.formula, 'ceil(6 task managers × 2 vCPU) = 12 (1 vCPU per KPU)');
    assert.match(tip, /billed KPUs: 13 configured \+ 1 orchestration = 14/);
    assert.doesNotMatch(tip, /ParallelismPerKPU/);
  });

  it('an AWS application: ceil(Parallelism / ParallelismPerKPU) configured, + 1 orchestration billed', () => {
    const report = descriptor(
      '/w/job.flinkjob.yaml',
      ['name: orders', 'parallelism: 24', 'parallelismPerKPU: 2', ''].join('\n'),
    );
    // ceil(24 / 2) = 12 configured KPUs, + 1 orchestration = 13 billed.
    assert.deepEqual(
      parallelismHints(report).map((h) => [h.at, h.label]),
      [
        [{ line: 2, column: 16 }, '= 12 KPU + 1 orchestration'],
        [{ line: 3, column: 21 }, '→ 12 KPU at Parallelism 24'],
      ],
    );
    assert.match(jobLensTitle(report.jobs[0]), /^13 KPU billed \(12 \+ 1 orchestration\)/);
    const tip = parallelismHints(report)[0].tooltip ?? '';
    assert.match(tip, /CPU KPUs: ceil\(24 Parallelism \/ 2 ParallelismPerKPU\) = 12/);
    assert.match(tip, /billed KPUs: 12 configured \+ 1 orchestration = 13/);
  });
});

describe('present: join inlay hints', () => {
  // Two upsert tables joined on their key, then a lookup join into a JDBC dimension.
  const SQL = [
    "CREATE TABLE a (id BIGINT, x INT, pt AS PROCTIME(), PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
    "CREATE TABLE b (id BIGINT, y INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
    "CREATE TABLE d (id BIGINT, z INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'jdbc');",
    'INSERT INTO s SELECT a.id, a.x, b.y, d.z FROM a',
    'JOIN b ON b.id = a.id',
    'JOIN d FOR SYSTEM_TIME AS OF a.pt ON d.id = a.id;',
    '',
  ].join('\n');

  it('puts each join\u2019s state after its condition, the one its hover explains; a lookup join keeps none', () => {
    const report = analyzeSqlFile(new AnalysisSession(), '/w/q.sql', SQL);
    const hints = joinHints(report);
    assert.deepEqual(
      hints.map((h) => h.at),
      // After `b.id = a.id` (line 5, 21 characters) and `d.id = a.id` before the `;` (line 6).
      [
        { line: 5, column: 22 },
        { line: 6, column: 49 },
      ],
    );
    const state = /^state (\d+(\.\d)? [kMG]B)$/.exec(hints[0].label)?.[1];
    assert.ok(state, hints[0].label);
    assert.ok(joinHoverMarkdown(report, 0)?.includes(`State of this join: **${state}**`), joinHoverMarkdown(report, 0));
    assert.equal(hints[1].label, 'no join state');
    assert.match(hints[1].tooltip ?? '', /^INNER lookup join a, b ⋈ d: /);
  });
});
