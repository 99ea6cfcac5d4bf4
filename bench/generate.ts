// Realistic Flink SQL of a given size for the benchmark: DDL of upsert and append-only
// tables, deduplicating views, CTEs, and INSERTs whose FROM clauses chain 2 to 8 joins.
// Deterministic (a seeded generator), so every run measures the same text.

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['STRING', 'BIGINT', 'INT', 'DECIMAL(12, 2)', 'TIMESTAMP(3)', 'VARCHAR(200)', 'BOOLEAN', 'DOUBLE', 'ARRAY<STRING>'];

export function generateFlinkSql(targetLines: number, seed = 42): string {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const out: string[] = [];
  const tables: string[] = [];
  let n = 0;
  const lines = () => out.reduce((s, b) => s + b.split('\n').length, 0);
  out.push("SET 'table.exec.state.ttl' = '7 d';");
  while (lines() < targetLines) {
    const kind = tables.length < 3 ? 0 : Math.floor(r() * 10);
    n++;
    if (kind <= 3) {
      const name = `t${n}`;
      const cols = 3 + Math.floor(r() * 6);
      const upsert = r() < 0.6;
      const body = [`  id STRING`, `  k${n % 3} BIGINT`];
      for (let c = 0; c < cols; c++) body.push(`  c${c} ${pick(TYPES)}`);
      body.push('  ts TIMESTAMP(3)');
      body.push("  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND");
      if (upsert) body.push('  PRIMARY KEY (id) NOT ENFORCED');
      out.push(`CREATE TABLE ${name} (\n${body.join(',\n')}\n) WITH (\n  'connector' = '${upsert ? 'upsert-kafka' : 'kafka'}',\n  'topic' = '${name}',\n  'properties.bootstrap.servers' = 'kafka:9092',\n  'format' = 'json'\n);`);
      tables.push(name);
    } else if (kind <= 5) {
      const src = pick(tables);
      const name = `v${n}`;
      out.push(`CREATE TEMPORARY VIEW ${name} AS\nSELECT id, c0, ts\nFROM (\n  SELECT *, ROW_NUMBER() OVER (PARTITION BY id ORDER BY ts DESC) AS rn\n  FROM ${src}\n)\nWHERE rn = 1;`);
      tables.push(name);
    } else {
      const joins = 2 + Math.floor(r() * 7);
      const inputs = Array.from({ length: joins + 1 }, () => pick(tables));
      const aliases = inputs.map((_, i) => `a${i}`);
      const from = [`FROM ${inputs[0]} AS a0`];
      for (let i = 1; i < inputs.length; i++) {
        const type = r() < 0.3 ? 'LEFT JOIN' : 'JOIN';
        from.push(`${type} ${inputs[i]} AS ${aliases[i]} ON ${aliases[i]}.id = a0.id`);
      }
      const cte = r() < 0.3;
      const select = `SELECT ${aliases.map((a) => `${a}.id AS ${a}_id`).join(', ')}\n${from.join('\n')}\nWHERE a0.ts IS NOT NULL`;
      out.push(cte ? `INSERT INTO sink${n}\nWITH base AS (\n${select}\n)\nSELECT * FROM base;` : `INSERT INTO sink${n}\n${select};`);
    }
  }
  return out.join('\n\n') + '\n';
}
