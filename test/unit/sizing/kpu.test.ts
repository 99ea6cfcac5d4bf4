// Section 4 of docs/sizing-model.md, worked by hand. Defaults: compression 0.45 (fixed-width
// entries) or 0.65 (variable-length), space amplification 1.0 (written once) or 1.4 (updated in
// place); state given without its operators is sized as variable-length, updated in place:
// 0.65 × 1.4 = 0.91. keySkew 1, maxDiskUse 0.8 → 40 GB usable per KPU; snapshots 20 MB/s per
// KPU of the logical state; 730 h/month; us-east-1 0.11 USD/KPU-hour, 0.10 USD/GB-month running
// storage, 0.023 USD/GB-month backups.
import { strict as assert } from 'node:assert';
import {
  diskFactors,
  estimateFlinkDeployment,
  estimateJob,
  hasVariableLength,
  onDiskBytes,
  PRICE_TABLE,
  rowSize,
  withAssumptions,
  type StatePart,
} from '../../../src/sizing';

const a = withAssumptions();
const sizing = { assumptions: a };
const GB = 1e9;
const close = (actual: number | undefined, expected: number, eps = 1e-6) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= eps, `${actual} ≉ ${expected}`);

describe('sizing/kpu: on-disk bytes per operator', () => {
  // 40 GB fixed-width written once, 30 GB variable-length written once,
  // 20 GB fixed-width updated in place, 10 GB with neither field set (the default class).
  const parts: StatePart[] = [
    { stateBytes: 40 * GB, writePattern: 'once', variableLength: false },
    { stateBytes: 30 * GB, writePattern: 'once', variableLength: true },
    { stateBytes: 20 * GB, writePattern: 'in-place', variableLength: false },
    { stateBytes: 10 * GB },
  ];

  it('multiplies each operator by its compression and space amplification', () => {
    const d = onDiskBytes(100 * GB, parts, a);
    // 40 × 0.45 × 1.0 = 18; 30 × 0.65 × 1.0 = 19.5; 20 × 0.45 × 1.4 = 12.6; 10 × 0.65 × 1.4 = 9.1
    close(d.bytes / GB, 59.2, 1e-9);
    assert.equal(d.classes.length, 4);
    assert.match(d.formula, /40 GB × 0.45 compression × 1 space amplification \(fixed-width, written once\)/);
    assert.match(d.formula, /10 GB × 0.65 compression × 1.4 space amplification \(variable-length, updated in place\)/);
    assert.match(d.formula, /= 59.2 GB$/);
  });

  it('sizes an operator that sets neither field as variable-length, updated in place (0.65 × 1.4)', () => {
    const f = diskFactors({}, a);
    assert.equal(f.compression, 0.65);
    assert.equal(f.spaceAmplification, 1.4);
    const j = estimateJob({
      stateBytes: 100 * GB,
      parallelism: 4,
      parallelismPerKPU: 1,
      region: 'us-east-1',
      assumptions: a,
    });
    close(j.onDiskBytes / GB, 91, 1e-9); // 100 × 0.91
  });

  it('sizes state outside the operators given at the default class, and skips operators not estimated', () => {
    const d = onDiskBytes(120 * GB, [...parts, { stateBytes: 0, estimated: false }], a);
    close(d.bytes / GB, 77.4, 1e-9); // 59.2 + 20 × 0.91 = 59.2 + 18.2
  });

  it('scales operators that add up to more than the total down to it', () => {
    close(onDiskBytes(50 * GB, parts, a).bytes / GB, 29.6, 1e-9); // 59.2 × 50 / 100
  });

  it('applies the user\u2019s compression or space amplification to every operator', () => {
    const c = withAssumptions({ compression: 0.5 });
    // 40 × 0.5 × 1.0 + 30 × 0.5 × 1.0 + 20 × 0.5 × 1.4 + 10 × 0.5 × 1.4 = 20 + 15 + 14 + 7
    close(onDiskBytes(100 * GB, parts, c).bytes / GB, 56, 1e-9);
    assert.match(onDiskBytes(100 * GB, parts, c).formula, /your compression, written once/);
    const both = withAssumptions({ compression: 0.5, spaceAmplification: 1.2 });
    const d = onDiskBytes(100 * GB, parts, both);
    close(d.bytes / GB, 60, 1e-9); // 100 × 0.5 × 1.2
    assert.equal(d.classes.length, 1);
  });

  it('takes the class values from the assumptions', () => {
    const c = withAssumptions({
      compressionFixedWidth: 0.4,
      compressionVariableLength: 0.7,
      spaceAmplificationWriteOnce: 1.1,
      spaceAmplificationInPlace: 1.5,
    });
    // 40 × 0.4 × 1.1 = 17.6; 30 × 0.7 × 1.1 = 23.1; 20 × 0.4 × 1.5 = 12; 10 × 0.7 × 1.5 = 10.5
    close(onDiskBytes(100 * GB, parts, c).bytes / GB, 63.2, 1e-9);
  });

  it('tells a row with variable-length data from one with only fixed-width fields', () => {
    const fixed = rowSize(
      [
        { name: 'id', type: 'BIGINT' },
        { name: 'n', type: 'INT' },
        { name: 'p', type: 'DECIMAL(38, 2)' },
        { name: 't', type: 'TIMESTAMP(6)' },
        { name: 'x', type: 'DOUBLE' },
      ],
      sizing,
    );
    assert.equal(hasVariableLength(fixed), false);
    for (const type of [
      'STRING',
      'VARCHAR(10)',
      'CHAR(3)',
      'BYTES',
      'ARRAY<INT>',
      'MAP<STRING, INT>',
      'SOMETHING_ELSE',
    ]) {
      assert.equal(
        hasVariableLength(
          rowSize(
            [
              { name: 'id', type: 'BIGINT' },
              { name: 'v', type },
            ],
            sizing,
          ),
        ),
        true,
        type,
      );
    }
  });
});

