// Section 4 of docs/sizing-model.md: from logical state to disk, KPUs, money and snapshot time
// on AWS Managed Service for Apache Flink; plus the KPU-equivalent of a Kubernetes FlinkDeployment.
//
//   onDisk        = Σ operator state × its compression × its space amplification
//                   compression 0.45 (only fixed-width fields) or 0.65 (strings, bytes, collections);
//                   space amplification 1.0 (written once per key) or 1.4 (updated in place);
//                   measured assumptions, or the user's one value for every operator
//   storage KPUs  = ceil(onDisk × keySkew / (50 GB × maxDiskUse))
//   CPU KPUs      = ceil(Parallelism / ParallelismPerKPU)        (= the configured KPUs; a FlinkDeployment: max(cpu, memory))
//   memory KPUs   = ceil(memoryGB / 4)                           (0 when undeclared)
//   required      = max(cpu, memory, storage)
//   billed        = configured + 1 orchestration                 (what AWS bills; autoscaling adds, never removes)
//   to fit        = max(configured, required) + 1                (only when required > configured)
//   monthly USD   = KPUs × KPU-hour × hoursPerMonth (730) + (KPUs − 1) × 50 GB × storage price
//                   + retainedSnapshots × state GB × backup price
//   snapshot s    = state / (configured KPUs × snapshot MB/s per KPU); scaling ≈ snapshot + restore
// Snapshots and backups are the logical state: a Managed Flink snapshot is a savepoint in canonical
// format, and execution.checkpointing.snapshot-compression defaults to false.
import type { Assumptions } from './defaults';
import { ceilSafe, fmt, fmtGB, nonNeg, positive, safe } from './num';
import { type PriceOverride, resolvePrice, type ResolvedPrice } from './prices';
import type { Term, WritePattern } from './types';

/** Facts of AWS Managed Service for Apache Flink, with sources (developer guide pages). */
export const AWS_FACTS = Object.freeze({
  kpu: {
    vcpu: 1,
    memoryGB: 4,
    storageGB: 50,
    source: 'AWS docs how-resources: 1 vCPU + 4 GB memory + 50 GB running application storage, not divisible',
  },
  orchestrationKPU: {
    value: 1,
    source: 'AWS docs how-pricing / how-scaling: one additional KPU per application for orchestration',
  },
  studioExtraKPU: {
    value: 2,
    source:
      'AWS pricing page: two additional KPUs per Studio notebook application, one for orchestration and one for interactive development (Infracost: "2 orchestration KPUs" for Studio)',
  },
  legacySql: {
    extraKPU: 0,
    runningStorage: false,
    source:
      'Kinesis Data Analytics for SQL (runtime SQL-1_0): KPUs only, no orchestration KPU, no running application storage, no snapshots (Infracost prices SQL-1_0 so: only the stream KPUs)',
  },
  parallelismPerKPU: { default: 1, min: 1, max: 8, source: 'AWS docs how-scaling' },
  parallelism: { default: 1, defaultMax: 256, source: 'AWS docs limits' },
  kpuQuotaPerApplication: { value: 64, source: 'AWS docs limits (default quota, can be raised)' },
  autoscaling: {
    scaleUpCpuPercent: 75,
    scaleUpAfterMinutes: 15,
    scaleUpFactor: 2,
    scaleDownCpuPercent: 10,
    scaleDownAfterHours: 6,
    scaleDownFactor: 0.5,
    neverBelowConfiguredParallelism: true,
    source: 'AWS docs how-scaling-auto',
  },
  billing: { perSecond: true, minimumMinutes: 10, source: 'AWS docs how-pricing' },
  snapshotOnStop: { defaultEnabled: true, source: 'seed pages (Zalando 2026-03); Terraform snapshots_enabled' },
});

/** What section 4 needs of one operator (an OperatorState is one): its bytes and how RocksDB stores them. */
export interface StatePart {
  stateBytes: number;
  /** Absent: 'in-place'. */
  writePattern?: WritePattern;
  /** Absent: true. */
  variableLength?: boolean;
  /** false: not estimated (its bytes are unknown and not counted). */
  estimated?: boolean;
}

