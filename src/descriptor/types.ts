// The job model every descriptor format is read into. Pure types: no I/O, no `vscode`.
import type { Diagnostic, Position, Range } from '../text';
import type { RuntimeMode } from '../sql/runtimeMode';

/** A value read from a descriptor with where it was written (1-based, end exclusive). */
export interface Located<T> {
  value: T;
  /** The value's text (for a value taken from a default elsewhere: the expression that refers to it). */
  range: Range;
  /** The key / attribute name, when the value has one. */
  keyRange?: Range;
}

export type TableField =
  | 'rows'
  | 'ratePerSec'
  | 'retentionSec'
  | 'uniqueKey'
  | 'rowsPerKey'
  | 'distinctKeys'
  | 'matchRate'
  | 'columnBytes'
  | 'rowBytes';

/** Statistics declared for one input table. Counts are rows, sizes bytes, durations seconds. */
export interface TableStats {
  /** Live rows held (upsert tables: distinct keys). */
  rows?: number;
  /** Append-only inputs: rows per second. */
  ratePerSec?: number;
  /** How long append-only rows are held, in seconds. */
  retentionSec?: number;
  /** Overrides the DDL's PRIMARY KEY. */
  uniqueKey?: string[];
  rowsPerKey?: number;
  /** Distinct values of the join key in this table (the key group's distinct keys when no input has its unique key in the join key). */
  distinctKeys?: number;
  matchRate?: number;
  /** Average bytes of variable-length columns, by column name. */
  columnBytes?: Record<string, number>;
  /** Average bytes of the whole projected row. */
  rowBytes?: number;
  /** The whole table entry (name and its fields). */
  range: Range;
  /** The table's name (the key under `tables:`). */
  nameRange?: Range;
  /** Where each declared field's value is written, for hovers and diagnostics. */
  fieldRanges?: Partial<Record<TableField, Range>>;
}

export type DescriptorSource = 'flinkjob' | 'aws-api-json' | 'cloudformation' | 'terraform' | 'flink-deployment';

export type Platform = 'aws-managed-flink' | 'flink-kubernetes-operator' | 'self-managed';

/**
 * Where the SQL of a job is. `inline` SQL comes with the position in the descriptor of
 * the first character of each of its lines, so a position in the SQL text maps back to the
 * file (see `mapInlineSqlPosition`), including for YAML block scalars whose indentation
 * is not part of the SQL.
 */
export interface SqlRef {
  /** A path relative to the descriptor. */
  path?: string;
  /**
   * A file inside what is deployed: a SQL file in the container image (`spec.job.args`, the
   * SQL-runner pattern) or the Python program of a Managed Flink application's code package
   * (`kinesis.analytics.flink.run.options` `python`). Its path there, where a copy may sit below
   * the descriptor's folder (tried in order: the SQL-runner examples keep `sql-scripts/x.sql`
   * beside the manifest and copy that folder into the image), the field that names it and what
   * it is inside (for messages).
   */
  image?: { path: string; copies: string[]; field: string; inside: string };
  /** The SQL text itself. */
  inline?: string;
  /** Offset (UTF-16, 0-based) in the descriptor of the SQL text's first character. */
  inlineStartOffset?: number;
  /** Position in the descriptor of the SQL text's first character. */
  inlineStart?: Position;
  /** For each SQL line (0-based index), the position in the descriptor of its first character. */
  inlineLineStarts?: Position[];
  /**
   * True when every SQL character sits at `inlineLineStarts[line] + column` in the file (literal
   * block scalars `|`, and single-line scalars without escapes). False for folded (`>`) or
   * multi-line flow scalars and strings with escapes: positions are then approximate.
   */
  inlineExact?: boolean;
}