describe('sizing/kpu: KPUs per dimension', () => {
  it('finds the binding dimension and the idle resources', () => {
    const j = estimateJob({
      stateBytes: 100 * GB,
      parallelism: 4,
      parallelismPerKPU: 1,
      memoryGB: 20,
      region: 'us-east-1',
      assumptions: a,
    });
    // onDisk 100 × 0.91 = 91 GB; storage ceil(91 / 40) = ceil(2.275) = 3; cpu ceil(4 / 1) = 4; memory ceil(20 / 4) = 5
    assert.deepEqual(j.kpu.byDimension, { cpu: 4, memory: 5, storage: 3 });
    assert.equal(j.kpu.required, 5);
    assert.equal(j.kpu.binding, 'memory');
    assert.equal(j.kpu.idle.cpu, 1); // 5 − 4
    assert.equal(j.kpu.idle.storage, 2); // 5 − 3
    close(j.kpu.idle.storageGB, 136.25); // 5 × 50 − 91 / 0.8 (= 113.75)
    assert.equal(j.fits, true); // 4 configured >= 3 storage
    assert.equal(j.kpu.billed, 5); // 4 configured + 1: what AWS bills
    // The declared memory needs 5 KPU: max(4, 5) + 1 = 6, at Parallelism (5 − 1) × 1 + 1 = 5
    assert.deepEqual({ kpu: j.toFit?.kpu, parallelism: j.toFit?.parallelism }, { kpu: 6, parallelism: 5 });
  });

  it('binds on CPU when Parallelism sets the KPUs', () => {
    const j = estimateJob({
      stateBytes: 100 * GB,
      parallelism: 8,
      parallelismPerKPU: 2,
      region: 'us-east-1',
      assumptions: a,
    });
    assert.equal(j.kpu.byDimension.cpu, 4); // ceil(8 / 2)
    assert.equal(j.kpu.byDimension.memory, 0); // undeclared
    assert.equal(j.kpu.binding, 'cpu');
    assert.equal(j.fits, true);
    assert.equal(j.kpu.billed, 5);
    assert.equal(j.toFit, undefined); // required 4 = configured 4
  });

  it('flags a storage-bound job that does not fit its configured KPUs, with the Parallelism that would', () => {
    const j = estimateJob({
      stateBytes: 500 * GB,
      parallelism: 4,
      parallelismPerKPU: 1,
      region: 'us-east-1',
      assumptions: a,
    });
    // onDisk 500 × 0.91 = 455 GB; storage ceil(455 / 40) = ceil(11.375) = 12 > 4 configured
    assert.equal(j.kpu.byDimension.storage, 12);
    assert.equal(j.kpu.binding, 'storage');
    assert.equal(j.fits, false);
    assert.equal(j.parallelismToFit, 12); // smallest P with ceil(P / 1) >= 12
    assert.equal(j.kpu.billed, 5); // AWS bills the 4 configured + 1, whatever the state needs
    assert.equal(j.toFit?.kpu, 13); // max(4, 12) + 1
    assert.equal(j.toFit?.parallelism, 12);
    close(j.cost?.monthlyUsd, 433); // 5 × 0.11 × 730 = 401.5; 4 × 50 × 0.10 = 20; 500 GB × 0.023 = 11.5
    close(j.toFit?.monthlyUsd, 1115.4); // 13 × 0.11 × 730 = 1043.9; 12 × 50 × 0.10 = 60; 11.5
    const j2 = estimateJob({
      stateBytes: 500 * GB,
      parallelism: 4,
      parallelismPerKPU: 2,
      region: 'us-east-1',
      assumptions: a,
    });
    assert.equal(j2.parallelismToFit, 23); // ceil(23 / 2) = 12 >= 12 but ceil(22 / 2) = 11 < 12
    assert.equal(j2.kpu.billed, 3); // ceil(4 / 2) = 2 configured + 1
    assert.deepEqual({ kpu: j2.toFit?.kpu, parallelism: j2.toFit?.parallelism }, { kpu: 13, parallelism: 23 });
  });

  it('bills a Parallelism-4 job whose state needs 24 KPU at 5 KPU, and says that 25 fit', () => {
    const j = estimateJob({
      stateBytes: 1050 * GB,
      parallelism: 4,
      parallelismPerKPU: 1,
      region: 'us-east-1',
      assumptions: a,
    });
    // onDisk 1050 × 0.91 = 955.5 GB; storage ceil(955.5 / 40) = ceil(23.8875) = 24
    assert.equal(j.kpu.byDimension.storage, 24);
    assert.equal(j.kpu.billed, 5);
    close(j.cost?.monthlyUsd, 445.65); // 401.5 + 20 + 1050 × 0.023 (24.15)
    assert.equal(j.toFit?.kpu, 25);
    close(j.toFit?.monthlyUsd, 2151.65); // 25 × 0.11 × 730 = 2007.5; 24 × 50 × 0.10 = 120; 24.15
    assert.ok(j.terms.some((t) => t.label === 'billed KPUs' && /4 configured \+ 1 orchestration = 5/.test(t.formula)));
    assert.ok(
      j.terms.some(
        (t) => t.label === 'KPUs to fit' && /max\(4 configured, 24 required\) \+ 1 orchestration = 25/.test(t.formula),
      ),
    );
  });
});

