// The Terraform expressions evaluated from the configuration alone (src/descriptor/hclEval.ts),
// each read as a resource's parallelism: the value Terraform would compute, or none.
import { strict as assert } from 'node:assert';
import { initDescriptorParsers, parseDescriptor } from '../../../src/descriptor';

function parallelismOf(expr: string, extra = ''): { value?: number; message?: string } {
  const text = [
    extra,
    'variable "env" {',
    '  default = "prod"',
    '}',
    'locals {',
    '  sizes = { dev = 2, prod = 8 }',
    '  apps  = [{ name = "a", p = 3 }, { name = "b", p = 5 }]',
    '}',
    'resource "aws_kinesisanalyticsv2_application" "x" {',
    '  application_configuration {',
    '    flink_application_configuration {',
    '      parallelism_configuration {',
    `        parallelism = ${expr}`,
    '      }',
    '    }',
    '  }',
    '}',
  ].join('\n');
  const file = parseDescriptor(text, 'main.tf')!;
  return {
    value: file.jobs[0]?.parallelism?.value,
    message: file.diagnostics.find((d) => d.code === 'descriptor-unresolved')?.message,
  };
}

describe('Terraform expressions evaluated from the configuration', () => {
  before(async () => {
    await initDescriptorParsers();
  });

  const cases: Array<[string, number]> = [
    ['local.sizes[var.env]', 8],
    ['var.env == "prod" ? 12 : 2', 12],
    ['lookup(local.sizes, "staging", 3)', 3],
    ['max(2, local.sizes.dev * 3)', 6],
    ['length(local.apps) + 1', 3],
    ['{ for a in local.apps : a.name => a.p }["b"]', 5],
    ['[for a in local.apps : a.p if a.p > 4][0]', 5],
    ['merge(local.sizes, { prod = 16 }).prod', 16],
    ['tonumber("7")', 7],
    ['(4 - 1) * 2 % 4', 2],
    ['length(toset(["a", "b", "a"]))', 2],
    ['ceil(7 / 2)', 4],
    ['try(data.x.y.z, 9)', 9],
    ['length(format("%s-%d", var.env, 1))', 6],
    ['-(-4)', 4],
    ['!true ? 1 : 10', 10],
  ];
  for (const [expr, expected] of cases) {
    it(`${expr} = ${expected}`, () => {
      assert.equal(parallelismOf(expr).value, expected);
    });
  }

  const dynamic: Array<[string, RegExp]> = [
    ['aws_kinesis_stream.s.shard_count', /another resource's attribute, known only at apply/],
    ['terraform.workspace == "prod" ? 8 : 2', /known only when Terraform runs/],
    ['local.missing', /local\.missing is not defined/],
    ['local.sizes["qa"]', /no key "qa"/],
    ['jsondecode("{}").p', /the function jsondecode\(\) is not evaluated/],
    ['local.apps[*].p[0]', /splat/],
    ['1 / 0', /division by zero/],
  ];
  for (const [expr, why] of dynamic) {
    it(`${expr} is not evaluated, and says why`, () => {
      const r = parallelismOf(expr);
      assert.equal(r.value, undefined);
      assert.match(r.message ?? '', why);
    });
  }

  it('finds a local that refers to itself, without looping', () => {
    const r = parallelismOf('local.a', 'locals {\n  a = local.b\n  b = local.a\n}');
    assert.equal(r.value, undefined);
    assert.match(r.message ?? '', /refers to itself/);
  });
});
