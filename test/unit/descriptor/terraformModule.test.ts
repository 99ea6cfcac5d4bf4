// Terraform read as Terraform reads it (issue 14, item 2): a module is the .tf files of a directory
// with its .tfvars; for_each / count give one application per instance; a module block with a
// local source gives that module's applications with the block's arguments. Figures by hand:
// billed KPUs = ceil(Parallelism / ParallelismPerKPU) + 1 orchestration.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDescriptorFile } from '../../../src/analysis';
import { initDescriptorParsers, parseDescriptor, type ModuleFiles } from '../../../src/descriptor';
import { brief, r, ROOT } from './helpers';
import { AnalysisSession } from '../../../src/analysis/session';

const TF = join(ROOT, 'test', 'fixtures', 'descriptors', 'terraform');

/** The real directory, as the CLI reads it. */
const disk: ModuleFiles = {
  readText: (p) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  listDir: (d) => {
    try {
      return readdirSync(d).filter((n) => statSync(join(d, n)).isFile());
    } catch {
      return undefined;
    }
  },
};

function analyze(rel: string) {
  const path = join(TF, rel);
  const report = analyzeDescriptorFile(
    new AnalysisSession(),
    path,
    readFileSync(path, 'utf8'),
    disk.readText,
    {},
    disk.listDir,
  );
  assert.ok(report, `${rel} is read`);
  return report;
}