export interface DiskFactors {
  compression: number;
  spaceAmplification: number;
  /** e.g. "variable-length, updated in place", or "your compression, written once". */
  label: string;
}

/**
 * Compression and space amplification of one operator's entries: the user's one value when set,
 * else by its row content and write pattern (measured defaults; absent fields: variable-length,
 * updated in place, i.e. 0.65 × 1.4).
 */
export function diskFactors(part: Pick<StatePart, 'writePattern' | 'variableLength'>, a: Assumptions): DiskFactors {
  const variable = part.variableLength !== false;
  const inPlace = part.writePattern !== 'once';
  const compression = a.compression ?? (variable ? a.compressionVariableLength : a.compressionFixedWidth);
  const spaceAmplification =
    a.spaceAmplification ?? (inPlace ? a.spaceAmplificationInPlace : a.spaceAmplificationWriteOnce);
  const c = a.compression !== undefined ? 'your compression' : variable ? 'variable-length' : 'fixed-width';
  const s =
    a.spaceAmplification !== undefined ? 'your space amplification' : inPlace ? 'updated in place' : 'written once';
  return { compression, spaceAmplification, label: `${c}, ${s}` };
}

export interface OnDisk {
  bytes: number;
  /** Logical bytes per class of (compression, space amplification), largest first. */
  classes: { stateBytes: number; onDiskBytes: number; factors: DiskFactors }[];
  formula: string;
}

/**
 * onDisk = Σ operator bytes × its compression × its space amplification. `stateBytes` is the job's
 * total; what `parts` do not account for (no parts given, or state outside them) is sized as the
 * default class (variable-length, updated in place). Parts adding up to more than the total are
 * scaled down to it.
 */
export function onDiskBytes(stateBytes: number, parts: readonly StatePart[] | undefined, a: Assumptions): OnDisk {
  const GB = a.bytesPerGB;
  const total = nonNeg(stateBytes);
  const counted = (parts ?? []).filter((p) => p.estimated !== false && nonNeg(p.stateBytes) > 0);
  let partSum = 0;
  for (const p of counted) partSum += nonNeg(p.stateBytes);
  const scale = partSum > total && partSum > 0 ? total / partSum : 1;
  // Bytes per kind of entry (fixed-width or not, written once or in place), in the order met: an
  // edit sizes every operator of the file again, so no part gets an object of its own here.
  const kindBytes = [0, 0, 0, 0];
  const kindsMet: number[] = [];
  const add = (bytes: number, part: Pick<StatePart, 'writePattern' | 'variableLength'>) => {
    const k = (part.variableLength === false ? 0 : 1) + (part.writePattern === 'once' ? 0 : 2);
    if (!kindsMet.includes(k)) kindsMet.push(k);
    kindBytes[k] += bytes;
  };
  for (const p of counted) add(nonNeg(p.stateBytes) * scale, p);
  const rest = total - partSum * scale;
  if (rest > total * 1e-12 && rest > 0) add(rest, {});
  // Kinds with the same factors (a compression or space amplification the user set) are one class.
  const byKey = new Map<string, { stateBytes: number; factors: DiskFactors }>();
  for (const k of kindsMet) {
    const f = diskFactors({ variableLength: k % 2 === 1, writePattern: k >= 2 ? 'in-place' : 'once' }, a);
    const key = `${f.compression}|${f.spaceAmplification}|${f.label}`;
    const hit = byKey.get(key);
    if (hit) hit.stateBytes += kindBytes[k];
    else byKey.set(key, { stateBytes: kindBytes[k], factors: f });
  }
  const classes = [...byKey.values()]
    .map((c) => ({
      stateBytes: c.stateBytes,
      onDiskBytes: safe(c.stateBytes * c.factors.compression * c.factors.spaceAmplification),
      factors: c.factors,
    }))
    .sort((x, y) => y.stateBytes - x.stateBytes);
  let bytes = 0;
  for (const c of classes) bytes += c.onDiskBytes;
  bytes = safe(bytes);
  const one = (c: (typeof classes)[number]) =>
    `${fmtGB(c.stateBytes, GB)} × ${fmt(c.factors.compression)} compression × ${fmt(c.factors.spaceAmplification)} space amplification (${c.factors.label})`;
  const formula =
    classes.length === 0
      ? `${fmtGB(0, GB)} of state = ${fmtGB(0, GB)}`
      : `${classes.map(one).join(' + ')} = ${fmtGB(bytes, GB)}`;
  return { bytes, classes, formula };
}

