import { strict as assert } from 'node:assert';
import { AnalysisSession, analyzeSqlFile, sizingContextKey } from '../../../src/analysis';
import {
  ASSUMPTION_INFO,
  type Assumptions,
  FieldSizes,
  type SizingContext,
  withAssumptions,
} from '../../../src/sizing';

// Chain estimates are kept by the exact sizing context they were made in (sizingContextKey):
// a context that differs in anything the model reads must never find another's estimate.
const base: SizingContext = { assumptions: withAssumptions(), flinkVersion: '1.20' };

/** Another value of the same kind: a number one more (1 for an unset one), a boolean flipped. */
function other(v: number | boolean | undefined): number | boolean {
  return typeof v === 'boolean' ? !v : (v ?? 0) + 1;
}

describe('the estimate cache (EstimateCache, sizingContextKey)', () => {
  it('keys a sizing context by every assumption', () => {
    const key = sizingContextKey(base);
    const names = Object.keys(ASSUMPTION_INFO) as (keyof Assumptions)[];
    assert.ok(names.length >= 20, names.join(' '));
    for (const name of names) {
      const changed = { ...base, assumptions: { ...base.assumptions, [name]: other(base.assumptions[name]) } };
      assert.notEqual(sizingContextKey(changed), key, name);
    }
  });

  it('keys it by the Flink version, the state TTL, the parallelism and MultiJoin for binary joins', () => {
    const variants: SizingContext[] = [
      base,
      { ...base, flinkVersion: '2.1' },
      { ...base, stateTtlSec: 3600 },
      { ...base, parallelism: 4 },
      { ...base, maxParallelism: 256 },
      { ...base, multiJoinForBinary: true },
    ];
    assert.equal(new Set(variants.map(sizingContextKey)).size, variants.length);
  });

  it('tells apart values that JSON writes alike, and values that run into the next field', () => {
    // JSON.stringify writes NaN, Infinity and -Infinity as null.
    const ttls = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, undefined, 0, -0];
    assert.equal(new Set(ttls.map((stateTtlSec) => sizingContextKey({ ...base, stateTtlSec }))).size, ttls.length);
    // A version with the separator in it is not the version followed by the TTL.
    assert.notEqual(
      sizingContextKey({ ...base, flinkVersion: '1.20,3600' }),
      sizingContextKey({ ...base, flinkVersion: '1.20', stateTtlSec: 3600 }),
    );
  });

  it('keys the same context alike, whatever field sizes it carries (they change no number)', () => {
    const copy: SizingContext = { ...base, assumptions: withAssumptions(), fieldSizes: new FieldSizes() };
    assert.equal(sizingContextKey(copy), sizingContextKey(base));
  });

  it("keeps a session's estimates in that session only", () => {
    const file = [
      "CREATE TABLE a (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
      "CREATE TABLE b (id BIGINT, w STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
      'INSERT INTO s SELECT a.id, a.v, b.w FROM a JOIN b ON a.id = b.id;',
    ].join('\n');
    const first = new AnalysisSession();
    const second = new AnalysisSession();
    analyzeSqlFile(first, '/f.sql', file);
    assert.equal(first.estimates.chainsEstimated, 1);
    // Another session has none of it: the one chain is estimated again there.
    analyzeSqlFile(second, '/f.sql', file);
    assert.equal(second.estimates.chainsEstimated, 1);
    // The first finds its own estimate again.
    analyzeSqlFile(first, '/f.sql', file);
    assert.equal(first.estimates.chainsEstimated, 1);
    assert.equal(first.sql.queriesWalked, 1);
  });
});
