// The JSON / YAML formats people already have: AWS API JSON (CreateApplication input,
// DescribeApplication output, UpdateApplication input), CloudFormation templates (YAML with
// short-form intrinsics, or JSON) and Flink Kubernetes Operator FlinkDeployment manifests.
import type { Document } from 'yaml';
import { diagnostic, type Diagnostic, type LineIndex, type Range } from '../text';
import {
  buildAwsJob,
  PYTHON_RUN_OPTIONS,
  regionOfArn,
  ValueReader,
  type AwsApplicationInput,
  type RawValue,
} from './awsCommon';
import { CfnDefaults } from './cfnDefaults';
import { notARuntimeMode, runtimeModeOf } from '../sql/runtimeMode';
import { checkParallelism } from './checks';
import { packagedFile, sqlRef } from './flinkjob';
import type { DescriptorFile, DescriptorSource, JobSpec, KubernetesResources, Located, SqlRef } from './types';
import { parseDuration, parseFlinkMemory, parseKubernetesCpu, type UnitResult } from './units';
import {
  CFN_SHORT_TAGS,
  isMap,
  isScalar,
  isSeq,
  nodeRange,
  pairRange,
  parseYaml,
  sourceText,
  templateOf,
  Walker,
  type YamlText,
  type YNode,
} from './yamlAst';

const KDA_APP_TYPE = 'AWS::KinesisAnalyticsV2::Application';
/** The first Kinesis Data Analytics API: SQL applications only. */
const KDA_V1_APP_TYPE = 'AWS::KinesisAnalytics::Application';
const isKdaType = (t: unknown) => t === KDA_APP_TYPE || t === KDA_V1_APP_TYPE;

/** Reads a node as a RawValue; templates become diagnostics and absent values. */
class YamlValues {
  constructor(
    readonly w: Walker,
    readonly src: YamlText,
    readonly diagnostics: Diagnostic[],
    /** CloudFormation: intrinsic functions, evaluated with the parameters' Defaults where they can be. */
    readonly cfn?: CfnDefaults,
  ) {}

  raw(map: YNode | undefined, key: string): RawValue | undefined {
    const pair = this.w.pair(map, key);
    if (!pair) return undefined;
    const node = this.w.deref(pair.value);
    if (!node) return undefined;
    const range = this.w.range(node);
    if (!range) return undefined;
    const keyRange = this.w.range(this.w.deref(pair.key));
    const base = keyRange ? { range, keyRange } : { range };
    if (this.cfn) {
      // Intrinsics first: `!Sub "${Env}-app"` is CloudFormation, not a template to expand.
      const intrinsic = this.intrinsic(node);
      if (intrinsic) return { ...base, range: this.withTag(node) ?? range, unresolved: intrinsic };
      if (isScalar(node) && typeof node.value === 'string' && node.value.includes('{{resolve:')) {
        return { ...base, unresolved: { what: 'a dynamic reference {{resolve:...}}' } };
      }
    }
    const template = templateOf(this.src, node);
    if (template) {
      this.diagnostics.push(
        diagnostic(
          'warning',
          'descriptor-template',
          `template value not evaluated: ${template === 'dollar' ? '${...}' : '{{ ... }}'} is replaced by a tool before deployment; ${key} is treated as absent`,
          range,
        ),
      );
      return undefined;
    }
    if (isScalar(node)) {
      const v = node.value;
      if (v === null || v === undefined) return undefined;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { ...base, value: v };
      return { ...base, value: sourceText(this.src, node).trim() };
    }
    return { ...base, shape: isSeq(node) ? 'list' : 'mapping' };
  }

  /** The range of a short-form intrinsic including its tag (`!Ref X`: yaml's node range starts at `X`). */
  withTag(node: YNode): ReturnType<Walker['range']> {
    const tag = (node as { tag?: string }).tag;
    const r = node.range;
    if (!tag || !r) return undefined;
    const text = this.src.text;
    let i = r[0];
    while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
    const name = `!${tag.slice(1)}`;
    if (text.slice(i - name.length, i) !== name) return undefined;
    let end = r[1];
    while (end > r[0] && /\s/.test(text[end - 1] ?? '')) end--;
    return this.src.index.range(i - name.length, end);
  }