export interface JobSizingInput {
  /** Logical state bytes (sum of operator state). */
  stateBytes: number;
  /**
   * The operators that state is made of, each with its write pattern and row content (on-disk
   * bytes per operator); absent or partial: the rest is sized as variable-length, updated in place.
   */
  operators?: readonly StatePart[];
  parallelism: number;
  parallelismPerKPU: number;
  /**
   * How the CPU KPUs were found when `parallelism` carries them rather than a Parallelism (a
   * FlinkDeployment: its task managers' vCPUs, with parallelismPerKPU 1); shown as the CPU term.
   */
  cpuFormula?: string;
  /** Declared memory need in GB; undefined = no memory constraint. */
  memoryGB?: number;
  /**
   * The memory is bought with the configuration, not only needed (a Kubernetes FlinkDeployment's
   * task managers): the configured KPUs are then max(CPU KPUs, memory KPUs).
   */
  configuredIncludesMemory?: boolean;
  /** Share of Parallelism kept above need, e.g. 0.15. */
  overscale?: number;
  region: string;
  /** A user's price setting; used instead of the table when given. */
  priceOverride?: PriceOverride;
  assumptions: Assumptions;
  /** Absent: a Flink application. */
  application?: AwsApplicationKind;
  /** A job on a Kubernetes session cluster: its JobManager (the +1) is the cluster's, counted there. */
  sharedJobManager?: boolean;
}

export type Dimension = 'cpu' | 'memory' | 'storage';

/**
 * What AWS runs the job as: a Flink application (one orchestration KPU), a Studio notebook (two
 * more KPUs: orchestration and interactive development), or a legacy Kinesis Data Analytics SQL
 * application (not Flink: its KPUs only, no orchestration KPU, no running storage, no snapshots).
 */
export type AwsApplicationKind = 'flink' | 'studio' | 'legacy-sql';

/** The KPUs AWS bills beyond the configured ones, by kind of application (AWS_FACTS). */
function extraKpus(kind: AwsApplicationKind | undefined): number {
  return kind === 'studio'
    ? AWS_FACTS.studioExtraKPU.value
    : kind === 'legacy-sql'
      ? AWS_FACTS.legacySql.extraKPU
      : AWS_FACTS.orchestrationKPU.value;
}

export interface JobEstimate {
  stateBytes: number;
  onDiskBytes: number;
  snapshotSeconds: number;
  scalingSeconds: number;
  kpu: {
    /** ceil(Parallelism / ParallelismPerKPU). */
    configured: number;
    required: number;
    /** What AWS bills for the configuration: configured + extra (autoscaling can add more). */
    billed: number;
    /** KPUs billed beyond the configured ones: 1 orchestration, 2 for a Studio notebook, 0 for a legacy SQL application. */
    extra: number;
    application: AwsApplicationKind;
    binding: Dimension;
    byDimension: { cpu: number; memory: number; storage: number };
    /** What the required KPUs provide beyond each dimension's need: KPUs, and vCPU / GB. */
    idle: { cpu: number; memory: number; storage: number; vcpu: number; memoryGB: number; storageGB: number };
    /** False when the job's memory is not declared: its memory KPUs (0) and idle memory are then unknown. */
    memoryDeclared: boolean;
  };
  /** Configured KPUs >= storage KPUs. */
  fits: boolean;
  /** When it does not fit: the smallest Parallelism whose KPUs hold the state. */
  parallelismToFit?: number;
  /**
   * Only when the required KPUs exceed the configured ones (state does not fit, or declared memory
   * exceeds them): what the job needs, max(configured, required) + 1 KPUs, the smallest
   * Parallelism that configures them, and that month's cost (when a price is known).
   */
  toFit?: { kpu: number; parallelism: number; monthlyUsd?: number };
  /** The cost of the billed KPUs (the configuration as written). */
  cost?: {
    monthlyUsd: number;
    kpuUsd: number;
    storageUsd: number;
    backupUsd: number;
    region: string;
    priceSource: string;
    unverified: boolean;
    hoursPerMonth: number;
  };
  costUnavailableReason?: string;
  /** What the overscale margin costs: KPUs above ceil(Parallelism / (1 + overscale)), and USD/month. */
  overscale?: { kpu: number; monthlyUsd?: number; parallelismWithoutMargin: number };
  terms: Term[];
}

