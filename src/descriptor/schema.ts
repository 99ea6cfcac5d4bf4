// The `*.flinkjob.yaml` descriptor's schema: the single source of truth for validation
// (flinkjob.ts) and for the published JSON Schema (schemas/flinkjob.schema.json, `npm run schema`).
import * as z from 'zod';
import { ACCEPTED_UNITS, UNIT_PATTERNS, type UnitKind } from './units';

/** Values with units: which kind, and the largest value (after conversion) we take as plausible. */
export const unitRegistry = z.registry<{ unit: UnitKind; max: number; noun: string }>();

const YEAR_SEC = 365 * 86400;

function unit(kind: UnitKind, max: number, noun: string, description: string, examples: Array<string | number>) {
  const s = z
    .union([z.number().min(0).max(max), z.string().regex(new RegExp(UNIT_PATTERNS[kind]))])
    .meta({ description: `${description} Units: ${ACCEPTED_UNITS[kind]}.`, examples });
  unitRegistry.add(s, { unit: kind, max, noun });
  return s;
}

export const PLATFORMS = ['aws-managed-flink', 'flink-kubernetes-operator', 'self-managed'] as const;

/** AWS service limits and Flink bounds used by the schema and by the checks of every format. */
export const LIMITS = {
  /** ParallelismPerKPU range (AWS docs how-scaling). */
  parallelismPerKPU: { min: 1, max: 8 },
  /** Default maximum Parallelism of an application (AWS docs limits); a quota increase can raise it. */
  awsDefaultMaxParallelism: 256,
  /** Default KPU quota per application (AWS docs limits). */
  awsDefaultMaxKPUs: 64,
  /** Flink's upper bound for (max) parallelism: 2^15 key groups. */
  flinkMaxParallelism: 32768,
} as const;

export const TableSchema = z
  .strictObject({
    rows: unit('count', 1e15, 'rows', 'Live rows held (upsert / changelog tables: distinct keys).', ['370M', 1200000]),
    rate: unit('rate', 1e10, 'rows per second', 'Append-only inputs: rows per second arriving.', [
      '2000/s',
      '120k/min',
    ]),
    retention: unit(
      'duration',
      100 * YEAR_SEC,
      'seconds',
      'Append-only inputs: how long rows are held (rows = rate x retention).',
      ['30d', 'PT12H'],
    ),
    uniqueKey: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .meta({ description: "Unique key columns; overrides the DDL's PRIMARY KEY.", examples: [['sku'], 'order_id'] }),
    distinctKeys: unit(
      'count',
      1e15,
      'keys',
      'Distinct values of the join key in this table; used for its key group when no input of the group has its unique key in the join key.',
      ['2M', 1500000],
    ),
    rowsPerKey: z.number().positive().max(1e9).meta({
      description:
        "Rows per distinct join-key value (default: rows / the key group's distinct keys; 1 when the unique key is in the join key).",
    }),
    matchRate: z
      .number()
      .min(0)
      .max(1, { error: 'matchRate is the share of rows that find a join partner: between 0 and 1' })
      .meta({ description: 'Share of rows that find a join partner (INNER joins), 0..1; default 1.' }),
    columnBytes: z
      .record(z.string().min(1), unit('size', 1e9, 'bytes', 'Average bytes of one value of this column.', ['80B', 24]))
      .meta({
        description: 'Average bytes of variable-length columns (strings, bytes, collections), by column name.',
        examples: [{ title: 80 }],
      }),
    rowBytes: unit(
      'size',
      1e9,
      'bytes',
      'Average bytes of the whole projected row (overrides the per-column estimate).',
      ['120B', 120],
    ),
  })
  .partial()
  .meta({ description: 'Statistics of one input table, by the table name used in the SQL.' });

export const KubernetesSchema = z
  .strictObject({
    taskManagerCpu: z.number().positive().max(1024).meta({ description: 'CPU cores per task manager.' }),
    taskManagerMemory: unit('size', 1e13, 'bytes', 'Memory per task manager.', ['4GiB', '4Gi', '4GB']),
    slots: z
      .number()
      .int()
      .min(1)
      .max(1024)
      .meta({ description: 'Task slots per task manager (taskmanager.numberOfTaskSlots).' }),
    taskManagers: z.number().int().min(1).max(100000).meta({ description: 'Task manager replicas, when fixed.' }),
  })
  .partial()
  .meta({ description: 'Task manager resources (platform flink-kubernetes-operator or self-managed).' });