  /** A CloudFormation intrinsic function (`!Ref X`, `{"Ref": "X"}`, `Fn::Sub`, ...), with a parameter's Default when it has one. */
  intrinsic(node: YNode): RawValue['unresolved'] | undefined {
    const call = this.cfn?.call(node);
    if (!call) return undefined;
    const { fn, arg } = call;
    const tag = (node as { tag?: string }).tag;
    if (tag !== undefined && !(CFN_SHORT_TAGS as readonly string[]).includes(fn)) return undefined;
    const argText = arg && isScalar(arg) ? String(arg.value) : undefined;
    const written = tag === `!${fn}` ? `!${fn}` : fn === 'Ref' || fn === 'Condition' ? fn : `Fn::${fn}`;
    const what = fn === 'Ref' && argText ? `${written} ${argText}` : written;
    const ev = this.cfn?.value(node);
    if (!ev) return { what };
    const note =
      fn === 'Ref' && argText
        ? `the Default ${String(ev.value)} of parameter ${argText}`
        : `${String(ev.value)}, its value with the parameters' Defaults (${ev.uses.join(', ') || 'none used'})`;
    return { what, fallback: { value: ev.value, note } };
  }
}

type Kind = 'aws-api-json' | 'cloudformation' | 'flink-deployment';

function classify(w: Walker, root: YNode | undefined): Kind | undefined {
  if (!root || !isMap(root)) return undefined;
  const kind = w.get(root, 'kind');
  const api = w.get(root, 'apiVersion');
  if (
    kind &&
    isScalar(kind) &&
    (kind.value === 'FlinkDeployment' || kind.value === 'FlinkSessionJob') &&
    api &&
    isScalar(api) &&
    String(api.value).startsWith('flink.apache.org/')
  )
    return 'flink-deployment';
  const resources = w.get(root, 'Resources');
  if (resources && isMap(resources)) {
    for (const { value } of w.pairs(resources)) {
      const t = w.get(value, 'Type');
      if (t && isScalar(t) && isKdaType(t.value)) return 'cloudformation';
    }
    return undefined;
  }
  const detail = w.get(root, 'ApplicationDetail') ?? root;
  if (!isMap(detail)) return undefined;
  for (const v of AWS_VARIANTS) if (w.get(detail, v.config)) return 'aws-api-json';
  if (w.get(detail, 'RuntimeEnvironment') && w.get(detail, 'ApplicationName')) return 'aws-api-json';
  return undefined;
}

interface AwsVariant {
  config: string;
  flink: string;
  parallelism: string;
  snapshot: string;
  /** EnvironmentProperties and its PropertyGroups, as this shape spells them. */
  env: [string, string];
  fields: {
    type: string;
    parallelism: string;
    perKpu: string;
    autoScaling: string;
    snapshots: string;
    current?: string;
  };
}

/** CreateApplication input, DescribeApplication / CreateApplication output, UpdateApplication input. */
const AWS_VARIANTS: AwsVariant[] = [
  {
    config: 'ApplicationConfigurationDescription',
    flink: 'FlinkApplicationConfigurationDescription',
    parallelism: 'ParallelismConfigurationDescription',
    snapshot: 'ApplicationSnapshotConfigurationDescription',
    env: ['EnvironmentPropertyDescriptions', 'PropertyGroupDescriptions'],
    fields: {
      type: 'ConfigurationType',
      parallelism: 'Parallelism',
      perKpu: 'ParallelismPerKPU',
      autoScaling: 'AutoScalingEnabled',
      snapshots: 'SnapshotsEnabled',
      current: 'CurrentParallelism',
    },
  },
  {
    config: 'ApplicationConfiguration',
    flink: 'FlinkApplicationConfiguration',
    parallelism: 'ParallelismConfiguration',
    snapshot: 'ApplicationSnapshotConfiguration',
    env: ['EnvironmentProperties', 'PropertyGroups'],
    fields: {
      type: 'ConfigurationType',
      parallelism: 'Parallelism',
      perKpu: 'ParallelismPerKPU',
      autoScaling: 'AutoScalingEnabled',
      snapshots: 'SnapshotsEnabled',
    },
  },
  {
    config: 'ApplicationConfigurationUpdate',
    flink: 'FlinkApplicationConfigurationUpdate',
    parallelism: 'ParallelismConfigurationUpdate',
    snapshot: 'ApplicationSnapshotConfigurationUpdate',
    env: ['EnvironmentPropertyUpdates', 'PropertyGroups'],
    fields: {
      type: 'ConfigurationTypeUpdate',
      parallelism: 'ParallelismUpdate',
      perKpu: 'ParallelismPerKPUUpdate',
      autoScaling: 'AutoScalingEnabledUpdate',
      snapshots: 'SnapshotsEnabledUpdate',
    },
  },
];

