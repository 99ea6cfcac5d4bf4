// Checks shared by every descriptor format, and small helpers for messages.
import { diagnostic, type Diagnostic, type Range } from '../text';
import { LIMITS } from './schema';
import type { JobSpec } from './types';

/** Texts longer than this are not parsed (a CloudFormation template body is at most 1 MB). */
export const MAX_TEXT_CHARS = 1_000_000;

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > 3) return Math.max(a.length, b.length);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The closest candidate when it is close enough to be a typo (case, a few letters). */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const exactCase = candidates.find((c) => c.toLowerCase() === lower);
  if (exactCase) return exactCase;
  const prefixed = lower.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(lower)) : [];
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = levenshtein(lower, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return best !== undefined && bestD <= allowed ? best : undefined;
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}

/**
 * Parallelism limits, the same in every format (code `descriptor-parallelism-range`). Values
 * that cannot run (Parallelism 0, ParallelismPerKPU 12) are reported and dropped from the job so
 * that nothing is estimated from them; values above a default quota are kept with a warning.
 */
export function checkParallelism(job: JobSpec, diagnostics: Diagnostic[]): void {
  const aws = job.platform === 'aws-managed-flink';
  const say = (severity: 'error' | 'warning', message: string, range: Range) =>
    diagnostics.push(diagnostic(severity, 'descriptor-parallelism-range', message, range));
  checkParallelismValue(job, aws, say);
  checkParallelismPerKpu(job, say);
  if (aws) checkKpuQuota(job, say);
  checkMaxParallelism(job, say);
  checkSlots(job, say);
}

type Say = (severity: 'error' | 'warning', message: string, range: Range) => void;

/** Parallelism: a whole number from 1 to Flink's maximum (else dropped); on AWS, above the default quota a warning. */
function checkParallelismValue(job: JobSpec, aws: boolean, say: Say): void {
  const p = job.parallelism;
  if (!p) return;
  if (!Number.isInteger(p.value) || p.value < 1) {
    say('error', `Parallelism must be a whole number of at least 1 (got ${formatNumber(p.value)})`, p.range);
    delete job.parallelism;
  } else if (p.value > LIMITS.flinkMaxParallelism) {
    say('error', `Parallelism ${p.value} is above Flink's maximum of ${LIMITS.flinkMaxParallelism}`, p.range);
    delete job.parallelism;
  } else if (aws && p.value > LIMITS.awsDefaultMaxParallelism) {
    say(
      'warning',
      `Parallelism ${p.value} is above the default maximum of ${LIMITS.awsDefaultMaxParallelism} per application: it needs a service quota increase`,
      p.range,
    );
  }
}

/** ParallelismPerKPU: a whole number in AWS's range, else dropped. */
function checkParallelismPerKpu(job: JobSpec, say: Say): void {
  const k = job.parallelismPerKPU;
  if (
    k &&
    (!Number.isInteger(k.value) || k.value < LIMITS.parallelismPerKPU.min || k.value > LIMITS.parallelismPerKPU.max)
  ) {
    say(
      'error',
      `ParallelismPerKPU must be a whole number from ${LIMITS.parallelismPerKPU.min} to ${LIMITS.parallelismPerKPU.max} (got ${formatNumber(k.value)})`,
      k.range,
    );
    delete job.parallelismPerKPU;
  }
}

/** An AWS application whose KPUs exceed the default quota per application (a warning; not said again above the Parallelism quota). */
function checkKpuQuota(job: JobSpec, say: Say): void {
  if (!job.parallelism || job.parallelism.value > LIMITS.awsDefaultMaxParallelism) return;
  const perKpu = job.parallelismPerKPU?.value ?? 1;
  const kpus = Math.ceil(job.parallelism.value / perKpu);
  if (kpus > LIMITS.awsDefaultMaxKPUs) {
    say(
      'warning',
      `Parallelism ${job.parallelism.value} / ParallelismPerKPU ${perKpu} needs ${kpus} KPUs, above the default quota of ${LIMITS.awsDefaultMaxKPUs} KPUs per application`,
      job.parallelism.range,
    );
  }
}

/** maxParallelism: a whole number from 1 to Flink's maximum (else dropped), and not below the Parallelism. */
function checkMaxParallelism(job: JobSpec, say: Say): void {
  const m = job.maxParallelism;
  if (!m) return;
  if (!Number.isInteger(m.value) || m.value < 1 || m.value > LIMITS.flinkMaxParallelism) {
    say(
      'error',
      `maxParallelism must be a whole number from 1 to ${LIMITS.flinkMaxParallelism} (got ${formatNumber(m.value)})`,
      m.range,
    );
    delete job.maxParallelism;
  } else if (job.parallelism && job.parallelism.value > m.value) {
    say(
      'error',
      `maxParallelism ${m.value} is below Parallelism ${job.parallelism.value}: Flink refuses to start`,
      m.range,
    );
  }
}

/** taskmanager.numberOfTaskSlots: a whole number of at least 1, else dropped. */
function checkSlots(job: JobSpec, say: Say): void {
  const slots = job.kubernetes?.slots;
  if (slots && (!Number.isInteger(slots.value) || slots.value < 1)) {
    say(
      'error',
      `taskmanager.numberOfTaskSlots must be a whole number of at least 1 (got ${formatNumber(slots.value)})`,
      slots.range,
    );
    delete job.kubernetes!.slots;
  }
}
