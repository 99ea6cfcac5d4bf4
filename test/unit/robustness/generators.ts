// fast-check generators for the property tests: Flink SQL join chains (DDL + INSERT), their
// mutations, sizing-model chain specs, and job descriptors of every format we read.
import fc from 'fast-check';
import type { ChainSpec, JoinType } from '../../../src/sizing';
import type { Diagnostic } from '../../../src/text';

/** Cases per property: small and seeded in `npm test`, large in `npm run bench:fuzz`. */
export function runs(small: number): number {
  const n = Number(process.env.FLINK_KPU_FUZZ_RUNS);
  return Number.isFinite(n) && n > 0 ? Math.ceil(n * (small / 100)) : small;
}

/** Fixed seed in `npm test` (reproducible); FLINK_KPU_FUZZ_SEED picks another (the bench prints it). */
export function params<T>(small: number): fc.Parameters<T> {
  const seed = Number(process.env.FLINK_KPU_FUZZ_SEED);
  return { numRuns: runs(small), seed: Number.isFinite(seed) && process.env.FLINK_KPU_FUZZ_SEED ? seed : 20260601 };
}

// ---------------------------------------------------------------------------------------------
// SQL

const TYPES = [
  'BIGINT',
  'INT',
  'SMALLINT',
  'TINYINT',
  'BOOLEAN',
  'DOUBLE',
  'FLOAT',
  'STRING',
  'BYTES',
  'DATE',
  'VARCHAR(1)',
  'VARCHAR(200)',
  'VARCHAR(2147483647)',
  'CHAR(3)',
  'DECIMAL(12, 2)',
  'DECIMAL(38, 18)',
  'TIMESTAMP(3)',
  'TIMESTAMP_LTZ(3)',
  'TIMESTAMP(9)',
  'MAP<STRING, STRING>',
  'ARRAY<INT>',
  'ROW<a INT, b STRING>',
  'MULTISET<STRING>',
  'BIGINT NOT NULL',
  'STRING NOT NULL',
  "RAW('x', 'y')",
];

const KEY_TYPES = ['BIGINT', 'INT', 'STRING', 'VARCHAR(36)', 'CHAR(8)', 'DECIMAL(20, 0)', 'BYTES'];

export const identifier = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);

export interface GenTable {
  name: string;
  quoted: boolean;
  key: string;
  keyType: string;
  altKey: string;
  payload: { name: string; type: string }[];
  primaryKey: 'join' | 'other' | 'none';
  connector: 'kafka' | 'upsert-kafka' | 'jdbc';
}

export interface GenJoin {
  kind: 'JOIN' | 'INNER JOIN' | 'LEFT JOIN' | 'LEFT OUTER JOIN' | 'RIGHT JOIN' | 'FULL OUTER JOIN' | 'CROSS JOIN';
  /** Join on the common key of input 0, on the alternative key, or with two equalities. */
  on: 'common' | 'alt' | 'both';
}

export interface GenChain {
  tables: GenTable[];
  joins: GenJoin[];
  settings: string[];
  hint: boolean;
}

const table = (i: number): fc.Arbitrary<GenTable> =>
  fc.record({
    name: identifier.map((s) => `${s}_${i}`),
    quoted: fc.boolean(),
    key: fc.constantFrom('id', 'sku', 'user_id', 'k'),
    keyType: fc.constantFrom(...KEY_TYPES),
    altKey: fc.constantFrom('merchant_id', 'region', 'alt'),
    payload: fc.uniqueArray(fc.record({ name: identifier.map((s) => `c_${s}`), type: fc.constantFrom(...TYPES) }), {
      maxLength: 6,
      selector: (c) => c.name,
    }),
    primaryKey: fc.constantFrom('join', 'other', 'none'),
    connector: fc.constantFrom('kafka', 'upsert-kafka', 'jdbc'),
  });

