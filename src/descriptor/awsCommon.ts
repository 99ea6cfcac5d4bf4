// What the AWS formats (API JSON, CloudFormation, Terraform) share: typed reading of the
// ParallelismConfiguration fields, the DEFAULT configuration rule and the runtime → Flink version.
import { diagnostic, type Diagnostic, type Range } from '../text';
import { checkParallelism, didYouMean } from './checks';
import { packagedFile } from './flinkjob';
import type { DescriptorSource, JobSpec, Located } from './types';

export type Scalar = string | number | boolean;

/** A value as read from one of the formats, before typing. */
export interface RawValue {
  /** The literal, when the value is one. */
  value?: Scalar;
  /** The value is a mapping or a list, not a literal. */
  shape?: 'mapping' | 'list';
  range: Range;
  keyRange?: Range;
  /** Not a literal (intrinsic function, variable, expression): known only at deploy / plan time. */
  unresolved?: {
    /** What it is, e.g. `!Ref Parallelism`, `var.parallelism`. */
    what: string;
    /** A default found in the same file (a CloudFormation parameter's Default, a Terraform variable's default). */
    fallback?: { value: Scalar; note: string };
  };
}

/** When an unresolved value becomes known: CloudFormation at deploy, Terraform at plan. */
export type Phase = 'deploy' | 'plan';

export class ValueReader {
  constructor(
    readonly diagnostics: Diagnostic[],
    readonly phase: Phase,
  ) {}

  private literal(f: RawValue, field: string): Scalar | undefined {
    if (f.unresolved) {
      const fb = f.unresolved.fallback;
      const msg = fb
        ? `${field}: value not known until ${this.phase} (${f.unresolved.what}); using ${fb.note}`
        : `${field}: value not known until ${this.phase} (${f.unresolved.what}); not used in the estimate`;
      this.diagnostics.push(diagnostic('info', 'descriptor-unresolved', msg, f.range));
      return fb?.value;
    }
    if (f.shape) {
      this.diagnostics.push(
        diagnostic('error', 'descriptor-invalid-value', `${field}: expected a single value, got a ${f.shape}`, f.range),
      );
      return undefined;
    }
    return f.value;
  }

  /** The error for a literal that is not the `expected` type; nothing is read. */
  private wrongType(f: RawValue, field: string, expected: string, v: Scalar): undefined {
    this.diagnostics.push(
      diagnostic(
        'error',
        'descriptor-invalid-value',
        `${field}: expected ${expected}, got ${JSON.stringify(v)}`,
        f.range,
      ),
    );
    return undefined;
  }

  private loc<T>(f: RawValue, value: T): Located<T> {
    return f.keyRange ? { value, range: f.range, keyRange: f.keyRange } : { value, range: f.range };
  }

  number(f: RawValue | undefined, field: string): Located<number> | undefined {
    if (!f) return undefined;
    const v = this.literal(f, field);
    if (v === undefined) return undefined;
    const n =
      typeof v === 'number'
        ? v
        : typeof v === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)
          ? Number(v)
          : NaN;
    if (!Number.isFinite(n)) return this.wrongType(f, field, 'a number', v);
    return this.loc(f, n);
  }

  boolean(f: RawValue | undefined, field: string): Located<boolean> | undefined {
    if (!f) return undefined;
    const v = this.literal(f, field);
    if (v === undefined) return undefined;
    const b =
      typeof v === 'boolean'
        ? v
        : typeof v === 'string' && /^(true|false)$/i.test(v.trim())
          ? v.trim().toLowerCase() === 'true'
          : undefined;
    if (b === undefined) return this.wrongType(f, field, 'true or false', v);
    return this.loc(f, b);
  }

  string(f: RawValue | undefined, field: string): Located<string> | undefined {
    if (!f) return undefined;
    const v = this.literal(f, field);
    if (v === undefined) return undefined;
    return this.loc(f, String(v));
  }

  oneOf<T extends string>(f: RawValue | undefined, field: string, options: readonly T[]): Located<T> | undefined {
    const s = this.string(f, field);
    if (!s) return undefined;
    if ((options as readonly string[]).includes(s.value)) return s as Located<T>;
    const guess = didYouMean(s.value, options);
    this.diagnostics.push(
      diagnostic(
        'error',
        'descriptor-invalid-value',
        `${field} must be one of ${options.join(', ')} (got '${s.value}')${guess ? `; did you mean '${guess}'?` : ''}`,
        s.range,
      ),
    );
    return undefined;
  }
}