interface MonthlyCost {
  monthlyUsd: number;
  kpuUsd: number;
  storageUsd: number;
  backupUsd: number;
}

/**
 * The month of `billed` KPUs, `extra` of them beyond the configured ones (no running storage
 * counted for those); backups hold `snapshotBytes` (the logical state) per retained snapshot.
 * A legacy SQL application has neither running storage nor snapshots.
 */
function monthlyCost(
  billed: number,
  extra: number,
  snapshotBytes: number,
  p: ResolvedPrice,
  a: Assumptions,
  application: AwsApplicationKind,
): MonthlyCost {
  const flink = application !== 'legacy-sql';
  const kpuUsd = safe(billed * p.kpuHour * a.hoursPerMonth);
  const storageUsd =
    flink && a.billRunningStorage ? safe(Math.max(0, billed - extra) * AWS_FACTS.kpu.storageGB * p.storageGBMonth) : 0;
  const backupUsd = flink ? safe(a.retainedSnapshots * (snapshotBytes / a.bytesPerGB) * p.backupGBMonth) : 0;
  return { kpuUsd, storageUsd, backupUsd, monthlyUsd: safe(kpuUsd + storageUsd + backupUsd) };
}

/**
 * `1 orchestration`, `2 Studio (orchestration, interactive development)`, `0 orchestration (legacy
 * SQL application)`; `0 (the session cluster's JobManager)` for a job on a shared session cluster.
 */
export function extraText(application: AwsApplicationKind, extra?: number): string {
  if (extra === 0 && application === 'flink') return "0 (the session cluster's JobManager, counted with the cluster)";
  if (application === 'studio')
    return `${AWS_FACTS.studioExtraKPU.value} Studio (orchestration, interactive development)`;
  if (application === 'legacy-sql') return '0 orchestration (legacy SQL application)';
  return `${AWS_FACTS.orchestrationKPU.value} orchestration`;
}

/** What every step of estimateJob reads of the job, and the terms the steps explain their numbers with, in order. */
interface JobSizing {
  input: JobSizingInput;
  a: Assumptions;
  stateBytes: number;
  parallelism: number;
  /** ParallelismPerKPU. */
  ppk: number;
  terms: Term[];
}

/** The KPUs each dimension needs (§4.2), with the memory GB declared (undefined: none). */
interface KpuNeeds {
  storage: number;
  cpu: number;
  memory: number;
  memGB: number | undefined;
}

/** The KPUs configured, required (and the dimension that binds), billed, and what fitting the need takes. */
interface KpuCounts {
  configured: number;
  required: number;
  binding: Dimension;
  application: AwsApplicationKind;
  /** KPUs billed beyond the configured ones. */
  orchestration: number;
  billed: number;
  toFit?: { kpu: number; parallelism: number };
}

