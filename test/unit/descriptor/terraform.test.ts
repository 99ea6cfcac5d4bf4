import { strict as assert } from 'node:assert';
import { initDescriptorParsers, parseDescriptor, type DescriptorFile } from '../../../src/descriptor';
import { parseTerraform } from '../../../src/descriptor/terraform';
import { LineIndex } from '../../../src/text';
import { brief, fixture, r } from './helpers';

function parse(text: string, name = 'main.tf'): DescriptorFile {
  const file = parseDescriptor(text, name);
  assert.ok(file, `${name} is read`);
  assert.equal(file.source, 'terraform');
  return file;
}

describe('descriptor Terraform', () => {
  before(async () => {
    // The default directory: wasm/ next to the bundle (out/test/wasm), where the build copies the grammars.
    await initDescriptorParsers();
  });

  it('answers with a diagnostic, not an exception, before the grammar is loaded', () => {
    const text = fixture('streaming.tf');
    const file = parseTerraform(text, new LineIndex(text), null);
    assert.deepEqual(brief(file!.diagnostics), [['descriptor-not-initialized', 'warning', r(1, 1, 1, 2)]]);
    assert.deepEqual(file!.jobs, []);
  });

  it('reads every aws_kinesisanalyticsv2_application of a file with provider, variables and locals', () => {
    const file = parse(fixture('streaming.tf'), 'infra/streaming.tf');
    assert.deepEqual(brief(file.diagnostics), [
      ['descriptor-unresolved', 'info', r(12, 12, 12, 22)],
      ['descriptor-unresolved', 'info', r(76, 32, 76, 47)],
      // local.per_kpu = 2 (line 77) is a literal local: the configuration's own value, no info.
      ['descriptor-unresolved', 'info', r(96, 32, 96, 51)],
    ]);
    assert.match(
      file.diagnostics[0].message,
      /value not known until plan \(var\.region\); using the default "eu-west-1" of variable "region"/,
    );
    assert.match(
      file.diagnostics[1].message,
      /parallelism: value not known until plan \(var\.parallelism\); using the default 8 of variable "parallelism"/,
    );
    // An expression over known values is evaluated: 8 × 2.
    assert.match(
      file.diagnostics[2].message,
      /parallelism: value not known until plan \(var\.parallelism \* 2\); using the default 8 of variable "parallelism"/,
    );
    assert.equal(file.jobs.length, 2);
    const [enrichment, sessions] = file.jobs;
    assert.equal(enrichment.platform, 'aws-managed-flink');
    assert.deepEqual(
      enrichment.name,
      { value: 'enrichment', range: r(48, 47, 48, 59) },
      'the resource label when name is interpolated',
    );
    assert.deepEqual(enrichment.region?.value, 'eu-west-1');
    assert.deepEqual(enrichment.region?.range, r(12, 12, 12, 22));
    assert.deepEqual(enrichment.flinkVersion?.value, '1.20');
    assert.deepEqual(enrichment.flinkVersion?.range, r(50, 28, 50, 40));
    assert.deepEqual(enrichment.configurationType?.value, 'CUSTOM');
    assert.deepEqual(
      enrichment.configurationType?.range,
      r(75, 32, 75, 40),
      'not the checkpoint_configuration DEFAULT',
    );
    assert.deepEqual(enrichment.parallelism, { value: 8, range: r(76, 32, 76, 47), keyRange: r(76, 9, 76, 20) });
    assert.deepEqual(enrichment.parallelismPerKPU?.value, 2);
    assert.deepEqual(enrichment.parallelismPerKPU?.range, r(77, 32, 77, 45));
    assert.deepEqual(enrichment.autoScaling?.value, false);
    assert.deepEqual(enrichment.autoScaling?.range, r(74, 32, 74, 37));
    assert.deepEqual(enrichment.snapshotsEnabled?.value, true);
    assert.deepEqual(enrichment.snapshotsEnabled?.range, r(65, 27, 65, 31));
    assert.deepEqual(enrichment.parallelismBlockRange, r(73, 7, 78, 8));
    assert.deepEqual(enrichment.range, r(48, 1, 83, 2));

    assert.deepEqual(sessions.name?.value, 'sessions');
    assert.deepEqual(sessions.name?.range, r(87, 28, 87, 38));
    assert.deepEqual(sessions.region?.value, 'eu-central-1', 'provider = aws.replica');
    assert.deepEqual(sessions.region?.range, r(17, 12, 17, 26));
    assert.deepEqual(sessions.flinkVersion?.value, '1.19');
    assert.deepEqual(sessions.parallelism, { value: 16, range: r(96, 32, 96, 51), keyRange: r(96, 9, 96, 20) });
    assert.deepEqual(sessions.parallelismPerKPU?.value, 4);
    assert.deepEqual(sessions.parallelismPerKPU?.range, r(97, 32, 97, 33));
    assert.deepEqual(sessions.autoScaling?.range, r(94, 32, 94, 36));
    assert.deepEqual(sessions.snapshotsEnabled?.value, false);
    assert.deepEqual(sessions.snapshotsEnabled?.range, r(102, 27, 102, 32));
    assert.deepEqual(sessions.range, r(85, 1, 105, 2));
  });

  it('reflects configuration_type DEFAULT and checks the parallelism range', () => {
    const text = [
      'resource "aws_kinesisanalyticsv2_application" "d" {',
      '  runtime_environment = "FLINK-1_20"',
      '  application_configuration {',
      '    flink_application_configuration {',
      '      parallelism_configuration {',
      '        configuration_type = "DEFAULT"',
      '      }',
      '    }',
      '  }',
      '}',
      'resource "aws_kinesisanalyticsv2_application" "e" {',
      '  application_configuration {',
      '    flink_application_configuration {',
      '      parallelism_configuration {',
      '        configuration_type = "CUSTOM"',
      '        parallelism = -3',
      '        parallelism_per_kpu = "3"',
      '      }',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const file = parse(text);
    assert.deepEqual(brief(file.diagnostics), [
      ['descriptor-default-configuration', 'info', r(6, 30, 6, 39)],
      ['descriptor-parallelism-range', 'error', r(16, 23, 16, 25)],
    ]);
    assert.deepEqual(file.jobs[0].parallelism, { value: 1, range: r(6, 30, 6, 39) });
    assert.deepEqual(file.jobs[0].autoScaling?.value, true);
    assert.equal(file.jobs[1].parallelism, undefined);
    assert.deepEqual(file.jobs[1].parallelismPerKPU?.value, 3);
    assert.deepEqual(file.jobs[1].parallelismPerKPU?.range, r(17, 31, 17, 34));
  });

  it('reports syntax errors with ranges, and reads what the parser recovered', () => {
    const lines = [
      'resource "aws_kinesisanalyticsv2_application" "broken" {',
      '  application_configuration {',
      '    flink_application_configuration {',
      '      parallelism_configuration {',
      '        parallelism_per_kpu = 2',
      '        parallelism = = 4',
      '      }',
      '    }',
      '  }',
      '}',
    ];
    const doubled = parse(lines.join('\n'));
    const syntax = doubled.diagnostics.filter((d) => d.code === 'descriptor-syntax');
    assert.ok(syntax.length >= 1, 'the file is still ours: its resource is hidden by the error');
    assert.equal(syntax[0].range.start.line, 6);

    lines[5] = '        parallelism =';
    const missing = parse(lines.join('\n'));
    assert.ok(missing.diagnostics.length >= 1);
    assert.ok(
      missing.diagnostics.every((d) => d.code === 'descriptor-syntax'),
      'no value diagnostics for what the parser invented',
    );
    assert.equal(missing.jobs.length, 1);
    assert.deepEqual(missing.jobs[0].parallelismPerKPU?.value, 2);
    assert.equal(missing.jobs[0].parallelism, undefined);
  });

  it('is not read when the file has no such resource', () => {
    assert.equal(parseDescriptor('provider "aws" {\n  region = "us-east-1"\n}\n', 'main.tf'), undefined);
    assert.equal(
      parseDescriptor(
        '# aws_kinesisanalyticsv2_application lives in another module\nresource "aws_s3_bucket" "b" {}\n',
        'main.tf',
      ),
      undefined,
    );
  });
});