function awsInput(
  source: DescriptorSource,
  v: YamlValues,
  app: YNode,
  variant: AwsVariant,
  range: AwsApplicationInput['range'],
): AwsApplicationInput {
  const { w } = v;
  const cfg = w.get(app, variant.config);
  const flink = w.get(cfg, variant.flink);
  const par = w.get(flink, variant.parallelism);
  const snap = w.get(cfg, variant.snapshot);
  const f = variant.fields;
  const input: AwsApplicationInput = {
    source,
    range,
    name: v.raw(app, 'ApplicationName'),
    runtime: v.raw(app, 'RuntimeEnvironment'),
    mode: v.raw(app, 'ApplicationMode'),
    configurationType: v.raw(par, f.type),
    parallelism: v.raw(par, f.parallelism),
    parallelismPerKPU: v.raw(par, f.perKpu),
    autoScaling: v.raw(par, f.autoScaling),
    currentParallelism: f.current ? v.raw(par, f.current) : undefined,
    snapshots: v.raw(snap, f.snapshots),
    program: pythonEntry(v, w.get(w.get(cfg, variant.env[0]), variant.env[1])),
    labels: {
      configurationType: f.type,
      parallelism: f.parallelism,
      parallelismPerKPU: f.perKpu,
      autoScaling: f.autoScaling,
      currentParallelism: f.current,
      snapshots: f.snapshots,
      runtime: 'RuntimeEnvironment',
      name: 'ApplicationName',
      mode: 'ApplicationMode',
    },
  };
  const parRange = par ? w.range(par) : undefined;
  if (parRange) input.parallelismBlockRange = parRange;
  return input;
}

/**
 * A PyFlink application's program: the `python` property of the `kinesis.analytics.flink.run.options`
 * property group (how Managed Service for Apache Flink finds a Python application's entry point
 * in its code package, AWS's developer guide "Create a PyFlink application").
 */
function pythonEntry(v: YamlValues, groups: YNode | undefined): RawValue | undefined {
  const { w } = v;
  const node = w.deref(groups);
  if (!node || !isSeq(node)) return undefined;
  for (const item of node.items) {
    const group = w.deref(item);
    const id = v.raw(group, 'PropertyGroupId');
    if (id?.value === PYTHON_RUN_OPTIONS) return v.raw(w.get(group, 'PropertyMap'), 'python');
  }
  return undefined;
}

function awsApiJob(v: YamlValues, root: YNode, reader: ValueReader): JobSpec | undefined {
  const { w, src } = v;
  const detail = w.get(root, 'ApplicationDetail') ?? root;
  const variant = AWS_VARIANTS.find((x) => w.get(detail, x.config)) ?? AWS_VARIANTS[1];
  const range = nodeRange(src, root)!;
  const input = awsInput('aws-api-json', v, detail, variant, range);
  const arn = v.raw(detail, 'ApplicationARN');
  if (arn && typeof arn.value === 'string') {
    const region = regionOfArn(arn.value);
    if (region) input.region = regionLocation(src, arn, region);
  }
  return buildAwsJob(input, reader);
}

