// CodeLens titles: a join chain's state under each plan with the job's KPUs and cost, and a
// descriptor job's bill. Every number comes from the report (src/analysis, src/sizing).
import type { ChainSummary, JobPlans, JobSummary } from '../analysis';
import { billedText, bindingWord, toFitText } from './billing';
import { gb, usd } from './format';

/** `State 197 GB (x1.8 vs union 109 GB) · 25 KPU · $2,131/mo · Compare plans`; a job that needs more KPUs than configured adds `· 25 KPU to fit ($2,149/mo at Parallelism 24)`. */
export function chainLensTitle(c: ChainSummary, plans: JobPlans | undefined): string {
  const e = c.estimate;
  const parts = [
    e.notEstimated
      ? `State not estimated: ${briefReason(e.notEstimated)}`
      : `State ${gb(e.binary.stateBytes)} (x${e.amplification.toFixed(1)} vs union ${gb(e.union.stateBytes)}${e.multiJoin.available ? `, MultiJoin ${gb(e.multiJoin.stateBytes)}` : ''})`,
  ];
  if (plans) {
    parts.push(`${plans.binary.kpu.billed} KPU`);
    const now = plans.binary.cost?.monthlyUsd;
    const union = plans.union.cost?.monthlyUsd;
    parts.push(
      now === undefined
        ? 'no price for region'
        : `${usd(now)}/mo${union !== undefined ? ` (union ${usd(union)})` : ''}`,
    );
    const fit = toFitText(plans.binary);
    if (fit) parts.push(fit);
  }
  parts.push('Compare plans');
  return parts.join(' · ');
}

/**
 * A reason's first clause, for a lens (the hover and the diagnostic give it whole): `join 1 (b)
 * has no equi-key, so it pairs ...` → `join 1 (b) has no equi-key`.
 */
function briefReason(reason: string): string {
  const cut = reason.search(/, |: |; /);
  return cut > 0 ? reason.slice(0, cut) : reason;
}

/** `25 KPU billed (24 + 1 orchestration) · $2,131/mo · CPU binds`; when the configuration is too small, what fits: `· state does not fit: 25 KPU to fit ($2,149/mo at Parallelism 24)`. */
export function jobLensTitle(j: JobSummary): string {
  const e = j.plans.binary;
  // A legacy SQL application is not Flink: its price per KPU, nothing that binds.
  if (e.kpu.application === 'legacy-sql')
    return `legacy SQL application, not Flink · ${e.cost ? `${usd(e.cost.monthlyUsd)}/mo per KPU` : 'no price for region'}`;
  const parts = [
    billedText(e),
    e.cost ? `${usd(e.cost.monthlyUsd)}/mo` : 'no price for region',
    `${bindingWord(e.kpu.binding)} binds`,
  ];
  if (j.sql) parts.push(`state ${gb(e.stateBytes)}`);
  const fit = toFitText(e);
  if (!e.fits) parts.push(`state does not fit${fit ? `: ${fit}` : ''}`);
  else if (fit) parts.push(`memory: ${fit}`);
  return parts.join(' · ');
}
