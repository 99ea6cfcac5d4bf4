// Writing settings back into a descriptor (src/descriptor/writeBack.ts): each format read by its
// own parser, the planned edits applied to the text, and the text compared with what a person
// would write by hand; values that are not literal are left alone, with why.
import { strict as assert } from 'node:assert';
import { initDescriptorParsers, type JobSpec, parseDescriptor } from '../../../src/descriptor';
import { type PlannedEdit, planWriteBack, writeBackLiteral } from '../../../src/descriptor/writeBack';
import { LineIndex } from '../../../src/text';
import { fixture, r } from './helpers';

/** The text with the edits made (from the last to the first, so the offsets hold). */
function applied(text: string, edits: readonly PlannedEdit[]): string {
  const index = new LineIndex(text);
  const spans = edits
    .map((e) => ({ start: index.offset(e.range.start), end: index.offset(e.range.end), text: e.text }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

function onlyJob(text: string, file: string): JobSpec {
  const d = parseDescriptor(text, file);
  assert.ok(d, `${file} is read as a descriptor`);
  return d.jobs[0];
}

const FLINKJOB = `name: offers
region: "us-east-1"
parallelism: 24
parallelismPerKPU: 1
stateTtl: 7d
sql: offers.sql
tables:
  offer:
    rows: 120M   # live offers
  merchant:
    rows: 40k
  clicks:
    rate: 2000/s
`;

describe('writing settings back into a descriptor', () => {
  before(async () => {
    await initDescriptorParsers();
  });

  it('rewrites changed settings of a .flinkjob.yaml in their own spelling: quotes, count and duration units', () => {
    const spec = onlyJob(FLINKJOB, '/w/offers.flinkjob.yaml');
    const before = {
      parallelism: 24,
      parallelismPerKPU: 1,
      region: 'us-east-1',
      stateTtlDays: 7,
      rows: { offer: 120e6, merchant: 40e3 },
    };
    const plan = planWriteBack(spec, FLINKJOB, before, {
      parallelism: 30,
      parallelismPerKPU: 1,
      region: 'eu-west-2',
      stateTtlDays: 14,
      // 150M is a whole number of millions; 40,500 is not a whole number of thousands.
      rows: { offer: 150e6, merchant: 40_500 },
    });
    assert.deepEqual(plan.skipped, []);
    assert.deepEqual(
      plan.edits.map((e) => [e.label, e.from, e.to]),
      [
        ['Parallelism', '24', '30'],
        ['Region', '"us-east-1"', 'eu-west-2'],
        ['State TTL', '7d', '14 d'],
        ['Rows of offer', '120M', '150000000'],
        ['Rows of merchant', '40k', '40500'],
      ],
    );
    assert.equal(
      applied(FLINKJOB, plan.edits),
      FLINKJOB.replace('parallelism: 24', 'parallelism: 30')
        .replace('"us-east-1"', '"eu-west-2"')
        .replace('stateTtl: 7d', 'stateTtl: 14d')
        .replace('rows: 120M', 'rows: 150M')
        .replace('rows: 40k', 'rows: 40500'),
    );
  });

  it('leaves settings that did not change alone, and says which changed ones the descriptor does not declare', () => {
    const spec = onlyJob(FLINKJOB, '/w/offers.flinkjob.yaml');
    const plan = planWriteBack(
      spec,
      FLINKJOB,
      { parallelism: 24, rows: { offer: 120e6, clicks: 5_184_000_000 } },
      { parallelism: 24, rows: { offer: 120e6, clicks: 1e9, stock: 5 } },
    );
    assert.deepEqual(plan.edits, []);
    assert.deepEqual(
      plan.skipped.map((s) => s.label),
      ['Rows of clicks', 'Rows of stock'],
    );
    // clicks declares a rate, not rows; stock is not in the descriptor at all.
    assert.match(plan.skipped[0].reason, /does not declare the rows of clicks \(they are estimated/);
    assert.match(plan.skipped[1].reason, /does not declare the rows of stock: add them by hand/);
  });

  it('does not write the TTL into the descriptor when the SQL sets its own (which wins)', () => {
    const spec = onlyJob(FLINKJOB, '/w/offers.flinkjob.yaml');
    const plan = planWriteBack(spec, FLINKJOB, { stateTtlDays: 7 }, { stateTtlDays: 1 }, { sqlSetsStateTtl: true });
    assert.deepEqual(plan.edits, []);
    assert.match(plan.skipped[0].reason, /the SQL sets 'table\.exec\.state\.ttl'/);
  });

  it('writes a literal Parallelism of DescribeApplication JSON, but not the region inside the application ARN', () => {
    const text = fixture('describe-application.json');
    const spec = onlyJob(text, '/w/describe-application.json');
    assert.equal(spec.region?.value, 'eu-west-2');
    const plan = planWriteBack(
      spec,
      text,
      { parallelism: 16, parallelismPerKPU: 4, region: 'eu-west-2' },
      { parallelism: 20, parallelismPerKPU: 2, region: 'us-east-1' },
    );
    assert.deepEqual(
      plan.edits.map((e) => [e.label, e.from, e.to]),
      [
        ['Parallelism', '16', '20'],
        ['ParallelismPerKPU', '4', '2'],
      ],
    );
    assert.match(applied(text, plan.edits), /"Parallelism": 20,\s+"ParallelismPerKPU": 2,\s+"CurrentParallelism": 32/);
    assert.deepEqual(
      plan.skipped.map((s) => s.label),
      ['Region'],
    );
    assert.match(plan.skipped[0].reason, /part of `"ApplicationARN": "arn:aws:kinesisanalytics:eu-west-2/);
  });

  it('does not overwrite a CloudFormation !Ref or !FindInMap, and keeps the quotes of a quoted number', () => {
    const text = fixture('streaming.cfn.yaml');
    const [byRef, quoted] = parseDescriptor(text, '/w/streaming.cfn.yaml')!.jobs;
    const refPlan = planWriteBack(
      byRef,
      text,
      { parallelism: 8, parallelismPerKPU: 1 },
      { parallelism: 9, parallelismPerKPU: 2 },
    );
    assert.deepEqual(refPlan.edits, []);
    assert.deepEqual(
      refPlan.skipped.map((s) => s.label),
      ['Parallelism', 'ParallelismPerKPU'],
    );
    // !Ref Parallelism reads as the parameter's Default (8), !FindInMap [Sizing, !Ref Environment, PerKpu]
    // as Sizing.dev.PerKpu (1) with Environment at its Default dev: neither is a literal to overwrite.
    assert.match(refPlan.skipped[0].reason, /written as `!Ref Parallelism`, not as a literal value/);
    assert.match(
      refPlan.skipped[1].reason,
      /written as `!FindInMap \[Sizing, !Ref Environment, PerKpu\]`, not as a literal value/,
    );
    const quotedPlan = planWriteBack(quoted, text, { parallelism: 12 }, { parallelism: 16 });
    assert.match(applied(text, quotedPlan.edits), /^ {12}Parallelism: "16"$/m);
  });

  it('does not overwrite a Terraform variable: the reason names the expression', () => {
    const text = fixture('streaming.tf');
    const jobs = parseDescriptor(text, '/w/streaming.tf')!.jobs;
    const byVar = jobs.find((j) => j.parallelism && /var\./.test(text.split('\n')[j.parallelism.range.start.line - 1]));
    assert.ok(byVar, 'a job whose parallelism is a variable');
    const plan = planWriteBack(byVar, text, { parallelism: byVar.parallelism!.value }, { parallelism: 99 });
    assert.deepEqual(plan.edits, []);
    assert.match(plan.skipped[0].reason, /written as `var\.\w+`, not as a literal value/);
  });

  it('reads a duration without a unit in the unit its format gives it (milliseconds in Flink configuration)', () => {
    // table.exec.state.ttl: 86400000 read as one day.
    const text = 'table.exec.state.ttl: 86400000\n';
    const at = { value: 86_400, range: r(1, 23, 1, 31) };
    assert.deepEqual(writeBackLiteral(text, at, 'duration', 2 * 86_400), {
      ok: true,
      range: at.range,
      text: '172800000',
    });
  });

  it('does not overwrite ${VAR} templates nor values from elsewhere', () => {
    const text = 'parallelism: ${PARALLELISM}\n';
    const reason = (w: ReturnType<typeof writeBackLiteral>) => (w.ok ? `written: ${w.text}` : w.reason);
    assert.match(
      reason(writeBackLiteral(text, { value: 8, range: r(1, 14, 1, 28) }, 'integer', 9)),
      /^it is written as `\$\{PARALLELISM\}`, not as a literal value/,
    );
    // A number that is not the value the analysis read there is no literal of it.
    assert.match(
      reason(writeBackLiteral('parallelism: 12\n', { value: 8, range: r(1, 14, 1, 16) }, 'integer', 9)),
      /^it is written as `12`, not as a literal value/,
    );
    assert.match(reason(writeBackLiteral(text, undefined, 'integer', 9)), /^the descriptor does not set it/);
  });

  it('accepts a number right after a JSON key\u2019s colon', () => {
    const text = '{"Parallelism":24}';
    assert.deepEqual(writeBackLiteral(text, { value: 24, range: r(1, 16, 1, 18) }, 'integer', 5), {
      ok: true,
      range: r(1, 16, 1, 18),
      text: '5',
    });
  });
});