/** The region's own characters inside the ARN when they can be found, else the whole ARN. */
function regionLocation(src: YamlText, arn: RawValue, region: string): Located<string> {
  const start = src.index.offset(arn.range.start);
  const end = src.index.offset(arn.range.end);
  const at = src.text.slice(start, end).indexOf(`:${region}:`);
  const range = at >= 0 ? src.index.range(start + at + 1, start + at + 1 + region.length) : arn.range;
  return arn.keyRange ? { value: region, range, keyRange: arn.keyRange } : { value: region, range };
}

function cloudFormationJobs(w: Walker, src: YamlText, root: YNode, diagnostics: Diagnostic[]): JobSpec[] {
  const v = new YamlValues(w, src, diagnostics, new CfnDefaults(w, root));
  const reader = new ValueReader(diagnostics, 'deploy');
  const jobs: JobSpec[] = [];
  for (const { key, keyNode, value } of w.pairs(w.get(root, 'Resources'))) {
    const t = w.get(value, 'Type');
    if (!t || !isScalar(t) || !isKdaType(t.value) || !key) continue;
    const range = pairRange(src, keyNode, value)!;
    const props = w.get(value, 'Properties');
    const input = awsInput('cloudformation', v, (props ?? value)!, AWS_VARIANTS[1], range);
    const typeRange = w.range(t);
    if (t.value === KDA_V1_APP_TYPE && typeRange)
      input.legacySqlResource = { value: KDA_V1_APP_TYPE, range: typeRange };
    const keyRange = w.range(keyNode);
    if (keyRange) input.fallbackName = { value: key, range: keyRange };
    if (!props)
      diagnostics.push(
        diagnostic(
          'warning',
          'descriptor-invalid-value',
          `${key} has no Properties: the service defaults apply`,
          keyRange ?? range,
        ),
      );
    jobs.push(buildAwsJob(input, reader));
  }
  return jobs;
}

function flinkVersionOfOperator(v: string): string | undefined {
  const m = /^v(\d+)_(\d+)$/.exec(v.trim());
  return m ? `${m[1]}.${m[2]}` : undefined;
}

function unitLocated(
  reader: ValueReader,
  raw: RawValue | undefined,
  field: string,
  parse: (x: string | number) => UnitResult,
  scale = 1,
): Located<number> | undefined {
  const s = raw && (typeof raw.value === 'number' ? reader.number(raw, field) : reader.string(raw, field));
  if (!s || !raw) return undefined;
  const r = parse(s.value as string | number);
  if (!r.ok) {
    reader.diagnostics.push(
      diagnostic(
        'error',
        r.code === 'unknown-unit' ? 'descriptor-unknown-unit' : 'descriptor-invalid-value',
        `${field}: ${r.message}`,
        raw.range,
      ),
    );
    return undefined;
  }
  return { ...s, value: r.value / scale };
}

/** A `job.args` entry that is SQL (the SQL-runner pattern passes statements as arguments). */
const SQL_ARG = /^\s*(?:CREATE|INSERT|SELECT|SET|WITH|EXECUTE|BEGIN|USE|ALTER|DROP)\b[\s\S]*\s/i;

/**
 * The SQL a Kubernetes job passes inline in `job.args` (the SQL-runner pattern), as one SqlRef
 * whose lines keep their positions in the manifest; else the `.sql` file inside the image that
 * an argument names, or the PyFlink program after `-py` / `--python` (PythonDriver's arguments,
 * the operator's PyFlink example) (SqlRef.image: the analysis looks for a copy of it).
 */
