// Section 4 of sizing-model.md: from logical state to disk, KPUs, money and snapshot time on
// AWS Managed Service for Apache Flink; plus the KPU-equivalent of a Kubernetes FlinkDeployment.
//
//   onDisk        = state × compression × spaceAmplification
//   storage KPUs  = ceil(onDisk × keySkew / (50 GB × maxDiskUse))
//   CPU KPUs      = ceil(Parallelism / ParallelismPerKPU)        (= the configured KPUs)
//   memory KPUs   = ceil(memoryGB / 4)                           (0 when undeclared)
//   required      = max(cpu, memory, storage)
//   billed        = max(configured, required) + 1 orchestration
//   monthly USD   = billed × KPU-hour × 730 + (billed − 1) × 50 GB × storage price
//                   + retainedSnapshots × onDisk GB × backup price
//   snapshot s    = onDisk / (configured KPUs × snapshot MB/s per KPU); scaling ≈ snapshot + restore
import type { Assumptions } from './defaults';
import { ceilSafe, fmt, fmtGB, nonNeg, positive, safe } from './num';
import { type PriceOverride, resolvePrice, type ResolvedPrice } from './prices';
import type { Term } from './types';

/** Facts of AWS Managed Service for Apache Flink, with sources (developer guide pages). */
export const AWS_FACTS = Object.freeze({
  kpu: { vcpu: 1, memoryGB: 4, storageGB: 50, source: 'AWS docs how-resources: 1 vCPU + 4 GB memory + 50 GB running application storage, not divisible' },
  orchestrationKPU: { value: 1, source: 'AWS docs how-pricing / how-scaling: one additional KPU per application for orchestration' },
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

export const PARALLELISM_PER_KPU_MIN = AWS_FACTS.parallelismPerKPU.min;
export const PARALLELISM_PER_KPU_MAX = AWS_FACTS.parallelismPerKPU.max;
export const DEFAULT_MAX_PARALLELISM = AWS_FACTS.parallelism.defaultMax;
export const KPU_QUOTA_PER_APPLICATION = AWS_FACTS.kpuQuotaPerApplication.value;

export interface JobSizingInput {
  /** Logical state bytes (sum of operator state). */
  stateBytes: number;
  parallelism: number;
  parallelismPerKPU: number;
  /** Declared memory need in GB; undefined = no memory constraint. */
  memoryGB?: number;
  /** Share of Parallelism kept above need, e.g. 0.15. */
  overscale?: number;
  region: string;
  /** A user's price setting; used instead of the table when given. */
  priceOverride?: PriceOverride;
  assumptions: Assumptions;
}

export type Dimension = 'cpu' | 'memory' | 'storage';

export interface JobEstimate {
  stateBytes: number;
  onDiskBytes: number;
  snapshotSeconds: number;
  scalingSeconds: number;
  kpu: {
    configured: number;
    required: number;
    billed: number;
    binding: Dimension;
    byDimension: { cpu: number; memory: number; storage: number };
    /** What the required KPUs provide beyond each dimension's need: KPUs, and vCPU / GB. */
    idle: { cpu: number; memory: number; storage: number; vcpu: number; memoryGB: number; storageGB: number };
  };
  /** Configured KPUs >= storage KPUs. */
  fits: boolean;
  /** When it does not fit: the smallest Parallelism whose KPUs hold the state. */
  parallelismToFit?: number;
  cost?: { monthlyUsd: number; kpuUsd: number; storageUsd: number; backupUsd: number; region: string; priceSource: string; unverified: boolean };
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

function monthlyCost(billed: number, onDiskBytes: number, p: ResolvedPrice, a: Assumptions): MonthlyCost {
  const kpuUsd = safe(billed * p.kpuHour * a.hoursPerMonth);
  const storageUsd = a.billRunningStorage ? safe(Math.max(0, billed - AWS_FACTS.orchestrationKPU.value) * AWS_FACTS.kpu.storageGB * p.storageGBMonth) : 0;
  const backupUsd = safe(a.retainedSnapshots * (onDiskBytes / a.bytesPerGB) * p.backupGBMonth);
  return { kpuUsd, storageUsd, backupUsd, monthlyUsd: safe(kpuUsd + storageUsd + backupUsd) };
}

/** Section 4: disk, KPUs per dimension, fit, billed KPUs, monthly cost, snapshot and scaling time. */
export function estimateJob(input: JobSizingInput): JobEstimate {
  const a = input.assumptions;
  const GB = a.bytesPerGB;
  const K = AWS_FACTS.kpu;
  const terms: Term[] = [];
  const stateBytes = nonNeg(input.stateBytes);
  const parallelism = Math.max(1, Math.ceil(positive(input.parallelism, 1)));
  const ppk = Math.max(1, Math.floor(positive(input.parallelismPerKPU, 1)));

  const onDisk = safe(stateBytes * a.compression * a.spaceAmplification);
  terms.push({ label: 'on-disk state', value: onDisk, unit: 'bytes', formula: `${fmtGB(stateBytes, GB)} × ${fmt(a.compression)} compression × ${fmt(a.spaceAmplification)} space amplification = ${fmtGB(onDisk, GB)}` });

  const usableGB = K.storageGB * a.maxDiskUse;
  const storageRatio = (onDisk * a.keySkew) / (usableGB * GB);
  const storage = ceilSafe(storageRatio);
  terms.push({ label: 'storage KPUs', value: storage, unit: 'KPU', formula: `ceil(${fmtGB(onDisk, GB)} × ${fmt(a.keySkew)} skew / (50 GB × ${fmt(a.maxDiskUse)} max disk use)) = ceil(${fmt(storageRatio)}) = ${storage}` });

  const cpu = ceilSafe(parallelism / ppk);
  terms.push({ label: 'CPU KPUs', value: cpu, unit: 'KPU', formula: `ceil(${parallelism} Parallelism / ${ppk} ParallelismPerKPU) = ${cpu}` });

  const memGB = input.memoryGB !== undefined ? nonNeg(input.memoryGB) : undefined;
  const memory = memGB !== undefined ? ceilSafe(memGB / K.memoryGB) : 0;
  terms.push({ label: 'memory KPUs', value: memory, unit: 'KPU', formula: memGB !== undefined ? `ceil(${fmt(memGB)} GB / 4 GB) = ${memory}` : '0 (no memory need declared)' });

  const configured = cpu;
  const required = Math.max(cpu, memory, storage);
  // Ties: CPU first (the configured Parallelism sets it anyway), then memory, then storage.
  const binding: Dimension = required === cpu ? 'cpu' : required === memory ? 'memory' : 'storage';
  terms.push({ label: 'required KPUs', value: required, unit: 'KPU', formula: `max(${cpu} cpu, ${memory} memory, ${storage} storage) = ${required}, bound by ${binding}` });

  const billed = Math.max(configured, required) + AWS_FACTS.orchestrationKPU.value;
  terms.push({ label: 'billed KPUs', value: billed, unit: 'KPU', formula: `max(${configured} configured, ${required} required) + 1 orchestration = ${billed}` });

  const storageNeedGB = (onDisk * a.keySkew) / GB / a.maxDiskUse;
  const idle = {
    cpu: required - cpu,
    memory: required - memory,
    storage: required - storage,
    vcpu: required * K.vcpu - cpu,
    memoryGB: safe(required * K.memoryGB - (memGB ?? 0)),
    storageGB: safe(required * K.storageGB - storageNeedGB),
  };

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

  const mbps = a.snapshotMBpsPerKPU;
  const snapshotSeconds = safe(onDisk / (configured * mbps * 1e6));
  terms.push({ label: 'snapshot time', value: snapshotSeconds, unit: 's', formula: `${fmtGB(onDisk, GB)} / (${configured} KPUs × ${fmt(mbps)} MB/s) = ${fmt(snapshotSeconds)} s` });
  const scalingSeconds = safe(2 * snapshotSeconds);
  terms.push({ label: 'scaling operation', value: scalingSeconds, unit: 's', formula: `${fmt(snapshotSeconds)} s snapshot + ${fmt(snapshotSeconds)} s restore = ${fmt(scalingSeconds)} s` });

  const est: JobEstimate = {
    stateBytes,
    onDiskBytes: onDisk,
    snapshotSeconds,
    scalingSeconds,
    kpu: { configured, required, billed, binding, byDimension: { cpu, memory, storage }, idle },
    fits,
    parallelismToFit,
    terms,
  };

  const lookup = resolvePrice(input.region, input.priceOverride);
  let price: ResolvedPrice | undefined;
  if (lookup.ok) {
    price = lookup.price;
    const c = monthlyCost(billed, onDisk, price, a);
    est.cost = { ...c, region: price.region, priceSource: price.source, unverified: price.unverified };
    terms.push({ label: 'KPU cost', value: c.kpuUsd, unit: 'USD/month', formula: `${billed} KPUs × ${fmt(price.kpuHour)} USD/KPU-hour × ${fmt(a.hoursPerMonth)} h = ${fmt(c.kpuUsd)} USD` });
    terms.push({
      label: 'running storage cost',
      value: c.storageUsd,
      unit: 'USD/month',
      formula: a.billRunningStorage
        ? `(${billed} − 1) KPUs × 50 GB × ${fmt(price.storageGBMonth)} USD/GB-month = ${fmt(c.storageUsd)} USD`
        : '0 USD (running storage treated as included: billRunningStorage off)',
    });
    terms.push({ label: 'backup cost', value: c.backupUsd, unit: 'USD/month', formula: `${fmt(a.retainedSnapshots)} snapshots × ${fmtGB(onDisk, GB)} × ${fmt(price.backupGBMonth)} USD/GB-month = ${fmt(c.backupUsd)} USD` });
    terms.push({ label: 'monthly cost', value: c.monthlyUsd, unit: 'USD/month', formula: `${fmt(c.kpuUsd)} + ${fmt(c.storageUsd)} + ${fmt(c.backupUsd)} = ${fmt(c.monthlyUsd)} USD (${price.region}, ${price.source}${price.unverified ? ', unverified' : ''})` });
  } else {
    est.costUnavailableReason = lookup.reason;
  }

  const o = nonNeg(input.overscale);
  if (o > 0) {
    const needP = Math.max(1, ceilSafe(parallelism / (1 + o)));
    const cpuNeed = ceilSafe(needP / ppk);
    const billedNeed = Math.max(cpuNeed, memory, storage) + AWS_FACTS.orchestrationKPU.value;
    const kpu = Math.max(0, billed - billedNeed);
    const monthlyUsd = price ? safe(monthlyCost(billed, onDisk, price, a).monthlyUsd - monthlyCost(billedNeed, onDisk, price, a).monthlyUsd) : undefined;
    est.overscale = { kpu, monthlyUsd, parallelismWithoutMargin: needP };
    terms.push({
      label: 'overscale margin',
      value: kpu,
      unit: 'KPU',
      formula: `Parallelism without the ${fmt(o * 100)} % margin = ceil(${parallelism} / ${fmt(1 + o)}) = ${needP}; billed then max(ceil(${needP} / ${ppk}), ${memory}, ${storage}) + 1 = ${billedNeed}; margin = ${billed} − ${billedNeed} = ${kpu} KPUs`,
    });
    if (monthlyUsd !== undefined) terms.push({ label: 'overscale margin cost', value: monthlyUsd, unit: 'USD/month', formula: `cost at ${billed} billed KPUs − cost at ${billedNeed} = ${fmt(monthlyUsd)} USD` });
  }
  return est;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes FlinkDeployment

export interface FlinkDeploymentInput {
  parallelism: number;
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
  const tms = ceilSafe(p / slots);
  const cpu = safe(tms * nonNeg(input.taskManagerCpu));
  const memory = safe((tms * nonNeg(input.taskManagerMemoryGB)) / AWS_FACTS.kpu.memoryGB);
  const onDisk = safe(nonNeg(input.stateBytes) * a.compression * a.spaceAmplification);
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
      { label: 'task managers', value: tms, unit: 'ratio', formula: `ceil(${p} parallelism / ${slots} slots) = ${tms}` },
      { label: 'KPU-equivalent', value: kpuEquivalent, unit: 'KPU', formula: `ceil(max(${tms} × ${fmt(nonNeg(input.taskManagerCpu))} cpu = ${fmt(cpu)}, ${tms} × ${fmt(nonNeg(input.taskManagerMemoryGB))} GB / 4 = ${fmt(memory)}, ${fmtGB(onDisk, GB)} on disk / 50 GB = ${fmt(storage)})) + 1 JobManager = ${kpuEquivalent} (estimate)` },
    ],
  };
}
