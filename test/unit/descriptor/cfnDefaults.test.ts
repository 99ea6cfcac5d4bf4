import { strict as assert } from 'node:assert';
import { parseDescriptor } from '../../../src/descriptor';

// A CloudFormation value as the stack deploys with every parameter at its Default; worked by hand
// from each template below. Anything known only at deploy stays unknown (not used in the estimate).
const app = (parallelism: unknown, perKpu: unknown) =>
  JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: {
      Stage: { Type: 'String', Default: 'prod' },
      Region: { Type: 'String', Default: 'eu-west-1' },
      Big: { Type: 'String', Default: 'false' },
      NoDefault: { Type: 'Number' },
    },
    Conditions: {
      IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] },
      IsBig: { 'Fn::Equals': [{ Ref: 'Big' }, 'true'] },
      ProdNotBig: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Not': [{ Condition: 'IsBig' }] }] },
      Either: { 'Fn::Or': [{ Condition: 'IsBig' }, { 'Fn::Equals': [{ Ref: 'Region' }, 'us-east-1'] }] },
      Loop: { 'Fn::Not': [{ Condition: 'Loop' }] },
    },
    Mappings: { Sizing: { prod: { Parallelism: 16 }, dev: { Parallelism: 2 } } },
    Resources: {
      App: {
        Type: 'AWS::KinesisAnalyticsV2::Application',
        Properties: {
          RuntimeEnvironment: 'FLINK-1_20',
          ApplicationConfiguration: {
            FlinkApplicationConfiguration: {
              ParallelismConfiguration: {
                ConfigurationType: 'CUSTOM',
                Parallelism: parallelism,
                ParallelismPerKPU: perKpu,
              },
            },
          },
        },
      },
    },
  });

function job(parallelism: unknown, perKpu: unknown) {
  const file = parseDescriptor(app(parallelism, perKpu), 'stack.template.json');
  assert.equal(file?.source, 'cloudformation');
  return { job: file!.jobs[0], messages: file!.diagnostics.map((d) => d.message) };
}

describe('descriptor CloudFormation: values with the parameters\u2019 Defaults', () => {
  it('Fn::FindInMap with a Ref key: Sizing.prod.Parallelism = 16', () => {
    const { job: j, messages } = job({ 'Fn::FindInMap': ['Sizing', { Ref: 'Stage' }, 'Parallelism'] }, 1);
    assert.equal(j.parallelism?.value, 16);
    assert.match(messages[0], /\(Fn::FindInMap\); using 16, its value with the parameters' Defaults \(Stage = prod\)/);
  });

  it('Fn::If on And / Not / Condition: prod and not big, so the first branch', () => {
    // IsProd = (prod = prod) = true; IsBig = (false = true) = false; ProdNotBig = true AND NOT false = true.
    assert.equal(job({ 'Fn::If': ['ProdNotBig', 12, 4] }, 1).job.parallelism?.value, 12);
  });

  it('Fn::If on Or: neither big nor us-east-1, so the second branch, itself a FindInMap', () => {
    // Either = (false = true) OR (eu-west-1 = us-east-1) = false → Sizing.prod.Parallelism = 16.
    const { job: j, messages } = job(
      { 'Fn::If': ['Either', 2, { 'Fn::FindInMap': ['Sizing', { Ref: 'Stage' }, 'Parallelism'] }] },
      1,
    );
    assert.equal(j.parallelism?.value, 16);
    assert.match(messages[0], /Defaults \(Big = false, Region = eu-west-1, Stage = prod\)/);
  });

  it('leaves unknown what only the deploy knows: no Default, a pseudo parameter, a condition that names itself', () => {
    for (const p of [
      { Ref: 'NoDefault' },
      { 'Fn::FindInMap': ['Sizing', { Ref: 'AWS::Region' }, 'Parallelism'] },
      { 'Fn::If': ['Loop', 1, 2] },
      { 'Fn::If': ['NoSuchCondition', 1, 2] },
      { 'Fn::GetAtt': ['Other', 'Parallelism'] },
    ]) {
      const { job: j, messages } = job(p, 1);
      assert.equal(j.parallelism, undefined, JSON.stringify(p));
      assert.match(messages[0], /value not known until deploy .*; not used in the estimate/);
    }
  });
});