/**
 * The Flink version of each Studio notebook runtime (AWS: *Using a Studio notebook with Managed
 * Service for Apache Flink*, runtime versions; docs/sizing-model.md §6).
 */
const STUDIO_RUNTIME_FLINK: Readonly<Record<string, string>> = Object.freeze({
  'ZEPPELIN-FLINK-1_0': '1.11',
  'ZEPPELIN-FLINK-2_0': '1.13',
  'ZEPPELIN-FLINK-3_0': '1.15',
});

/** `FLINK-1_20` → `1.20`; a Studio runtime `ZEPPELIN-FLINK-3_0` → `1.15`. */
function flinkVersionOfRuntime(runtime: string): string | undefined {
  const r = runtime.trim();
  const m = /^FLINK-(\d+)_(\d+)$/.exec(r);
  return m ? `${m[1]}.${m[2]}` : STUDIO_RUNTIME_FLINK[r];
}

/** The region of an ARN (`arn:aws:kinesisanalytics:us-east-1:123456789012:application/x`). */
export function regionOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(parts[3]) ? parts[3] : undefined;
}

export interface AwsApplicationInput {
  source: DescriptorSource;
  range: Range;
  parallelismBlockRange?: Range;
  name?: RawValue;
  /** Used when `name` is absent or not a literal (CloudFormation logical ID, Terraform resource label). */
  fallbackName?: Located<string>;
  runtime?: RawValue;
  /** ApplicationMode (`STREAMING`, `INTERACTIVE`). */
  mode?: RawValue;
  /** The resource type is a legacy SQL application (Terraform v1 resource, CloudFormation v1 type), whatever its runtime. */
  legacySqlResource?: Located<string>;
  region?: Located<string>;
  configurationType?: RawValue;
  parallelism?: RawValue;
  parallelismPerKPU?: RawValue;
  autoScaling?: RawValue;
  currentParallelism?: RawValue;
  snapshots?: RawValue;
  /** A PyFlink application's entry point (`kinesis.analytics.flink.run.options` `python`): its program. */
  program?: RawValue;
  /** Field names as this format spells them, for messages. */
  labels: {
    configurationType: string;
    parallelism: string;
    parallelismPerKPU: string;
    autoScaling: string;
    currentParallelism?: string;
    snapshots: string;
    runtime: string;
    name: string;
    mode?: string;
  };
}

/** The property group whose `python` names a PyFlink application's program in its code package. */
export const PYTHON_RUN_OPTIONS = 'kinesis.analytics.flink.run.options';

/** AWS's values under ConfigurationType DEFAULT (AWS docs how-scaling). */
const AWS_DEFAULT_CONFIGURATION = { parallelism: 1, parallelismPerKPU: 1, autoScaling: true } as const;