function argsSql(v: YamlValues, jobNode: YNode | undefined): Located<SqlRef> | undefined {
  const { w, src } = v;
  const args = w.get(jobNode, 'args');
  if (!args || !isSeq(args)) return undefined;
  const parts: SqlRef[] = [];
  const ranges: Range[] = [];
  let image: Located<SqlRef> | undefined;
  let previous = '';
  for (const item of args.items) {
    const node = w.deref(item);
    if (!node || !isScalar(node) || typeof node.value !== 'string') continue;
    const range = w.range(node);
    if (!range) continue;
    const text = node.value;
    const option = previous;
    previous = text.trim();
    if (!image && (option === '-py' || option === '--python') && /\.py$/i.test(text.trim())) {
      image = { value: { image: packagedFile(text, 'spec.job.args', 'the container image') }, range };
      continue;
    }
    if (templateOf(src, node)) continue;
    if (SQL_ARG.test(text)) {
      const ref = sqlRef(src, node, text);
      if (ref.inline !== undefined) {
        parts.push(ref);
        ranges.push(range);
      }
    } else if (!image && /\.sql$/i.test(text.trim()) && !/\s/.test(text.trim())) {
      image = { value: { image: packagedFile(text, 'spec.job.args', 'the container image') }, range };
    }
  }
  if (parts.length === 0) return image;
  const range: Range = { start: ranges[0].start, end: ranges[ranges.length - 1].end };
  if (parts.length === 1) return { value: parts[0], range };
  // Several statements as several arguments: one script, each argument on lines of its own.
  const texts = parts.map((p) => (/;\s*$/.test(p.inline!) ? p.inline! : `${p.inline!};`));
  return {
    value: {
      inline: texts.join('\n'),
      inlineStartOffset: parts[0].inlineStartOffset,
      inlineStart: parts[0].inlineStart,
      inlineLineStarts: parts.flatMap((p) => p.inlineLineStarts ?? []),
      inlineExact: parts.every((p) => p.inlineExact),
    },
    range,
  };
}

/** The operator autoscaler's documented defaults for the vertex parallelism range (job.autoscaler.vertex.min/max-parallelism). */
export const AUTOSCALER_DEFAULTS = { minParallelism: 1, maxParallelism: 200 } as const;

type KubernetesKind = 'FlinkDeployment' | 'FlinkSessionJob';

/** What the steps of reading one FlinkDeployment or FlinkSessionJob share. */
interface DeploymentReader {
  w: Walker;
  v: YamlValues;
  reader: ValueReader;
  diagnostics: Diagnostic[];
  /** A Flink option of spec.flinkConfiguration. */
  option: (key: string) => RawValue | undefined;
}

function flinkDeploymentJob(
  w: Walker,
  src: YamlText,
  root: YNode,
  diagnostics: Diagnostic[],
  kind: KubernetesKind,
): JobSpec {
  const v = new YamlValues(w, src, diagnostics);
  const reader = new ValueReader(diagnostics, 'deploy');
  const job: JobSpec = {
    source: 'flink-deployment',
    platform: 'flink-kubernetes-operator',
    tables: {},
    range: nodeRange(src, root)!,
  };
  const name = reader.string(v.raw(w.get(root, 'metadata'), 'name'), 'metadata.name');
  if (name) job.name = name;
  const spec = w.get(root, 'spec');
  const r: DeploymentReader = {
    w,
    v,
    reader,
    diagnostics,
    option: flinkOption(w, v, w.get(spec, 'flinkConfiguration')),
  };
  const flinkVersion = operatorFlinkVersion(r, spec);
  if (flinkVersion) job.flinkVersion = flinkVersion;
  const jobNode = w.get(spec, 'job');
  const jobRange = jobNode ? w.range(jobNode) : undefined;
  if (jobRange) job.parallelismBlockRange = jobRange;
  const kube: NonNullable<JobSpec['kubernetes']> = {
    role: kind === 'FlinkSessionJob' ? 'session-job' : jobNode ? 'application' : 'session-cluster',
  };
  if (kind === 'FlinkSessionJob') {
    const cluster = reader.string(v.raw(spec, 'deploymentName'), 'spec.deploymentName');
    if (cluster) kube.sessionCluster = cluster;
  }
  const parallelism =
    reader.number(v.raw(jobNode, 'parallelism'), 'spec.job.parallelism') ??
    reader.number(r.option('parallelism.default'), 'parallelism.default');
  if (parallelism) job.parallelism = parallelism;
  const maxP = reader.number(r.option('pipeline.max-parallelism'), 'pipeline.max-parallelism');
  if (maxP) job.maxParallelism = maxP;
  const ttl = unitLocated(reader, r.option('table.exec.state.ttl'), 'table.exec.state.ttl', (x) =>
    parseDuration(x, { plain: 'ms', flink: true }),
  );
  if (ttl) job.stateTtlSec = ttl;
  const mode = reader.string(r.option('execution.runtime-mode'), 'execution.runtime-mode');
  const runtimeMode = mode && runtimeModeOf(mode.value);
  if (mode && runtimeMode) job.runtimeMode = { ...mode, value: runtimeMode };
  else if (mode)
    r.diagnostics.push(diagnostic('error', 'descriptor-invalid-value', notARuntimeMode(mode.value), mode.range));
  const slots = reader.number(r.option('taskmanager.numberOfTaskSlots'), 'taskmanager.numberOfTaskSlots');
  if (slots) kube.slots = slots;
  const tm = w.get(spec, 'taskManager');
  readTaskManagerResources(r, tm, kube);
  const replicas = reader.number(v.raw(tm, 'replicas'), 'spec.taskManager.replicas');
  if (replicas) {
    kube.taskManagerReplicas = replicas;
    if (kube.role === 'application') job.parallelism = replicasParallelism(r, jobNode, parallelism, replicas, slots);
  }
  const autoscaler = readAutoscaler(r);
  if (autoscaler) kube.autoscaler = autoscaler;
  const sql = argsSql(v, jobNode);
  if (sql) job.sql = sql;
  job.kubernetes = kube;
  checkParallelism(job, diagnostics);
  return job;
}

