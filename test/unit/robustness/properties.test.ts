// Property-based tests (fast-check) over the pure modules: generated Flink SQL join chains and
// their mutations, random and mutated descriptors of every format, and the sizing model's
// orderings and monotonicity. `npm test` runs a fixed-seed few hundred cases;
// `npm run bench:fuzz` runs the same properties with FLINK_KPU_FUZZ_RUNS (10,000+ cases).
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { analyzeDescriptorFile, analyzeSqlFile, estimateJobPlans, estimateSql } from '../../../src/analysis';
import { initDescriptorParsers, type JobSpec } from '../../../src/descriptor';
import { estimateChain, estimateJob, withAssumptions, type ChainSpec, type SizingContext } from '../../../src/sizing';
import { analyzeSql } from '../../../src/sql';
import {
  badNumbers,
  balancedChainSpec,
  balancedJoinChain,
  chainSpec,
  chainSql,
  joinChain,
  mutatedDescriptor,
  mutatedSql,
  params,
  rangesOutside,
} from './generators';
import { SqlSession } from '../../../src/sql/session';
import { AnalysisSession } from '../../../src/analysis/session';

const ctx = (flinkVersion = '2.1', stateTtlSec?: number): SizingContext => ({
  assumptions: withAssumptions(),
  flinkVersion,
  stateTtlSec,
});

/** Counts the cases each property ran, for the benchmark's summary. */
const counted: Record<string, number> = {};
function count(name: string): void {
  counted[name] = (counted[name] ?? 0) + 1;
}

/** a <= b, allowing float rounding (relative 1e-9). */
function le(a: number, b: number): boolean {
  return a <= b + Math.abs(b) * 1e-9 + 1e-9;
}

function internal(codes: readonly { code: string; message: string }[]): string[] {
  return codes.filter((d) => d.code.endsWith('-internal')).map((d) => `${d.code}: ${d.message}`);
}

describe('property: bad and random input', () => {
  before(async () => {
    await initDescriptorParsers();
  });

  it('generated and mutated SQL: never throws, finite non-negative numbers, ranges inside the document', () => {
    fc.assert(
      fc.property(mutatedSql, ({ text }) => {
        count('sql');
        const report = analyzeSqlFile(new AnalysisSession(), '/w/fuzz.sql', text);
        assert.deepEqual(internal(report.diagnostics), []);
        assert.deepEqual(badNumbers(report), []);
        assert.deepEqual(rangesOutside(text, report.diagnostics), []);
      }),
      params(100),
    );
  });

  it('random and mutated descriptors of every format: never throws, finite non-negative numbers, ranges inside', () => {
    fc.assert(
      fc.property(mutatedDescriptor, fc.option(mutatedSql, { nil: undefined }), (d, sql) => {
        count('descriptor');
        const report = analyzeDescriptorFile(new AnalysisSession(), `/w/${d.name}`, d.text, () => sql?.text);
        if (!report) return;
        assert.deepEqual(internal(report.diagnostics), []);
        assert.deepEqual(badNumbers(report), []);
        assert.deepEqual(rangesOutside(d.text, report.diagnostics), []);
      }),
      params(100),
    );
  });

  it('a generated chain is found whole: one chain with every input (unmutated SQL)', () => {
    fc.assert(
      fc.property(joinChain, (c) => {
        count('chain-found');
        const sql = analyzeSql(new SqlSession(), chainSql(c));
        assert.deepEqual(
          sql.diagnostics.filter((d) => d.severity === 'error'),
          [],
        );
        assert.equal(sql.joins.length, c.joins.length);
        assert.equal(sql.chains.length, 1);
        assert.equal(sql.chains[0].inputs.length, c.tables.length);
      }),
      params(20),
    );
  });
});