export function buildAwsJob(input: AwsApplicationInput, reader: ValueReader): JobSpec {
  const d = reader.diagnostics;
  const L = input.labels;
  const job: JobSpec = { source: input.source, platform: 'aws-managed-flink', tables: {}, range: input.range };
  if (input.parallelismBlockRange) job.parallelismBlockRange = input.parallelismBlockRange;
  const name = input.name && !input.name.unresolved ? reader.string(input.name, L.name) : undefined;
  if (name) job.name = name;
  else if (input.fallbackName) job.name = input.fallbackName;
  if (input.region) job.region = input.region;
  const runtime = reader.string(input.runtime, L.runtime);
  const mode = reader.string(input.mode, L.mode ?? 'ApplicationMode');
  readRuntime(input, runtime, job, d);
  readStudio(input, runtime, mode, job, d);
  if (job.applicationKind?.value === 'legacy-sql') {
    ignoreLegacySqlParallelism(input, d);
    checkParallelism(job, d);
    return job;
  }
  readParallelismConfiguration(input, reader, job);
  const current = input.currentParallelism
    ? reader.number(input.currentParallelism, L.currentParallelism ?? 'CurrentParallelism')
    : undefined;
  if (current) job.currentParallelism = current;
  const snapshots = reader.boolean(input.snapshots, L.snapshots);
  if (snapshots) job.snapshotsEnabled = snapshots;
  const program = reader.string(input.program, `${PYTHON_RUN_OPTIONS} python`);
  if (program && /\.py$/i.test(program.value.trim()))
    job.sql = {
      value: { image: packagedFile(program.value, `${PYTHON_RUN_OPTIONS} python`, "the application's code package") },
      range: program.range,
    };
  checkParallelism(job, d);
  return job;
}

/** The info that `what` is a legacy SQL application: not Flink, billed and shown per KPU. */
function legacySqlInfo(what: string, range: Range): Diagnostic {
  return diagnostic(
    'info',
    'descriptor-legacy-sql',
    `${what} is a legacy Kinesis Data Analytics SQL application, not Apache Flink: AWS bills the KPUs the service scales it to, with no orchestration KPU and no running application storage. Its cost is shown per KPU; nothing of it is a Flink estimate.`,
    range,
  );
}

/**
 * The runtime environment: a legacy SQL application (by its resource type or a SQL- runtime), else the
 * Flink version of a Flink or Studio runtime (an info when the runtime names none).
 */
function readRuntime(
  input: AwsApplicationInput,
  runtime: Located<string> | undefined,
  job: JobSpec,
  d: Diagnostic[],
): void {
  const L = input.labels;
  if (input.legacySqlResource) {
    job.applicationKind = { ...input.legacySqlResource, value: 'legacy-sql' };
    d.push(legacySqlInfo(input.legacySqlResource.value, input.legacySqlResource.range));
  } else if (runtime && /^SQL-/i.test(runtime.value.trim())) {
    job.runtimeEnvironment = runtime;
    job.applicationKind = { ...runtime, value: 'legacy-sql' };
    d.push(legacySqlInfo(`${L.runtime} ${runtime.value}`, runtime.range));
  } else if (runtime) {
    job.runtimeEnvironment = runtime;
    const v = flinkVersionOfRuntime(runtime.value);
    if (v)
      job.flinkVersion = {
        value: v,
        range: runtime.range,
        ...(runtime.keyRange ? { keyRange: runtime.keyRange } : {}),
      };
    else
      d.push(
        diagnostic(
          'info',
          'descriptor-invalid-value',
          `${L.runtime} '${runtime.value}' is not a Flink runtime (FLINK-1_20, ZEPPELIN-FLINK-3_0, ...): the Flink version is unknown`,
          runtime.range,
        ),
      );
  }
}

/** A Studio notebook (a ZEPPELIN- runtime or ApplicationMode INTERACTIVE), unless the application is legacy SQL. */
function readStudio(
  input: AwsApplicationInput,
  runtime: Located<string> | undefined,
  mode: Located<string> | undefined,
  job: JobSpec,
  d: Diagnostic[],
): void {
  const L = input.labels;
  const studioRuntime = runtime && /^ZEPPELIN-/i.test(runtime.value.trim()) ? runtime : undefined;
  const interactive = mode && mode.value.trim().toUpperCase() === 'INTERACTIVE' ? mode : undefined;
  if (job.applicationKind !== undefined || !(studioRuntime || interactive)) return;
  const at = studioRuntime ?? interactive!;
  job.applicationKind = { ...at, value: 'studio' };
  d.push(
    diagnostic(
      'info',
      'descriptor-studio',
      `a Studio notebook (${[studioRuntime ? `${L.runtime} ${studioRuntime.value}${job.flinkVersion ? `, Flink ${job.flinkVersion.value}` : ''}` : '', interactive ? `${L.mode ?? 'ApplicationMode'} INTERACTIVE` : ''].filter(Boolean).join(', ')}): AWS bills 2 KPUs beyond the configured ones, one for orchestration and one for interactive development`,
      at.range,
    ),
  );
}

