// A PyFlink application on Managed Service for Apache Flink names its program in the property
// group `kinesis.analytics.flink.run.options`, key `python` (a path inside the application's
// code package). The AWS formats read it as the job's program, analysed from its copy below the
// descriptor's folder, as a FlinkDeployment's SQL file inside the image is.
import { strict as assert } from 'node:assert';
import { AnalysisSession, analyzeDescriptorFile, jobNaming } from '../../../src/analysis';
import { initDescriptorParsers, parseDescriptor } from '../../../src/descriptor';
import { brief, r } from './helpers';

const lines = (...ls: string[]) => ls.join('\n');

const CFN = lines(
  'Resources:',
  '  App:',
  '    Type: AWS::KinesisAnalyticsV2::Application',
  '    Properties:',
  '      RuntimeEnvironment: FLINK-1_20',
  '      ApplicationConfiguration:',
  '        EnvironmentProperties:',
  '          PropertyGroups:',
  '            - PropertyGroupId: ConsumerConfigProperties',
  '              PropertyMap:',
  '                python: not-this.py',
  '            - PropertyGroupId: kinesis.analytics.flink.run.options',
  '              PropertyMap:',
  '                jarfile: lib/deps.jar',
  '                python: src/main.py',
  '        FlinkApplicationConfiguration:',
  '          ParallelismConfiguration:',
  '            ConfigurationType: CUSTOM',
  '            Parallelism: 3',
);

// Two append-only Kafka tables joined on id, passed to the Table API.
const PROGRAM = lines(
  "t_env.execute_sql(\"CREATE TABLE a (id BIGINT, v STRING) WITH ('connector' = 'kafka')\")",
  "t_env.execute_sql(\"CREATE TABLE b (id BIGINT, w STRING) WITH ('connector' = 'kafka')\")",
  't_env.execute_sql("INSERT INTO s SELECT a.v, b.w FROM a JOIN b ON a.id = b.id")',
);

describe("descriptor: a PyFlink application's program (kinesis.analytics.flink.run.options)", () => {
  before(async () => {
    await initDescriptorParsers();
  });

  it('CloudFormation: the python property of that group (not of another) is the program, tried as written, then by its name', () => {
    const job = parseDescriptor(CFN, 'infra/app.yaml')?.jobs[0];
    assert.deepEqual(job?.sql?.value.image, {
      path: 'src/main.py',
      copies: ['src/main.py', 'main.py'],
      field: 'kinesis.analytics.flink.run.options python',
      inside: "the application's code package",
    });
    // `src/main.py` at line 15, from column 25.
    assert.deepEqual(job?.sql?.range, r(15, 25, 15, 36));
  });

  it('analyses the copy it finds as the job, and the program finds the job that runs it', () => {
    const files = new Map([['infra/main.py', PROGRAM]]);
    const report = analyzeDescriptorFile(new AnalysisSession(), 'infra/app.yaml', CFN, (p) => files.get(p))!;
    const [job] = report.jobs;
    assert.equal(job.sqlPath, 'infra/main.py');
    assert.equal(job.sql?.joins.length, 1);
    // Parallelism 3 at 1 per KPU: 3 KPUs for CPU; the join's state is counted.
    assert.equal(job.plans.binary.kpu.required, 3);
    assert.ok(job.estimate.stateBytes > 0);
    assert.deepEqual(
      brief(report.diagnostics).filter(([code]) => code.startsWith('descriptor-sql')),
      [['descriptor-sql-copy', 'info', r(15, 25, 15, 36)]],
    );
    assert.equal(jobNaming('infra/main.py', 'infra/app.yaml', CFN)?.name?.value, 'App');
    // No copy: said where it looked, no SQL.
    const none = analyzeDescriptorFile(new AnalysisSession(), 'infra/app.yaml', CFN, () => undefined)!;
    assert.equal(none.jobs[0].sql, undefined);
    assert.match(
      none.diagnostics.find((d) => d.code === 'descriptor-sql-in-image')?.message ?? '',
      /code package, and no copy of it is below this folder \(src\/main\.py, main\.py\)/,
    );
  });

  it('AWS API JSON (DescribeApplication) and Terraform read the same property group', () => {
    const described = JSON.stringify({
      ApplicationDetail: {
        ApplicationARN: 'arn:aws:kinesisanalytics:eu-west-1:123456789012:application/app',
        RuntimeEnvironment: 'FLINK-1_20',
        ApplicationConfigurationDescription: {
          EnvironmentPropertyDescriptions: {
            PropertyGroupDescriptions: [
              { PropertyGroupId: 'kinesis.analytics.flink.run.options', PropertyMap: { python: 'main.py' } },
            ],
          },
        },
      },
    });
    assert.equal(parseDescriptor(described, 'app.json')?.jobs[0].sql?.value.image?.path, 'main.py');
    const tf = lines(
      'resource "aws_kinesisanalyticsv2_application" "app" {',
      '  name                = "app"',
      '  runtime_environment = "FLINK-1_20"',
      '  application_configuration {',
      '    environment_properties {',
      '      property_group {',
      '        property_group_id = "kinesis.analytics.flink.run.options"',
      '        property_map = {',
      '          python = "app/main.py"',
      '        }',
      '      }',
      '    }',
      '  }',
      '}',
    );
    const job = parseDescriptor(tf, 'main.tf')?.jobs[0];
    assert.equal(job?.sql?.value.image?.path, 'app/main.py');
    // The value `"app/main.py"` at line 9, columns 20-33.
    assert.deepEqual(job?.sql?.range, r(9, 20, 9, 33));
  });
});
