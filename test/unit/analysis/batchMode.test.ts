// A job in batch mode (`execution.runtime-mode` = batch) runs Flink's batch operators: hash and
// sort-merge joins, hash and sort aggregates, in managed memory, spilling to local disk. The state
// backend is ignored and no checkpoint is taken (Flink docs, "Execution Mode (Batch/Streaming)"),
// so none of its joins or aggregations keeps RocksDB state. Set in SQL, in a program or in a
// FlinkDeployment's flinkConfiguration.
import { strict as assert } from 'node:assert';
import { AnalysisSession, analyzeSqlFile, estimateJobPlans, estimateSql } from '../../../src/analysis';
import { chainLensTitle } from '../../../src/present/lens';
import { parseDescriptor } from '../../../src/descriptor';
import { analyzeSql } from '../../../src/sql';
import { SqlSession } from '../../../src/sql/session';
import { calls } from '../embedded/helpers';
import { at, lines } from '../sql/helpers';

// Two append-only inputs joined on id, then grouped: in streaming, a 2-input chain whose inputs
// grow without bound (no TTL) and a group aggregation.
const JOB = lines(
  "CREATE TABLE a (id BIGINT, v STRING) WITH ('connector' = 'filesystem', 'path' = '/a', 'format' = 'csv');",
  "CREATE TABLE b (id BIGINT, w STRING) WITH ('connector' = 'filesystem', 'path' = '/b', 'format' = 'csv');",
  'INSERT INTO s SELECT a.v, COUNT(*) FROM a JOIN b ON a.id = b.id GROUP BY a.v;',
);

const analyse = (sql: string) => {
  const a = analyzeSql(new SqlSession(), sql);
  return { a, e: estimateSql(a, undefined) };
};

