import { strict as assert } from 'node:assert';
import { parseDescriptor, type DescriptorFile } from '../../../src/descriptor';
import { brief, fixture, r } from './helpers';

function parse(text: string, name: string, source: DescriptorFile['source']): DescriptorFile {
  const file = parseDescriptor(text, name);
  assert.ok(file, `${name} is read`);
  assert.equal(file.source, source);
  return file;
}

describe('descriptor AWS API JSON', () => {
  it('reads DescribeApplication output (aws kinesisanalyticsv2 describe-application)', () => {
    const file = parse(fixture('describe-application.json'), 'describe-application.json', 'aws-api-json');
    assert.deepEqual(file.diagnostics, []);
    assert.equal(file.jobs.length, 1);
    const job = file.jobs[0];
    assert.equal(job.platform, 'aws-managed-flink');
    assert.deepEqual(job.name?.value, 'clickstream-sessions');
    assert.deepEqual(job.name?.range, r(5, 28, 5, 50));
    assert.deepEqual(job.region?.value, 'eu-west-2');
    assert.deepEqual(job.region?.range, r(3, 53, 3, 62), 'the region inside the ARN');
    assert.deepEqual(job.flinkVersion?.value, '1.20');
    assert.deepEqual(job.flinkVersion?.range, r(6, 31, 6, 43));
    assert.deepEqual(job.configurationType?.value, 'CUSTOM');
    assert.deepEqual(
      job.configurationType?.range,
      r(45, 42, 45, 50),
      'not the checkpoint configuration DEFAULT above it',
    );
    assert.deepEqual(job.parallelism, { value: 16, range: r(46, 36, 46, 38), keyRange: r(46, 21, 46, 34) });
    assert.deepEqual(job.parallelismPerKPU?.value, 4);
    assert.deepEqual(job.parallelismPerKPU?.range, r(47, 42, 47, 43));
    assert.deepEqual(job.currentParallelism?.value, 32);
    assert.deepEqual(job.currentParallelism?.range, r(48, 43, 48, 45));
    assert.deepEqual(job.autoScaling?.value, true);
    assert.deepEqual(job.autoScaling?.range, r(49, 43, 49, 47));
    assert.deepEqual(job.snapshotsEnabled?.value, true);
    assert.deepEqual(job.snapshotsEnabled?.range, r(65, 37, 65, 41));
    assert.deepEqual(job.parallelismBlockRange, r(44, 56, 50, 18));
    assert.deepEqual(job.range, r(1, 1, 84, 2));
  });

  it('reflects ConfigurationType DEFAULT (Parallelism 1, ParallelismPerKPU 1, autoscaling) and flags ignored values', () => {
    const file = parse(fixture('create-application.json'), 'create-application.json', 'aws-api-json');
    assert.deepEqual(brief(file.diagnostics), [
      ['descriptor-default-configuration', 'info', r(18, 30, 18, 39)],
      ['descriptor-ignored-value', 'warning', r(19, 24, 19, 25)],
      ['descriptor-ignored-value', 'warning', r(20, 30, 20, 31)],
    ]);
    assert.match(
      file.diagnostics[1].message,
      /Parallelism 8 is ignored: ConfigurationType is DEFAULT, so the service uses 1/,
    );
    const job = file.jobs[0];
    assert.deepEqual(job.name?.range, r(2, 22, 2, 38));
    assert.deepEqual(job.flinkVersion?.value, '1.19');
    assert.deepEqual(job.flinkVersion?.range, r(4, 25, 4, 37));
    assert.deepEqual(job.configurationType?.value, 'DEFAULT');
    assert.deepEqual(job.parallelism, { value: 1, range: r(18, 30, 18, 39) });
    assert.deepEqual(job.parallelismPerKPU, { value: 1, range: r(18, 30, 18, 39) });
    assert.deepEqual(job.autoScaling, { value: true, range: r(18, 30, 18, 39) });
    assert.deepEqual(job.snapshotsEnabled?.value, false);
    assert.deepEqual(job.snapshotsEnabled?.range, r(25, 27, 25, 32));
    assert.deepEqual(job.parallelismBlockRange, r(17, 35, 22, 8));
    assert.equal(job.region, undefined);
  });

  it('reads UpdateApplication input', () => {
    const text = [
      '{',
      '  "ApplicationName": "inventory-sync",',
      '  "CurrentApplicationVersionId": 3,',
      '  "ApplicationConfigurationUpdate": {',
      '    "FlinkApplicationConfigurationUpdate": {',
      '      "ParallelismConfigurationUpdate": {',
      '        "ConfigurationTypeUpdate": "CUSTOM",',
      '        "ParallelismUpdate": 12,',
      '        "ParallelismPerKPUUpdate": 3',
      '      }',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const job = parse(text, 'update.json', 'aws-api-json').jobs[0];
    assert.deepEqual(job.parallelism?.value, 12);
    assert.deepEqual(job.parallelism?.range, r(8, 30, 8, 32));
    assert.deepEqual(job.parallelismPerKPU?.value, 3);
  });

  it('checks ParallelismPerKPU and Parallelism ranges', () => {
    const text =
      '{"ApplicationName": "x", "RuntimeEnvironment": "FLINK-1_20", "ApplicationConfiguration": {"FlinkApplicationConfiguration": {"ParallelismConfiguration": {"ConfigurationType": "CUSTOM", "Parallelism": 0, "ParallelismPerKPU": 9}}}}';
    const file = parse(text, 'app.json', 'aws-api-json');
    // Counted on the one line: the 0 of "Parallelism" is column 200, the 9 of "ParallelismPerKPU" column 224.
    assert.deepEqual(brief(file.diagnostics), [
      ['descriptor-parallelism-range', 'error', r(1, 200, 1, 201)],
      ['descriptor-parallelism-range', 'error', r(1, 224, 1, 225)],
    ]);
    assert.equal(file.jobs[0].parallelism, undefined);
    assert.equal(file.jobs[0].parallelismPerKPU, undefined);
  });

  it('is not read when the JSON is something else', () => {
    assert.equal(parseDescriptor('{"name": "flink-kpu-lens", "version": "0.1.0"}', 'package.json'), undefined);
    assert.equal(
      parseDescriptor('{"note": "ParallelismConfiguration is documented elsewhere"}', 'notes.json'),
      undefined,
    );
    assert.equal(
      parseDescriptor(
        '{"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"RuntimeEnvironment": "x"}}}}',
        'lambda.template',
      ),
      undefined,
    );
  });
});

describe('descriptor CloudFormation', () => {
  it('reads every application of a YAML template with short-form intrinsics', () => {
    const file = parse(fixture('streaming.cfn.yaml'), 'streaming.cfn.yaml', 'cloudformation');
    assert.deepEqual(brief(file.diagnostics), [
      ['descriptor-unresolved', 'info', r(61, 26, 61, 42)],
      ['descriptor-unresolved', 'info', r(62, 32, 62, 77)],
      ['descriptor-unresolved', 'info', r(63, 33, 63, 58)],
      ['descriptor-parallelism-range', 'error', r(78, 32, 78, 34)],
    ]);
    assert.match(
      file.diagnostics[0].message,
      /Parallelism: value not known until deploy \(!Ref Parallelism\); using the Default 8 of parameter Parallelism/,
    );
    // With the parameters' Defaults: Environment = dev, so Sizing.dev.PerKpu = 1, and IsProd
    // (Environment = prod) is false, so AutoScalingEnabled is false.
    assert.match(
      file.diagnostics[1].message,
      /ParallelismPerKPU: value not known until deploy \(!FindInMap\); using 1, its value with the parameters' Defaults \(Environment = dev\)/,
    );
    assert.match(
      file.diagnostics[2].message,
      /AutoScalingEnabled: value not known until deploy \(!If\); using false, its value with the parameters' Defaults \(Environment = dev\)/,
    );
    assert.equal(file.jobs.length, 2);
    const [orders, clicks] = file.jobs;
    assert.deepEqual(
      orders.name,
      { value: 'OrderEnrichment', range: r(45, 3, 45, 18) },
      'the logical ID when ApplicationName is !Sub',
    );
    assert.deepEqual(orders.flinkVersion?.value, '1.20');
    assert.deepEqual(orders.flinkVersion?.range, r(49, 27, 49, 37));
    assert.deepEqual(orders.configurationType?.range, r(60, 32, 60, 38));
    assert.deepEqual(orders.parallelism, { value: 8, range: r(61, 26, 61, 42), keyRange: r(61, 13, 61, 24) });
    assert.deepEqual(orders.parallelismPerKPU, { value: 1, range: r(62, 32, 62, 77), keyRange: r(62, 13, 62, 30) });
    assert.deepEqual(orders.autoScaling?.value, false);
    assert.equal(orders.region, undefined, 'AWS::Region is known only at deploy');
    assert.deepEqual(orders.snapshotsEnabled?.range, r(65, 29, 65, 33));
    assert.deepEqual(orders.parallelismBlockRange, r(60, 13, 63, 58));
    assert.deepEqual(orders.range, r(45, 3, 65, 33));
    assert.deepEqual(clicks.name?.value, 'click-sessions');
    assert.deepEqual(clicks.name?.range, r(70, 24, 70, 38));
    assert.deepEqual(clicks.flinkVersion?.value, '1.18');
    assert.deepEqual(clicks.parallelism?.value, 12, 'CloudFormation accepts numbers as strings');
    assert.deepEqual(clicks.parallelism?.range, r(77, 26, 77, 30));
    assert.equal(clicks.parallelismPerKPU, undefined, '12 is outside 1..8');
    assert.deepEqual(clicks.autoScaling?.value, false);
    assert.deepEqual(clicks.autoScaling?.range, r(79, 33, 79, 40));
    assert.deepEqual(clicks.range, r(67, 3, 79, 40));
  });

  it('reads a JSON template with Ref / Fn:: intrinsics and string parameter defaults', () => {
    const file = parse(fixture('streaming.cfn.json'), 'streaming.template.json', 'cloudformation');
    assert.deepEqual(brief(file.diagnostics), [
      ['descriptor-unresolved', 'info', r(28, 30, 28, 61)],
      ['descriptor-unresolved', 'info', r(30, 37, 30, 74)],
    ]);
    assert.match(
      file.diagnostics[0].message,
      /\(Ref ScoringParallelism\); using the Default 6 of parameter ScoringParallelism/,
    );
    assert.match(file.diagnostics[1].message, /\(Fn::If\)/);
    const job = file.jobs[0];
    assert.deepEqual(job.name, { value: 'FraudScoringApp', range: r(18, 5, 18, 22) });
    assert.deepEqual(job.parallelism?.value, 6);
    assert.deepEqual(job.parallelism?.range, r(28, 30, 28, 61));
    assert.deepEqual(job.parallelismPerKPU?.value, 2);
    assert.deepEqual(job.parallelismPerKPU?.range, r(29, 36, 29, 37));
    assert.equal(job.autoScaling, undefined);
    assert.deepEqual(job.snapshotsEnabled?.range, r(33, 69, 33, 73));
  });

  it('takes SSM dynamic references as known only at deploy, and never fails on unknown tags', () => {
    const text = [
      'Resources:',
      '  App:',
      '    Type: AWS::KinesisAnalyticsV2::Application',
      '    Properties:',
      '      ApplicationConfiguration:',
      '        FlinkApplicationConfiguration:',
      '          ParallelismConfiguration:',
      '            ConfigurationType: !Select [0, [CUSTOM]]',
      "            Parallelism: '{{resolve:ssm:/flink/parallelism}}'",
      '            ParallelismPerKPU: !Custom 4',
    ].join('\n');
    const file = parse(text, 'app.yml', 'cloudformation');
    const codes = brief(file.diagnostics).map(
      ([code, severity, range]) => `${code} ${severity} ${range.start.line}:${range.start.column}`,
    );
    assert.ok(codes.includes('descriptor-unresolved info 8:32'), codes.join(', '));
    assert.ok(codes.includes('descriptor-unresolved info 9:26'), codes.join(', '));
    assert.ok(codes.includes('descriptor-syntax warning 10:32'), codes.join(', '));
    assert.equal(file.jobs[0].parallelism, undefined);
    assert.equal(file.jobs[0].parallelismPerKPU?.value, 4);
  });
});
