import { strict as assert } from 'node:assert';
import {
  descriptorFileKind,
  initDescriptorParsers,
  isDescriptorFileName,
  MAX_TEXT_CHARS,
  parseDescriptor,
  type ModuleFiles,
} from '../../../src/descriptor';
import { cpuMs } from '../cpuTime';
import { brief, fixture, r } from './helpers';

/** A deterministic pseudo-random sequence (tests must not depend on luck). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function noInternalError(text: string, name: string, files?: ModuleFiles): void {
  const file = parseDescriptor(text, name, files);
  const internal = file?.diagnostics.filter((d) => d.code === 'descriptor-internal') ?? [];
  assert.deepEqual(internal, [], `${name}: ${internal[0]?.message}`);
}

describe('descriptor file names', () => {
  it('routes by name cheaply', () => {
    assert.equal(descriptorFileKind('jobs/offer.flinkjob.yaml'), 'flinkjob');
    assert.equal(descriptorFileKind('C:\\jobs\\Offer.FlinkJob.yml'), 'flinkjob');
    assert.equal(descriptorFileKind('flink-job.yaml'), 'flinkjob');
    assert.equal(descriptorFileKind('infra/main.tf'), 'terraform');
    assert.equal(descriptorFileKind('describe.json'), 'json');
    assert.equal(descriptorFileKind('stack.template'), 'json');
    assert.equal(descriptorFileKind('k8s/app.yml'), 'yaml');
    assert.equal(descriptorFileKind('enrichment.sql'), undefined);
    assert.equal(isDescriptorFileName('README.md'), false);
    assert.equal(isDescriptorFileName('a.flinkjob.yaml'), true);
    assert.equal(isDescriptorFileName('main.tf'), true);
  });
});

describe('descriptor robustness: never throws', () => {
  before(async () => {
    await initDescriptorParsers();
  });

  it('survives binary junk in every format', () => {
    const rand = prng(7);
    const junk = Array.from({ length: 20_000 }, () => String.fromCharCode(Math.floor(rand() * 256))).join('');
    for (const name of ['x.flinkjob.yaml', 'x.json', 'x.yaml', 'x.tf', 'x.template']) {
      noInternalError(junk, name);
      noInternalError(`AWS::KinesisAnalyticsV2::Application aws_kinesisanalyticsv2_application ${junk}`, name);
    }
    const file = parseDescriptor(junk, 'x.flinkjob.yaml')!;
    assert.ok(file.diagnostics.length <= 25, 'syntax diagnostics are capped');
  });

  it('does not read 5 MB of text, and says so', () => {
    const big = `name: x\n${'# filler line of a very large file\n'.repeat(150_000)}`;
    assert.ok(big.length > 5_000_000);
    const file = parseDescriptor(big, 'big.flinkjob.yaml')!;
    assert.deepEqual(brief(file.diagnostics), [['descriptor-too-large', 'warning', r(1, 1, 1, 2)]]);
    assert.match(file.diagnostics[0].message, new RegExp(`more than the ${MAX_TEXT_CHARS}`));
    assert.equal(
      parseDescriptor(`{"ParallelismConfiguration": 1, "x": "${'a'.repeat(5_000_000)}"}`, 'big.json'),
      undefined,
    );
    assert.equal(
      parseDescriptor(`# aws_kinesisanalyticsv2_application\n${'#'.repeat(5_000_000)}`, 'big.tf')?.diagnostics[0].code,
      'descriptor-too-large',
    );
  });

  it('stops following aliases (billion laughs) and deep nesting', () => {
    let lol = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 12; i++)
      lol += `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(', ')}]\n`;
    lol += 'tables:\n  t: *l\n';
    const { ms } = cpuMs(() => {
      noInternalError(lol, 'lol.flinkjob.yaml');
      noInternalError(
        `Resources:\n  App:\n    Type: AWS::KinesisAnalyticsV2::Application\n    Properties: *x\n${lol.replace(/^/, 'x: &x 1\n')}`,
        'lol.yaml',
      );
    });
    assert.ok(ms < 5_000, `aliases are not expanded (${ms} ms of CPU)`);
    noInternalError(`tables: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`, 'deep.flinkjob.yaml');
    noInternalError(
      `tables:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(2 * i + 2)}k${i}:`).join('\n')}\n`,
      'deep.flinkjob.yaml',
    );
    noInternalError('a: &x [ *x ]\n', 'self.flinkjob.yaml');
  });

  it('survives random edits of every fixture', () => {
    const rand = prng(42);
    const fixtures: Array<[string, string]> = [
      ['offer-enrichment.flinkjob.yaml', 'a.flinkjob.yaml'],
      ['inline-sql.flinkjob.yaml', 'b.flinkjob.yaml'],
      ['describe-application.json', 'c.json'],
      ['streaming.cfn.yaml', 'd.yaml'],
      ['streaming.cfn.json', 'e.json'],
      ['streaming.tf', 'f.tf'],
      ['flink-deployments.yaml', 'g.yaml'],
      ['studio-notebook.json', 'h.json'],
      ['legacy-sql.cfn.yaml', 'i.yaml'],
      ['legacy-sql.tf', 'j.tf'],
      ['session-cluster.yaml', 'k.yaml'],
      ['autoscaled-deployment.yaml', 'l.yaml'],
      ['terraform/for-each/main.tf', 'm.tf'],
      ['terraform/dynamic/main.tf', 'n.tf'],
    ];
    const alphabet = [
      '{',
      '}',
      '[',
      ']',
      ':',
      '"',
      "'",
      '\n',
      ' ',
      '-',
      '!',
      '&',
      '*',
      '|',
      '>',
      '#',
      '$',
      '=',
      '\t',
      'x',
      '9',
    ];
    for (const [fx, name] of fixtures) {
      const base = fixture(fx);
      for (let i = 0; i < 60; i++) {
        let text = base;
        for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) {
          const at = Math.floor(rand() * text.length);
          const cut = Math.floor(rand() * 5);
          const ins = rand() < 0.5 ? alphabet[Math.floor(rand() * alphabet.length)] : '';
          text = text.slice(0, at) + ins + text.slice(at + cut);
        }
        noInternalError(text, name);
      }
    }
  });

  it('survives random edits of every file of a Terraform module and of the module it calls', () => {
    const rand = prng(7);
    const edit = (t: string) => {
      let text = t;
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) {
        const at = Math.floor(rand() * text.length);
        text =
          text.slice(0, at) +
          ['{', '}', '"', '$', '=', '\n', '[', '('][Math.floor(rand() * 8)] +
          text.slice(at + Math.floor(rand() * 5));
      }
      return text;
    };
    const tree: Record<string, string> = {
      '/w/main.tf': fixture('terraform/root-module/main.tf'),
      '/w/vars.tf': fixture('terraform/for-each/variables.tf'),
      '/w/terraform.tfvars': fixture('terraform/tfvars/terraform.tfvars'),
      '/w/a.auto.tfvars.json': fixture('terraform/tfvars/a.auto.tfvars.json'),
      '/w/modules/flink-app/main.tf': fixture('terraform/root-module/modules/flink-app/main.tf'),
    };
    for (let i = 0; i < 60; i++) {
      const edited = Object.fromEntries(Object.entries(tree).map(([p, t]) => [p, rand() < 0.5 ? edit(t) : t]));
      const files: ModuleFiles = {
        readText: (p) => edited[p],
        listDir: (d) => {
          const names = Object.keys(edited)
            .filter((p) => p.slice(0, p.lastIndexOf('/')) === d)
            .map((p) => p.slice(p.lastIndexOf('/') + 1));
          return names.length ? names : undefined;
        },
      };
      noInternalError(edited['/w/main.tf'], '/w/main.tf', files);
    }
  });

  it('accepts odd arguments', () => {
    assert.equal(parseDescriptor('', ''), undefined);
    assert.equal(parseDescriptor('name: x', 'x.sql'), undefined);
    noInternalError(undefined as unknown as string, 'x.flinkjob.yaml');
    assert.deepEqual(
      parseDescriptor('\uFEFFname: x\r\nparallelism: 3\r\n', 'x.flinkjob.yaml')?.jobs[0].parallelism?.range,
      r(2, 14, 2, 15),
    );
  });
});
