import { strict as assert } from 'node:assert';
import { serialize } from 'node:v8';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisSession, analyzeSqlFile } from '../../../src/analysis';
import { applyPatch, patch } from '../../../src/analysis/patch';

const fixture = (name: string) => readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'sql', name), 'utf8');

describe('a report crosses threads as it is (patch)', () => {
  it('is plain data: a structured clone of a report equals it, formulas written out', () => {
    // Every stateful operator the model estimates (every-operator.sql), and join chains with
    // their three plans; a structured clone throws on a function and drops a class's prototype
    // (and its getters), either of which this comparison would show.
    for (const name of ['every-operator.sql', 'shop-joins.sql', 'shop-windows.sql']) {
      const report = analyzeSqlFile(new AnalysisSession(), `/t/${name}`, fixture(name));
      assert.ok((report.estimate?.stateful.length ?? 0) > 0, name);
      assert.deepStrictEqual(structuredClone(report), report, name);
      for (const s of report.estimate?.stateful ?? [])
        for (const t of s.state.terms) assert.equal(typeof t.formula, 'string', `${name}: ${s.state.name} ${t.label}`);
    }
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