/** 2..8 joins over 3..9 inputs, with keys, types, primary keys and connectors. */
export const joinChain: fc.Arbitrary<GenChain> = fc.integer({ min: 2, max: 8 }).chain((joins) =>
  fc.record({
    tables: fc.tuple(...Array.from({ length: joins + 1 }, (_, i) => table(i))),
    joins: fc.array(
      fc.record({
        kind: fc.constantFrom(
          'JOIN',
          'INNER JOIN',
          'LEFT JOIN',
          'LEFT OUTER JOIN',
          'RIGHT JOIN',
          'FULL OUTER JOIN',
          'CROSS JOIN',
        ),
        on: fc.constantFrom('common', 'common', 'common', 'alt', 'both'),
      }) as fc.Arbitrary<GenJoin>,
      { minLength: joins, maxLength: joins },
    ),
    settings: fc.subarray([
      "SET 'table.optimizer.multi-join.enabled' = 'true';",
      "SET 'table.exec.state.ttl' = '1 d';",
      "SET 'table.exec.state.ttl' = '0';",
      "SET 'pipeline.name' = 'fuzz';",
    ]),
    hint: fc.boolean(),
  }),
);

const q = (t: GenTable) => (t.quoted ? `\`${t.name}\`` : t.name);

export function chainSql(c: GenChain): string {
  const out: string[] = [...c.settings];
  for (const t of c.tables) {
    const cols = [`  ${t.key} ${t.keyType}`, `  ${t.altKey} BIGINT`, ...t.payload.map((p) => `  ${p.name} ${p.type}`)];
    if (t.primaryKey === 'join') cols.push(`  PRIMARY KEY (${t.key}) NOT ENFORCED`);
    if (t.primaryKey === 'other') cols.push(`  PRIMARY KEY (${t.key}, ${t.altKey}) NOT ENFORCED`);
    out.push(
      `CREATE TABLE ${q(t)} (\n${cols.join(',\n')}\n) WITH ('connector' = '${t.connector}', 'format' = 'json');`,
    );
  }
  const first = c.tables[0];
  const select = c.tables.map((t, i) => `t${i}.${t.key}`).join(', ');
  const from = [`FROM ${q(first)} AS t0`];
  c.joins.forEach((j, k) => {
    const t = c.tables[k + 1];
    const a = `t${k + 1}`;
    if (j.kind === 'CROSS JOIN') {
      from.push(`CROSS JOIN ${q(t)} AS ${a}`);
      return;
    }
    const cond =
      j.on === 'common'
        ? `${a}.${t.key} = t0.${first.key}`
        : j.on === 'alt'
          ? `${a}.${t.altKey} = t${k}.${c.tables[k].altKey}`
          : `${a}.${t.key} = t0.${first.key} AND ${a}.${t.altKey} = t0.${first.altKey}`;
    from.push(`${j.kind} ${q(t)} AS ${a} ON ${cond}`);
  });
  const hint = c.hint ? ` /*+ STATE_TTL('t0' = '1d', 't1' = '12h') */` : '';
  out.push(`INSERT INTO sink\nSELECT${hint} ${select}\n${from.join('\n')};`);
  return `${out.join('\n\n')}\n`;
}

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'splice'; at: number; cut: number; to: number }
  | { kind: 'bytes'; at: number; text: string }
  | { kind: 'token'; at: number; text: string }
  | { kind: 'template'; which: number }
  | { kind: 'longName'; which: number; length: number }
  | { kind: 'line-endings'; eol: '\r\n' | '\r' };