describe('descriptor Terraform modules: the directory, .tfvars, for_each / count, module calls', () => {
  before(async () => {
    await initDescriptorParsers();
  });

  it('gives one application per for_each instance, with variable defaults and the provider from the other files', () => {
    const report = analyze('for-each/main.tf');
    assert.deepEqual(
      report.jobs.map((j) => [
        j.spec.name?.value,
        j.spec.address,
        j.spec.flinkVersion?.value,
        j.spec.region?.value,
        j.plans.binary.kpu.billed,
      ]),
      [
        ['stream-orders', 'aws_kinesisanalyticsv2_application.app["orders"]', '1.20', 'us-east-1', 5],
        ['stream-payments', 'aws_kinesisanalyticsv2_application.app["payments"]', '1.20', 'us-east-1', 5],
        ['stream-shipping', 'aws_kinesisanalyticsv2_application.app["shipping"]', '1.19', 'us-east-1', 5],
      ],
    );
    // 3 applications at Parallelism 4 / ParallelismPerKPU 1: 3 × (4 + 1) = 15 KPUs.
    assert.equal(
      report.jobs.reduce((n, j) => n + j.plans.binary.kpu.billed, 0),
      15,
    );
    // var.parallelism is declared in variables.tf, var.region in providers.tf's provider: said once for the three instances.
    assert.deepEqual(brief(report.diagnostics), [
      ['descriptor-unresolved', 'info', r(10, 47, 10, 52)],
      ['descriptor-unresolved', 'info', r(20, 32, 20, 47)],
    ]);
    assert.match(
      report.diagnostics[1].message,
      /^aws_kinesisanalyticsv2_application\.app \(each of its 3 instances\): parallelism: value not known until plan \(var\.parallelism\); using the default 4 of variable "parallelism"/,
    );
    assert.deepEqual(report.jobs[0].spec.parallelism?.range, r(20, 32, 20, 47));
  });

  it('reads the file alone when no other file can be read: an undeclared variable is not used', () => {
    const text = readFileSync(join(TF, 'for-each/main.tf'), 'utf8');
    const file = parseDescriptor(text, join(TF, 'for-each/main.tf'))!;
    assert.equal(file.jobs.length, 3, 'the locals are in the file');
    assert.equal(file.jobs[0].parallelism, undefined);
    assert.match(
      file.diagnostics.find((d) => d.code === 'descriptor-unresolved')!.message,
      /variable "parallelism" is not declared in this module\); not used in the estimate/,
    );
  });

  it('gives count instances their count.index', () => {
    const report = analyze('count/main.tf');
    // replica[0]: Parallelism 2 / 2 per KPU = 1 + 1; replica[1]: 6 / 2 = 3 + 1.
    assert.deepEqual(
      report.jobs.map((j) => [
        j.spec.name?.value,
        j.spec.address,
        j.spec.parallelism?.value,
        j.plans.binary.kpu.billed,
      ]),
      [
        ['replica-0', 'aws_kinesisanalyticsv2_application.replica[0]', 2, 2],
        ['replica-1', 'aws_kinesisanalyticsv2_application.replica[1]', 6, 4],
      ],
    );
    assert.deepEqual(report.diagnostics, []);
  });

  it('applies .tfvars in Terraform order: terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) by name', () => {
    const report = analyze('tfvars/main.tf');
    const j = report.jobs[0];
    // parallelism: 8 (terraform.tfvars) < 10 (terraform.tfvars.json) < 12 (a.auto.tfvars.json);
    // per_kpu: 4 (a.auto.tfvars.json) < 2 (b.auto.tfvars, later by name); ceil(12 / 2) + 1 = 7.
    assert.equal(j.spec.parallelism?.value, 12);
    assert.equal(j.spec.parallelismPerKPU?.value, 2);
    assert.equal(j.plans.binary.kpu.billed, 7);
    assert.equal(j.spec.name?.value, 'clicks-prod', 'the name interpolates var.env = "prod"');
    assert.equal(j.spec.region?.value, 'eu-west-2', "the provider's region through var.region");
    assert.equal(j.plans.binary.cost?.region, 'eu-west-2', 'the region picks the prices');
    assert.deepEqual(
      report.diagnostics.map((d) => d.message.replace(/ \(-var or -var-file may set another value\)$/, '')),
      [
        'provider "aws" region: value not known until plan (var.region); using region = "eu-west-2" from terraform.tfvars',
        'parallelism: value not known until plan (var.parallelism); using parallelism = 12 from a.auto.tfvars.json',
        'parallelism_per_kpu: value not known until plan (var.per_kpu); using per_kpu = 2 from b.auto.tfvars',
      ],
    );
  });

  it("gives a module block's applications with its arguments, one set per for_each instance, and skips a registry module quietly", () => {
    const report = analyze('root-module/main.tf');
    assert.deepEqual(
      report.jobs.map((j) => [
        j.spec.name?.value,
        j.spec.address,
        j.spec.parallelism?.value,
        j.plans.binary.kpu.billed,
        j.spec.region?.value,
      ]),
      [
        ['enrichment', 'module.enrichment.aws_kinesisanalyticsv2_application.this', 6, 7, 'us-east-1'],
        ['tenant-acme', 'module.tenants["acme"].aws_kinesisanalyticsv2_application.this', 2, 3, 'us-east-1'],
        ['tenant-globex', 'module.tenants["globex"].aws_kinesisanalyticsv2_application.this', 2, 3, 'us-east-1'],
      ],
    );
    assert.deepEqual(
      report.diagnostics,
      [],
      "the module's own default is configuration, and the vpc module creates no application we read",
    );
    const [enrichment, acme] = report.jobs;
    assert.deepEqual(enrichment.spec.parallelism?.range, r(8, 17, 8, 18), 'at the module argument that sets it');
    assert.deepEqual(enrichment.spec.range, r(5, 1, 9, 2), 'the module block');
    assert.deepEqual(
      acme.spec.parallelism?.range,
      r(11, 8, 11, 17),
      "the module's label: the value is the module's default",
    );
  });

  it('reports what depends on anything dynamic as not analysed, with the reason and the range', () => {
    const report = analyze('dynamic/main.tf');
    assert.deepEqual(brief(report.diagnostics), [
      ['descriptor-not-analysed', 'warning', r(14, 14, 14, 25)],
      ['descriptor-not-analysed', 'warning', r(19, 11, 19, 64)],
      ['descriptor-unresolved', 'info', r(31, 30, 31, 65)],
    ]);
    assert.match(
      report.diagnostics[0].message,
      /for_each var\.tenants is not known from the configuration \(var\.tenants has no default and no \.tfvars value/,
    );
    assert.match(report.diagnostics[1].message, /the function jsondecode\(\) is not evaluated/);
    assert.match(
      report.diagnostics[2].message,
      /data\.aws_ssm_parameter\.apps\.version is read from a data source at plan\); not used in the estimate/,
    );
    assert.deepEqual(
      report.jobs.map((j) => j.spec.name?.value),
      ['fixed'],
    );
  });

  it('takes a for_each map of objects from terraform.tfvars, and says where each.value came from', () => {
    const main = [
      'variable "apps" {',
      '  type = map(object({ parallelism = number }))',
      '}',
      'resource "aws_kinesisanalyticsv2_application" "a" {',
      '  for_each = var.apps',
      '  name     = each.key',
      '  application_configuration {',
      '    flink_application_configuration {',
      '      parallelism_configuration {',
      '        configuration_type = "CUSTOM"',
      '        parallelism        = each.value.parallelism',
      '      }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const files: ModuleFiles = {
      readText: (p) =>
        p === '/w/terraform.tfvars'
          ? 'apps = {\n  ingest = { parallelism = 3 }\n  enrich = { parallelism = 9 }\n}\n'
          : undefined,
      listDir: (d) => (d === '/w' ? ['main.tf', 'terraform.tfvars'] : undefined),
    };
    const report = analyzeDescriptorFile(new AnalysisSession(), '/w/main.tf', main, files.readText, {}, files.listDir)!;
    // Keys in Terraform's (lexical) order: enrich 9 → 9 + 1, ingest 3 → 3 + 1.
    assert.deepEqual(
      report.jobs.map((j) => [j.spec.name?.value, j.spec.parallelism?.value, j.plans.binary.kpu.billed]),
      [
        ['enrich', 9, 10],
        ['ingest', 3, 4],
      ],
    );
    assert.deepEqual(brief(report.diagnostics), [['descriptor-unresolved', 'info', r(11, 30, 11, 52)]]);
    assert.match(report.diagnostics[0].message, /\(each of its 2 instances\): parallelism: .*from terraform\.tfvars/);
  });

  it('never throws on broken module input', () => {
    const files: ModuleFiles = {
      readText: (p) =>
        p.endsWith('other.tf')
          ? 'variable "p" { default = '
          : p.endsWith('terraform.tfvars.json')
            ? '{ not json'
            : undefined,
      listDir: (d) => (d === '/w' ? ['main.tf', 'other.tf', 'terraform.tfvars.json'] : undefined),
    };
    const text = [
      'module "m" {',
      '  source = "./nowhere"',
      '}',
      'resource "aws_kinesisanalyticsv2_application" "a" {',
      '  count = var.p',
      '}',
      'module "self" {',
      '  source = "./"',
      '}',
      '',
    ].join('\n');
    const file = parseDescriptor(text, '/w/main.tf', files)!;
    assert.deepEqual(
      file.diagnostics.map((d) => d.code),
      ['descriptor-not-analysed', 'descriptor-not-analysed', 'descriptor-not-analysed'],
    );
    assert.match(file.diagnostics[0].message, /the module directory \/w\/nowhere cannot be read/);
  });

  it('reports a called module through its caller in a directory walk, not a second time alone', () => {
    const cli = join(ROOT, 'dist', 'cli.js');
    const res = spawnSync(process.execPath, [cli, 'analyze', join(TF, 'root-module'), '--format', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(res.status, 0, res.stderr);
    const out = JSON.parse(res.stdout) as {
      files: Array<{ path: string; jobs?: Array<{ address?: string; kpu: { billed: number } }> }>;
    };
    assert.deepEqual(
      out.files.map((f) => f.path.replace(/\\/g, '/').replace(/^.*terraform\//, '')),
      ['root-module/main.tf'],
    );
    // 7 + 3 + 3 KPUs.
    assert.equal(
      out.files[0].jobs!.reduce((n, j) => n + j.kpu.billed, 0),
      13,
    );
  });
});