/** Section 4: disk, KPUs per dimension, fit, billed KPUs, what fits, monthly cost, snapshot and scaling time. */
export function estimateJob(input: JobSizingInput): JobEstimate {
  const a = input.assumptions;
  const job: JobSizing = {
    input,
    a,
    stateBytes: nonNeg(input.stateBytes),
    parallelism: Math.max(1, Math.ceil(positive(input.parallelism, 1))),
    ppk: Math.max(1, Math.floor(positive(input.parallelismPerKPU, 1))),
    terms: [],
  };
  const disk = onDiskBytes(job.stateBytes, input.operators, a);
  job.terms.push({ label: 'on-disk state', value: disk.bytes, unit: 'bytes', formula: disk.formula });
  const need = kpuNeeds(job, disk.bytes);
  const kpu = kpuCounts(job, need);
  const idle = idleCapacity(a, need, kpu.required, disk.bytes);
  const fit = storageFit(job, kpu.configured, need.storage);
  const time = snapshotTime(job, kpu.configured);
  const est: JobEstimate = {
    stateBytes: job.stateBytes,
    onDiskBytes: disk.bytes,
    snapshotSeconds: time.snapshotSeconds,
    scalingSeconds: time.scalingSeconds,
    kpu: {
      configured: kpu.configured,
      required: kpu.required,
      billed: kpu.billed,
      extra: kpu.orchestration,
      application: kpu.application,
      binding: kpu.binding,
      byDimension: { cpu: need.cpu, memory: need.memory, storage: need.storage },
      idle,
      memoryDeclared: need.memGB !== undefined,
    },
    fits: fit.fits,
    parallelismToFit: fit.parallelismToFit,
    toFit: kpu.toFit,
    terms: job.terms,
  };
  const price = priceTheMonth(job, kpu, est);
  const overscale = overscaleMargin(job, need, kpu, price);
  if (overscale) est.overscale = overscale;
  return est;
}

/**
 * §4.2: storage KPUs for the on-disk state (with key skew, at the max disk use), CPU KPUs for the
 * Parallelism, memory KPUs for the declared GB (0 when undeclared).
 */
function kpuNeeds({ input, a, parallelism, ppk, terms }: JobSizing, onDisk: number): KpuNeeds {
  const GB = a.bytesPerGB;
  const usableGB = AWS_FACTS.kpu.storageGB * a.maxDiskUse;
  const storageRatio = (onDisk * a.keySkew) / (usableGB * GB);
  const storage = ceilSafe(storageRatio);
  terms.push({
    label: 'storage KPUs',
    value: storage,
    unit: 'KPU',
    formula: `ceil(${fmtGB(onDisk, GB)} × ${fmt(a.keySkew)} skew / (50 GB × ${fmt(a.maxDiskUse)} max disk use)) = ceil(${fmt(storageRatio)}) = ${storage}`,
  });

  const cpu = ceilSafe(parallelism / ppk);
  terms.push({
    label: 'CPU KPUs',
    value: cpu,
    unit: 'KPU',
    formula: input.cpuFormula ?? `ceil(${parallelism} Parallelism / ${ppk} ParallelismPerKPU) = ${cpu}`,
  });

  const memGB = input.memoryGB !== undefined ? nonNeg(input.memoryGB) : undefined;
  const memory = memGB !== undefined ? ceilSafe(memGB / AWS_FACTS.kpu.memoryGB) : 0;
  terms.push({
    label: 'memory KPUs',
    value: memory,
    unit: 'KPU',
    formula: memGB !== undefined ? `ceil(${fmt(memGB)} GB / 4 GB) = ${memory}` : '0 (no memory need declared)',
  });
  return { storage, cpu, memory, memGB };
}

/**
 * §4.2-4.3: the configured KPUs, the required ones (the largest need; ties go to CPU, then memory),
 * the billed ones (configured + the application's extra KPUs) and, when the need exceeds the
 * configuration, the KPUs and the smallest Parallelism that fit it.
 */
function kpuCounts({ input, ppk, terms }: JobSizing, { cpu, memory, storage }: KpuNeeds): KpuCounts {
  const configured = input.configuredIncludesMemory ? Math.max(cpu, memory) : cpu;
  const required = Math.max(cpu, memory, storage);
  // Ties: CPU first (the configured Parallelism sets it anyway), then memory, then storage.
  const binding: Dimension = required === cpu ? 'cpu' : required === memory ? 'memory' : 'storage';
  terms.push({
    label: 'required KPUs',
    value: required,
    unit: 'KPU',
    formula: `max(${cpu} cpu, ${memory} memory, ${storage} storage) = ${required}, bound by ${binding}`,
  });

  const application: AwsApplicationKind = input.application ?? 'flink';
  const orchestration = input.sharedJobManager ? 0 : extraKpus(application);
  const billed = configured + orchestration;
  terms.push({
    label: 'billed KPUs',
    value: billed,
    unit: 'KPU',
    formula: `${configured} configured + ${extraText(application, orchestration)} = ${billed} (${application === 'legacy-sql' ? 'a SQL application is billed the KPUs the service scales it to; shown per KPU' : 'what AWS bills for this configuration; autoscaling can add KPUs, never fewer'})`,
  });
  const counts: KpuCounts = { configured, required, binding, application, orchestration, billed };
  if (required > configured) {
    const kpu = Math.max(configured, required) + orchestration;
    const parallelism = (kpu - orchestration - 1) * ppk + 1;
    terms.push({
      label: 'KPUs to fit',
      value: kpu,
      unit: 'KPU',
      formula: `max(${configured} configured, ${required} required) + ${extraText(application, orchestration)} = ${kpu}: Parallelism (${required} − 1) × ${ppk} + 1 = ${parallelism} configures them`,
    });
    counts.toFit = { kpu, parallelism };
  }
  return counts;
}

