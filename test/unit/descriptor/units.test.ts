import { strict as assert } from 'node:assert';
import {
  parseCount,
  parseDuration,
  parseFlinkMemory,
  parseKubernetesCpu,
  parseRate,
  parseSize,
  UNIT_PATTERNS,
  type UnitKind,
  type UnitResult,
} from '../../../src/descriptor/units';

function value(r: UnitResult): number {
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.value;
}

function failure(r: UnitResult): { code: string; message: string } {
  assert.ok(!r.ok, `expected a failure, got ${r.ok ? r.value : ''}`);
  return r;
}

describe('descriptor units', () => {
  // [input, expected]: every expected value worked out by hand from the unit's definition.
  const counts: Array<[string | number, number]> = [
    ['370M', 370_000_000],
    ['1.2k', 1_200],
    ['1.2K', 1_200],
    ['2B', 2_000_000_000],
    ['40k', 40_000],
    ['1.5 M', 1_500_000],
    ['12345', 12_345],
    [12_345, 12_345],
    ['0', 0],
  ];
  const sizes: Array<[string | number, number]> = [
    ['1.2GB', 1_200_000_000],
    ['500MiB', 524_288_000], // 500 x 1,048,576
    ['80B', 80],
    ['1.2kB', 1_200],
    ['4GiB', 4_294_967_296],
    ['4Gi', 4_294_967_296],
    ['2 mb', 2_000_000],
    ['36b', 36],
    ['1TiB', 1_099_511_627_776],
    [120, 120],
    ['120', 120],
  ];
  const durations: Array<[string | number, number]> = [
    ['7d', 604_800],
    ['12h', 43_200],
    ['30m', 1_800],
    ['30min', 1_800],
    ['45s', 45],
    ['500ms', 0.5],
    ['2w', 1_209_600],
    ['7 days', 604_800],
    ['P7D', 604_800],
    ['PT12H', 43_200],
    ['P1DT6H30M', 109_800], // 86,400 + 21,600 + 1,800
    ['PT0.5S', 0.5],
    ['P2W', 1_209_600],
    ['90', 90],
    [90, 90],
  ];
  const rates: Array<[string | number, number]> = [
    ['2000/s', 2_000],
    ['120k/min', 2_000], // 120,000 / 60
    ['1M/h', 1_000_000 / 3_600],
    ['86.4M/d', 1_000], // 86,400,000 / 86,400
    ['300 / s', 300],
    ['2000', 2_000],
    [2_000, 2_000],
  ];
  const tables: Array<[UnitKind, (x: string | number) => UnitResult, Array<[string | number, number]>]> = [
    ['count', parseCount, counts],
    ['size', parseSize, sizes],
    ['duration', (x) => parseDuration(x), durations],
    ['rate', parseRate, rates],
  ];

  for (const [kind, parse, table] of tables) {
    it(`reads ${kind}s`, () => {
      for (const [input, expected] of table) {
        const got = value(parse(input));
        assert.ok(
          Math.abs(got - expected) <= 1e-9 * Math.max(1, expected),
          `${kind} ${JSON.stringify(input)}: got ${got}, expected ${expected}`,
        );
        if (typeof input === 'string')
          assert.ok(new RegExp(UNIT_PATTERNS[kind]).test(input), `the ${kind} pattern accepts ${input}`);
      }
    });
  }

  it('names the accepted units when a unit is unknown, and suggests the right case', () => {
    const cases: Array<[UnitKind, (x: string) => UnitResult, string, RegExp]> = [
      [
        'count',
        parseCount,
        '370m',
        /unknown count unit 'm' in '370m' \(did you mean 'M'\?\); accepted: k \(thousand\), M \(million\), B \(billion\)/,
      ],
      ['count', parseCount, '3x', /unknown count unit 'x'/],
      [
        'size',
        parseSize,
        '500M',
        /unknown size unit 'M' in '500M' \(did you mean 'MB'\?\); accepted: B, kB, MB, GB, TB/,
      ],
      ['size', parseSize, '3 zz', /unknown size unit 'zz'/],
      [
        'duration',
        (x) => parseDuration(x),
        '12H',
        /unknown duration unit 'H' in '12H' \(did you mean 'h'\?\); accepted: ms, s, m\/min, h, d, w/,
      ],
      ['duration', (x) => parseDuration(x), '2 fortnights', /unknown duration unit 'fortnights'/],
      ['duration', (x) => parseDuration(x), 'P1Y', /years and months are not fixed lengths/],
      ['rate', parseRate, '2000/fortnight', /unknown time unit '\/fortnight'.*accepted: a count per s, min, h or d/],
      ['rate', parseRate, '2000/S', /did you mean 's'/],
    ];
    for (const [kind, parse, input, message] of cases) {
      const f = failure(parse(input));
      assert.equal(f.code, 'unknown-unit', input);
      assert.match(f.message, message);
      assert.equal(new RegExp(UNIT_PATTERNS[kind]).test(input), false, `the ${kind} pattern rejects ${input}`);
    }
  });

  it('rejects negative and non-numeric values as invalid, not as unknown units', () => {
    assert.equal(failure(parseCount('-5')).code, 'invalid');
    assert.equal(failure(parseCount(-5)).code, 'invalid');
    assert.equal(failure(parseSize('-3 GB')).code, 'invalid');
    assert.equal(failure(parseDuration('-3d')).code, 'invalid');
    assert.match(failure(parseCount('abc')).message, /'abc' is not a count/);
    assert.equal(failure(parseCount(Number.POSITIVE_INFINITY)).code, 'invalid');
    assert.equal(failure(parseDuration('P')).code, 'invalid');
  });

  it('reads Flink configuration durations (plain numbers are milliseconds)', () => {
    assert.equal(value(parseDuration('36 h', { plain: 'ms', flink: true })), 129_600);
    assert.equal(value(parseDuration('60000', { plain: 'ms', flink: true })), 60);
    assert.equal(value(parseDuration('1 MIN', { plain: 'ms', flink: true })), 60);
    assert.equal(value(parseDuration('250 millis', { plain: 'ms', flink: true })), 0.25);
  });

  it('reads operator memory the way the Flink Kubernetes Operator does (Flink MemorySize, then Kubernetes quantity)', () => {
    const mem: Array<[string, number]> = [
      ['2048m', 2_147_483_648], // 2048 x 2^20
      ['4g', 4_294_967_296],
      ['4gb', 4_294_967_296], // Flink's gb is 2^30
      ['4G', 4_294_967_296], // Flink parses first, case-insensitively
      ['4Gi', 4_294_967_296],
      ['512Mi', 536_870_912],
      ['1.5G', 1_500_000_000], // not a Flink MemorySize (not whole): Kubernetes decimal G
      ['1024', 1_024],
    ];
    for (const [input, expected] of mem) assert.equal(value(parseFlinkMemory(input)), expected, input);
    assert.equal(failure(parseFlinkMemory('4 parsecs')).code, 'unknown-unit');
  });

  it('reads Kubernetes CPU quantities', () => {
    assert.equal(value(parseKubernetesCpu('500m')), 0.5);
    assert.equal(value(parseKubernetesCpu('1500m')), 1.5);
    assert.equal(value(parseKubernetesCpu('2')), 2);
    assert.equal(value(parseKubernetesCpu(1.5)), 1.5);
    assert.equal(failure(parseKubernetesCpu('two')).code, 'unknown-unit');
  });
});
