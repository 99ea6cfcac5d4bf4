import { strict as assert } from 'node:assert';
import { estimateSql } from '../../../src/analysis';
import { analyzeSql } from '../../../src/sql';

// Two append-only Kafka inputs (no primary key) joined on id: both grow without bound unless a TTL holds them.
const DDL = `
CREATE TABLE clicks (id STRING, url STRING, ts TIMESTAMP(3)) WITH ('connector' = 'kafka');
CREATE TABLE views (id STRING, page STRING, ts TIMESTAMP(3)) WITH ('connector' = 'kafka');
`;

describe('estimates from SQL facts', () => {
  it('flags append-only inputs without TTL as unbounded, held over the 30-day planning horizon', () => {
    const e = estimateSql(analyzeSql(DDL + 'INSERT INTO s SELECT c.id, c.url, v.page FROM clicks c JOIN views v ON c.id = v.id;'), undefined);
    const unbounded = e.diagnostics.filter((d) => d.code === 'unbounded-state');
    assert.equal(unbounded.length, 2);
    // Default rate 100 rows/s (JOB_DEFAULTS) × 30 d × 86,400 s = 259,200,000 rows per input,
    // one MapState<row,count> entry each: 2 × 259,200,000 entries in the join.
    assert.equal(e.chains[0].estimate.binary.operators[0].entries, 518_400_000);
  });

  it('reads a STATE_TTL hint as that input\u2019s TTL: bounded, held rate × TTL', () => {
    const sql = DDL + "INSERT INTO s SELECT /*+ STATE_TTL('c' = '1d') */ c.id, c.url, v.page FROM clicks c JOIN views v ON c.id = v.id;";
    const e = estimateSql(analyzeSql(sql), undefined);
    const unbounded = e.diagnostics.filter((d) => d.code === 'unbounded-state');
    assert.equal(unbounded.length, 1);
    assert.match(unbounded[0].message, /views/);
    // clicks: 100 rows/s × 86,400 s = 8,640,000 rows; views still 259,200,000.
    assert.equal(e.chains[0].estimate.binary.operators[0].entries, 8_640_000 + 259_200_000);
  });
});
