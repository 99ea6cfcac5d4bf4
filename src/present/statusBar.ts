// The status bar item of the active file: its job's billed KPUs and monthly cost.
import type { JobPlans, ReportSummary } from '../analysis';
import { billedText, toFitText } from './billing';
import { usd } from './format';

/**
 * The status bar item of a file: the job's billed KPUs and monthly cost; a click compares the
 * join plans only where the file has a join chain with an estimate (else there is nothing to
 * compare, and the tooltip does not offer it).
 */
export function statusBarContent(
  report: ReportSummary,
  plans: JobPlans,
): { text: string; tooltip: string; compare: boolean } {
  const e = plans.binary;
  const chains =
    report.kind === 'sql' ? (report.estimate?.chains ?? []) : report.jobs.flatMap((j) => j.estimate.chains);
  const compare = chains.some((c) => !c.estimate.notEstimated);
  const defaults =
    report.kind === 'sql' && report.estimate?.statsFrom === 'defaults'
      ? '. Estimated with defaults: no job descriptor names this file'
      : '';
  return {
    text: `$(server-process) ${e.kpu.billed} KPU · ${e.cost ? `${usd(e.cost.monthlyUsd)}/mo` : 'no price'}${e.toFit ? ` · needs ${e.toFit.kpu}` : ''}`,
    tooltip: `Flink KPU Lens: ${billedText(e)} (${e.kpu.binding} binds), ${e.cost ? `${usd(e.cost.monthlyUsd)} per month in ${e.cost.region}` : (e.costUnavailableReason ?? '')}${e.toFit ? `; the job needs ${toFitText(e)}` : ''}${defaults}.${compare ? ' Click to compare join plans.' : ' No join chain to compare here.'}`,
    compare,
  };
}