/** Overrides of the sizing model's settings (docs/sizing-model.md). */
export const AssumptionsSchema = z
  .strictObject({
    avgStringBytes: unit(
      'size',
      1e9,
      'bytes',
      'Average length of a string / binary column whose size is not declared; default 24.',
      [24],
    ),
    avgCollectionBytes: unit(
      'size',
      1e9,
      'bytes',
      'Average bytes of an ARRAY / MAP / MULTISET / ROW column not declared; default 64.',
      [64],
    ),
    rocksOverheadBytes: unit(
      'size',
      1e4,
      'bytes',
      "RocksDB's own bytes per entry beyond key and value, before compression; default 0 (measured).",
      [0],
    ),
    ttlBytes: unit('size', 1e3, 'bytes', 'Bytes a state TTL adds per value or map entry; default 8.', [8]),
    compression: z.number().positive().max(2).meta({
      description:
        'On-disk / logical bytes after block compression, for every operator; default: by row content (compressionFixedWidth, compressionVariableLength).',
    }),
    compressionFixedWidth: z
      .number()
      .positive()
      .max(2)
      .meta({ description: 'Compression of state entries with only fixed-width fields; default 0.45 (measured).' }),
    compressionVariableLength: z.number().positive().max(2).meta({
      description: 'Compression of state entries with strings, bytes or collections; default 0.65 (measured).',
    }),
    spaceAmplification: z.number().min(1).max(10).meta({
      description:
        'RocksDB space amplification, for every operator; default: by write pattern (spaceAmplificationWriteOnce, spaceAmplificationInPlace).',
    }),
    spaceAmplificationWriteOnce: z.number().min(1).max(10).meta({
      description:
        'Space amplification of state written once per key (append-only inputs, interval and window joins); default 1.0 (measured).',
    }),
    spaceAmplificationInPlace: z.number().min(1).max(10).meta({
      description:
        'Space amplification of state updated in place (upsert inputs, join results, aggregates); default 1.4 (measured).',
    }),
    keySkew: z
      .number()
      .min(1)
      .max(100)
      .meta({ description: "Busiest subtask's state / average subtask's state; default 1.0." }),
    maxDiskUse: z
      .number()
      .positive()
      .max(1)
      .meta({ description: "Share of a KPU's 50 GB that state may fill; default 0.8." }),
    planningHorizon: unit(
      'duration',
      100 * YEAR_SEC,
      'seconds',
      'How long append-only rows are held when there is no state TTL; default 30d.',
      ['30d'],
    ),
    matchRate: z.number().min(0).max(1).meta({
      description: 'Share of left rows that find a match (INNER joins), for tables that do not declare one; default 1.',
    }),
    snapshotMBpsPerKPU: z
      .number()
      .positive()
      .max(10000)
      .meta({ description: 'Snapshot / restore throughput per KPU in MB/s (10^6 bytes); default 20.' }),
    retainedSnapshots: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .meta({ description: 'Snapshots kept as durable backups; default 1.' }),
    billRunningStorage: z
      .boolean()
      .meta({ description: 'Bill the 50 GB running application storage of every KPU; default true.' }),
    hoursPerMonth: z.number().positive().max(744).meta({
      description:
        "Hours in a billing month; default 730 (the AWS pricing page's convention); AWS's pricing examples use 720 (24 x 30).",
    }),
    watermarkDelay: unit(
      'duration',
      YEAR_SEC,
      'seconds',
      'Event-time temporal joins: how long probe-side rows wait for the watermark; default 5s.',
      ['5s'],
    ),
  })
  .partial()
  .meta({
    description:
      'Overrides of the sizing assumptions (docs/sizing-model.md) for this job; absent ones use the settings.',
  });

/** Keys of `assumptions` reported under another name in JobSpec.assumptions (durations in seconds). */
export const ASSUMPTION_OUTPUT_KEYS: Readonly<Record<string, string>> = {
  planningHorizon: 'planningHorizonSec',
  watermarkDelay: 'watermarkDelaySec',
};