/** What the required KPUs provide beyond each dimension's need: KPUs, and vCPU / GB. */
function idleCapacity(a: Assumptions, need: KpuNeeds, required: number, onDisk: number): JobEstimate['kpu']['idle'] {
  const K = AWS_FACTS.kpu;
  const storageNeedGB = (onDisk * a.keySkew) / a.bytesPerGB / a.maxDiskUse;
  return {
    cpu: required - need.cpu,
    memory: required - need.memory,
    storage: required - need.storage,
    vcpu: required * K.vcpu - need.cpu,
    memoryGB: safe(required * K.memoryGB - (need.memGB ?? 0)),
    storageGB: safe(required * K.storageGB - storageNeedGB),
  };
}

/** §4.2: whether the configured KPUs hold the state, and else the smallest Parallelism whose KPUs do. */
function storageFit(
  { ppk, terms }: JobSizing,
  configured: number,
  storage: number,
): { fits: boolean; parallelismToFit?: number } {
  const fits = configured >= storage;
  const parallelismToFit = fits ? undefined : (storage - 1) * ppk + 1;
  terms.push({
    label: 'fits',
    value: fits ? 1 : 0,
    unit: 'ratio',
    formula: fits
      ? `${configured} configured KPUs >= ${storage} storage KPUs`
      : `${configured} configured KPUs < ${storage} storage KPUs: smallest Parallelism that fits = (${storage} − 1) × ${ppk} + 1 = ${parallelismToFit}`,
  });
  return { fits, parallelismToFit };
}

/** §4.5: the time to take a snapshot of the logical state at the configured KPUs, and a scaling operation's. */
function snapshotTime(
  { a, stateBytes, terms }: JobSizing,
  configured: number,
): { snapshotSeconds: number; scalingSeconds: number } {
  // A Managed Flink snapshot is a canonical savepoint, uncompressed by default
  // (execution.checkpointing.snapshot-compression: false): the logical state, not the SST files.
  const mbps = a.snapshotMBpsPerKPU;
  const snapshotSeconds = safe(stateBytes / (configured * mbps * 1e6));
  terms.push({
    label: 'snapshot time',
    value: snapshotSeconds,
    unit: 's',
    formula: `${fmtGB(stateBytes, a.bytesPerGB)} logical state (a canonical savepoint, not compressed) / (${configured} KPUs × ${fmt(mbps)} MB/s) = ${fmt(snapshotSeconds)} s`,
  });
  const scalingSeconds = safe(2 * snapshotSeconds);
  terms.push({
    label: 'scaling operation',
    value: scalingSeconds,
    unit: 's',
    formula: `${fmt(snapshotSeconds)} s snapshot + ${fmt(snapshotSeconds)} s restore = ${fmt(scalingSeconds)} s`,
  });
  return { snapshotSeconds, scalingSeconds };
}

/**
 * §4.4: the month of the billed KPUs (and of the KPUs to fit) at the region's price, set on `est`
 * with its terms; or why there is no price. Returns the price used.
 */