/** Positions are fractions of the text's length, so a mutation fits any text. */
const frac = fc.double({ min: 0, max: 1, noNaN: true });
const pos = (f: number, text: string) => Math.floor(f * text.length);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: frac }).map((m) => ({ ...m, at: m.at })),
  fc.record({ kind: fc.constant('splice' as const), at: frac, cut: fc.integer({ min: 0, max: 200 }), to: frac }),
  fc.record({
    kind: fc.constant('bytes' as const),
    at: frac,
    text: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.uint8Array({ maxLength: 20 }).map((b) => String.fromCharCode(...b)),
      fc.constantFrom('\u0000', '\uFEFF', '\uD800', '\uDFFF', '\u2028', '\u00e9\u0301', '\uD83D\uDE00', '\r', '\t'),
    ),
  }),
  fc.record({
    kind: fc.constant('token' as const),
    at: frac,
    text: fc.constantFrom(
      "'",
      '"',
      '`',
      '/*',
      '*/',
      '--',
      '/*+',
      '(',
      ')',
      ';',
      'JOIN',
      'ON',
      ',',
      '${',
      '}',
      '$$',
      'BEGIN STATEMENT SET;',
      'END;',
      '\n',
      'WITH (',
      "'connector' =",
    ),
  }),
  fc.record({ kind: fc.constant('template' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('longName' as const), which: fc.nat(), length: fc.integer({ min: 256, max: 20_000 }) }),
  fc.record({ kind: fc.constant('line-endings' as const), eol: fc.constantFrom('\r\n' as const, '\r' as const) }),
);

export function mutate(text: string, m: Mutation, c?: GenChain): string {
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, pos(m.at, text));
    case 'splice': {
      const at = pos(m.at, text);
      const piece = text.slice(at, at + m.cut);
      const rest = text.slice(0, at) + text.slice(at + m.cut);
      const to = pos(m.to, rest);
      return rest.slice(0, to) + piece + rest.slice(to);
    }
    case 'bytes':
    case 'token': {
      const at = pos(m.at, text);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'template': {
      if (!c) return text.replace(/FROM /, 'FROM ${SRC} ');
      const t = c.tables[m.which % c.tables.length];
      return text.split(q(t)).join(m.which % 2 ? `\${${t.name.toUpperCase()}}` : `\${env.${t.name}}_suffix`);
    }
    case 'longName': {
      if (!c) return text;
      const t = c.tables[m.which % c.tables.length];
      return text.split(q(t)).join(`${t.name}${'x'.repeat(m.length)}`);
    }
    case 'line-endings':
      return text.replace(/\n/g, m.eol);
  }
}

/** Generated SQL after 0..4 mutations. */
export const mutatedSql: fc.Arbitrary<{ chain: GenChain; text: string; mutations: Mutation[] }> = fc
  .tuple(joinChain, fc.array(mutation, { maxLength: 4 }))
  .map(([chain, mutations]) => ({
    chain,
    mutations,
    text: mutations.reduce((t, m) => mutate(t, m, chain), chainSql(chain)),
  }));

// ---------------------------------------------------------------------------------------------
// Sizing-model chain specs

const colType = fc.constantFrom(
  'BIGINT',
  'INT',
  'STRING',
  'VARCHAR(40)',
  'DECIMAL(12, 2)',
  'TIMESTAMP(3)',
  'BOOLEAN',
  'MAP<STRING, STRING>',
  'ARRAY<BIGINT>',
  'BYTES',
  'WEIRD',
);

