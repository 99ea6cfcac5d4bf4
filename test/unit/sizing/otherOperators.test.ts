// Section 3.5 of sizing-model.md, worked by hand (defaults: rocks 10 B, 1-byte key-group prefix):
//   key on one BIGINT = 1 + 20 + 1 = 22 B; row of 2 BIGINTs = 4 + 8 + 16 = 28 B
import { strict as assert } from 'node:assert';
import {
  type Column,
  groupAggState,
  intervalJoinState,
  lookupJoinState,
  notEstimated,
  type SizingContext,
  temporalJoinState,
  totalState,
  windowAggState,
  windowsOpenAtOnce,
  withAssumptions,
} from '../../../src/sizing';

const a = withAssumptions();
const ctx: SizingContext = { assumptions: a };
const big = (name: string): Column => ({ name, type: 'BIGINT' });

describe('sizing/otherOperators', () => {
  it('interval join: each side holds rate × (interval + lateness)', () => {
    const s = intervalJoinState({
      left: { name: 'orders', columns: [big('id'), big('a')], keyColumns: [big('id')], ratePerSec: 10 },
      right: { name: 'shipments', columns: [big('id'), big('b')], keyColumns: [big('id')], ratePerSec: 5 },
      intervalSec: 3600,
      allowedLatenessSec: 600,
    }, ctx);
    // per row: key 22 + ts 8 + null flag 1 + list size 4 + row 28 + boolean 1 + rocks 10 = 74 B
    // left 10 × (3600 + 600) = 42,000 rows × 74 = 3,108,000; right 5 × 4200 = 21,000 × 74 = 1,554,000
    assert.equal(s.entries, 63_000);
    assert.equal(s.stateBytes, 4_662_000);
  });

  it('event-time temporal join: latest version per key + probe rows buffered for the watermark delay', () => {
    const s = temporalJoinState({
      time: 'event',
      probe: { name: 'orders', columns: [big('id'), big('a')], keyColumns: [big('id')], ratePerSec: 100 },
      versioned: { name: 'rates', columns: [big('id'), { name: 'rate', type: 'DOUBLE' }, { name: 'cur', type: 'VARCHAR(3)' }], keyColumns: [big('id')], rows: 200 },
    }, ctx);
    // versioned row: 4 + 8 + 8×3 + 0 (VARCHAR(3) inline) = 36; entry 22 + 8 ts + 1 + 36 + 10 = 77 × 200 = 15,400
    // probe: 100 rows/s × 5 s (watermarkDelaySec assumption) = 500 rows; entry 22 + 8 + 1 + 28 + 10 = 69 × 500 = 34,500
    assert.equal(s.stateBytes, 49_900);
    assert.ok(s.notes.some((n) => /watermark/.test(n)));
  });

  it('processing-time temporal and lookup joins hold no join state, and say so', () => {
    const p = temporalJoinState({
      time: 'processing',
      probe: { name: 'o', columns: [big('id')], keyColumns: [big('id')], ratePerSec: 1 },
      versioned: { name: 'r', columns: [big('id')], keyColumns: [big('id')], rows: 1 },
    }, ctx);
    assert.equal(p.stateBytes, 0);
    assert.equal(p.estimated, true);
    const l = lookupJoinState('enrich');
    assert.equal(l.stateBytes, 0);
    assert.match(l.notes[0], /memory, not in RocksDB/);
  });

  it('group aggregation: one accumulator row per group, plus a map entry per distinct value', () => {
    const spec = { groupKey: [big('customer_id')], groups: 1000, simpleAggregates: 3, distinct: [{ column: big('product_id'), valuesPerGroup: 20 }] };
    // accumulators: row 4 + 8 + 8×3 = 36; entry 22 + 36 + 10 = 68 × 1000 = 68,000
    // COUNT(DISTINCT): 22 key + 8 value + 1 null flag + 8 count + 10 = 49 × (1000 × 20) = 980,000
    assert.equal(groupAggState(spec, ctx).stateBytes, 1_048_000);
    // with TTL: (68 + 8) × 1000 = 76,000 + (49 + 8) × 20,000 = 1,140,000 → 1,216,000
    assert.equal(groupAggState(spec, { assumptions: a, stateTtlSec: 60 }).stateBytes, 1_216_000);
  });

  it('window aggregation: keys × windows open at once', () => {
    assert.equal(windowsOpenAtOnce({ kind: 'HOP', sizeSec: 3600, slideSec: 600 }).value, 6); // 3600 / 600
    assert.equal(windowsOpenAtOnce({ kind: 'TUMBLE', sizeSec: 60 }).value, 1);
    const s = windowAggState({ key: [big('user_id')], keys: 500, simpleAggregates: 2, window: { kind: 'HOP', sizeSec: 3600, slideSec: 600 } }, ctx);
    // entry: 1 key group + 20 key row + 8 window end + (4 + 8 + 16 = 28) acc + 10 = 67 × (500 × 6 = 3000) = 201,000
    assert.equal(s.stateBytes, 201_000);
  });

  it('reports operators it cannot estimate as "not estimated", never as a silent zero', () => {
    const n = notEstimated('MATCH_RECOGNIZE on clicks', 'MATCH_RECOGNIZE', 'pattern state is not modelled');
    assert.equal(n.estimated, false);
    assert.match(n.notes[0], /not estimated/);
    const t = totalState([n, lookupJoinState('x')]);
    assert.equal(t.stateBytes, 0);
    assert.deepEqual(t.notEstimated, ['MATCH_RECOGNIZE on clicks']);
  });
});
