// Kubernetes operator manifests beyond one application cluster (issue 14, item 4): session clusters
// and their FlinkSessionJobs, taskManager.replicas, SQL passed in job.args, the autoscaler's range.
// KPU-equivalents worked by hand (docs/sizing-model.md §4.7): task managers × vCPU and
// ceil(task managers × GB / 4), the larger, + 1 for an application's or a cluster's JobManager.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { analyzeDescriptorFile, jobNaming } from '../../../src/analysis';
import { parseDescriptor } from '../../../src/descriptor';
import { brief, fixture, r, ROOT } from './helpers';
import { AnalysisSession } from '../../../src/analysis/session';

const noFile = () => undefined;
const GI2 = (2 * 2 ** 30) / 1e9; // 2Gi in GB

describe('descriptor Kubernetes: session jobs, replicas, SQL in args, autoscaler', () => {
  it('reports each FlinkSessionJob on its session cluster, and the cluster sized for their slots', () => {
    const report = analyzeDescriptorFile(
      new AnalysisSession(),
      'k8s/session-cluster.yaml',
      fixture('session-cluster.yaml'),
      noFile,
      {
        region: 'us-east-1',
      },
    )!;
    assert.deepEqual(brief(report.diagnostics), [['descriptor-sql-in-image', 'info', r(39, 12, 39, 54)]]); // the quoted 40-character path
    const [cluster, orders, clicks] = report.jobs;
    assert.equal(cluster.spec.name?.value, 'analytics-session');
    assert.equal(cluster.spec.kubernetes?.role, 'session-cluster');
    assert.deepEqual(cluster.spec.kubernetes?.sessionJobs, ['orders-rollup', 'clicks-dedup']);

    // orders-rollup: Parallelism 4 on the cluster's 2-slot task managers: 2 of them, 2 vCPU,
    // 2 × 2Gi = 4.29 GB → ceil(4.29 / 4) = 2 memory KPU; configured 2; its JobManager is the cluster's.
    assert.equal(orders.spec.kubernetes?.role, 'session-job');
    assert.equal(orders.spec.kubernetes?.sessionCluster?.value, 'analytics-session');
    assert.deepEqual(orders.spec.kubernetes?.sessionCluster?.range, r(20, 19, 20, 36));
    assert.equal(orders.spec.flinkVersion?.value, '1.19', "the cluster's Flink version");
    assert.equal(orders.plans.kubernetes?.taskManagers, 2);
    assert.equal(orders.plans.binary.kpu.byDimension.cpu, 2);
    assert.ok(Math.abs(orders.plans.binary.kpu.byDimension.memory - Math.ceil((2 * GI2) / 4)) < 1e-9);
    assert.equal(orders.plans.binary.kpu.configured, 2);
    assert.equal(orders.plans.binary.kpu.extra, 0);
    assert.equal(orders.plans.binary.kpu.billed, 2);
    // Its SQL is the block scalar in job.args: read, with the GROUP BY's aggregation found.
    assert.match(orders.spec.sql?.value.inline ?? '', /^CREATE TABLE orders/);
    assert.deepEqual(orders.spec.sql?.value.inlineStart, { line: 26, column: 9 });
    assert.deepEqual(
      orders.estimate.stateful.map((o) => o.kind),
      ['group-aggregate'],
    );

    // clicks-dedup: Parallelism 2: 1 task manager, 1 vCPU, 2.15 GB → 1 KPU.
    assert.equal(clicks.plans.kubernetes?.taskManagers, 1);
    assert.equal(clicks.plans.binary.kpu.billed, 1);
    // A SQL file inside the image: named, with where a copy may sit; none exists here.
    assert.deepEqual(clicks.spec.sql?.value.image?.copies, ['sql-scripts/clicks.sql', 'clicks.sql']);
    assert.equal(clicks.sqlPath, undefined, 'a SQL file inside the image is not read');

    // The cluster: 4 + 2 = 6 slots → 3 task managers, 3 vCPU, 6.44 GB → 2; configured 3, + 1 JobManager.
    assert.equal(cluster.spec.parallelism?.value, 6);
    assert.equal(cluster.plans.kubernetes?.taskManagers, 3);
    assert.equal(cluster.plans.binary.kpu.configured, 3);
    assert.equal(cluster.plans.binary.kpu.billed, 4);
    // The jobs' task managers add up to the cluster's: 2 + 1 = 3.
    assert.equal(
      orders.plans.binary.kpu.configured + clicks.plans.binary.kpu.configured,
      cluster.plans.binary.kpu.configured,
    );
  });

  it('says when a FlinkSessionJob names a cluster the file does not hold, and sizes it from its parallelism', () => {
    const text = [
      'apiVersion: flink.apache.org/v1beta1',
      'kind: FlinkSessionJob',
      'metadata:',
      '  name: lone',
      'spec:',
      '  deploymentName: elsewhere',
      '  job:',
      '    parallelism: 3',
      '',
    ].join('\n');
    const report = analyzeDescriptorFile(new AnalysisSession(), 'lone.yaml', text, noFile)!;
    assert.deepEqual(brief(report.diagnostics), [['descriptor-session-cluster-missing', 'info', r(6, 19, 6, 28)]]);
    assert.equal(report.jobs[0].plans.kubernetes, undefined);
    assert.equal(report.jobs[0].plans.binary.kpu.configured, 3);
  });

  it('runs an application at taskManager.replicas × slots, reads SQL split over job.args, and gives the autoscaler range', () => {
    const report = analyzeDescriptorFile(
      new AnalysisSession(),
      'autoscaled-deployment.yaml',
      fixture('autoscaled-deployment.yaml'),
      noFile,
      {
        region: 'us-east-1',
      },
    )!;
    assert.deepEqual(brief(report.diagnostics), [['descriptor-ignored-value', 'info', r(19, 18, 19, 19)]]);
    assert.match(
      report.diagnostics[0].message,
      /spec\.job\.parallelism 6 is ignored: spec\.taskManager\.replicas 2 × 4 slots sets the parallelism to 8/,
    );
    const j = report.jobs[0];
    assert.equal(j.spec.parallelism?.value, 8);
    assert.deepEqual(j.spec.parallelism?.range, r(13, 15, 13, 16));
    // 2 task managers × 2 vCPU = 4; 2 × 8Gi = 17.18 GB → ceil(4.29) = 5: memory binds, + 1 JobManager.
    assert.equal(j.plans.kubernetes?.taskManagers, 2);
    assert.equal(j.plans.binary.kpu.byDimension.cpu, 4);
    assert.equal(j.plans.binary.kpu.configured, 5);
    assert.equal(j.plans.binary.kpu.billed, 6);
    // Three arguments, one statement each: one script; the join of clicks and users is found.
    assert.deepEqual(
      j.sql?.joins.map((x) => [x.left, x.right]),
      [[['clicks'], 'users']],
    );
    assert.equal(j.spec.sql?.value.inlineLineStarts?.length, 3);
    assert.deepEqual(j.spec.sql?.value.inlineLineStarts?.[2], { line: 23, column: 10 });
    // Autoscaler 2..16 on 4 slots: parallelism 2 → 1 task manager: max(2 vCPU, ceil(8.59 / 4) = 3) + 1 = 4;
    // parallelism 16 → 4 task managers: max(8, ceil(34.36 / 4) = 9) + 1 = 10.
    const a = j.plans.autoscaler!;
    assert.deepEqual([a.minParallelism, a.maxParallelism, a.minKpu, a.maxKpu], [2, 16, 4, 10]);
    assert.deepEqual(j.spec.kubernetes?.autoscaler?.maxParallelism?.range, r(11, 44, 11, 48));
  });

  it("analyses a copy of the image's SQL file kept below the manifest's folder, as the SQL-runner examples do", () => {
    const manifest = [
      'apiVersion: flink.apache.org/v1beta1',
      'kind: FlinkDeployment',
      'metadata:',
      '  name: sql-example',
      'spec:',
      '  flinkVersion: v1_20',
      '  job:',
      '    jarURI: local:///opt/flink/usrlib/sql-runner.jar',
      '    args: ["/opt/flink/usrlib/sql-scripts/q.sql"]',
      '    parallelism: 2',
    ].join('\n');
    const sql = [
      "CREATE TABLE a (id BIGINT, v STRING) WITH ('connector' = 'kafka');",
      "CREATE TABLE b (id BIGINT, w STRING) WITH ('connector' = 'kafka');",
      'SELECT a.v, b.w FROM a JOIN b ON a.id = b.id;',
    ].join('\n');
    // Its last two path segments first (sql-scripts/q.sql), then its name beside the manifest.
    for (const copy of ['k8s/sql-scripts/q.sql', 'k8s/q.sql']) {
      const files = new Map([[copy, sql]]);
      const report = analyzeDescriptorFile(new AnalysisSession(), 'k8s/app.yaml', manifest, (p) => files.get(p))!;
      const [job] = report.jobs;
      assert.equal(job.sqlPath, copy);
      assert.equal(job.sql?.joins.length, 1, copy);
      // The args entry: line 9, the quoted path from column 12 (35 characters, 37 with its quotes).
      assert.deepEqual(brief(report.diagnostics), [['descriptor-sql-copy', 'info', r(9, 12, 9, 49)]]);
      assert.match(report.diagnostics[0].message, new RegExp(`analysed from ${copy.slice('k8s/'.length)} below`));
      // The SQL file, analysed on its own, finds the manifest's job as the one that runs it.
      assert.equal(jobNaming(copy, 'k8s/app.yaml', manifest)?.name?.value, 'sql-example');
    }
    // No copy: the info says where it looked, and the job has no SQL.
    const none = analyzeDescriptorFile(new AnalysisSession(), 'k8s/app.yaml', manifest, noFile)!;
    assert.equal(none.jobs[0].sqlPath, undefined);
    assert.deepEqual(brief(none.diagnostics), [['descriptor-sql-in-image', 'info', r(9, 12, 9, 49)]]);
    assert.match(none.diagnostics[0].message, /\(sql-scripts\/q\.sql, q\.sql\)/);
  });

  it("analyses a copy of a PyFlink job's program, the -py argument of the operator's PythonDriver example", () => {
    const manifest = [
      'apiVersion: flink.apache.org/v1beta1',
      'kind: FlinkDeployment',
      'metadata:',
      '  name: python-example',
      'spec:',
      '  job:',
      '    jarURI: local:///opt/flink/opt/flink-python.jar',
      '    entryClass: "org.apache.flink.client.python.PythonDriver"',
      '    args: ["-pyclientexec", "/usr/local/bin/python3", "-py", "/opt/flink/usrlib/python_demo.py"]',
    ].join('\n');
    const program = [
      "t_env.execute_sql(\"CREATE TABLE a (id BIGINT, v STRING) WITH ('connector' = 'kafka')\")",
      "t_env.execute_sql(\"CREATE TABLE b (id BIGINT, w STRING) WITH ('connector' = 'kafka')\")",
      't_env.execute_sql("INSERT INTO s SELECT a.v, b.w FROM a JOIN b ON a.id = b.id")',
    ].join('\n');
    const files = new Map([['k8s/python_demo.py', program]]);
    const report = analyzeDescriptorFile(new AnalysisSession(), 'k8s/app.yaml', manifest, (p) => files.get(p))!;
    assert.equal(report.jobs[0].sqlPath, 'k8s/python_demo.py');
    assert.equal(report.jobs[0].sql?.joins.length, 1);
    // The -py value: line 9, the quoted path from column 62 (32 characters, 34 with its quotes).
    assert.deepEqual(
      brief(report.diagnostics).filter(([code]) => code.startsWith('descriptor-sql')),
      [['descriptor-sql-copy', 'info', r(9, 62, 9, 96)]],
    );
  });

  it('uses the operator defaults 1 and 200 for an unset range, capped by pipeline.max-parallelism, and rejects min above max', () => {
    const base = (conf: string[]) =>
      [
        'apiVersion: flink.apache.org/v1beta1',
        'kind: FlinkDeployment',
        'metadata:',
        '  name: a',
        'spec:',
        '  flinkConfiguration:',
        ...conf.map((c) => `    ${c}`),
        '  job:',
        '    parallelism: 2',
        '',
      ].join('\n');
    const capped = analyzeDescriptorFile(
      new AnalysisSession(),
      'a.yaml',
      base(['kubernetes.operator.job.autoscaler.enabled: "true"', 'pipeline.max-parallelism: "64"']),
      noFile,
    )!;
    const a = capped.jobs[0].plans.autoscaler!;
    assert.deepEqual([a.minParallelism, a.maxParallelism, a.minKpu, a.maxKpu], [1, 64, 2, 65]); // no task-manager resources: p + 1
    assert.match(a.formula, /the operator's default 200, capped by pipeline\.max-parallelism 64/);
    const bad = parseDescriptor(
      base([
        'job.autoscaler.enabled: "true"',
        'job.autoscaler.vertex.min-parallelism: "9"',
        'job.autoscaler.vertex.max-parallelism: "4"',
      ]),
      'a.yaml',
    )!;
    assert.deepEqual(brief(bad.diagnostics), [['descriptor-invalid-value', 'error', r(8, 44, 8, 47)]]);
    const off = analyzeDescriptorFile(
      new AnalysisSession(),
      'a.yaml',
      base(['job.autoscaler.enabled: "false"']),
      noFile,
    )!;
    assert.equal(off.jobs[0].plans.autoscaler, undefined);
  });

  it('gives each job its role and the autoscaler range in the JSON output', () => {
    const cli = join(ROOT, 'dist', 'cli.js');
    const fixtures = join(ROOT, 'test', 'fixtures', 'descriptors');
    const res = spawnSync(
      process.execPath,
      [
        cli,
        'analyze',
        join(fixtures, 'session-cluster.yaml'),
        join(fixtures, 'autoscaled-deployment.yaml'),
        '--format',
        'json',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(res.status, 0, res.stderr);
    type Job = { name: string; kubernetes: Record<string, unknown>; kpu: { billed: number } };
    const files = (JSON.parse(res.stdout) as { files: Array<{ job: Job; jobs?: Job[] }> }).files;
    assert.deepEqual(files[0].job.kubernetes, {
      role: 'application',
      taskManagerReplicas: 2,
      autoscaler: { minParallelism: 2, maxParallelism: 16, minKpu: 4, maxKpu: 10 },
    });
    assert.deepEqual(
      files[1].jobs!.map((j) => [j.name, j.kubernetes, j.kpu.billed]),
      [
        ['analytics-session', { role: 'session-cluster', sessionJobs: ['orders-rollup', 'clicks-dedup'] }, 4],
        ['orders-rollup', { role: 'session-job', sessionCluster: 'analytics-session' }, 2],
        ['clicks-dedup', { role: 'session-job', sessionCluster: 'analytics-session' }, 1],
      ],
    );
  });
});