/** A Flink option of `conf`, written flat (`taskmanager.numberOfTaskSlots: "2"`) or nested (Flink 2 config.yaml style). */
function flinkOption(w: Walker, v: YamlValues, conf: YNode | undefined): (key: string) => RawValue | undefined {
  return (key) => {
    const flat = v.raw(conf, key);
    if (flat) return flat;
    const parts = key.split('.');
    let node: YNode | undefined = conf;
    for (let i = 0; i < parts.length - 1 && node; i++) node = w.get(node, parts[i]);
    return node ? v.raw(node, parts[parts.length - 1]) : undefined;
  };
}

/** spec.flinkVersion as the Flink version it names (v1_20 → 1.20); an error when it is no operator version. */
function operatorFlinkVersion(
  { v, reader, diagnostics }: DeploymentReader,
  spec: YNode | undefined,
): JobSpec['flinkVersion'] {
  const version = reader.string(v.raw(spec, 'flinkVersion'), 'spec.flinkVersion');
  if (!version) return undefined;
  const fv = flinkVersionOfOperator(version.value);
  if (fv) return { ...version, value: fv };
  diagnostics.push(
    diagnostic(
      'error',
      'descriptor-invalid-value',
      `spec.flinkVersion '${version.value}' is not an operator version like v1_20`,
      version.range,
    ),
  );
  return undefined;
}

/** A task manager's CPU and memory: its resources' requests, else limits, else spec.taskManager.resource. */
function readTaskManagerResources(
  { w, v, reader }: DeploymentReader,
  tm: YNode | undefined,
  kube: NonNullable<JobSpec['kubernetes']>,
): void {
  const resources = w.get(tm, 'resources');
  const requests = w.get(resources, 'requests');
  const limits = w.get(resources, 'limits');
  const pick = (key: string): [RawValue | undefined, string] => {
    const req = v.raw(requests, key);
    if (req) return [req, `spec.taskManager.resources.requests.${key}`];
    const lim = v.raw(limits, key);
    if (lim) return [lim, `spec.taskManager.resources.limits.${key}`];
    return [v.raw(w.get(tm, 'resource'), key), `spec.taskManager.resource.${key}`];
  };
  const [cpuRaw, cpuField] = pick('cpu');
  const cpu = unitLocated(reader, cpuRaw, cpuField, parseKubernetesCpu);
  if (cpu) kube.taskManagerCpu = cpu;
  const [memRaw, memField] = pick('memory');
  const mem = unitLocated(reader, memRaw, memField, parseFlinkMemory, 1e9);
  if (mem) kube.taskManagerMemoryGB = mem;
}