export interface KubernetesResources {
  taskManagerCpu?: Located<number>;
  /** Task manager memory in GB (10^9 bytes). */
  taskManagerMemoryGB?: Located<number>;
  /** Task slots per task manager. */
  slots?: Located<number>;
  /** `spec.taskManager.replicas` when declared: the number of task managers (it takes precedence over the job's parallelism). */
  taskManagerReplicas?: Located<number>;
  /**
   * What the manifest is: an application cluster (a FlinkDeployment with `spec.job`), a session
   * cluster (a FlinkDeployment without one) or a job on a session cluster (a FlinkSessionJob).
   */
  role?: 'application' | 'session-cluster' | 'session-job';
  /** A FlinkSessionJob's `spec.deploymentName`: its session cluster. */
  sessionCluster?: Located<string>;
  /** A session cluster: the names of the FlinkSessionJobs of the same file that run on it. */
  sessionJobs?: string[];
  /** The operator's autoscaler (`job.autoscaler.*`), when enabled: the parallelism range it may scale a vertex in. */
  autoscaler?: { enabled: Located<boolean>; minParallelism?: Located<number>; maxParallelism?: Located<number> };
}

export interface JobSpec {
  source: DescriptorSource;
  name?: Located<string>;
  platform: Platform;
  region?: Located<string>;
  flinkVersion?: Located<string>;
  /** Configured Parallelism (the floor autoscaling never goes below). */
  parallelism?: Located<number>;
  parallelismPerKPU?: Located<number>;
  autoScaling?: Located<boolean>;
  configurationType?: Located<'CUSTOM' | 'DEFAULT'>;
  /** DescribeApplication's `CurrentParallelism` (what autoscaling runs now). */
  currentParallelism?: Located<number>;
  /** Flink's max parallelism (key groups); decides the 1- or 2-byte key-group prefix. */
  maxParallelism?: Located<number>;
  /** Share of parallelism kept above need (0.15 = 15 %). */
  overscale?: Located<number>;
  /** Declared memory need in GB (10^9 bytes). */
  memoryGB?: Located<number>;
  /** State TTL in seconds; 0 means no TTL (as Flink's `table.exec.state.ttl`). */
  stateTtlSec?: Located<number>;
  snapshotsEnabled?: Located<boolean>;
  /** `execution.runtime-mode` of a FlinkDeployment's flinkConfiguration (a SET in the SQL wins). */
  runtimeMode?: Located<RuntimeMode>;
  /** The AWS runtime as written (`FLINK-1_20`, `ZEPPELIN-FLINK-3_0`, `SQL-1_0`). */
  runtimeEnvironment?: Located<string>;
  /**
   * AWS only, when not a Flink application: a Studio notebook (`ZEPPELIN-FLINK-*` runtime or
   * ApplicationMode INTERACTIVE) or a legacy Kinesis Data Analytics SQL application (`SQL-1_0`,
   * Terraform `aws_kinesis_analytics_application`, CloudFormation `AWS::KinesisAnalytics::Application`).
   */
  applicationKind?: Located<'studio' | 'legacy-sql'>;
  sql?: Located<SqlRef>;
  tables: Record<string, TableStats>;
  kubernetes?: KubernetesResources;
  /** Overrides of sizing-model settings (see ASSUMPTION_KEYS): numbers in bytes / seconds / ratios. */
  assumptions?: Record<string, number | boolean>;
  /** Where each assumption override is written. */
  assumptionRanges?: Record<string, Range>;
  /**
   * Terraform, when the resource has instances or comes from a module call: its address
   * (`aws_kinesisanalyticsv2_application.app["a"]`, `module.apps.aws_kinesisanalyticsv2_application.this`).
   */
  address?: string;
  /** The whole job / resource / document (a module call's jobs: the module block). */
  range: Range;
  /** The ParallelismConfiguration object, parallelism_configuration block or spec.job map, for hovers. */
  parallelismBlockRange?: Range;
}

export interface DescriptorFile {
  source: DescriptorSource;
  jobs: JobSpec[];
  diagnostics: Diagnostic[];
}
