// Hover Markdown: on a descriptor's parallelism settings, KPU bundling explained with the job's
// own numbers; on a join keyword, that join's state with its formula and its key's statistics.
import type { FileReport, JobPlans, OperatorSummary } from '../analysis';
import { AWS_FACTS, describeAssumptions, extraText, withAssumptions, type Assumptions } from '../sizing';
import { billedParts, bindingWord, toFitText } from './billing';
import { count, duration, gb, usd } from './format';
import { keyGroupStatisticsText } from './keyGroups';

/** Binary-plan join operators in chain order (dedup operators skipped): of a chain's result, or of its summary. */
export function joinOperators<O extends OperatorSummary>(c: { estimate: { binary: { operators: O[] } } }): O[] {
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
    `**${bindingWord(e.kpu.binding)} binds**: ${e.kpu.required} KPU required, ${e.kpu.configured} configured, **${e.kpu.billed} billed**: ${e.kpu.extra === 0 && e.kpu.application === 'flink' ? "its JobManager is the session cluster's, counted with the cluster" : `AWS bills the configuration plus ${extraText(e.kpu.application, e.kpu.extra)} KPU (autoscaling can add KPUs, never fewer)`}.`,
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
        `Key {${c.chain.keyGroups[stats.group]?.label ?? stats.columns.join(' = ')}}: ${keyGroupStatisticsText(stats)}.`,
        ...stats.terms.map((t) => `- ${t.label}: ${t.formula}`),
      );
  }
  if (compareCommand) lines.push(`\n[Compare join plans](${compareCommand})`);
  return lines.join('\n');
}
