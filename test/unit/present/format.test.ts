// How quantities are written (src/present/format.ts), one set for the CLI, the editor and the
// comparison page. Expected strings worked out from the rules in each function's comment.
import { strict as assert } from 'node:assert';
import { count, duration, gb, kpu, usd } from '../../../src/present/format';

describe('present: number formatting', () => {
  it('writes bytes in decimal units: whole GB from 100 GB, one decimal from 1 GB and 1 MB, else whole kB', () => {
    assert.deepEqual([0, 1_499, 999_000, 1_500_000, 1e9, 99.94e9, 100e9, 187.6e9, 1050e9].map(gb), [
      '0 kB',
      '1 kB',
      '999 kB',
      '1.5 MB',
      '1.0 GB',
      '99.9 GB',
      '100 GB',
      '188 GB',
      '1050 GB',
    ]);
  });

  it('writes whole US dollars with thousands separators, and what is missing as the caller says', () => {
    assert.equal(usd(2151.65), '$2,152');
    assert.equal(usd(445.49), '$445');
    assert.equal(usd(0), '$0');
    assert.equal(usd(undefined), 'no price');
    assert.equal(usd(null, 'n/a'), 'n/a');
  });

  it('writes seconds below 90, minutes below 90 minutes, else hours', () => {
    // 1250 s = 20.83 min; 13125 s = 3.65 h.
    assert.deepEqual([89.4, 90, 1250, 5399, 5400, 13125].map(duration), [
      '89 s',
      '1.5 min',
      '20.8 min',
      '90.0 min',
      '1.5 h',
      '3.6 h',
    ]);
  });

  it('writes counts with separators and at most two decimals, KPUs with their unit', () => {
    assert.equal(count(1_000_000), '1,000,000');
    assert.equal(count(1234.5678), '1,234.57');
    assert.equal(count(2.5), '2.5');
    assert.equal(kpu(25), '25 KPU');
  });
});