/**
 * An application's parallelism when spec.taskManager.replicas is set: replicas × slots, as the
 * operator's FlinkConfigBuilder sets it; the job's own parallelism is then ignored (said in an info).
 */
function replicasParallelism(
  { w, diagnostics }: DeploymentReader,
  jobNode: YNode | undefined,
  parallelism: JobSpec['parallelism'],
  replicas: NonNullable<JobSpec['parallelism']>,
  slots: JobSpec['parallelism'],
): NonNullable<JobSpec['parallelism']> {
  const p = replicas.value * (slots?.value ?? 1);
  if (parallelism && parallelism.value !== p) {
    diagnostics.push(
      diagnostic(
        'info',
        'descriptor-ignored-value',
        `${w.get(jobNode, 'parallelism') ? 'spec.job.parallelism' : 'parallelism.default'} ${parallelism.value} is ignored: spec.taskManager.replicas ${replicas.value} × ${slots?.value ?? 1} slots sets the parallelism to ${p} (the operator's FlinkConfigBuilder)`,
        parallelism.range,
      ),
    );
  }
  return { value: p, range: replicas.range, ...(replicas.keyRange ? { keyRange: replicas.keyRange } : {}) };
}

/**
 * The operator autoscaler when enabled, with its vertex parallelism range (an option also read under
 * the older `kubernetes.operator.` prefix); an error when the range is empty.
 */
function readAutoscaler({ reader, diagnostics, option }: DeploymentReader): KubernetesResources['autoscaler'] {
  const autoscalerOption = (key: string): [RawValue | undefined, string] => {
    const plain = option(key);
    if (plain) return [plain, key];
    return [option(`kubernetes.operator.${key}`), `kubernetes.operator.${key}`];
  };
  const [enabledRaw, enabledKey] = autoscalerOption('job.autoscaler.enabled');
  const enabled = reader.boolean(enabledRaw, enabledKey);
  if (!enabled?.value) return undefined;
  const [minRaw, minKey] = autoscalerOption('job.autoscaler.vertex.min-parallelism');
  const [maxRaw, maxKey] = autoscalerOption('job.autoscaler.vertex.max-parallelism');
  const min = reader.number(minRaw, minKey);
  const max = reader.number(maxRaw, maxKey);
  const lo = min?.value ?? AUTOSCALER_DEFAULTS.minParallelism;
  const hi = max?.value ?? AUTOSCALER_DEFAULTS.maxParallelism;
  if (lo > hi)
    diagnostics.push(
      diagnostic(
        'error',
        'descriptor-invalid-value',
        `${minKey} ${lo} is above ${maxKey} ${hi}: the autoscaler has no parallelism to choose`,
        (min ?? max)!.range,
      ),
    );
  return { enabled, ...(min ? { minParallelism: min } : {}), ...(max ? { maxParallelism: max } : {}) };
}

/**
 * A file holding session clusters and the FlinkSessionJobs that run on them: each job takes its
 * cluster's task-manager resources and Flink version, and a cluster without
 * `taskManager.replicas` is sized for the slots of its jobs in this file (native mode starts task
 * managers for the slots its jobs ask for).
 */
