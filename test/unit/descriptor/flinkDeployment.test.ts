import { strict as assert } from 'node:assert';
import { parseDescriptor, type DescriptorFile } from '../../../src/descriptor';
import { brief, fixture, r } from './helpers';

function parse(text: string, name = 'deploy.yaml'): DescriptorFile {
  const file = parseDescriptor(text, name);
  assert.ok(file, `${name} is read`);
  assert.equal(file.source, 'flink-deployment');
  return file;
}

describe('descriptor FlinkDeployment', () => {
  it('reads every FlinkDeployment of a multi-document manifest', () => {
    const file = parse(fixture('flink-deployments.yaml'), 'k8s/flink-deployments.yaml');
    // fraud-rules sets taskManager.replicas: the operator runs it at replicas × slots, not parallelism.default.
    assert.deepEqual(brief(file.diagnostics), [['descriptor-ignored-value', 'info', r(50, 16, 50, 17)]]);
    assert.match(
      file.diagnostics[0].message,
      /parallelism\.default 8 is ignored: spec\.taskManager\.replicas 3 × 4 slots sets the parallelism to 12/,
    );
    assert.equal(file.jobs.length, 2, 'the ServiceAccount is not a job');
    const [payments, fraud] = file.jobs;
    assert.equal(payments.platform, 'flink-kubernetes-operator');
    assert.deepEqual(payments.name?.value, 'payments-enrichment');
    assert.deepEqual(payments.name?.range, r(11, 9, 11, 28));
    assert.deepEqual(payments.flinkVersion?.value, '1.20');
    assert.deepEqual(payments.flinkVersion?.range, r(15, 17, 15, 22));
    assert.deepEqual(payments.parallelism, { value: 12, range: r(36, 18, 36, 20), keyRange: r(36, 5, 36, 16) });
    assert.deepEqual(payments.maxParallelism?.value, 720);
    assert.deepEqual(payments.maxParallelism?.range, r(22, 31, 22, 36));
    assert.deepEqual(payments.stateTtlSec?.value, 129_600); // 36 h
    assert.deepEqual(payments.stateTtlSec?.range, r(21, 27, 21, 31));
    const k = payments.kubernetes!;
    assert.deepEqual(k.slots?.value, 2);
    assert.deepEqual(k.slots?.range, r(18, 36, 18, 39));
    assert.deepEqual(k.taskManagerCpu?.value, 2);
    assert.deepEqual(k.taskManagerCpu?.range, r(31, 12, 31, 13));
    assert.deepEqual(k.taskManagerMemoryGB?.value, 4.294967296); // 4Gi = 4 x 2^30 bytes
    assert.deepEqual(k.taskManagerMemoryGB?.range, r(30, 15, 30, 20));
    assert.equal(k.taskManagerReplicas, undefined);
    assert.deepEqual(payments.parallelismBlockRange, r(33, 5, 38, 19));
    assert.deepEqual(payments.range, r(8, 1, 38, 19));

    assert.deepEqual(fraud.name?.range, r(43, 9, 43, 20));
    assert.deepEqual(fraud.flinkVersion?.value, '2.0');
    assert.deepEqual(
      fraud.parallelism?.value,
      12,
      'replicas 3 × 4 slots (FlinkConfigBuilder), not parallelism.default 8',
    );
    assert.deepEqual(fraud.parallelism?.range, r(52, 15, 52, 16), 'at taskManager.replicas');
    assert.equal(fraud.kubernetes?.role, 'application');
    const f = fraud.kubernetes!;
    assert.deepEqual(f.slots?.value, 4);
    assert.deepEqual(f.slots?.range, r(48, 26, 48, 27));
    assert.deepEqual(f.taskManagerCpu?.value, 1.5, 'requests before limits; 1500m cores');
    assert.deepEqual(f.taskManagerCpu?.range, r(55, 14, 55, 19));
    assert.deepEqual(f.taskManagerMemoryGB?.value, 6.442450944); // Flink's 6g = 6 x 2^30 bytes
    assert.deepEqual(f.taskManagerMemoryGB?.range, r(56, 17, 56, 19));
    assert.deepEqual(f.taskManagerReplicas?.value, 3);
    assert.deepEqual(f.taskManagerReplicas?.range, r(52, 15, 52, 16));
    assert.deepEqual(fraud.parallelismBlockRange, r(61, 5, 62, 28));
  });

  it('treats Helm templates as absent and checks slots and memory units', () => {
    const text = [
      'apiVersion: flink.apache.org/v1beta1',
      'kind: FlinkDeployment',
      'metadata:',
      '  name: {{ .Release.Name }}',
      'spec:',
      '  flinkConfiguration:',
      '    taskmanager.numberOfTaskSlots: "0"',
      '  taskManager:',
      '    resource:',
      '      memory: 4 parsecs',
      '  job:',
      '    parallelism: {{ .Values.parallelism }}',
    ].join('\n');
    const file = parse(text);
    assert.deepEqual(brief(file.diagnostics), [
      ['descriptor-template', 'warning', r(4, 9, 4, 28)],
      ['descriptor-parallelism-range', 'error', r(7, 36, 7, 39)],
      ['descriptor-unknown-unit', 'error', r(10, 15, 10, 24)],
      ['descriptor-template', 'warning', r(12, 18, 12, 43)],
    ]);
    const job = file.jobs[0];
    assert.equal(job.name, undefined);
    assert.equal(job.parallelism, undefined);
    assert.equal(job.kubernetes?.slots, undefined);
    assert.equal(job.kubernetes?.taskManagerMemoryGB, undefined);
  });

  it('is not read for other Kubernetes objects', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: FlinkDeployment-proxy\n';
    assert.equal(parseDescriptor(text, 'deploy.yaml'), undefined);
  });
});
