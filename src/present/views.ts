// The data the renderers draw: a job's figures (the CLI's JSON job, docs/cli-json.md, and the
// comparison page's plans) and the comparison of one join chain. Schemas, so that the page checks
// what the host sends it; the types are theirs. No imports but zod: the page's bundle takes it.
import * as z from 'zod';

const nonNegative = z.number().min(0);
const count = z.number().int().min(0);

/** A job under one plan: state, KPUs, cost and what it needs to fit (the CLI's `job`, docs/cli-json.md). */
export const JobViewSchema = z.object({
  stateBytes: nonNegative,
  onDiskBytes: nonNegative,
  snapshotSeconds: nonNegative,
  application: z.enum(['flink', 'studio', 'legacy-sql']),
  kpu: z.object({
    configured: count,
    required: count,
    billed: count,
    extra: count,
    binding: z.enum(['cpu', 'memory', 'storage']),
    byDimension: z.object({ cpu: nonNegative, memory: nonNegative, storage: nonNegative }),
    /** False when the job's memory is not declared: byDimension.memory is then 0, and unknown. */
    memoryDeclared: z.boolean(),
  }),
  cost: z.union([
    z.object({
      monthlyUsd: nonNegative,
      kpuUsd: nonNegative,
      storageUsd: nonNegative,
      backupUsd: nonNegative,
      region: z.string(),
      priceSource: z.string(),
      hoursPerMonth: nonNegative,
    }),
    z.object({ monthlyUsd: z.null(), region: z.null(), priceSource: z.string() }),
  ]),
  fits: z.boolean(),
  toFit: z.object({ kpu: count, parallelism: count, monthlyUsd: nonNegative.nullable() }).nullable(),
});
export type JobView = z.infer<typeof JobViewSchema>;

export const PlanIdSchema = z.enum(['binary', 'multiJoin', 'union']);
export type PlanId = z.infer<typeof PlanIdSchema>;

/** One plan of a join chain: its operators' state, and the whole job with this plan for the chain. */
export const PlanViewSchema = z.object({
  id: PlanIdSchema,
  label: z.string(),
  available: z.boolean(),
  reason: z.string().optional(),
  /** State of this chain under the plan. */
  stateBytes: nonNegative,
  operators: z.array(z.object({ name: z.string(), stateBytes: nonNegative, entries: nonNegative, detail: z.string() })),
  job: JobViewSchema,
});
export type PlanView = z.infer<typeof PlanViewSchema>;

/**
 * What "Apply to the descriptor" would write: each what-if value that differs from the job's, as
 * its text now and the value written, and those it cannot write with why; or why there is nowhere
 * to write (`reason`, no `descriptor`).
 */
export const ApplyViewSchema = z.object({
  /** The descriptor written, relative to the workspace. */
  descriptor: z.string().optional(),
  reason: z.string().optional(),
  edits: z.array(z.object({ label: z.string(), from: z.string(), to: z.string() })),
  skipped: z.array(z.object({ label: z.string(), reason: z.string() })),
});
export type ApplyView = z.infer<typeof ApplyViewSchema>;

/** The comparison of one join chain's plans: what the page draws and the Markdown export writes. */
export const CompareModelSchema = z.object({
  title: z.string(),
  chainIndex: count,
  chains: z.array(z.string()).min(1),
  inputs: z.array(
    z.object({ name: z.string(), rows: z.number().optional(), ratePerSec: z.number().optional(), source: z.string() }),
  ),
  keyGroups: z.array(z.string()),
  plans: z.tuple([PlanViewSchema, PlanViewSchema, PlanViewSchema]),
  amplification: z.number(),
  explanation: z.array(z.string()),
  whatIf: z.object({
    parallelism: z.number(),
    parallelismPerKPU: z.number(),
    region: z.string(),
    stateTtlDays: z.number(),
    rows: z.record(z.string(), z.number()),
  }),
  regions: z.array(z.string()),
  statsFrom: z.string(),
  assumptions: z.string(),
  currency: z.string(),
  /** The generated union rewrite (SQL files only; set by the panel): can it be generated, and its state. */
  rewrite: z
    .object({
      available: z.boolean(),
      reason: z.string().optional(),
      stateBytes: z.number().optional(),
      binaryBytes: z.number().optional(),
    })
    .optional(),
  /** Set by the panel when the what-if differs from the job: what "Apply to the descriptor" writes. */
  apply: ApplyViewSchema.optional(),
});
export type CompareModel = z.infer<typeof CompareModelSchema>;

/** A job's figures in a before/after comparison (src/analysis/diff.ts: JobFigures, as `flink-kpu diff --format json` writes them). */
const JobFiguresSchema = z.object({
  stateBytes: nonNegative,
  onDiskBytes: nonNegative,
  kpu: z.object({
    cpu: nonNegative,
    memory: nonNegative,
    storage: nonNegative,
    binding: z.string(),
    billed: count,
    memoryDeclared: z.boolean(),
  }),
  /** False for a job without SQL: its state figures are unknown. */
  stateEstimated: z.boolean(),
  monthlyUsd: nonNegative.optional(),
  region: z.string().optional(),
  priceSource: z.string().optional(),
  snapshotSeconds: nonNegative,
});

const ChangeSchema = z.enum(['added', 'removed', 'changed', 'unchanged']);
const side = z.object({ base: nonNegative.optional(), head: nonNegative.optional() });

/** "Compare with a git ref": a file's jobs at a ref and in the working copy, paired as by `flink-kpu diff`. */
export const RefComparisonSchema = z.object({
  /** The file compared (its URI), and its path in the repository. */
  uri: z.string(),
  file: z.string(),
  /** The ref git read (a name, or the merge-base's commit), as the user chose it, and its commit. */
  ref: z.string(),
  label: z.string(),
  commit: z.string(),
  /** The file is not at the ref: every job is new at this change. */
  newAtRef: z.boolean(),
  diff: z.object({
    jobs: z.array(
      z.object({
        key: z.string(),
        change: ChangeSchema,
        base: JobFiguresSchema.optional(),
        head: JobFiguresSchema.optional(),
      }),
    ),
    totals: z.object({ stateEstimated: z.boolean(), stateBytes: side, billedKpu: side, monthlyUsd: side }),
  }),
});
export type RefComparison = z.infer<typeof RefComparisonSchema>;
