// One projection of a job's estimate, for every reader that takes figures rather than words: the
// CLI's JSON (docs/cli-json.md, `job` and each of `plans`) and the comparison page's plans.
import type { JobEstimate } from '../sizing';
import type { JobView } from './views';

export function jobView(e: JobEstimate): JobView {
  return {
    stateBytes: e.stateBytes,
    onDiskBytes: e.onDiskBytes,
    snapshotSeconds: e.snapshotSeconds,
    application: e.kpu.application,
    kpu: {
      configured: e.kpu.configured,
      required: e.kpu.required,
      billed: e.kpu.billed,
      extra: e.kpu.extra,
      binding: e.kpu.binding,
      byDimension: { ...e.kpu.byDimension },
      memoryDeclared: e.kpu.memoryDeclared,
    },
    cost: e.cost
      ? {
          monthlyUsd: e.cost.monthlyUsd,
          kpuUsd: e.cost.kpuUsd,
          storageUsd: e.cost.storageUsd,
          backupUsd: e.cost.backupUsd,
          region: e.cost.region,
          priceSource: e.cost.priceSource,
          hoursPerMonth: e.cost.hoursPerMonth,
        }
      : { monthlyUsd: null, region: null, priceSource: e.costUnavailableReason ?? 'no price' },
    fits: e.fits,
    toFit: e.toFit
      ? { kpu: e.toFit.kpu, parallelism: e.toFit.parallelism, monthlyUsd: e.toFit.monthlyUsd ?? null }
      : null,
  };
}