function priceTheMonth(job: JobSizing, kpu: KpuCounts, est: JobEstimate): ResolvedPrice | undefined {
  const { input, a, stateBytes, terms } = job;
  const { billed, orchestration, application } = kpu;
  const lookup = resolvePrice(input.region, input.priceOverride);
  if (!lookup.ok) {
    est.costUnavailableReason = lookup.reason;
    return undefined;
  }
  const price = lookup.price;
  const c = monthlyCost(billed, orchestration, stateBytes, price, a, application);
  est.cost = {
    ...c,
    region: price.region,
    priceSource: price.source,
    unverified: price.unverified,
    hoursPerMonth: a.hoursPerMonth,
  };
  terms.push(...costTerms(job, kpu, price, c));
  if (est.toFit) {
    const f = monthlyCost(est.toFit.kpu, orchestration, stateBytes, price, a, application);
    est.toFit.monthlyUsd = f.monthlyUsd;
    terms.push({
      label: 'monthly cost to fit',
      value: f.monthlyUsd,
      unit: 'USD/month',
      formula: `${est.toFit.kpu} KPUs: ${fmt(f.kpuUsd)} + ${fmt(f.storageUsd)} + ${fmt(f.backupUsd)} = ${fmt(f.monthlyUsd)} USD`,
    });
  }
  return price;
}

/** The terms of the billed KPUs' month: KPU-hours, running storage, backups and their sum. */
function costTerms(
  { a, stateBytes }: JobSizing,
  { billed, orchestration, application }: KpuCounts,
  price: ResolvedPrice,
  c: MonthlyCost,
): Term[] {
  return [
    {
      label: 'KPU cost',
      value: c.kpuUsd,
      unit: 'USD/month',
      formula: `${billed} billed KPUs × ${fmt(price.kpuHour)} USD/KPU-hour × ${fmt(a.hoursPerMonth)} h = ${fmt(c.kpuUsd)} USD`,
    },
    {
      label: 'running storage cost',
      value: c.storageUsd,
      unit: 'USD/month',
      formula:
        application === 'legacy-sql'
          ? '0 USD (a SQL application has no running application storage)'
          : a.billRunningStorage
            ? `(${billed} − ${orchestration}) KPUs × 50 GB × ${fmt(price.storageGBMonth)} USD/GB-month = ${fmt(c.storageUsd)} USD`
            : '0 USD (running storage treated as included: billRunningStorage off)',
    },
    {
      label: 'backup cost',
      value: c.backupUsd,
      unit: 'USD/month',
      formula:
        application === 'legacy-sql'
          ? '0 USD (a SQL application takes no snapshots)'
          : `${fmt(a.retainedSnapshots)} snapshots × ${fmtGB(stateBytes, a.bytesPerGB)} logical state × ${fmt(price.backupGBMonth)} USD/GB-month = ${fmt(c.backupUsd)} USD`,
    },
    {
      label: 'monthly cost',
      value: c.monthlyUsd,
      unit: 'USD/month',
      formula: `${fmt(c.kpuUsd)} + ${fmt(c.storageUsd)} + ${fmt(c.backupUsd)} = ${fmt(c.monthlyUsd)} USD for ${billed} billed KPUs (${price.region}, ${price.source}${price.unverified ? ', unverified' : ''})`,
    },
  ];
}

/**
 * §4.6: what the overscale margin costs, i.e. what dropping it saves: the KPUs above the Parallelism
 * without it, but never below what the job needs for memory and storage. Undefined without a margin.
 */
function overscaleMargin(
  { input, a, stateBytes, parallelism, ppk, terms }: JobSizing,
  { memory, storage }: KpuNeeds,
  { configured, billed, orchestration, application }: KpuCounts,
  price: ResolvedPrice | undefined,
): JobEstimate['overscale'] {
  const o = nonNeg(input.overscale);
  if (!(o > 0)) return undefined;
  const needP = Math.max(1, ceilSafe(parallelism / (1 + o)));
  const cpuNeed = ceilSafe(needP / ppk);
  const kpuNeed = Math.max(cpuNeed, memory, storage);
  const kpu = Math.max(0, configured - kpuNeed);
  const billedWithout = billed - kpu;
  const monthlyUsd = price
    ? safe(
        monthlyCost(billed, orchestration, stateBytes, price, a, application).monthlyUsd -
          monthlyCost(billedWithout, orchestration, stateBytes, price, a, application).monthlyUsd,
      )
    : undefined;
  terms.push({
    label: 'overscale margin',
    value: kpu,
    unit: 'KPU',
    formula: `Parallelism without the ${fmt(o * 100)} % margin = ceil(${parallelism} / ${fmt(1 + o)}) = ${needP}; KPUs then max(ceil(${needP} / ${ppk}), ${memory} memory, ${storage} storage) = ${kpuNeed}; margin = max(0, ${configured} configured − ${kpuNeed}) = ${kpu} KPUs`,
  });
  if (monthlyUsd !== undefined)
    terms.push({
      label: 'overscale margin cost',
      value: monthlyUsd,
      unit: 'USD/month',
      formula: `cost at ${billed} billed KPUs − cost at ${billedWithout} = ${fmt(monthlyUsd)} USD`,
    });
  return { kpu, monthlyUsd, parallelismWithoutMargin: needP };
}