describe('property: the sizing model', () => {
  after(() => {
    if (process.env.FLINK_KPU_FUZZ_RUNS)
      console.log(
        `\n  fuzz cases per property: ${JSON.stringify(counted)}; total ${Object.values(counted).reduce((s, n) => s + n, 0)}`,
      );
  });

  it('union rewrite <= MultiJoin <= binary chain for 3+ joins on one key with balanced inputs', () => {
    fc.assert(
      fc.property(
        balancedChainSpec,
        fc.option(fc.integer({ min: 60, max: 30 * 86_400 }), { nil: undefined }),
        (spec, ttl) => {
          count('ordering');
          const e = estimateChain(spec, ctx('2.1', ttl));
          assert.deepEqual(badNumbers(e), []);
          if (!e.multiJoin.available) return;
          assert.ok(
            le(e.union.stateBytes, e.multiJoin.stateBytes),
            `union ${e.union.stateBytes} > MultiJoin ${e.multiJoin.stateBytes}`,
          );
          assert.ok(
            le(e.multiJoin.stateBytes, e.binary.stateBytes),
            `MultiJoin ${e.multiJoin.stateBytes} > binary ${e.binary.stateBytes}`,
          );
        },
      ),
      params(100),
    );
  });

  it('the same ordering for generated SQL files of that shape (job totals, Flink 2.1)', () => {
    fc.assert(
      fc.property(balancedJoinChain, (c) => {
        count('ordering-sql');
        const est = estimateSql(analyzeSql(new SqlSession(), chainSql(c)), undefined, { flinkVersion: '2.1' });
        assert.equal(est.chains.length, 1);
        for (const r of est.chains) {
          assert.ok(r.estimate.multiJoin.available, r.estimate.multiJoin.reason);
          assert.ok(
            le(r.estimate.union.stateBytes, r.estimate.multiJoin.stateBytes),
            `union ${r.estimate.union.stateBytes} > MultiJoin ${r.estimate.multiJoin.stateBytes}`,
          );
          assert.ok(
            le(r.estimate.multiJoin.stateBytes, r.estimate.binary.stateBytes),
            `MultiJoin ${r.estimate.multiJoin.stateBytes} > binary ${r.estimate.binary.stateBytes}`,
          );
        }
        assert.ok(le(est.unionStateBytes, est.multiJoinStateBytes) && le(est.multiJoinStateBytes, est.stateBytes));
      }),
      params(20),
    );
  });

  it('state grows monotonically with the rows of any input', () => {
    fc.assert(
      fc.property(chainSpec, fc.nat(), fc.double({ min: 1, max: 1000, noNaN: true }), (spec, which, factor) => {
        count('rows');
        const i = which % spec.inputs.length;
        const more: ChainSpec = {
          ...spec,
          inputs: spec.inputs.map((inp, k) =>
            k !== i
              ? inp
              : {
                  ...inp,
                  rows: inp.rows === undefined ? undefined : inp.rows * factor,
                  ratePerSec: inp.ratePerSec === undefined ? undefined : inp.ratePerSec * factor,
                },
          ),
        };
        const a = estimateChain(spec, ctx());
        const b = estimateChain(more, ctx());
        for (const plan of ['binary', 'multiJoin', 'union'] as const)
          assert.ok(
            le(a[plan].stateBytes, b[plan].stateBytes),
            `${plan}: ${a[plan].stateBytes} > ${b[plan].stateBytes}`,
          );
      }),
      params(100),
    );
  });

  it('state grows monotonically with row sizes (declared row bytes, column bytes, an extra column)', () => {
    fc.assert(
      fc.property(
        chainSpec,
        fc.nat(),
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom('rowBytes', 'avgBytes', 'column'),
        (spec, which, delta, how) => {
          count('row-size');
          const i = which % spec.inputs.length;
          const more: ChainSpec = {
            ...spec,
            inputs: spec.inputs.map((inp, k) => {
              if (k !== i) return inp;
              if (how === 'rowBytes')
                return { ...inp, rowBytes: inp.rowBytes === undefined ? undefined : inp.rowBytes + delta };
              if (how === 'avgBytes')
                return {
                  ...inp,
                  columns: inp.columns.map((c) =>
                    c.avgBytes === undefined ? c : { ...c, avgBytes: c.avgBytes + delta },
                  ),
                };
              return { ...inp, columns: [...inp.columns, { name: 'extra_column', type: 'STRING', avgBytes: delta }] };
            }),
          };
          const a = estimateChain(spec, ctx());
          const b = estimateChain(more, ctx());
          for (const plan of ['binary', 'multiJoin', 'union'] as const)
            assert.ok(
              le(a[plan].stateBytes, b[plan].stateBytes),
              `${plan}: ${a[plan].stateBytes} > ${b[plan].stateBytes}`,
            );
        },
      ),
      params(100),
    );
  });

  it('KPUs and cost grow monotonically with parallelism', () => {
    fc.assert(
      fc.property(
        fc.record({
          stateBytes: fc.double({ min: 0, max: 1e15, noNaN: true }),
          p: fc.integer({ min: 1, max: 10_000 }),
          more: fc.integer({ min: 0, max: 10_000 }),
          ppk: fc.integer({ min: 1, max: 8 }),
          memoryGB: fc.option(fc.double({ min: 0, max: 10_000, noNaN: true }), { nil: undefined }),
          overscale: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
          region: fc.constantFrom('us-east-1', 'eu-west-2', 'mars-north-1'),
        }),
        (x) => {
          count('parallelism');
          const base = {
            stateBytes: x.stateBytes,
            parallelismPerKPU: x.ppk,
            memoryGB: x.memoryGB,
            overscale: x.overscale,
            region: x.region,
            assumptions: withAssumptions(),
          };
          const a = estimateJob({ ...base, parallelism: x.p });
          const b = estimateJob({ ...base, parallelism: x.p + x.more });
          assert.deepEqual(badNumbers(a), []);
          assert.ok(
            a.kpu.configured <= b.kpu.configured && a.kpu.required <= b.kpu.required && a.kpu.billed <= b.kpu.billed,
          );
          assert.equal(a.cost === undefined, b.cost === undefined);
          if (a.cost && b.cost)
            assert.ok(le(a.cost.monthlyUsd, b.cost.monthlyUsd), `${a.cost.monthlyUsd} > ${b.cost.monthlyUsd}`);
        },
      ),
      params(100),
    );
  });

  it('job plans from a generated SQL file and a descriptor: KPUs and cost grow with the descriptor\u2019s parallelism', () => {
    fc.assert(
      fc.property(
        joinChain,
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 8 }),
        (c, p, more, ppk) => {
          count('parallelism-sql');
          const at = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
          const job = (parallelism: number): JobSpec => ({
            source: 'flinkjob',
            platform: 'aws-managed-flink',
            tables: {},
            range: at,
            parallelism: { value: parallelism, range: at },
            parallelismPerKPU: { value: ppk, range: at },
          });
          const sql = analyzeSql(new SqlSession(), chainSql(c));
          const a = estimateJobPlans(estimateSql(sql, job(p)), job(p));
          const b = estimateJobPlans(estimateSql(sql, job(p + more)), job(p + more));
          for (const plan of ['binary', 'multiJoin', 'union'] as const) {
            assert.ok(a[plan].kpu.billed <= b[plan].kpu.billed);
            assert.ok(le(a[plan].cost!.monthlyUsd, b[plan].cost!.monthlyUsd));
          }
        },
      ),
      params(20),
    );
  });
});

