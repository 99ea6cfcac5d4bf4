// "Compare with a git ref" as the page draws it (src/present/refComparison.ts): each figure before
// → after with its change, worked out by hand.
import { strict as assert } from 'node:assert';
import { beforeAfter, refComparisonTable } from '../../../src/present/refComparison';
import type { RefComparison } from '../../../src/present/views';

const figures = (billed: number, monthlyUsd: number | undefined, stateBytes: number, stateEstimated = true) => ({
  stateBytes,
  onDiskBytes: stateBytes,
  kpu: { cpu: billed - 1, memory: 0, storage: 1, binding: 'cpu', billed, memoryDeclared: false },
  stateEstimated,
  monthlyUsd,
  snapshotSeconds: 1,
});

describe('compare with a git ref, as the page draws it', () => {
  it('writes a figure before → after with the change and its percentage of before', () => {
    const kpu = (n: number) => `${n} KPU`;
    assert.equal(beforeAfter(5, 9, kpu), '5 KPU \u2192 9 KPU (+4 KPU, +80.0 %)');
    assert.equal(beforeAfter(8, 6, kpu), '8 KPU \u2192 6 KPU (\u22122 KPU, \u221225.0 %)');
    assert.equal(beforeAfter(3, 3, kpu), '3 KPU (unchanged)');
    // From nothing: no percentage of zero.
    assert.equal(beforeAfter(0, 3, kpu), '0 KPU \u2192 3 KPU (+3 KPU)');
    // A job on one side only, and a figure unknown on a side (no price).
    assert.equal(beforeAfter(undefined, 3, kpu, { base: false, head: true }), 'new: 3 KPU');
    assert.equal(beforeAfter(3, undefined, kpu, { base: true, head: false }), '3 KPU \u2192 removed');
    assert.equal(beforeAfter(undefined, 3, kpu), 'n/a \u2192 3 KPU');
  });

  it('puts each job in a row, new and removed ones named so, and the totals last', () => {
    const c: RefComparison = {
      uri: 'file:///r/jobs/a.flinkjob.yaml',
      file: 'jobs/a.flinkjob.yaml',
      ref: 'b'.repeat(40),
      label: 'merge-base with origin/main',
      commit: 'b'.repeat(40),
      newAtRef: false,
      diff: {
        jobs: [
          { key: 'jobs/a.flinkjob.yaml#a', change: 'changed', base: figures(5, 400, 2e9), head: figures(9, 720, 2e9) },
          { key: 'jobs/a.flinkjob.yaml#b', change: 'added', head: figures(3, 240, 1e9) },
        ],
        totals: {
          stateEstimated: true,
          stateBytes: { base: 2e9, head: 3e9 },
          billedKpu: { base: 5, head: 12 },
          monthlyUsd: { base: 400, head: 960 },
        },
      },
    };
    const t = refComparisonTable(c);
    assert.equal(t.title, `Compared with merge-base with origin/main (${'b'.repeat(12)})`);
    assert.equal(t.newAtRef, undefined);
    assert.deepEqual(
      t.rows.map((r) => [r.label, ...r.cells]),
      [
        [
          'jobs/a.flinkjob.yaml#a',
          '5 KPU \u2192 9 KPU (+4 KPU, +80.0 %)',
          '$400 \u2192 $720 (+$320, +80.0 %)',
          '2.0 GB (unchanged)',
        ],
        ['jobs/a.flinkjob.yaml#b (new at this change)', 'new: 3 KPU', 'new: $240', 'new: 1.0 GB'],
        [
          'Total',
          '5 KPU \u2192 12 KPU (+7 KPU, +140.0 %)',
          '$400 \u2192 $960 (+$560, +140.0 %)',
          '2.0 GB \u2192 3.0 GB (+1.0 GB, +50.0 %)',
        ],
      ],
    );
  });

  it('shows the state of a job without SQL as n/a, not 0 B', () => {
    const t = refComparisonTable({
      uri: 'file:///r/j.flinkjob.yaml',
      file: 'j.flinkjob.yaml',
      ref: 'c'.repeat(40),
      label: 'HEAD',
      commit: 'c'.repeat(40),
      newAtRef: false,
      diff: {
        jobs: [
          {
            key: 'j.flinkjob.yaml#j',
            change: 'changed',
            base: figures(3, 251, 0, false),
            head: figures(5, 422, 0, false),
          },
        ],
        totals: {
          stateEstimated: false,
          stateBytes: { base: 0, head: 0 },
          billedKpu: { base: 3, head: 5 },
          monthlyUsd: { base: 251, head: 422 },
        },
      },
    });
    assert.equal(t.rows[0].cells[2], 'n/a \u2192 n/a');
    assert.equal(t.rows[1].cells[2], 'n/a (no SQL)');
  });

  it('says when the file is not at the ref', () => {
    const t = refComparisonTable({
      uri: 'file:///r/q.sql',
      file: 'q.sql',
      ref: 'HEAD',
      label: 'HEAD',
      commit: 'c'.repeat(40),
      newAtRef: true,
      diff: {
        jobs: [],
        totals: {
          stateEstimated: false,
          stateBytes: { base: 0, head: 0 },
          billedKpu: { base: 0, head: 0 },
          monthlyUsd: {},
        },
      },
    });
    assert.equal(t.newAtRef, 'q.sql is new at this change: it is not at HEAD.');
    assert.deepEqual(t.rows, []);
  });
});