export const chainSpec: fc.Arbitrary<ChainSpec> = fc.integer({ min: 2, max: 9 }).chain((n) =>
  fc.record({
    inputs: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record(
          {
            name: fc.constant(`t${i}`),
            columns: fc
              .array(
                fc.record({
                  name: identifier.map((s) => `c_${s}`),
                  type: colType,
                  avgBytes: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
                }),
                { maxLength: 5 },
              )
              .map((cols) => [{ name: 'k', type: 'BIGINT' }, { name: 'alt', type: 'STRING' }, ...cols]),
            uniqueKey: fc.option(
              fc.constantFrom(['k'], ['alt'], ['k', 'alt']).map((u) => [...u]),
              { nil: undefined },
            ),
            rows: fc.option(fc.double({ min: 0, max: 1e12, noNaN: true }), { nil: undefined }),
            ratePerSec: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: undefined }),
            retentionSec: fc.option(fc.integer({ min: 0, max: 400 * 86_400 }), { nil: undefined }),
            appendOnly: fc.option(fc.boolean(), { nil: undefined }),
            rowsPerKey: fc.option(fc.double({ min: 0, max: 1000, noNaN: true }), { nil: undefined }),
            matchRate: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
            rowBytes: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
            dedup: fc.option(fc.boolean(), { nil: undefined }),
            stateTtlSec: fc.option(fc.integer({ min: 0, max: 30 * 86_400 }), { nil: undefined }),
          },
          { requiredKeys: ['name', 'columns'] },
        ),
      ),
    ),
    joins: fc
      .array(
        fc.record({
          type: fc.constantFrom<JoinType>('INNER', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS'),
          common: fc.boolean(),
          keyGroup: fc.integer({ min: 0, max: 2 }),
        }),
        { minLength: n - 1, maxLength: n - 1 },
      )
      .map((js) =>
        js.map((j, k) => ({
          type: j.type,
          keys:
            j.type === 'CROSS'
              ? []
              : j.common
                ? [{ leftInput: 0, leftColumn: 'k', rightColumn: 'k' }]
                : [{ leftInput: k, leftColumn: 'alt', rightColumn: 'alt' }],
          keyGroup: j.common ? 0 : j.keyGroup + 1,
        })),
      ),
  }),
);

/**
 * The chains where the model promises union <= MultiJoin <= binary (docs/sizing-model.md 3.2-3.5):
 * at least 3 joins, all INNER or LEFT on the one common key, every input keyed by it (U = join
 * key, one row per key) with the same number of keys, every row matching. Outside these the
 * order can flip; see the counterexamples in properties.test.ts.
 */
export const balancedChainSpec: fc.Arbitrary<ChainSpec> = fc
  .tuple(fc.integer({ min: 4, max: 9 }), fc.double({ min: 0, max: 1e12, noNaN: true }), fc.boolean())
  .chain(([n, rows, dedup]) =>
    fc.record({
      inputs: fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          fc.record({
            name: fc.constant(`t${i}`),
            columns: fc
              .array(
                fc.record({
                  name: identifier.map((s) => `c_${s}`),
                  type: colType,
                  avgBytes: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
                }),
                { maxLength: 5 },
              )
              .map((cols) => [{ name: 'k', type: 'BIGINT' }, ...cols]),
            uniqueKey: fc.constant(['k']).map((u) => [...u]),
            rows: fc.constant(rows),
            dedup: fc.constant(dedup && i % 2 === 1),
          }),
        ),
      ),
      joins: fc
        .array(fc.constantFrom<JoinType>('INNER', 'LEFT'), { minLength: n - 1, maxLength: n - 1 })
        .map((ts) =>
          ts.map((type) => ({ type, keys: [{ leftInput: 0, leftColumn: 'k', rightColumn: 'k' }], keyGroup: 0 })),
        ),
    }),
  );

/** SQL for the same shape: 3..8 INNER/LEFT joins on the common key, every table keyed by it. */
export const balancedJoinChain: fc.Arbitrary<GenChain> = joinChain
  .filter((c) => c.joins.length >= 3)
  .map((c) => ({
    ...c,
    tables: c.tables.map((t) => ({
      ...t,
      key: c.tables[0].key,
      keyType: c.tables[0].keyType,
      primaryKey: 'join' as const,
      connector: 'upsert-kafka' as const,
    })),
    joins: c.joins.map((j) => ({
      kind: j.kind.startsWith('LEFT') ? j.kind : ('JOIN' as const),
      on: 'common' as const,
    })),
  }));

// ---------------------------------------------------------------------------------------------
// Descriptors