// The ordering is not a law of the model: these inputs flip it, each for a reason that is right
// about Flink (or, for the last, a deliberate upper bound of docs/sizing-model.md 3.5). Found by the
// properties above when they ran over every chain; kept here so a change of the model shows.
describe('the sizing model: where union <= MultiJoin <= binary does not hold', () => {
  const col = (name: string, type = 'BIGINT') => ({ name, type });
  const input = (name: string, extra: Partial<ChainSpec['inputs'][number]> = {}) => ({
    name,
    columns: [col('k'), col('v', 'STRING')],
    uniqueKey: ['k'],
    rows: 1e6,
    ...extra,
  });
  const onK = (type: 'INNER' | 'LEFT' = 'INNER') => ({
    type,
    keys: [{ leftInput: 0, leftColumn: 'k', rightColumn: 'k' }],
    keyGroup: 0,
  });

  it('one join with use-for-binary-join: MultiJoin holds more than the binary join (it also stores the join-key row and a null flag per entry)', () => {
    const chain = { inputs: [input('a'), input('b')], joins: [onK()] };
    // Without the option Flink keeps a single join binary: no MultiJoin to compare.
    assert.equal(estimateChain(chain, ctx()).multiJoin.available, false);
    const e = estimateChain(chain, { ...ctx(), multiJoinForBinary: true });
    assert.ok(e.multiJoin.available);
    assert.ok(e.multiJoin.stateBytes > e.binary.stateBytes);
  });

  it('rows that rarely match: the binary chain\u2019s intermediate results are small, MultiJoin still holds every input', () => {
    const e = estimateChain(
      { inputs: [input('a'), input('b', { matchRate: 0.001 }), input('c'), input('d')], joins: [onK(), onK(), onK()] },
      ctx(),
    );
    assert.ok(e.multiJoin.available);
    assert.ok(e.multiJoin.stateBytes > e.binary.stateBytes);
  });

  it('many rows per key: MultiJoin\u2019s nested map spreads the per-key overhead, the union keeps one MapState entry per row', () => {
    const many = { uniqueKey: ['v'], rowsPerKey: 1000 };
    const e = estimateChain(
      {
        inputs: [input('a', many), input('b', many), input('c', many), input('d', many)],
        joins: [onK(), onK(), onK()],
      },
      ctx(),
    );
    assert.ok(e.multiJoin.available);
    assert.ok(e.union.stateBytes > e.multiJoin.stateBytes);
  });

  it('inputs with very different key counts: the union charges its one combined row to every key of the largest input (3.4, an upper bound)', () => {
    const wide = { rows: 1e3, rowBytes: 5_000 };
    const e = estimateChain(
      {
        inputs: [input('a', { rows: 1e8 }), input('b', wide), input('c', wide), input('d', wide)],
        joins: [onK(), onK(), onK()],
      },
      ctx(),
    );
    assert.ok(e.multiJoin.available);
    assert.ok(e.union.stateBytes > e.multiJoin.stateBytes);
  });
});