// ---------------------------------------------------------------------------------------------
// Kubernetes FlinkDeployment

export interface FlinkDeploymentInput {
  parallelism: number;
  /** `spec.taskManager.replicas`: the task managers when set (else ceil(parallelism / slots)). */
  taskManagers?: number;
  /** taskmanager.numberOfTaskSlots (default 1). */
  slotsPerTaskManager?: number;
  /** spec.taskManager.resource.cpu. */
  taskManagerCpu: number;
  /** spec.taskManager.resource.memory in GB. */
  taskManagerMemoryGB: number;
  stateBytes: number;
  assumptions: Assumptions;
}

export interface FlinkDeploymentEstimate {
  taskManagers: number;
  /** ceil(max(TMs × cpu, TMs × memGB / 4, onDisk GB / 50)) + 1 for the JobManager. */
  kpuEquivalent: number;
  byDimension: { cpu: number; memory: number; storage: number };
  binding: Dimension;
  /** Always true: a comparison aid, not an AWS bill. */
  estimate: true;
  note: string;
  terms: Term[];
}

/** KPU-equivalent of a FlinkDeployment (an estimate: Kubernetes resources are not KPUs). */
export function estimateFlinkDeployment(input: FlinkDeploymentInput): FlinkDeploymentEstimate {
  const a = input.assumptions;
  const GB = a.bytesPerGB;
  const p = Math.max(1, Math.ceil(positive(input.parallelism, 1)));
  const slots = Math.max(1, Math.floor(positive(input.slotsPerTaskManager, 1)));
  const replicas = input.taskManagers !== undefined ? Math.floor(positive(input.taskManagers, 0)) : 0;
  const tms = replicas > 0 ? replicas : ceilSafe(p / slots);
  const cpu = safe(tms * nonNeg(input.taskManagerCpu));
  const memory = safe((tms * nonNeg(input.taskManagerMemoryGB)) / AWS_FACTS.kpu.memoryGB);
  const onDisk = onDiskBytes(nonNeg(input.stateBytes), undefined, a).bytes;
  const storage = safe(onDisk / GB / AWS_FACTS.kpu.storageGB);
  const m = Math.max(cpu, memory, storage);
  const binding: Dimension = m === cpu ? 'cpu' : m === memory ? 'memory' : 'storage';
  const kpuEquivalent = ceilSafe(m) + 1;
  return {
    taskManagers: tms,
    kpuEquivalent,
    byDimension: { cpu, memory, storage },
    binding,
    estimate: true,
    note: 'estimate: Kubernetes resources compared with KPUs (1 vCPU, 4 GB, 50 GB each) plus 1 for the JobManager; not an AWS price',
    terms: [
      {
        label: 'task managers',
        value: tms,
        unit: 'ratio',
        formula: replicas > 0 ? `${tms} (taskManager.replicas)` : `ceil(${p} parallelism / ${slots} slots) = ${tms}`,
      },
      {
        label: 'KPU-equivalent',
        value: kpuEquivalent,
        unit: 'KPU',
        formula: `ceil(max(${tms} × ${fmt(nonNeg(input.taskManagerCpu))} cpu = ${fmt(cpu)}, ${tms} × ${fmt(nonNeg(input.taskManagerMemoryGB))} GB / 4 = ${fmt(memory)}, ${fmtGB(onDisk, GB)} on disk / 50 GB = ${fmt(storage)})) + 1 JobManager = ${kpuEquivalent} (estimate)`,
      },
    ],
  };
}