describe('batch mode: no keyed state', () => {
  it("SET 'execution.runtime-mode' = 'batch': every join and aggregation has no state, one info says why", () => {
    const streaming = analyse(JOB).e;
    // The same job in streaming holds state and warns that it grows without bound.
    assert.ok(streaming.stateBytes > 0);
    assert.ok(streaming.diagnostics.some((d) => d.code === 'unbounded-state'));

    const { a, e } = analyse(`SET 'execution.runtime-mode' = 'batch';\n${JOB}`);
    assert.equal(a.runtimeMode?.mode, 'batch');
    assert.equal(e.stateBytes, 0);
    assert.equal(e.unionStateBytes, 0);
    assert.equal(e.chains.length, 1);
    assert.match(e.chains[0].estimate.notEstimated ?? '', /batch mode/);
    // The join (in the chain) and the aggregation, each without an estimate, none counted.
    assert.deepEqual(
      e.stateful.map((s) => [s.kind, s.state.estimated, s.state.stateBytes]),
      [
        ['regular-join', false, 0],
        ['group-aggregate', false, 0],
      ],
    );
    // No state warning: one info, at the value 'batch' (line 1, columns 32-39).
    assert.deepEqual(
      e.diagnostics.map((d) => [d.code, d.severity, at(d.range)]),
      [['batch-execution', 'info', '1:32-1:39']],
    );
  });

  it("the chain's lens says why it has no state, in the reason's first clause", () => {
    const report = analyzeSqlFile(new AnalysisSession(), '/job.sql', `SET 'execution.runtime-mode' = 'batch';\n${JOB}`);
    const chain = report.estimate!.chains[0];
    assert.equal(
      chainLensTitle(chain, report.plans).split(' · ')[0],
      'State not estimated: the job runs in batch mode',
    );
    // A join without a key on rows not declared: its own reason.
    const keyless = analyzeSqlFile(new AnalysisSession(), '/k.sql', JOB.replace('ON a.id = b.id', 'ON TRUE'));
    assert.equal(
      chainLensTitle(keyless.estimate!.chains[0], keyless.plans).split(' · ')[0],
      'State not estimated: join 1 (b) has no equi-key',
    );
  });

  it('the last SET wins; BATCH is read case-insensitively; a value that names no mode is a warning', () => {
    const back = analyse(
      `SET 'execution.runtime-mode' = 'BATCH';\nSET 'execution.runtime-mode' = 'streaming';\n${JOB}`,
    );
    assert.equal(back.a.runtimeMode?.mode, 'streaming');
    assert.ok(back.e.stateBytes > 0);
    assert.equal(analyse(`SET 'execution.runtime-mode' = 'BATCH';\n${JOB}`).e.stateBytes, 0);

    const wrong = analyse(`SET 'execution.runtime-mode' = 'bach';\n${JOB}`);
    assert.equal(wrong.a.runtimeMode, undefined);
    assert.ok(wrong.e.stateBytes > 0);
    const d = wrong.a.diagnostics.find((x) => x.code === 'sql-invalid-setting');
    assert.equal(d?.severity, 'warning');
    // 'bach' with its quotes: columns 32-38.
    assert.equal(at(d?.range), '1:32-1:38');
  });

  it('AUTOMATIC is read as streaming (whether every source is bounded is not known from the file)', () => {
    const { a, e } = analyse(`SET 'execution.runtime-mode' = 'automatic';\n${JOB}`);
    assert.equal(a.runtimeMode?.mode, 'automatic');
    assert.ok(e.stateBytes > 0);
  });

  it('programs: EnvironmentSettings.inBatchMode(), setRuntimeMode(BATCH), the RUNTIME_MODE option, in_batch_mode()', () => {
    const java = lines(
      'class J {',
      '  void f(StreamExecutionEnvironment env, Configuration conf) {',
      '    EnvironmentSettings s = EnvironmentSettings.newInstance().inBatchMode().build();',
      '    env.setRuntimeMode(RuntimeExecutionMode.BATCH);',
      '    conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);',
      '    conf.setString("execution.runtime-mode", "batch");',
      '    TableEnvironment t = TableEnvironment.create(s);',
      '    t.executeSql("SELECT 1");',
      '  }',
      '}',
    );
    assert.deepEqual(
      calls(java, 'java')
        .filter((c) => c.setting)
        .map((c) => c.value?.text),
      [
        "SET 'execution.runtime-mode' = 'batch'",
        "SET 'execution.runtime-mode' = 'batch'",
        "SET 'execution.runtime-mode' = 'streaming'",
        "SET 'execution.runtime-mode' = 'batch'",
      ],
    );
    const python = lines(
      'env = StreamExecutionEnvironment.get_execution_environment()',
      'env.set_runtime_mode(RuntimeExecutionMode.BATCH)',
      't_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())',
      't_env.execute_sql("SELECT 1")',
    );
    assert.deepEqual(
      calls(python, 'python')
        .filter((c) => c.setting)
        .map((c) => c.value?.text),
      ["SET 'execution.runtime-mode' = 'batch'", "SET 'execution.runtime-mode' = 'streaming'"],
    );
    // A method of the same name that takes arguments is something else.
    assert.equal(calls('x.inBatchMode(true); t.executeSql("SELECT 1");', 'java').filter((c) => c.setting).length, 0);
  });

  it("a FlinkDeployment's execution.runtime-mode: its SQL has no state, unless the SQL sets the mode itself", () => {
    const manifest = lines(
      'apiVersion: flink.apache.org/v1beta1',
      'kind: FlinkDeployment',
      'metadata:',
      '  name: nightly',
      'spec:',
      '  flinkConfiguration:',
      '    execution.runtime-mode: BATCH',
      '  job:',
      '    jarURI: local:///opt/flink/usrlib/sql-runner.jar',
      '    parallelism: 4',
    );
    const file = parseDescriptor(manifest, 'deploy.yaml');
    const job = file?.jobs[0];
    assert.equal(job?.runtimeMode?.value, 'batch');
    // `BATCH` at line 7, columns 29-34.
    assert.equal(at(job?.runtimeMode?.range), '7:29-7:34');
    const report = analyzeSqlFile(new AnalysisSession(), '/job.sql', JOB, job);
    assert.equal(report.estimate?.stateBytes, 0);
    const info = report.diagnostics.find((d) => d.code === 'batch-execution');
    assert.match(info?.message ?? '', /descriptor/);
    // On the SQL's first statement, the file's own text.
    assert.equal(info?.range.start.line, 1);
    // The descriptor says so at its option; its KPUs: parallelism 4 at the default 1 per KPU.
    const plans = estimateJobPlans(report.estimate!, job);
    assert.equal(plans.binary.kpu.required, 4);

    const own = analyzeSqlFile(
      new AnalysisSession(),
      '/job.sql',
      `SET 'execution.runtime-mode' = 'streaming';\n${JOB}`,
      job,
    );
    assert.ok((own.estimate?.stateBytes ?? 0) > 0);

    const wrong = parseDescriptor(manifest.replace('BATCH', 'NIGHTLY'), 'deploy.yaml');
    assert.equal(wrong?.jobs[0].runtimeMode, undefined);
    assert.deepEqual(
      wrong?.diagnostics.filter((d) => d.code === 'descriptor-invalid-value').map((d) => at(d.range)),
      ['7:29-7:36'],
    );
  });
});
