// Section 4 of sizing-model.md, worked by hand (defaults: compression 0.6 × space amplification 1.2
// = 0.72, keySkew 1, maxDiskUse 0.8 → 40 GB usable per KPU, 20 MB/s snapshots per KPU, 730 h/month).
import { strict as assert } from 'node:assert';
import {
  DEFAULT_MAX_PARALLELISM,
  estimateFlinkDeployment,
  estimateJob,
  KPU_QUOTA_PER_APPLICATION,
  PARALLELISM_PER_KPU_MAX,
  PARALLELISM_PER_KPU_MIN,
  PRICE_TABLE,
  withAssumptions,
} from '../../../src/sizing';

const a = withAssumptions();
const GB = 1e9;
const close = (actual: number | undefined, expected: number, eps = 1e-6) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= eps, `${actual} ≉ ${expected}`);

describe('sizing/kpu: KPUs per dimension', () => {
  it('finds the binding dimension and the idle resources', () => {
    const j = estimateJob({ stateBytes: 100 * GB, parallelism: 4, parallelismPerKPU: 1, memoryGB: 20, region: 'us-east-1', assumptions: a });
    close(j.onDiskBytes, 72 * GB); // 100 GB × 0.6 × 1.2 = 72 GB
    // storage ceil(72 / 40) = ceil(1.8) = 2; cpu ceil(4 / 1) = 4; memory ceil(20 / 4) = 5
    assert.deepEqual(j.kpu.byDimension, { cpu: 4, memory: 5, storage: 2 });
    assert.equal(j.kpu.required, 5);
    assert.equal(j.kpu.binding, 'memory');
    assert.equal(j.kpu.idle.cpu, 1); // 5 − 4
    assert.equal(j.kpu.idle.storage, 3); // 5 − 2
    close(j.kpu.idle.storageGB, 160); // 5 × 50 − 72 / 0.8 (= 90) = 160
    assert.equal(j.kpu.billed, 6); // max(4 configured, 5 required) + 1
  });

  it('binds on CPU when Parallelism sets the KPUs', () => {
    const j = estimateJob({ stateBytes: 100 * GB, parallelism: 8, parallelismPerKPU: 2, region: 'us-east-1', assumptions: a });
    assert.equal(j.kpu.byDimension.cpu, 4); // ceil(8 / 2)
    assert.equal(j.kpu.byDimension.memory, 0); // undeclared
    assert.equal(j.kpu.binding, 'cpu');
    assert.equal(j.fits, true);
  });

  it('flags a storage-bound job that does not fit its configured KPUs, with the Parallelism that would', () => {
    const j = estimateJob({ stateBytes: 500 * GB, parallelism: 4, parallelismPerKPU: 1, region: 'us-east-1', assumptions: a });
    // onDisk 500 × 0.72 = 360 GB; storage ceil(360 / 40) = 9 > 4 configured
    assert.equal(j.kpu.byDimension.storage, 9);
    assert.equal(j.kpu.binding, 'storage');
    assert.equal(j.fits, false);
    assert.equal(j.parallelismToFit, 9); // smallest P with ceil(P / 1) >= 9
    assert.equal(j.kpu.billed, 10); // max(4, 9) + 1
    const j2 = estimateJob({ stateBytes: 500 * GB, parallelism: 4, parallelismPerKPU: 2, region: 'us-east-1', assumptions: a });
    assert.equal(j2.parallelismToFit, 17); // ceil(17 / 2) = 9 >= 9 but ceil(16 / 2) = 8 < 9
  });

  it('exports the autoscaling facts', () => {
    assert.equal(PARALLELISM_PER_KPU_MIN, 1);
    assert.equal(PARALLELISM_PER_KPU_MAX, 8);
    assert.equal(DEFAULT_MAX_PARALLELISM, 256);
    assert.equal(KPU_QUOTA_PER_APPLICATION, 64);
  });
});