describe('sizing/kpu: cost', () => {
  // 100 GB state, Parallelism 4 → onDisk 91 GB, storage 3, cpu 4, billed 4 + 1 = 5;
  // backups hold the logical 100 GB (a canonical savepoint, not compressed).
  const base = { stateBytes: 100 * GB, parallelism: 4, parallelismPerKPU: 1, assumptions: a };

  it('prices us-east-1 from the sourced table', () => {
    const j = estimateJob({ ...base, region: 'us-east-1' });
    assert.equal(j.kpu.billed, 5);
    close(j.cost?.kpuUsd, 401.5); // 5 × 0.11 × 730
    close(j.cost?.storageUsd, 20); // (5 − 1) × 50 GB × 0.10
    close(j.cost?.backupUsd, 2.3); // 1 × 100 GB × 0.023
    close(j.cost?.monthlyUsd, 423.8); // 401.5 + 20 + 2.3
    assert.equal(j.cost?.hoursPerMonth, 730);
    assert.equal(j.cost?.unverified, false);
    assert.match(j.cost?.priceSource ?? '', /AWS pricing page/);
    assert.doesNotMatch(j.cost?.priceSource ?? '', /design\//);
  });

  it('bills 720 hours a month when asked (AWS\u2019s pricing examples)', () => {
    const j = estimateJob({ ...base, region: 'us-east-1', assumptions: withAssumptions({ hoursPerMonth: 720 }) });
    close(j.cost?.kpuUsd, 396); // 5 × 0.11 × 720
    close(j.cost?.monthlyUsd, 418.3); // 396 + 20 + 2.3
    assert.equal(j.cost?.hoursPerMonth, 720);
  });

  it('leaves running storage out when billRunningStorage is off', () => {
    const j = estimateJob({
      ...base,
      region: 'us-east-1',
      assumptions: withAssumptions({ billRunningStorage: false }),
    });
    close(j.cost?.monthlyUsd, 403.8); // 401.5 + 0 + 2.3
  });

  it('marks eu-west-2 (Infracost fixtures) as unverified', () => {
    const j = estimateJob({ ...base, region: 'eu-west-2' });
    close(j.cost?.monthlyUsd, 489.15); // 5 × 0.127 × 730 = 463.55; 4 × 50 × 0.116 = 23.2; 100 × 0.024 = 2.4
    assert.equal(j.cost?.unverified, true);
    assert.equal(PRICE_TABLE['eu-west-2'].unverified, true);
  });

  it('gives no cost for a region without a sourced price, unless the user sets one', () => {
    const j = estimateJob({ ...base, region: 'ap-south-1' });
    assert.equal(j.cost, undefined);
    assert.match(j.costUnavailableReason ?? '', /no sourced price for region ap-south-1/);
    const o = estimateJob({
      ...base,
      region: 'ap-south-1',
      priceOverride: { kpuHour: 0.2, storageGBMonth: 0.1, backupGBMonth: 0.02 },
    });
    close(o.cost?.monthlyUsd, 752); // 5 × 0.2 × 730 = 730; 4 × 50 × 0.1 = 20; 100 × 0.02 = 2
    assert.match(o.cost?.priceSource ?? '', /your price setting/);
  });

  it('gives a job that does not fit no cost to fit without a price', () => {
    const j = estimateJob({
      stateBytes: 500 * GB,
      parallelism: 4,
      parallelismPerKPU: 1,
      region: 'ap-south-1',
      assumptions: a,
    });
    assert.equal(j.toFit?.kpu, 13);
    assert.equal(j.toFit?.monthlyUsd, undefined);
  });

  it('prices the overscale margin', () => {
    const j = estimateJob({
      stateBytes: 10 * GB,
      parallelism: 24,
      parallelismPerKPU: 1,
      overscale: 0.15,
      region: 'us-east-1',
      assumptions: a,
    });
    // without margin: ceil(24 / 1.15) = ceil(20.87) = 21 KPUs (storage ceil(9.1 / 40) = 1) → billed 22 instead of 25 → 3 KPUs
    // 3 × 0.11 × 730 = 240.9 + 3 × 50 × 0.10 = 15 → 255.9 USD/month
    assert.equal(j.overscale?.parallelismWithoutMargin, 21);
    assert.equal(j.overscale?.kpu, 3);
    close(j.overscale?.monthlyUsd, 255.9);
  });

  it('counts no margin below what the state needs', () => {
    const j = estimateJob({
      stateBytes: 1000 * GB,
      parallelism: 24,
      parallelismPerKPU: 1,
      overscale: 0.15,
      region: 'us-east-1',
      assumptions: a,
    });
    // onDisk 910 GB → storage ceil(22.75) = 23; without the margin max(21, 0, 23) = 23 → 24 − 23 = 1 KPU
    assert.equal(j.overscale?.kpu, 1);
    close(j.overscale?.monthlyUsd, 85.3); // 1 × 0.11 × 730 = 80.3 + 1 × 50 × 0.10 = 5
  });
});

describe('sizing/kpu: snapshot time and guards', () => {
  it('snapshot = logical state / (configured KPUs × 20 MB/s); scaling ≈ snapshot + restore', () => {
    const j = estimateJob({
      stateBytes: 100 * GB,
      parallelism: 4,
      parallelismPerKPU: 1,
      region: 'us-east-1',
      assumptions: a,
    });
    close(j.snapshotSeconds, 1250); // 100e9 B / (4 × 20e6 B/s); not the 91 GB on disk
    close(j.scalingSeconds, 2500); // 1250 + 1250
  });

  it('never returns NaN, Infinity or negatives', () => {
    const j = estimateJob({
      stateBytes: Number.NaN,
      parallelism: -3,
      parallelismPerKPU: 0,
      memoryGB: Number.POSITIVE_INFINITY,
      region: '',
      assumptions: a,
    });
    for (const v of [
      j.onDiskBytes,
      j.snapshotSeconds,
      j.scalingSeconds,
      j.kpu.billed,
      j.kpu.required,
      ...Object.values(j.kpu.idle),
    ]) {
      assert.ok(Number.isFinite(v) && v >= 0, String(v));
    }
    assert.equal(j.kpu.billed, 2); // Parallelism clamped to 1 → 1 KPU + 1
    for (const t of j.terms) assert.ok(Number.isFinite(t.value), t.label);
  });
});

describe('sizing/kpu: FlinkDeployment KPU-equivalent', () => {
  it('is max(TMs × cpu, TMs × memGB / 4, onDisk GB / 50) + 1, flagged as an estimate', () => {
    const f = estimateFlinkDeployment({
      parallelism: 8,
      slotsPerTaskManager: 2,
      taskManagerCpu: 2,
      taskManagerMemoryGB: 8,
      stateBytes: 100 * GB,
      assumptions: a,
    });
    // TMs = ceil(8 / 2) = 4; cpu 4 × 2 = 8; memory 4 × 8 / 4 = 8; storage 91 / 50 = 1.82 → 8 + 1 = 9
    assert.equal(f.taskManagers, 4);
    assert.equal(f.kpuEquivalent, 9);
    assert.equal(f.estimate, true);
  });
});
