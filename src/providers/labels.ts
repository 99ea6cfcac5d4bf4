// The words and numbers the editor shows (CodeLens titles, inlay hints, hovers), built
// from a report. Formatting only: every number comes from src/analysis and src/sizing.
import type { ChainResult, FileReport, JobPlans, JobReport } from '../analysis';
import {
  AWS_FACTS,
  describeAssumptions,
  extraText,
  withAssumptions,
  type Assumptions,
  type JobEstimate,
  type OperatorState,
} from '../sizing';

import { billedParts, billedText, toFitText } from '../present/billing';
import { count, duration, gb, usd } from '../present/format';
import { keyGroupStatisticsText } from '../present/keyGroups';

export { duration, usd };
export { billedText, toFitText } from '../present/billing';

/** `State 197 GB (x1.8 vs union 109 GB) · 25 KPU · $2,131/mo · Compare plans`; a job that needs more KPUs than configured adds `· 25 KPU to fit ($2,149/mo at Parallelism 24)`. */
export function chainLensTitle(c: ChainResult, plans: JobPlans | undefined): string {
  const e = c.estimate;
  const parts = [
    e.notEstimated
      ? 'State not estimated (a join without key on undeclared rows)'
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

/** `25 KPU billed (24 + 1 orchestration) · $2,131/mo · CPU binds`; when the configuration is too small, what fits: `· state does not fit: 25 KPU to fit ($2,149/mo at Parallelism 24)`. */
export function jobLensTitle(j: JobReport): string {
  const e = j.plans.binary;
  // A legacy SQL application is not Flink: its price per KPU, nothing that binds.
  if (e.kpu.application === 'legacy-sql')
    return `legacy SQL application, not Flink · ${e.cost ? `${usd(e.cost.monthlyUsd)}/mo per KPU` : 'no price for region'}`;
  const parts = [
    billedText(e),
    e.cost ? `${usd(e.cost.monthlyUsd)}/mo` : 'no price for region',
    `${bindingWord(e)} binds`,
  ];
  if (j.sql) parts.push(`state ${gb(e.stateBytes)}`);
  const fit = toFitText(e);
  if (!e.fits) parts.push(`state does not fit${fit ? `: ${fit}` : ''}`);
  else if (fit) parts.push(`memory: ${fit}`);
  return parts.join(' · ');
}

/**
 * The status bar item of a file: the job's billed KPUs and monthly cost; a click compares the
 * join plans only where the file has a join chain with an estimate (else there is nothing to
 * compare, and the tooltip does not offer it).
 */
export function statusBarContent(
  report: FileReport,
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

/**
 * The Output channel's line for one analysis: the file, what it is, how long it took, what it
 * holds, whose statistics it used, and how many problems it has.
 */
export function analysisLogLine(file: string, report: FileReport, ms: number, descriptor: string | undefined): string {
  const what = report.skipped
    ? `skipped (${report.skipped})`
    : report.program
      ? `Table-API SQL in ${report.program.language}, ${report.program.analysed} of ${report.program.calls} calls read`
      : report.kind === 'sql'
        ? 'Flink SQL'
        : `${report.descriptor?.source ?? 'descriptor'}, ${report.jobs.length} job${report.jobs.length === 1 ? '' : 's'}`;
  const estimate = report.kind === 'sql' ? report.estimate : undefined;
  const chains = estimate
    ? estimate.chains.length
    : report.jobs.reduce((n, j) => n + (j.sqlPath ? 0 : j.estimate.chains.length), 0);
  const count = (sev: string) => report.diagnostics.filter((d) => d.severity === sev).length;
  const stats = report.kind === 'sql' ? `; statistics: ${descriptor ?? 'defaults (no descriptor names it)'}` : '';
  return `${file}: ${what}, ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms; ${chains} join chain${chains === 1 ? '' : 's'}${stats}; ${count('error')} errors, ${count('warning')} warnings`;
}

export function bindingWord(e: JobEstimate): string {
  return e.kpu.binding === 'cpu' ? 'CPU' : e.kpu.binding === 'memory' ? 'memory' : 'storage';
}

/** The inlay hint after `parallelism: 24`: `= 24 KPU + 1 orchestration` (a Studio notebook: `+ 2 Studio (...)`). */
export function parallelismHint(plans: JobPlans): string {
  return `= ${plans.binary.kpu.configured} KPU + ${extraText(plans.binary.kpu.application, plans.binary.kpu.extra)}`;
}

/** Binary-plan join operators in chain order (dedup operators skipped). */
export function joinOperators(c: ChainResult): OperatorState[] {
  return c.estimate.binary.operators.filter((o) => o.kind === 'join');
}

/** Markdown explaining KPU bundling with this job's own numbers. */
export function kpuHoverMarkdown(
  plans: JobPlans,
  opts: { hasSql: boolean; assumptions?: Partial<Assumptions>; compareCommand?: string; statsFrom?: string },
): string {
  const e = plans.binary;
  const u = plans.union;
  const k = AWS_FACTS.kpu;
  const a = withAssumptions(opts.assumptions ?? {});
  const lines: string[] = [];
  lines.push(`**Flink KPU Lens: what this job buys**`);
  lines.push('');
  lines.push(
    `1 KPU = ${k.vcpu} vCPU + ${k.memoryGB} GB memory + ${k.storageGB} GB running storage, sold only together (indivisible).`,
  );
  lines.push('');
  lines.push(`| | CPU | memory | storage |`);
  lines.push(`|---|---:|---:|---:|`);
  lines.push(
    `| KPU needed | ${e.kpu.byDimension.cpu} | ${e.kpu.memoryDeclared ? e.kpu.byDimension.memory : 'unknown'} | ${e.kpu.byDimension.storage} |`,
  );
  lines.push('');
  if (plans.kubernetes) lines.push(`Kubernetes FlinkDeployment compared with KPUs: ${plans.kubernetes.formula}.`, '');
  lines.push(
    `**${bindingWord(e)} binds**: ${e.kpu.required} KPU required, ${e.kpu.configured} configured, **${e.kpu.billed} billed**: ${e.kpu.extra === 0 && e.kpu.application === 'flink' ? "its JobManager is the session cluster's, counted with the cluster" : `AWS bills the configuration plus ${extraText(e.kpu.application, e.kpu.extra)} KPU (autoscaling can add KPUs, never fewer)`}.`,
  );
  if (e.toFit)
    lines.push(
      `**To fit, the job needs ${e.toFit.kpu} KPU** (${billedParts(e, e.toFit.kpu)}${e.toFit.monthlyUsd !== undefined ? `, ${usd(e.toFit.monthlyUsd)}/mo` : ''}): Parallelism ${e.toFit.parallelism}.`,
    );
  const idle: string[] = [];
  if (e.kpu.idle.vcpu > 0) idle.push(`${e.kpu.idle.vcpu} vCPU`);
  if (e.kpu.memoryDeclared && e.kpu.idle.memoryGB > 0)
    idle.push(`${count(Math.round(e.kpu.idle.memoryGB * 10) / 10)} GB memory`);
  if (e.kpu.idle.storageGB > 0) idle.push(`${Math.round(e.kpu.idle.storageGB)} GB storage`);
  if (idle.length)
    lines.push(
      `Paid for and not used: ${idle.join(', ')}${e.kpu.memoryDeclared ? '' : ' (memory: not declared, so its use is unknown)'}.`,
    );
  if (e.cost) {
    lines.push('');
    lines.push(
      `Monthly cost ${usd(e.cost.monthlyUsd)}: KPUs ${usd(e.cost.kpuUsd)} + running storage ${usd(e.cost.storageUsd)} + backups ${usd(e.cost.backupUsd)} (${e.cost.region}, ${e.cost.priceSource}${e.cost.unverified ? ', unverified' : ''}), ${e.cost.hoursPerMonth} hours a month.${e.kpu.extra > 0 ? ` ${e.kpu.extra === 1 ? 'Orchestration KPU' : `Each of the ${e.kpu.extra} Studio KPUs`}: ${usd(e.cost.kpuUsd / Math.max(1, e.kpu.billed))}/mo of it.` : ''}`,
    );
  } else if (e.costUnavailableReason) lines.push(`Cost: ${e.costUnavailableReason}`);
  if (e.overscale && e.overscale.kpu > 0)
    lines.push(
      `Overscale margin: ${e.overscale.kpu} KPU above Parallelism ${e.overscale.parallelismWithoutMargin}${e.overscale.monthlyUsd !== undefined ? `, ${usd(e.overscale.monthlyUsd)}/mo` : ''}.`,
    );
  if (opts.hasSql) {
    lines.push('');
    lines.push(
      `State ${gb(e.stateBytes)} (${gb(e.onDiskBytes)} on disk); with the union rewrite ${gb(u.stateBytes)}: ${u.kpu.billed} KPU billed, ${u.cost ? usd(u.cost.monthlyUsd) : 'no price'}/mo${u.toFit ? `, ${toFitText(u)}` : ''}.`,
    );
    lines.push(
      `A scaling operation snapshots the whole state (a savepoint of the ${gb(e.stateBytes)} logical state, not compressed): about ${duration(e.snapshotSeconds)} (${duration(e.scalingSeconds)} with the restore).`,
    );
    if (!e.fits)
      lines.push(
        `**The state does not fit**: ${e.kpu.byDimension.storage} KPU of storage needed${e.parallelismToFit ? `; Parallelism ${e.parallelismToFit} would fit` : ''}.`,
      );
  } else {
    lines.push('');
    lines.push('No SQL named here: state is not estimated; the KPUs follow from the parallelism settings only.');
  }
  const used = describeAssumptions(a).filter((r) =>
    ['compression', 'spaceAmplification', 'maxDiskUse', 'keySkew', 'snapshotMBpsPerKPU', 'billRunningStorage'].includes(
      r.name,
    ),
  );
  lines.push('');
  lines.push(
    `Assumptions: ${used.map((r) => `${r.name} ${r.value}${r.unit === 'ratio' || r.unit === 'boolean' ? '' : ` ${r.unit}`}`).join(', ')}${opts.statsFrom ? `; statistics from ${opts.statsFrom}` : ''}.`,
  );
  if (opts.compareCommand) lines.push(`\n[Compare join plans](${opts.compareCommand})`);
  return lines.join('\n');
}

/** Markdown for a join keyword: its kind, its state with the formula. */
export function joinHoverMarkdown(report: FileReport, joinIndex: number, compareCommand?: string): string | undefined {
  const sql = report.sql ?? report.jobs.find((j) => j.sql)?.sql;
  const estimate = report.estimate ?? report.jobs.find((j) => j.sql)?.estimate;
  const join = sql?.joins[joinIndex];
  if (!sql || !join || !estimate) return undefined;
  const lines = [`**${join.type} ${join.kind} join** ${join.left.join(', ')} ⋈ ${join.right}`, '', join.reason + '.'];
  if (join.keys.length) lines.push(`Keys: ${join.keys.map((k) => `\`${k[0]} = ${k[1]}\``).join(', ')}.`);
  for (const c of estimate.chains) {
    const k = c.chain.joins.findIndex((j) => j.join === joinIndex);
    if (k < 0) continue;
    const op = joinOperators(c)[k];
    if (op) {
      lines.push(
        '',
        `State of this join: **${gb(op.stateBytes)}** (${op.entries.toLocaleString('en-US')} RocksDB entries)`,
      );
      for (const t of op.terms) lines.push(`- ${t.label}: ${t.formula}`);
    }
    lines.push(
      '',
      c.estimate.notEstimated
        ? `Chain not estimated: ${c.estimate.notEstimated}.`
        : `Chain: ${gb(c.estimate.binary.stateBytes)} as binary joins, ${gb(c.estimate.union.stateBytes)} as a DataStream union (x${c.estimate.amplification.toFixed(2)}).`,
    );
    const stats = c.estimate.keyGroups.find((g) => g.group === c.chain.joins[k].keyGroup);
    if (stats)
      lines.push(
        '',
        `Key {${c.chain.keyGroups[stats.group]?.columns.join(' = ') ?? stats.columns.join(' = ')}}: ${keyGroupStatisticsText(stats)}.`,
        ...stats.terms.map((t) => `- ${t.label}: ${t.formula}`),
      );
  }
  if (compareCommand) lines.push(`\n[Compare join plans](${compareCommand})`);
  return lines.join('\n');
}
