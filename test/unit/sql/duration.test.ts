import { strict as assert } from 'node:assert';
import { parseDuration } from '../../../src/descriptor/units';
import { parseFlinkDuration } from '../../../src/sql/duration';

// Flink's TimeUtils.parseDuration reads the labels of its TimeUnit enum, lower-cased: d/day(s),
// h/hour(s), m/min/minute(s), s/sec(s)/second(s), ms/milli(s)/millisecond(s), µs/micro(s)/microsecond(s),
// ns/nano(s)/nanosecond(s); no label is milliseconds.
describe('sql: Flink duration units (TimeUtils)', () => {
  it('reads the long labels of milli-, micro- and nanoseconds', () => {
    assert.equal(parseFlinkDuration('1500 milliseconds'), 1.5);
    assert.equal(parseFlinkDuration('2 microseconds'), 2e-6);
    assert.equal(parseFlinkDuration('1 nanosecond'), 1e-9);
    assert.equal(parseFlinkDuration('2 M'), 120);
  });

  it('rejects labels TimeUtils does not have', () => {
    assert.equal(parseFlinkDuration('10 us'), undefined);
    assert.equal(parseFlinkDuration('5 mins'), undefined);
    assert.equal(parseFlinkDuration('1 w'), undefined);
  });

  it('reads a flinkConfiguration duration with the same labels as SQL', () => {
    const r = parseDuration('1500 milliseconds', { plain: 'ms', flink: true });
    assert.deepEqual(r, { ok: true, value: 1.5 });
    assert.deepEqual(parseDuration('2 µs', { plain: 'ms', flink: true }), { ok: true, value: 2e-6 });
  });
});
