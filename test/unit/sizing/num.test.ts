import { strict as assert } from 'node:assert';
import { fmt } from '../../../src/sizing/num';

describe('fmt: numbers as formulas write them', () => {
  it('groups the thousands of integers with commas', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [7, '7'],
      [999, '999'],
      [1000, '1,000'],
      [12345, '12,345'],
      [268000000, '268,000,000'],
      [1234567, '1,234,567'],
      [-1234567, '-1,234,567'],
      [9007199254740992, '9,007,199,254,740,992'],
    ];
    for (const [n, s] of cases) assert.equal(fmt(n), s, String(n));
  });

  it('keeps at most three decimals, more below 1, without trailing zeros', () => {
    const cases: [number, string][] = [
      [0.72, '0.72'],
      [0.7200000001, '0.72'],
      [1.5, '1.5'],
      [1234.5, '1,234.5'],
      [2.0004, '2'],
      [999.9996, '1,000'],
      [0.0004, '0.0004'],
      [0.000123456, '0.0001235'],
      [1e-9, '0'],
      [-2.25, '-2.25'],
    ];
    for (const [n, s] of cases) assert.equal(fmt(n), s, String(n));
  });

  it('writes what is not a finite number, and exponents, as JavaScript does', () => {
    assert.equal(fmt(Number.NaN), 'NaN');
    assert.equal(fmt(Number.POSITIVE_INFINITY), 'Infinity');
    assert.equal(fmt(1e21), '1e+21');
  });
});