function linkSessionJobs(jobs: JobSpec[], diagnostics: Diagnostic[]): void {
  const clusters = new Map<string, JobSpec>();
  for (const j of jobs) if (j.kubernetes?.role === 'session-cluster' && j.name) clusters.set(j.name.value, j);
  for (const j of jobs) {
    const k = j.kubernetes;
    if (k?.role !== 'session-job') continue;
    if (!k.sessionCluster) {
      diagnostics.push(
        diagnostic(
          'warning',
          'descriptor-session-cluster-missing',
          'a FlinkSessionJob without spec.deploymentName: its session cluster, and so its task managers, are unknown',
          j.name?.range ?? j.range,
        ),
      );
      continue;
    }
    const c = clusters.get(k.sessionCluster.value);
    if (!c) {
      diagnostics.push(
        diagnostic(
          'info',
          'descriptor-session-cluster-missing',
          `session cluster '${k.sessionCluster.value}' is not in this file: its task managers' CPU and memory are unknown, so this job is sized from its parallelism alone`,
          k.sessionCluster.range,
        ),
      );
      continue;
    }
    const ck = c.kubernetes!;
    if (ck.taskManagerCpu && !k.taskManagerCpu) k.taskManagerCpu = ck.taskManagerCpu;
    if (ck.taskManagerMemoryGB && !k.taskManagerMemoryGB) k.taskManagerMemoryGB = ck.taskManagerMemoryGB;
    if (ck.slots && !k.slots) k.slots = ck.slots;
    if (c.flinkVersion && !j.flinkVersion) j.flinkVersion = c.flinkVersion;
    ck.sessionJobs = [...(ck.sessionJobs ?? []), j.name?.value ?? '(unnamed)'];
    if (!j.parallelism) {
      diagnostics.push(
        diagnostic(
          'info',
          'descriptor-default-parallelism',
          `no spec.job.parallelism: the job runs at its cluster's parallelism.default${c.parallelism ? ` (${c.parallelism.value})` : ', 1 when not set'}`,
          j.parallelismBlockRange ?? j.range,
        ),
      );
      if (c.parallelism) j.parallelism = c.parallelism;
    }
  }
  for (const c of clusters.values()) {
    const ck = c.kubernetes!;
    const at = c.name?.range ?? c.range;
    if (ck.taskManagerReplicas) {
      c.parallelism = {
        value: ck.taskManagerReplicas.value * (ck.slots?.value ?? 1),
        range: ck.taskManagerReplicas.range,
      };
      continue;
    }
    const mine = jobs.filter(
      (j) => j.kubernetes?.role === 'session-job' && j.kubernetes.sessionCluster?.value === c.name?.value,
    );
    if (mine.length === 0) {
      diagnostics.push(
        diagnostic(
          'info',
          'descriptor-session-cluster-empty',
          'a session cluster without taskManager.replicas and with no FlinkSessionJob in this file: its task managers start on demand, for jobs this file does not show; sized here as one task manager',
          at,
        ),
      );
      c.parallelism = { value: ck.slots?.value ?? 1, range: at };
      continue;
    }
    const slotsUsed = mine.reduce((n, j) => n + (j.parallelism?.value ?? 1), 0);
    c.parallelism = { value: slotsUsed, range: at };
  }
}

/** Reads a JSON / YAML file that may be one of the formats above; undefined when it is none of them. */
export function parseYamlFormats(text: string, index: LineIndex): DescriptorFile | undefined {
  const diagnostics: Diagnostic[] = [];
  const src = parseYaml(text, index, diagnostics);
  const docs: Array<{ doc: Document.Parsed; w: Walker; root: YNode; kind: Kind }> = [];
  for (const doc of src.docs) {
    const w = new Walker(doc, src);
    const root = w.deref(doc.contents);
    const kind = classify(w, root);
    if (kind && root) docs.push({ doc, w, root, kind });
  }
  if (docs.length === 0) return undefined;
  const source: Kind = docs[0].kind;
  const jobs: JobSpec[] = [];
  for (const { w, root, kind } of docs) {
    if (kind !== source) continue;
    if (kind === 'flink-deployment') {
      const k = w.get(root, 'kind');
      jobs.push(
        flinkDeploymentJob(
          w,
          src,
          root,
          diagnostics,
          k && isScalar(k) && k.value === 'FlinkSessionJob' ? 'FlinkSessionJob' : 'FlinkDeployment',
        ),
      );
    } else if (kind === 'cloudformation') jobs.push(...cloudFormationJobs(w, src, root, diagnostics));
    else {
      const v = new YamlValues(w, src, diagnostics);
      const job = awsApiJob(v, root, new ValueReader(diagnostics, 'deploy'));
      if (job) jobs.push(job);
    }
  }
  if (source === 'flink-deployment') linkSessionJobs(jobs, diagnostics);
  return { source, jobs, diagnostics };
}
