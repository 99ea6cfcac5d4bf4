import { strict as assert } from 'node:assert';
import {
  ASSUMPTION_INFO,
  computeDefaultMaxParallelism,
  DEFAULT_ASSUMPTIONS,
  describeAssumption,
  describeAssumptions,
  keyGroupPrefixBytes,
  resolveMaxParallelism,
  withAssumptions,
} from '../../../src/sizing';

describe('sizing/defaults', () => {
  it('holds the defaults of docs/sizing-model.md', () => {
    const d = DEFAULT_ASSUMPTIONS;
    assert.equal(d.avgStringBytes, 24);
    assert.equal(d.avgCollectionBytes, 64);
    assert.equal(d.rocksOverheadBytes, 0); // measured: about 0 B per entry (was 10)
    assert.equal(d.ttlBytes, 8);
    // Measured on Flink's default RocksDB options; unset compression / spaceAmplification: per operator.
    assert.equal(d.compression, undefined);
    assert.equal(d.compressionFixedWidth, 0.45);
    assert.equal(d.compressionVariableLength, 0.65);
    assert.equal(d.spaceAmplification, undefined);
    assert.equal(d.spaceAmplificationWriteOnce, 1);
    assert.equal(d.spaceAmplificationInPlace, 1.4);
    assert.equal(d.keySkew, 1);
    assert.equal(d.maxDiskUse, 0.8);
    assert.equal(d.planningHorizonSec, 2_592_000); // 30 × 86,400
    assert.equal(d.matchRate, 1);
    assert.equal(d.snapshotMBpsPerKPU, 20);
    assert.equal(d.retainedSnapshots, 1);
    assert.equal(d.billRunningStorage, true);
    assert.equal(d.hoursPerMonth, 730);
    assert.equal(d.bytesPerGB, 1e9);
  });

  it('describes every assumption with a unit and a source', () => {
    const rows = describeAssumptions();
    assert.equal(rows.length, Object.keys(ASSUMPTION_INFO).length);
    for (const r of rows) {
      assert.ok(r.unit.length > 0, r.name);
      assert.ok(r.source.length > 0, r.name);
    }
    assert.equal(describeAssumption('compression').value, 'by entry: 0.45 fixed-width, 0.65 variable-length');
    assert.equal(describeAssumption('spaceAmplification').value, 'by write pattern: 1 written once, 1.4 in place');
    assert.equal(describeAssumption('compression', withAssumptions({ compression: 0.5 })).value, 0.5);
    assert.equal(describeAssumption('maxParallelism').value, 'Flink default');
    for (const n of [
      'rocksOverheadBytes',
      'compressionFixedWidth',
      'compressionVariableLength',
      'spaceAmplificationWriteOnce',
      'spaceAmplificationInPlace',
    ] as const) {
      assert.match(describeAssumption(n).source, /^measured assumption \(docs\/sizing-model.md §4\)/, n);
    }
    assert.match(describeAssumption('hoursPerMonth').source, /730.*720/);
    for (const r of rows) assert.doesNotMatch(r.source, /design\//, r.name);
  });

  it('falls back to defaults for unusable values', () => {
    const a = withAssumptions({
      compression: Number.NaN,
      spaceAmplification: 0,
      compressionFixedWidth: -1,
      hoursPerMonth: 0,
      keySkew: -1,
      avgStringBytes: 40,
      maxDiskUse: 3,
    });
    assert.equal(a.compression, undefined); // unset: per operator
    assert.equal(a.spaceAmplification, undefined);
    assert.equal(a.compressionFixedWidth, 0.45);
    assert.equal(a.hoursPerMonth, 730);
    assert.equal(withAssumptions({ hoursPerMonth: 720 }).hoursPerMonth, 720);
    assert.equal(a.keySkew, 1);
    assert.equal(a.avgStringBytes, 40);
    assert.equal(a.maxDiskUse, 1); // a share: clamped to 1
  });

  it("computes Flink's default max parallelism: min(max(roundUpToPowerOfTwo(p + p/2), 128), 32768)", () => {
    assert.equal(computeDefaultMaxParallelism(1), 128); // 1 + 0 = 1 → 1 → max 128
    assert.equal(computeDefaultMaxParallelism(24), 128); // 24 + 12 = 36 → 64 → 128
    assert.equal(computeDefaultMaxParallelism(85), 128); // 85 + 42 = 127 → 128
    assert.equal(computeDefaultMaxParallelism(86), 256); // 86 + 43 = 129 → 256
    assert.equal(computeDefaultMaxParallelism(180), 512); // 180 + 90 = 270 → 512
    assert.equal(computeDefaultMaxParallelism(30000), 32768); // 45000 → 65536 → min 32768
  });

  it('uses a 1-byte key-group prefix up to 128 key groups, else 2', () => {
    assert.equal(keyGroupPrefixBytes(128), 1);
    assert.equal(keyGroupPrefixBytes(129), 2);
    assert.equal(resolveMaxParallelism({ parallelism: 86 }).value, 256);
    assert.equal(resolveMaxParallelism({}).value, 128);
    assert.equal(resolveMaxParallelism({ maxParallelism: 4096, parallelism: 2 }).value, 4096);
  });
});