/** A legacy SQL application: nothing of Flink applies (no Parallelism, no snapshots), so its parallelism fields are ignored. */
function ignoreLegacySqlParallelism(input: AwsApplicationInput, d: Diagnostic[]): void {
  const L = input.labels;
  for (const [raw, label] of [
    [input.parallelism, L.parallelism],
    [input.parallelismPerKPU, L.parallelismPerKPU],
  ] as const) {
    if (raw)
      d.push(
        diagnostic(
          'warning',
          'descriptor-ignored-value',
          `${label} is ignored: a SQL application has no Flink parallelism (the service scales its KPUs)`,
          raw.range,
        ),
      );
  }
}

/**
 * ParallelismConfiguration: CUSTOM takes its Parallelism, ParallelismPerKPU and AutoScalingEnabled;
 * DEFAULT runs AWS's values whatever is written (a warning for each value it overrides).
 */
function readParallelismConfiguration(input: AwsApplicationInput, reader: ValueReader, job: JobSpec): void {
  const d = reader.diagnostics;
  const L = input.labels;
  const type = reader.oneOf(input.configurationType, L.configurationType, ['CUSTOM', 'DEFAULT'] as const);
  const parallelism = reader.number(input.parallelism, L.parallelism);
  const perKpu = reader.number(input.parallelismPerKPU, L.parallelismPerKPU);
  const autoScaling = reader.boolean(input.autoScaling, L.autoScaling);
  if (type) job.configurationType = type;
  if (type?.value !== 'DEFAULT') {
    if (parallelism) job.parallelism = parallelism;
    if (perKpu) job.parallelismPerKPU = perKpu;
    if (autoScaling) job.autoScaling = autoScaling;
    return;
  }
  d.push(
    diagnostic(
      'info',
      'descriptor-default-configuration',
      `${L.configurationType} DEFAULT: the service runs Parallelism ${AWS_DEFAULT_CONFIGURATION.parallelism}, ParallelismPerKPU ${AWS_DEFAULT_CONFIGURATION.parallelismPerKPU} with autoscaling on; set CUSTOM to use other values`,
      type.range,
    ),
  );
  const ignored: Array<[Located<number | boolean> | undefined, string, number | boolean]> = [
    [parallelism, L.parallelism, AWS_DEFAULT_CONFIGURATION.parallelism],
    [perKpu, L.parallelismPerKPU, AWS_DEFAULT_CONFIGURATION.parallelismPerKPU],
    [autoScaling, L.autoScaling, AWS_DEFAULT_CONFIGURATION.autoScaling],
  ];
  for (const [v, label, def] of ignored) {
    if (v && v.value !== def) {
      d.push(
        diagnostic(
          'warning',
          'descriptor-ignored-value',
          `${label} ${String(v.value)} is ignored: ${L.configurationType} is DEFAULT, so the service uses ${String(def)}`,
          v.range,
        ),
      );
    }
  }
  job.parallelism = { value: AWS_DEFAULT_CONFIGURATION.parallelism, range: type.range };
  job.parallelismPerKPU = { value: AWS_DEFAULT_CONFIGURATION.parallelismPerKPU, range: type.range };
  job.autoScaling = { value: AWS_DEFAULT_CONFIGURATION.autoScaling, range: type.range };
}