const anyScalar = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000_000 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom(
    '1e308',
    '1e309',
    '-0',
    'NaN',
    '.inf',
    '-.inf',
    'Infinity',
    '0x10',
    '0o17',
    '1_000',
    '~',
    'null',
    'true',
    'no',
    '""',
    "''",
    '[]',
    '{}',
  ),
  fc.constantFrom(
    '120M',
    '40k',
    '1.5 GB',
    '12 KiB',
    '3 parsecs',
    '10 furlongs/fortnight',
    '7d',
    '36 h',
    'PT1H',
    '-5m',
    '2Gi',
    '500m',
    '1e3 rows/s',
    '20 %',
  ),
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
);

export interface GenDescriptor {
  name: string;
  text: string;
}

/** Our own format, with every field filled by a plausible or absurd scalar. */
export const flinkjobYaml: fc.Arbitrary<GenDescriptor> = fc
  .record({
    parallelism: anyScalar,
    ppk: anyScalar,
    version: fc.constantFrom('"1.20"', '"2.1"', '2.2', 'v1_20', '"x"', '[]'),
    region: fc.constantFrom('us-east-1', 'eu-west-2', 'mars-north-1', '""', '42'),
    ttl: anyScalar,
    overscale: anyScalar,
    memory: anyScalar,
    tables: fc.array(
      fc.record({
        name: identifier,
        rows: anyScalar,
        rate: anyScalar,
        retention: anyScalar,
        rpk: anyScalar,
        match: anyScalar,
        bytes: anyScalar,
        uk: fc.constantFrom('[id]', 'id', '[]', '42'),
      }),
      { maxLength: 4 },
    ),
    inline: fc.option(
      mutatedSql.map((s) => s.text),
      { nil: undefined },
    ),
  })
  .map((d) => {
    const lines = [
      'name: fuzz',
      'platform: aws-managed-flink',
      `region: ${d.region}`,
      `flinkVersion: ${d.version}`,
      `parallelism: ${d.parallelism}`,
      `parallelismPerKPU: ${d.ppk}`,
      `stateTtl: ${d.ttl}`,
      `overscale: ${d.overscale}`,
      `memory: ${d.memory}`,
    ];
    if (d.inline !== undefined) lines.push('sql: |', ...d.inline.split(/\r\n|\r|\n/).map((l) => `  ${l}`));
    else lines.push('sql: job.sql');
    lines.push('tables:');
    for (const t of d.tables) {
      lines.push(
        `  ${t.name}:`,
        `    rows: ${t.rows}`,
        `    ratePerSec: ${t.rate}`,
        `    retention: ${t.retention}`,
        `    rowsPerKey: ${t.rpk}`,
        `    matchRate: ${t.match}`,
        `    rowBytes: ${t.bytes}`,
        `    uniqueKey: ${t.uk}`,
      );
    }
    return { name: 'fuzz.flinkjob.yaml', text: `${lines.join('\n')}\n` };
  });

