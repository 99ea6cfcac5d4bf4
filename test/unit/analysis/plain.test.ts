import { strict as assert } from 'node:assert';
import { serialize } from 'node:v8';
import { applyPatch, patch, plainData } from '../../../src/analysis/plain';

/** A figure written out only when read, as the sizing model's rows and terms are. */
class Lazy {
  reads = 0;
  constructor(
    readonly value: number,
    private readonly write: () => string,
  ) {}
  get formula(): string {
    this.reads++;
    return this.write();
  }
}

describe('a report as plain data (plainData, patch)', () => {
  it("gives a class instance's getters as properties, leaves its functions out, and keeps shared objects shared", () => {
    const term = new Lazy(46, () => '1 + 44 + 1 = 46 B');
    const chain = { name: 'c', terms: [term] };
    const report = { sql: { chains: [chain] }, estimate: { chains: [{ chain, total: 46 }] } };
    const { value } = plainData(report);
    // What a structured clone (the thread's answer) keeps: own data properties only.
    const received = structuredClone(value);
    const t = received.sql.chains[0].terms[0] as unknown as Record<string, unknown>;
    assert.equal(t.formula, '1 + 44 + 1 = 46 B');
    assert.equal(t.value, 46);
    assert.equal('write' in t, false);
    assert.equal(received.sql.chains[0], received.estimate.chains[0].chain);
    // The original is not changed: plain objects without class instances are not even copied.
    assert.ok(report.sql.chains[0].terms[0] instanceof Lazy);
    const data = { a: [1, { b: 2 }] };
    assert.equal(plainData(data).value, data);
  });

  it('gives an object met again the copy an earlier call made (its getters are not read again)', () => {
    const term = new Lazy(8, () => '8 B');
    const first = plainData({ terms: [term] });
    const second = plainData({ terms: [term], other: 1 }, first.copies);
    assert.equal(second.value.terms[0], first.value.terms[0]);
    assert.equal(term.reads, 1);
  });

  it('patches: what equals the base becomes one marker, and applying the patch to the base gives the value', () => {
    const shared = { id: 'a0', columns: ['id', 'v'] };
    const base = {
      path: '/f.sql',
      joins: [
        { range: { line: 3 }, keys: ['id'] },
        { range: { line: 9 }, keys: ['k'] },
      ],
      chains: [{ input: shared }, { input: shared }],
      stateTtlSec: 86_400,
      hint: 'x',
    };
    // The second join moved a line down; the TTL setting went; a diagnostic came.
    const next = {
      path: '/f.sql',
      joins: [
        { range: { line: 3 }, keys: ['id'] },
        { range: { line: 10 }, keys: ['k'] },
      ],
      chains: [{ input: shared }, { input: shared }],
      hint: undefined,
      diagnostics: [{ code: 'sql-syntax' }],
    };
    const p = patch(next, base) as Record<string, unknown>;
    assert.deepEqual(applyPatch(structuredClone(p), base), next);
    // Only the moved join's line travels; the unchanged join and chains are markers.
    assert.deepEqual(Object.keys(p).sort(), ['chains', 'diagnostics', 'hint', 'joins', 'path']);
    assert.equal(serialize((p.joins as unknown[])[0]).length, serialize(patch({ a: 1 }, { a: 1 })).length);
    assert.deepEqual((p.joins as { range: { line: number } }[])[1].range.line, 10);
  });

  it('patches arrays that grew or shrank, and values of another kind than the base', () => {
    const cases: [unknown, unknown][] = [
      [{ xs: [1, { a: 1 }, 3] }, { xs: [1, { a: 1 }] }],
      [{ xs: [{ a: 1 }] }, { xs: [{ a: 1 }, { a: 2 }] }],
      [{ x: [1] }, { x: { 0: 1 } }],
      [{ x: { a: 1 } }, { x: null }],
      [{ x: null }, { x: { a: 1 } }],
      [{ x: Number.NaN }, { x: Number.NaN }],
      [{ x: -0 }, { x: 0 }],
      [{}, { gone: 1 }],
    ];
    for (const [next, base] of cases) assert.deepEqual(applyPatch(structuredClone(patch(next, base)), base), next);
    // -0 and 0 are told apart.
    assert.ok(Object.is((applyPatch(patch({ x: -0 }, { x: 0 }), { x: 0 }) as { x: number }).x, -0));
  });

  it('keeps an object that the value shares in two places shared after the patch is applied', () => {
    const chain = { name: 'new' };
    const next = { sql: { chains: [chain] }, estimate: { chains: [{ chain }] } };
    const base = { sql: { chains: [{ name: 'old' }] }, estimate: { chains: [{ chain: { name: 'old' } }] } };
    const out = applyPatch(structuredClone(patch(next, base)), base) as typeof next;
    assert.deepEqual(out, next);
  });
});
