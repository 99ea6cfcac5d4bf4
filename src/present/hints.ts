// Inlay hints, as data: each join's state after its condition, and after a descriptor's
// parallelism settings the KPUs the sizing model configures and bills for the job. The editor
// only places them (src/providers/inlayHints.ts).
import type { JobPlans, ReportSummary } from '../analysis';
import { extraText } from '../sizing';
import type { Position } from '../text';
import { gb } from './format';
import { joinOperators } from './hover';

export interface HintView {
  /** Where the hint goes: after this position (1-based). */
  at: Position;
  label: string;
  tooltip?: string;
}

/** After each join's condition: the state of its operator (a chain's binary plan, else the join's own). */
export function joinHints(report: ReportSummary): HintView[] {
  const sql = report.sql;
  const estimate = report.estimate;
  if (!sql || !estimate) return [];
  const stateOf = new Map<number, string>();
  for (const c of estimate.chains) {
    const ops = joinOperators(c);
    c.chain.joins.forEach((j, k) => {
      if (ops[k]) stateOf.set(j.join, `state ${gb(ops[k].stateBytes)}`);
    });
  }
  const hints: HintView[] = [];
  sql.joins.forEach((j, i) => {
    const op = estimate.joinStates[i];
    const label =
      stateOf.get(i) ??
      (j.kind === 'lookup' || j.kind === 'lateral'
        ? 'no join state'
        : !op
          ? undefined
          : op.estimated === false
            ? `${j.kind} join: not estimated`
            : `state ${gb(op.stateBytes)}`);
    if (label)
      hints.push({
        at: j.fullRange.end,
        label,
        tooltip: `${j.type} ${j.kind} join ${j.left.join(', ')} ⋈ ${j.right}: ${j.reason}`,
      });
  });
  return hints;
}

/** `= 24 KPU + 1 orchestration` (a Studio notebook: `+ 2 Studio (...)`): the configured KPUs the lens bills, and the rest. */
export function parallelismHintLabel(plans: JobPlans): string {
  return `= ${plans.binary.kpu.configured} KPU + ${extraText(plans.binary.kpu.application, plans.binary.kpu.extra)}`;
}

/**
 * How the sizing model came to those KPUs, in its own terms (docs/sizing-model.md §4): the CPU
 * KPUs from Parallelism and ParallelismPerKPU, or a FlinkDeployment's task managers with the
 * memory they buy; then the billed KPUs.
 */
export function parallelismHintTooltip(plans: JobPlans): string {
  const e = plans.binary;
  const term = (label: string) => {
    const t = e.terms.find((x) => x.label === label);
    return t ? [`${t.label}: ${t.formula}`] : [];
  };
  const lines = plans.kubernetes
    ? [`Kubernetes: ${plans.kubernetes.formula}`, ...term('memory KPUs')]
    : [...term('CPU KPUs'), ...(e.kpu.memoryDeclared ? term('memory KPUs') : [])];
  return [...lines, ...term('billed KPUs')].join('\n');
}

/**
 * After each job's parallelism: its configured and billed KPUs; after its ParallelismPerKPU:
 * the configured KPUs at that Parallelism. Instances of one Terraform resource share their
 * parallelism's text: one hint per place and label.
 */
export function parallelismHints(report: ReportSummary): HintView[] {
  const hints: HintView[] = [];
  const seen = new Set<string>();
  const push = (h: HintView) => {
    const key = `${h.at.line}:${h.at.column}:${h.label}`;
    if (seen.has(key)) return;
    seen.add(key);
    hints.push(h);
  };
  for (const j of report.jobs) {
    const p = j.spec.parallelism;
    if (p) push({ at: p.range.end, label: parallelismHintLabel(j.plans), tooltip: parallelismHintTooltip(j.plans) });
    const ppk = j.spec.parallelismPerKPU;
    if (ppk)
      push({ at: ppk.range.end, label: `→ ${j.plans.binary.kpu.configured} KPU at Parallelism ${p?.value ?? 1}` });
  }
  return hints;
}
