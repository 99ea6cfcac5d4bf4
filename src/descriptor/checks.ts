// Checks shared by every descriptor format, and small helpers for messages.
import { diagnostic, type Diagnostic } from '../text';
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
  const code = 'descriptor-parallelism-range';
  const p = job.parallelism;
  if (p) {
    if (!Number.isInteger(p.value) || p.value < 1) {
      diagnostics.push(
        diagnostic(
          'error',
          code,
          `Parallelism must be a whole number of at least 1 (got ${formatNumber(p.value)})`,
          p.range,
        ),
      );
      delete job.parallelism;
    } else if (p.value > LIMITS.flinkMaxParallelism) {
      diagnostics.push(
        diagnostic(
          'error',
          code,
          `Parallelism ${p.value} is above Flink's maximum of ${LIMITS.flinkMaxParallelism}`,
          p.range,
        ),
      );
      delete job.parallelism;
    } else if (aws && p.value > LIMITS.awsDefaultMaxParallelism) {
      diagnostics.push(
        diagnostic(
          'warning',
          code,
          `Parallelism ${p.value} is above the default maximum of ${LIMITS.awsDefaultMaxParallelism} per application: it needs a service quota increase`,
          p.range,
        ),
      );
    }
  }
  const k = job.parallelismPerKPU;
  if (
    k &&
    (!Number.isInteger(k.value) || k.value < LIMITS.parallelismPerKPU.min || k.value > LIMITS.parallelismPerKPU.max)
  ) {
    diagnostics.push(
      diagnostic(
        'error',
        code,
        `ParallelismPerKPU must be a whole number from ${LIMITS.parallelismPerKPU.min} to ${LIMITS.parallelismPerKPU.max} (got ${formatNumber(k.value)})`,
        k.range,
      ),
    );
    delete job.parallelismPerKPU;
  }
  if (aws && job.parallelism && job.parallelism.value <= LIMITS.awsDefaultMaxParallelism) {
    const perKpu = job.parallelismPerKPU?.value ?? 1;
    const kpus = Math.ceil(job.parallelism.value / perKpu);
    if (kpus > LIMITS.awsDefaultMaxKPUs) {
      diagnostics.push(
        diagnostic(
          'warning',
          code,
          `Parallelism ${job.parallelism.value} / ParallelismPerKPU ${perKpu} needs ${kpus} KPUs, above the default quota of ${LIMITS.awsDefaultMaxKPUs} KPUs per application`,
          job.parallelism.range,
        ),
      );
    }
  }
  const m = job.maxParallelism;
  if (m) {
    if (!Number.isInteger(m.value) || m.value < 1 || m.value > LIMITS.flinkMaxParallelism) {
      diagnostics.push(
        diagnostic(
          'error',
          code,
          `maxParallelism must be a whole number from 1 to ${LIMITS.flinkMaxParallelism} (got ${formatNumber(m.value)})`,
          m.range,
        ),
      );
      delete job.maxParallelism;
    } else if (job.parallelism && job.parallelism.value > m.value) {
      diagnostics.push(
        diagnostic(
          'error',
          code,
          `maxParallelism ${m.value} is below Parallelism ${job.parallelism.value}: Flink refuses to start`,
          m.range,
        ),
      );
    }
  }
  const slots = job.kubernetes?.slots;
  if (slots && (!Number.isInteger(slots.value) || slots.value < 1)) {
    diagnostics.push(
      diagnostic(
        'error',
        code,
        `taskmanager.numberOfTaskSlots must be a whole number of at least 1 (got ${formatNumber(slots.value)})`,
        slots.range,
      ),
    );
    delete job.kubernetes!.slots;
  }
}
