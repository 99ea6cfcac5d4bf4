// Which disk class each join-chain operator is sized with (docs/sizing-model.md, section 4):
// written once (append-only inputs joined INNER) or updated in place; fixed-width or variable-length.
import { strict as assert } from 'node:assert';
import {
  type ChainInput,
  type ChainJoin,
  type Column,
  estimateChain,
  type SizingContext,
  withAssumptions,
} from '../../../src/sizing';

const ctx: SizingContext = { assumptions: withAssumptions(), flinkVersion: '2.1' };
const col = (name: string, type = 'BIGINT'): Column => ({ name, type });
const on = (type: ChainJoin['type'] = 'INNER'): ChainJoin => ({
  type,
  keys: [{ leftInput: 0, leftColumn: 'k', rightColumn: 'k' }],
  keyGroup: 0,
});
const events = (name: string, extra: Partial<ChainInput> = {}): ChainInput => ({
  name,
  columns: [col('k'), col('v')],
  appendOnly: true,
  rows: 1000,
  ...extra,
});

describe('sizing/joinState: disk class of each operator', () => {
  it('append-only inputs joined INNER are written once; a LEFT join or an upsert input makes it in place', () => {
    const inner = estimateChain({ inputs: [events('a'), events('b'), events('c')], joins: [on(), on()] }, ctx);
    assert.deepEqual(
      inner.binary.operators.map((o) => o.writePattern),
      ['once', 'once'],
    );
    assert.equal(inner.multiJoin.operators[0].writePattern, 'once');
    const left = estimateChain({ inputs: [events('a'), events('b'), events('c')], joins: [on(), on('LEFT')] }, ctx);
    // join 1 (INNER of a and b) is still written once; join 2 is LEFT.
    assert.deepEqual(
      left.binary.operators.map((o) => o.writePattern),
      ['once', 'in-place'],
    );
    const upsert = estimateChain(
      { inputs: [events('a', { appendOnly: false, uniqueKey: ['k'] }), events('b')], joins: [on()] },
      ctx,
    );
    assert.equal(upsert.binary.operators[0].writePattern, 'in-place');
  });

  it("the union's ValueState is rewritten whenever an input changes; MapStates of append-only inputs alone are written once", () => {
    // Three append-only inputs with 1,000 rows each: K = 1,000 (the smallest), one row per key each → ValueState.
    const ones = estimateChain({ inputs: [events('a'), events('b'), events('c')], joins: [on(), on()] }, ctx);
    assert.equal(ones.union.operators[0].writePattern, 'in-place');
    // b and c declare 10 rows per key: a alone is one per key → still a ValueState.
    // With a also at 10 rows per key no input is one per key: MapStates only, written once.
    const many = estimateChain(
      {
        inputs: [events('a', { rowsPerKey: 10 }), events('b', { rowsPerKey: 10 }), events('c', { rowsPerKey: 10 })],
        joins: [on(), on()],
      },
      ctx,
    );
    assert.equal(many.union.operators[0].writePattern, 'once');
  });

  it('is variable-length when a row or key holds a string, fixed-width otherwise', () => {
    const fixed = estimateChain({ inputs: [events('a'), events('b')], joins: [on()] }, ctx);
    assert.equal(fixed.binary.operators[0].variableLength, false);
    const text = estimateChain(
      { inputs: [events('a'), events('b', { columns: [col('k'), col('note', 'STRING')] })], joins: [on()] },
      ctx,
    );
    assert.equal(text.binary.operators[0].variableLength, true);
    assert.equal(text.union.operators[0].variableLength, true);
  });

  it("labels the union rewrite's value format as an assumption", () => {
    const e = estimateChain({ inputs: [events('a'), events('b')], joins: [on()] }, ctx);
    assert.ok(e.union.operators[0].notes.some((n) => /^assumption: values sized as Flink's BinaryRowData/.test(n)));
  });
});
