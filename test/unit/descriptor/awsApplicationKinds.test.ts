// Studio notebooks and legacy Kinesis Data Analytics SQL applications (issue 14, item 3): what AWS
// bills for each, worked by hand at the us-east-1 prices (0.11 USD/KPU-hour × 730 h, running
// storage 0.10 USD/GB-month, 50 GB per configured KPU).
import { strict as assert } from 'node:assert';
import { analyzeDescriptorFile } from '../../../src/analysis';
import { billedText } from '../../../src/present/billing';
import { initDescriptorParsers, parseDescriptor } from '../../../src/descriptor';
import { brief, fixture, r } from './helpers';
import { AnalysisSession } from '../../../src/analysis/session';

const close = (actual: number | undefined, expected: number) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-9, `${actual} ≉ ${expected}`);
const noFile = () => undefined;

describe('descriptor AWS application kinds: Studio notebooks and legacy SQL applications', () => {
  before(async () => {
    await initDescriptorParsers();
  });

  it('bills a Studio notebook 2 KPUs beyond its configuration and reads the Flink version of its runtime', () => {
    const file = parseDescriptor(fixture('studio-notebook.json'), 'studio-notebook.json')!;
    const job = file.jobs[0];
    assert.equal(job.applicationKind?.value, 'studio');
    assert.deepEqual(job.applicationKind?.range, r(4, 25, 4, 45), 'the runtime names it');
    assert.equal(job.flinkVersion?.value, '1.15'); // ZEPPELIN-FLINK-3_0
    assert.deepEqual(brief(file.diagnostics), [['descriptor-studio', 'info', r(4, 25, 4, 45)]]);
    assert.match(
      file.diagnostics[0].message,
      /RuntimeEnvironment ZEPPELIN-FLINK-3_0, Flink 1\.15, ApplicationMode INTERACTIVE\): AWS bills 2 KPUs beyond the configured ones/,
    );

    const report = analyzeDescriptorFile(
      new AnalysisSession(),
      'studio-notebook.json',
      fixture('studio-notebook.json'),
      noFile,
      {
        region: 'us-east-1',
      },
    )!;
    const e = report.jobs[0].plans.binary;
    assert.equal(e.kpu.configured, 4); // Parallelism 4 / ParallelismPerKPU 1
    assert.equal(e.kpu.extra, 2);
    assert.equal(e.kpu.billed, 6); // 4 + 2
    // 6 × 0.11 × 730 = 481.8; running storage of the 4 configured KPUs: 4 × 50 × 0.10 = 20; no state
    close(e.cost?.kpuUsd, 481.8);
    close(e.cost?.storageUsd, 20);
    close(e.cost?.monthlyUsd, 501.8);
    assert.equal(billedText(e), '6 KPU billed (4 + 2 Studio (orchestration, interactive development))');
  });

  it('reads ApplicationMode INTERACTIVE alone as a Studio notebook', () => {
    const text = JSON.stringify({
      ApplicationName: 'n',
      RuntimeEnvironment: 'FLINK-1_15',
      ApplicationMode: 'INTERACTIVE',
      ApplicationConfiguration: {
        FlinkApplicationConfiguration: {
          ParallelismConfiguration: { ConfigurationType: 'CUSTOM', Parallelism: 2, ParallelismPerKPU: 2 },
        },
      },
    });
    const report = analyzeDescriptorFile(new AnalysisSession(), 'n.json', text, noFile, { region: 'us-east-1' })!;
    assert.equal(report.jobs[0].spec.applicationKind?.value, 'studio');
    assert.equal(report.jobs[0].plans.binary.kpu.billed, 3); // ceil(2 / 2) = 1 + 2
  });

  it('prices a legacy SQL application (runtime SQL-1_0 or the v1 resource type) per KPU, with no orchestration KPU and no storage', () => {
    const report = analyzeDescriptorFile(
      new AnalysisSession(),
      'legacy-sql.cfn.yaml',
      fixture('legacy-sql.cfn.yaml'),
      noFile,
      {
        region: 'us-east-1',
      },
    )!;
    assert.deepEqual(brief(report.diagnostics), [
      ['descriptor-legacy-sql', 'info', r(5, 11, 5, 45)], // the v1 Type (34 characters)
      ['descriptor-legacy-sql', 'info', r(18, 27, 18, 34)], // RuntimeEnvironment SQL-1_0
    ]);
    assert.match(
      report.diagnostics[0].message,
      /AWS::KinesisAnalytics::Application is a legacy Kinesis Data Analytics SQL application, not Apache Flink/,
    );
    assert.equal(report.jobs.length, 2);
    for (const j of report.jobs) {
      const e = j.plans.binary;
      assert.equal(j.spec.applicationKind?.value, 'legacy-sql');
      assert.equal(j.spec.flinkVersion, undefined);
      assert.equal(e.kpu.extra, 0);
      assert.equal(e.kpu.billed, 1);
      close(e.cost?.monthlyUsd, 80.3); // 1 × 0.11 × 730; no storage, no backups
      close(e.cost?.storageUsd, 0);
      assert.equal(billedText(e), '1 KPU billed per KPU the service runs (no orchestration KPU)');
    }
  });

  it('reads the Terraform v1 resource aws_kinesis_analytics_application as a legacy SQL application', () => {
    const report = analyzeDescriptorFile(new AnalysisSession(), 'legacy-sql.tf', fixture('legacy-sql.tf'), noFile)!;
    assert.deepEqual(brief(report.diagnostics), [['descriptor-legacy-sql', 'info', r(5, 10, 5, 45)]]);
    const j = report.jobs[0];
    assert.equal(j.spec.name?.value, 'page-view-counts');
    assert.equal(j.spec.region?.value, 'us-east-1');
    close(j.plans.binary.cost?.monthlyUsd, 80.3);
  });

  it('warns that a SQL application has no Flink parallelism to read', () => {
    const text = JSON.stringify({
      ApplicationName: 's',
      RuntimeEnvironment: 'SQL-1_0',
      ApplicationConfiguration: {
        FlinkApplicationConfiguration: { ParallelismConfiguration: { ConfigurationType: 'CUSTOM', Parallelism: 8 } },
      },
    });
    const file = parseDescriptor(text, 's.json')!;
    assert.deepEqual(
      file.diagnostics.map((d) => d.code),
      ['descriptor-legacy-sql', 'descriptor-ignored-value'],
    );
    assert.equal(file.jobs[0].parallelism, undefined);
  });
});