export const FlinkJobSchema = z
  .strictObject({
    $schema: z.string().meta({ description: 'The JSON Schema of this file (ignored).' }),
    name: z.string().min(1).max(128).meta({ description: 'Application name.' }),
    platform: z.enum(PLATFORMS).meta({ description: 'Where the job runs; default aws-managed-flink.' }),
    region: z
      .string()
      .regex(/^[a-z]{2}(?:-[a-z]+)+-\d+$/, { error: 'region is an AWS region code like us-east-1 or eu-west-2' })
      .meta({ description: 'AWS region (prices).', examples: ['us-east-1'] }),
    flinkVersion: z
      .union([
        z.string().regex(/^\d+\.\d+(?:\.\d+)?$/, { error: 'flinkVersion is written like "1.20" or "2.2"' }),
        z.number(),
      ])
      .meta({
        description: 'Flink version; quote it ("1.20"), YAML reads 1.20 as the number 1.2.',
        examples: ['1.20', '2.2'],
      }),
    parallelism: z
      .number()
      .int()
      .min(1)
      .max(LIMITS.flinkMaxParallelism)
      .meta({ description: 'Configured Parallelism.' }),
    parallelismPerKPU: z
      .number()
      .int()
      .min(LIMITS.parallelismPerKPU.min)
      .max(LIMITS.parallelismPerKPU.max)
      .meta({ description: 'ParallelismPerKPU, 1..8; default 1.' }),
    maxParallelism: z
      .number()
      .int()
      .min(1)
      .max(LIMITS.flinkMaxParallelism)
      .meta({ description: "Flink's max parallelism (key groups); above 128 the key-group prefix takes 2 bytes." }),
    autoScaling: z.boolean().meta({ description: 'AWS autoscaling enabled.' }),
    overscale: z
      .number()
      .min(0)
      .max(1, { error: 'overscale is a share of parallelism (0.15 = 15 %): between 0 and 1' })
      .meta({ description: 'Share of parallelism kept above need, 0..1 (0.15 = 15 %).', examples: [0.15] }),
    memoryGB: z
      .number()
      .min(0)
      .max(1e6)
      .meta({ description: 'Declared memory need in GB (memory KPUs = ceil(memoryGB / 4)); 0 or absent: none.' }),
    stateTtl: unit('duration', 100 * YEAR_SEC, 'seconds', 'State TTL (table.exec.state.ttl); absent or 0: no TTL.', [
      '7d',
      '12h',
    ]),
    snapshots: z
      .boolean()
      .meta({ description: 'Snapshots enabled (every stop, so every scaling, takes a snapshot); AWS default true.' }),
    sql: z.string().min(1).meta({
      description:
        'A path relative to this file (one line, e.g. enrichment.sql), or the SQL itself (use a block scalar: sql: |).',
    }),
    tables: z
      .record(z.string().min(1), TableSchema)
      .meta({ description: 'Statistics of the input tables, by table name.' }),
    kubernetes: KubernetesSchema,
    assumptions: AssumptionsSchema,
  })
  .partial()
  .meta({
    title: 'Flink KPU Lens job descriptor (*.flinkjob.yaml)',
    description:
      'Parallelism, platform and input-table statistics of one Flink SQL job, read by Flink KPU Lens to estimate state, KPUs and cost.',
  });

export type FlinkJobInput = z.input<typeof FlinkJobSchema>;

/** The JSON Schema of the descriptor, as committed in schemas/flinkjob.schema.json. */
export function flinkJobJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(FlinkJobSchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
}

/** The committed file's exact text (2-space JSON and a final newline). */
export function flinkJobJsonSchemaText(): string {
  return `${JSON.stringify(flinkJobJsonSchema(), null, 2)}\n`;
}

type AnySchema = z.core.$ZodType;

function unwrap(s: AnySchema): AnySchema {
  let x = s;
  for (let i = 0; i < 10; i++) {
    const def = x._zod.def as unknown as { type: string; innerType?: AnySchema };
    if (
      (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'readonly') &&
      def.innerType
    )
      x = def.innerType;
    else break;
  }
  return x;
}

/** The schema of the value at `path` in a descriptor, when the path exists in the schema. */
export function schemaAt(path: ReadonlyArray<PropertyKey>, root: AnySchema = FlinkJobSchema): AnySchema | undefined {
  let cur: AnySchema | undefined = unwrap(root);
  for (let i = 0; i < path.length && cur; i++) {
    const seg = path[i];
    const def = cur._zod.def as unknown as {
      type: string;
      shape?: Record<string, AnySchema>;
      valueType?: AnySchema;
      element?: AnySchema;
      options?: AnySchema[];
    };
    if (def.type === 'object' && def.shape)
      cur = typeof seg === 'string' && Object.hasOwn(def.shape, seg) ? unwrap(def.shape[seg]) : undefined;
    else if (def.type === 'record' && def.valueType) cur = unwrap(def.valueType);
    else if (def.type === 'array' && def.element) cur = unwrap(def.element);
    else if (def.type === 'union' && def.options) {
      const rest = path.slice(i);
      for (const o of def.options) {
        const found = schemaAt(rest, o);
        if (found) return found;
      }
      return undefined;
    } else return undefined;
  }
  return cur;
}

/** The field names of the object at `path` (for "did you mean"). */
export function knownKeys(path: ReadonlyArray<PropertyKey>): string[] {
  const s = schemaAt(path);
  const def = s?._zod.def as unknown as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}