const jsonNumber = fc.oneof(
  fc.integer({ min: -100, max: 1_000_000 }),
  fc.constantFrom(0, 1e308, -1, 0.5, 2 ** 53 + 1),
  fc.constantFrom('"8"', '"x"', 'null', 'true', '[]', '{}'),
);
const jsonText = (v: unknown) => (typeof v === 'string' && /^["[{ntf]/.test(v) ? v : JSON.stringify(v));

/** AWS CreateApplication / DescribeApplication JSON. */
export const awsJson: fc.Arbitrary<GenDescriptor> = fc
  .record({
    describe: fc.boolean(),
    p: jsonNumber,
    ppk: jsonNumber,
    auto: fc.constantFrom('true', 'false', '"yes"'),
    runtime: fc.constantFrom('FLINK-1_20', 'FLINK-2_1', 'FLINK-x', 'SQL-1_0', ''),
    type: fc.constantFrom('CUSTOM', 'DEFAULT', 'OTHER'),
  })
  .map((d) => {
    const cfg = `"ParallelismConfiguration${d.describe ? 'Description' : ''}": { "ConfigurationType": "${d.type}", "Parallelism": ${jsonText(d.p)}, "ParallelismPerKPU": ${jsonText(d.ppk)}, "AutoScalingEnabled": ${d.auto} }`;
    const body = `"ApplicationName": "fuzz", "RuntimeEnvironment": "${d.runtime}", "ApplicationConfiguration${d.describe ? 'Description' : ''}": { "FlinkApplicationConfiguration${d.describe ? 'Description' : ''}": { ${cfg} } }`;
    return { name: 'fuzz.json', text: d.describe ? `{ "ApplicationDetail": { ${body} } }\n` : `{ ${body} }\n` };
  });

/** CloudFormation AWS::KinesisAnalyticsV2::Application, YAML or JSON, with intrinsic functions. */
export const cloudFormation: fc.Arbitrary<GenDescriptor> = fc
  .record({
    json: fc.boolean(),
    p: anyScalar,
    ppk: anyScalar,
    ref: fc.boolean(),
    runtime: fc.constantFrom('FLINK-1_20', 'FLINK-2_1', '!Ref Runtime'),
  })
  .map((d) => {
    if (d.json) {
      const p = d.ref ? '{ "Ref": "Parallelism" }' : /^-?\d+$/.test(d.p) ? d.p : JSON.stringify(d.p);
      return {
        name: 'fuzz.cfn.json',
        text: `{ "Parameters": { "Parallelism": { "Type": "Number", "Default": ${/^\d+$/.test(d.ppk) ? d.ppk : 4} } }, "Resources": { "App": { "Type": "AWS::KinesisAnalyticsV2::Application", "Properties": { "RuntimeEnvironment": "FLINK-1_20", "ApplicationConfiguration": { "FlinkApplicationConfiguration": { "ParallelismConfiguration": { "ConfigurationType": "CUSTOM", "Parallelism": ${p}, "ParallelismPerKPU": 2 } } } } } } }\n`,
      };
    }
    return {
      name: 'fuzz.cfn.yaml',
      text: [
        'Parameters:',
        '  Parallelism:',
        '    Type: Number',
        `    Default: ${d.ppk}`,
        'Resources:',
        '  App:',
        '    Type: AWS::KinesisAnalyticsV2::Application',
        '    Properties:',
        `      RuntimeEnvironment: ${d.runtime}`,
        '      ApplicationConfiguration:',
        '        FlinkApplicationConfiguration:',
        '          ParallelismConfiguration:',
        '            ConfigurationType: CUSTOM',
        `            Parallelism: ${d.ref ? '!Ref Parallelism' : d.p}`,
        `            ParallelismPerKPU: ${d.ppk}`,
        '',
      ].join('\n'),
    };
  });

/** Terraform aws_kinesisanalyticsv2_application with variables and locals. */
export const terraform: fc.Arbitrary<GenDescriptor> = fc
  .record({
    p: anyScalar,
    ppk: anyScalar,
    viaVar: fc.boolean(),
    region: fc.constantFrom('"us-east-1"', 'var.region', '"x"', '42'),
  })
  .map((d) => ({
    name: 'fuzz.tf',
    text: [
      `provider "aws" {\n  region = ${d.region}\n}`,
      `variable "p" {\n  default = ${d.p}\n}`,
      'resource "aws_kinesisanalyticsv2_application" "app" {',
      '  name                   = "fuzz"',
      '  runtime_environment    = "FLINK-1_20"',
      '  application_configuration {',
      '    flink_application_configuration {',
      '      parallelism_configuration {',
      '        configuration_type   = "CUSTOM"',
      `        parallelism          = ${d.viaVar ? 'var.p' : d.p}`,
      `        parallelism_per_kpu  = ${d.ppk}`,
      '        auto_scaling_enabled = false',
      '      }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
  }));

/** Flink Kubernetes Operator FlinkDeployment. */
export const flinkDeployment: fc.Arbitrary<GenDescriptor> = fc
  .record({
    p: anyScalar,
    slots: anyScalar,
    cpu: anyScalar,
    mem: anyScalar,
    ttl: anyScalar,
    version: fc.constantFrom('v1_20', 'v2_1', 'v9_99', 'x'),
  })
  .map((d) => ({
    name: 'fuzz.yaml',
    text: [
      'apiVersion: flink.apache.org/v1beta1',
      'kind: FlinkDeployment',
      'metadata:',
      '  name: fuzz',
      'spec:',
      `  flinkVersion: ${d.version}`,
      '  flinkConfiguration:',
      `    taskmanager.numberOfTaskSlots: ${d.slots}`,
      `    table.exec.state.ttl: ${d.ttl}`,
      '  taskManager:',
      '    resource:',
      `      memory: ${d.mem}`,
      `      cpu: ${d.cpu}`,
      '  job:',
      `    parallelism: ${d.p}`,
      '',
    ].join('\n'),
  }));

export const anyDescriptor: fc.Arbitrary<GenDescriptor> = fc.oneof(
  flinkjobYaml,
  awsJson,
  cloudFormation,
  terraform,
  flinkDeployment,
);

/** A descriptor after 0..3 mutations of its text. */
export const mutatedDescriptor: fc.Arbitrary<GenDescriptor & { mutations: Mutation[] }> = fc
  .tuple(
    anyDescriptor,
    fc.array(
      mutation.filter((m) => m.kind !== 'template' && m.kind !== 'longName'),
      { maxLength: 3 },
    ),
  )
  .map(([d, mutations]) => ({ name: d.name, mutations, text: mutations.reduce((t, m) => mutate(t, m), d.text) }));

// ---------------------------------------------------------------------------------------------
// Checks shared by the properties

/** Every number reachable from `value` (objects, arrays, maps), with its path; cycles visited once. */
export function numbers(
  value: unknown,
  path = '$',
  seen = new Set<unknown>(),
  out: Array<[string, number]> = [],
): Array<[string, number]> {
  if (typeof value === 'number') out.push([path, value]);
  else if (value && typeof value === 'object') {
    if (seen.has(value)) return out;
    seen.add(value);
    if (value instanceof Map) for (const [k, v] of value) numbers(v, `${path}.${String(k)}`, seen, out);
    else if (Array.isArray(value)) value.forEach((v, i) => void numbers(v, `${path}[${i}]`, seen, out));
    else for (const [k, v] of Object.entries(value)) numbers(v, `${path}.${k}`, seen, out);
  }
  return out;
}

/** Paths of numbers that are NaN, infinite or negative. */
export function badNumbers(value: unknown): string[] {
  return numbers(value)
    .filter(([, n]) => !Number.isFinite(n) || n < 0 || Object.is(n, -0))
    .map(([p, n]) => `${p} = ${n}`);
}

/** Lines of a text as LineIndex counts them (\n, \r\n and lone \r end a line). */
export function documentLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Diagnostics whose range is not inside the document (1-based, column <= line length + 1, start <= end). */
export function rangesOutside(text: string, diagnostics: readonly Diagnostic[]): string[] {
  const lines = documentLines(text);
  const inside = (p: { line: number; column: number }) =>
    Number.isInteger(p.line) &&
    Number.isInteger(p.column) &&
    p.line >= 1 &&
    p.line <= lines.length &&
    p.column >= 1 &&
    p.column <= lines[p.line - 1].length + 1;
  const ordered = (d: Diagnostic) =>
    d.range.start.line < d.range.end.line ||
    (d.range.start.line === d.range.end.line && d.range.start.column <= d.range.end.column);
  return diagnostics
    .filter((d) => !inside(d.range.start) || !inside(d.range.end) || !ordered(d))
    .map((d) => `${d.code} ${JSON.stringify(d.range)} (${lines.length} lines)`);
}
