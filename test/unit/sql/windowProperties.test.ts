import { strict as assert } from 'node:assert';
import { analyzeSql } from '../../../src/sql';
import { SqlSession } from '../../../src/sql/session';
import { syntaxErrors } from './helpers';

// Which GROUP BY over a window TVF Flink runs as a window aggregate (state cleaned when each window
// fires) and which as a regular group aggregate (state kept per key, window_start a key column):
// FlinkRelMdWindowProperties keeps a window TVF's window_start / window_end through projections,
// lookup and temporal joins and window joins, and loses them through any other join; the
// aggregate is a window aggregate only when its GROUP BY has both (groupingContainsWindowStartEnd).
const DDL = `
CREATE TABLE clicks (user_id BIGINT, url STRING, ts TIMESTAMP(3), proc AS PROCTIME(),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'kafka', 'format' = 'json');
CREATE TABLE users (user_id BIGINT, name STRING, PRIMARY KEY (user_id) NOT ENFORCED)
  WITH ('connector' = 'upsert-kafka', 'key.format' = 'json', 'value.format' = 'json');
CREATE TABLE accounts (user_id BIGINT, plan STRING, PRIMARY KEY (user_id) NOT ENFORCED)
  WITH ('connector' = 'jdbc', 'table-name' = 'accounts');
`;
const TUMBLED = "TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))";

function aggregates(query: string): { kind: string; keys: string[] }[] {
  const a = analyzeSql(new SqlSession(), DDL + query);
  assert.deepEqual(syntaxErrors(a), []);
  return a.operators
    .filter((o) => o.kind === 'window-aggregate' || o.kind === 'group-aggregate')
    .map((o) => ({ kind: o.kind, keys: o.keys }));
}

describe('sql: window properties decide window or group aggregation', () => {
  it('GROUP BY window_start, window_end of a window TVF: a window aggregate keyed by the other columns', () => {
    assert.deepEqual(
      aggregates(`SELECT user_id, window_start, COUNT(*) FROM ${TUMBLED} GROUP BY user_id, window_start, window_end;`),
      [{ kind: 'window-aggregate', keys: ['user_id'] }],
    );
  });

  it('GROUP BY window_start alone: a regular group aggregate, window_start one of its keys', () => {
    assert.deepEqual(
      aggregates(`SELECT user_id, window_start, COUNT(*) FROM ${TUMBLED} GROUP BY user_id, window_start;`),
      [{ kind: 'group-aggregate', keys: ['user_id', 'window_start'] }],
    );
  });

  it('the window columns under aliases still make a window aggregate', () => {
    assert.deepEqual(
      aggregates(
        `SELECT user_id, ws, COUNT(*) FROM (SELECT user_id, window_start AS ws, window_end AS we FROM ${TUMBLED}) t GROUP BY user_id, ws, we;`,
      ),
      [{ kind: 'window-aggregate', keys: ['user_id'] }],
    );
  });

  it('after a regular join the window is lost: a group aggregate', () => {
    assert.deepEqual(
      aggregates(
        `SELECT c.user_id, u.name, c.window_start, COUNT(*) FROM (SELECT user_id, window_start, window_end FROM ${TUMBLED}) c JOIN users u ON c.user_id = u.user_id GROUP BY c.user_id, u.name, c.window_start, c.window_end;`,
      ),
      [{ kind: 'group-aggregate', keys: ['user_id', 'name', 'window_start', 'window_end'] }],
    );
  });

  it('after a lookup join the window is kept: a window aggregate', () => {
    assert.deepEqual(
      aggregates(
        `SELECT c.user_id, a.plan, c.window_start, COUNT(*) FROM (SELECT user_id, window_start, window_end, proc FROM ${TUMBLED}) c JOIN accounts FOR SYSTEM_TIME AS OF c.proc AS a ON c.user_id = a.user_id GROUP BY c.user_id, a.plan, c.window_start, c.window_end;`,
      ),
      [{ kind: 'window-aggregate', keys: ['user_id', 'plan'] }],
    );
  });
});