describe('sizing/kpu: cost', () => {
  // 100 GB state, Parallelism 4 → onDisk 72 GB, storage 2, cpu 4, billed 4 + 1 = 5
  const base = { stateBytes: 100 * GB, parallelism: 4, parallelismPerKPU: 1, assumptions: a };

  it('prices us-east-1 from the sourced table', () => {
    const j = estimateJob({ ...base, region: 'us-east-1' });
    assert.equal(j.kpu.billed, 5);
    close(j.cost?.kpuUsd, 401.5); // 5 × 0.11 × 730
    close(j.cost?.storageUsd, 20); // (5 − 1) × 50 GB × 0.10
    close(j.cost?.backupUsd, 1.656); // 1 × 72 GB × 0.023
    close(j.cost?.monthlyUsd, 423.156); // 401.5 + 20 + 1.656
    assert.equal(j.cost?.unverified, false);
    assert.match(j.cost?.priceSource ?? '', /AWS pricing page/);
  });

  it('leaves running storage out when billRunningStorage is off', () => {
    const j = estimateJob({ ...base, region: 'us-east-1', assumptions: withAssumptions({ billRunningStorage: false }) });
    close(j.cost?.monthlyUsd, 403.156); // 401.5 + 0 + 1.656
  });

  it('marks eu-west-2 (Infracost fixtures) as unverified', () => {
    const j = estimateJob({ ...base, region: 'eu-west-2' });
    close(j.cost?.monthlyUsd, 488.478); // 5 × 0.127 × 730 = 463.55; 4 × 50 × 0.116 = 23.2; 72 × 0.024 = 1.728
    assert.equal(j.cost?.unverified, true);
    assert.equal(PRICE_TABLE['eu-west-2'].unverified, true);
  });

  it('gives no cost for a region without a sourced price, unless the user sets one', () => {
    const j = estimateJob({ ...base, region: 'ap-south-1' });
    assert.equal(j.cost, undefined);
    assert.match(j.costUnavailableReason ?? '', /no sourced price for region ap-south-1/);
    const o = estimateJob({ ...base, region: 'ap-south-1', priceOverride: { kpuHour: 0.2, storageGBMonth: 0.1, backupGBMonth: 0.02 } });
    close(o.cost?.monthlyUsd, 751.44); // 5 × 0.2 × 730 = 730; 4 × 50 × 0.1 = 20; 72 × 0.02 = 1.44
    assert.match(o.cost?.priceSource ?? '', /your price setting/);
  });

  it('prices the overscale margin', () => {
    const j = estimateJob({ stateBytes: 10 * GB, parallelism: 24, parallelismPerKPU: 1, overscale: 0.15, region: 'us-east-1', assumptions: a });
    // without margin: ceil(24 / 1.15) = ceil(20.87) = 21 → billed 22 instead of 25 → 3 KPUs
    // 3 × 0.11 × 730 = 240.9 + 3 × 50 × 0.10 = 15 → 255.9 USD/month
    assert.equal(j.overscale?.parallelismWithoutMargin, 21);
    assert.equal(j.overscale?.kpu, 3);
    close(j.overscale?.monthlyUsd, 255.9);
  });
});

describe('sizing/kpu: snapshot time and guards', () => {
  it('snapshot = onDisk / (configured KPUs × 20 MB/s); scaling ≈ snapshot + restore', () => {
    const j = estimateJob({ stateBytes: 100 * GB, parallelism: 4, parallelismPerKPU: 1, region: 'us-east-1', assumptions: a });
    close(j.snapshotSeconds, 900); // 72e9 B / (4 × 20e6 B/s) = 900 s
    close(j.scalingSeconds, 1800); // 900 + 900
  });

  it('never returns NaN, Infinity or negatives', () => {
    const j = estimateJob({ stateBytes: Number.NaN, parallelism: -3, parallelismPerKPU: 0, memoryGB: Number.POSITIVE_INFINITY, region: '', assumptions: a });
    for (const v of [j.onDiskBytes, j.snapshotSeconds, j.scalingSeconds, j.kpu.billed, j.kpu.required, ...Object.values(j.kpu.idle)]) {
      assert.ok(Number.isFinite(v) && v >= 0, String(v));
    }
    assert.equal(j.kpu.billed, 2); // Parallelism clamped to 1 → 1 KPU + 1
    for (const t of j.terms) assert.ok(Number.isFinite(t.value), t.label);
  });
});

describe('sizing/kpu: FlinkDeployment KPU-equivalent', () => {
  it('is max(TMs × cpu, TMs × memGB / 4, onDisk GB / 50) + 1, flagged as an estimate', () => {
    const f = estimateFlinkDeployment({ parallelism: 8, slotsPerTaskManager: 2, taskManagerCpu: 2, taskManagerMemoryGB: 8, stateBytes: 100 * GB, assumptions: a });
    // TMs = ceil(8 / 2) = 4; cpu 4 × 2 = 8; memory 4 × 8 / 4 = 8; storage 72 / 50 = 1.44 → 8 + 1 = 9
    assert.equal(f.taskManagers, 4);
    assert.equal(f.kpuEquivalent, 9);
    assert.equal(f.estimate, true);
  });
});
