// The table of a job under each plan (src/present/planTable.ts) that the CLI text, the Markdown
// export and the comparison page draw, from the job projection of src/present/job.ts (the CLI's
// JSON job). Figures worked by hand at the us-east-1 prices: 0.11 USD/KPU-hour × 730 h, running
// storage 50 GB × 0.10 USD per configured KPU, backups 0.023 USD/GB-month of the logical state.
import { strict as assert } from 'node:assert';
import { jobView } from '../../../src/present/job';
import { billedLabel, planTable } from '../../../src/present/planTable';
import { type JobView, JobViewSchema } from '../../../src/present/views';
import { estimateJob, withAssumptions } from '../../../src/sizing';

const GB = 1e9;
const close = (actual: number | null | undefined, expected: number, eps = 0.01) =>
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= eps, `${actual} ≉ ${expected}`);

describe('present: job projection and plan table', () => {
  // Parallelism 4 with 1050 GB of state: 1050 × 0.65 compression × 1.4 space amplification =
  // 955.5 GB on disk, ceil(955.5 / (50 × 0.8)) = 24 KPU of storage > 4 configured.
  const big = jobView(
    estimateJob({
      stateBytes: 1050 * GB,
      parallelism: 4,
      parallelismPerKPU: 1,
      region: 'us-east-1',
      assumptions: withAssumptions(),
    }),
  );

  it('projects a job as the CLI JSON documents it (docs/cli-json.md), valid for the page', () => {
    assert.equal(big.application, 'flink');
    assert.deepEqual(
      { ...big.kpu, byDimension: { ...big.kpu.byDimension } },
      {
        configured: 4,
        required: 24,
        billed: 5, // 4 configured + 1 orchestration
        extra: 1,
        binding: 'storage',
        byDimension: { cpu: 4, memory: 0, storage: 24 },
        memoryDeclared: false,
      },
    );
    close(big.onDiskBytes / GB, 955.5);
    // 5 × 0.11 × 730 = 401.5; 4 × 50 × 0.10 = 20; 1050 × 0.023 = 24.15; 445.65 in all.
    assert.ok(big.cost.monthlyUsd !== null);
    close(big.cost.monthlyUsd, 445.65);
    assert.equal(big.fits, false);
    // max(4, 24) + 1 = 25 KPU, Parallelism (24 − 1) × 1 + 1 = 24: 2007.5 + 120 + 24.15 = 2151.65.
    assert.equal(big.toFit?.kpu, 25);
    assert.equal(big.toFit?.parallelism, 24);
    close(big.toFit?.monthlyUsd, 2151.65);
    assert.ok(JobViewSchema.safeParse(JSON.parse(JSON.stringify(big))).success);
  });

  it('draws one row set: state, KPUs, bill, what fits, snapshot; n/a for a plan that does not apply', () => {
    const t = planTable(
      [
        { available: true, chainStateBytes: 700 * GB, job: big },
        { available: false, chainStateBytes: 0, job: big },
        { available: true, chainStateBytes: 350 * GB, job: big },
      ],
      { hasSql: true },
    );
    assert.deepEqual(
      t.rows.map((r) => [r.label, r.cells[0], r.cells[1], r.cells[2]]),
      [
        ['chain state', '700 GB', 'n/a', '350 GB'],
        ['job state', '1050 GB', 'n/a', '1050 GB'],
        ['job state on disk', '956 GB', 'n/a', '956 GB'],
        ['KPU cpu / memory / storage', '4 / ? / 24', 'n/a', '4 / ? / 24'],
        ['KPU required (binding)', '24 (storage)', 'n/a', '24 (storage)'],
        ['KPU billed (+1 orchestration)', '5', 'n/a', '5'],
        ['monthly cost', '$446', 'n/a', '$446'],
        ['KPU to fit (+1 orchestration)', '25 (Parallelism 24)', 'n/a', '25 (Parallelism 24)'],
        ['monthly cost to fit', '$2,152', 'n/a', '$2,152'],
        // 1050 GB / (4 KPU × 20 MB/s) = 13125 s = 3.6 h.
        ['snapshot on scaling', '3.6 h', 'n/a', '3.6 h'],
        ['state fits its KPUs', 'no', 'n/a', 'no'],
      ],
    );
    assert.deepEqual(t.notes, ['? memory not declared: its KPUs are not counted (declare memoryGB to count them)']);
  });

  it('has no chain row without a chain, n/a for state without SQL, and no to-fit rows when every plan fits', () => {
    // Parallelism 2, memory 6 GB declared, no state: ceil(6 / 4) = 2 memory KPUs, CPU binds (ties go to CPU).
    const small = jobView(
      estimateJob({
        stateBytes: 0,
        parallelism: 2,
        parallelismPerKPU: 1,
        memoryGB: 6,
        region: 'us-east-1',
        assumptions: withAssumptions(),
      }),
    );
    const t = planTable([{ available: true, job: small }], { hasSql: false });
    assert.deepEqual(
      t.rows.map((r) => [r.label, r.cells[0]]),
      [
        ['job state', 'n/a'],
        ['job state on disk', 'n/a'],
        // Without SQL the state is unknown: its storage KPUs are not counted, and whether it fits is n/a.
        ['KPU cpu / memory / storage', '2 / 2 / ?'],
        ['KPU required (binding)', '2 (cpu)'],
        ['KPU billed (+1 orchestration)', '3'],
        // 3 × 0.11 × 730 = 240.9 + 2 × 50 × 0.10 = 10: 250.9.
        ['monthly cost', '$251'],
        ['snapshot on scaling', 'n/a'],
        ['state fits its KPUs', 'n/a'],
      ],
    );
    assert.deepEqual(t.notes, ['? storage: without SQL the state is not estimated, so its KPUs are not counted']);
  });

  it('names the KPUs billed beyond the configuration by kind of application', () => {
    const label = (application: JobView['application'], extra: number) => billedLabel({ application, kpu: { extra } });
    assert.equal(label('flink', 1), 'KPU billed (+1 orchestration)');
    assert.equal(label('studio', 2), 'KPU billed (+2 Studio)');
    // A job on a Kubernetes session cluster: its JobManager is the cluster's.
    assert.equal(label('flink', 0), 'KPU (JobManager with its cluster)');
    const session: JobView = { ...big, kpu: { ...big.kpu, extra: 0, billed: 4 } };
    const rows = planTable([{ available: true, job: session }], { hasSql: true }).rows.map((r) => r.label);
    assert.ok(rows.includes('KPU (JobManager with its cluster)') && rows.includes('KPU to fit'), rows.join(' | '));
  });
});
