// The comparison of one join chain's plans (views.ts CompareModel): the three plans side by side,
// the job's KPUs and cost under each, the what-if inputs and the words that explain the change.
// The host builds it, the page (src/webview/page) and the Markdown export only draw it. Every
// number comes from src/analysis and src/sizing.
import { estimateJobPlans, estimateSql, type EstimateOptions, type JobPlans, type SqlEstimate } from '../analysis';
import type { JobSpec, Located } from '../descriptor';
import { bindingWord } from './billing';
import { gb, usd } from './format';
import { keyGroupStatisticsText } from './keyGroups';
import { jobView } from './job';
import type { WhatIf } from './messages';
import type { CompareModel } from './views';
import { JOB_DEFAULTS, PRICE_TABLE } from '../sizing';
import type { SqlAnalysis } from '../sql';
import type { Range } from '../text';

function located<T>(value: T, like?: Located<unknown>): Located<T> {
  const r: Range = like?.range ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  return { value, range: r };
}

/** A job spec with the what-if values applied (a copy; the original is untouched). */
export function applyWhatIf(spec: JobSpec | undefined, w: WhatIf): JobSpec {
  const base: JobSpec = spec
    ? { ...spec, tables: { ...spec.tables } }
    : {
        source: 'flinkjob',
        platform: 'aws-managed-flink',
        tables: {},
        range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
      };
  if (w.parallelism !== undefined) base.parallelism = located(w.parallelism, spec?.parallelism);
  if (w.parallelismPerKPU !== undefined) base.parallelismPerKPU = located(w.parallelismPerKPU, spec?.parallelismPerKPU);
  if (w.region) base.region = located(w.region, spec?.region);
  if (w.stateTtlDays !== undefined) base.stateTtlSec = located(w.stateTtlDays * 86_400, spec?.stateTtlSec);
  for (const [name, rows] of Object.entries(w.rows ?? {})) {
    const key = Object.keys(base.tables).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
    base.tables[key] = { ...(base.tables[key] ?? { range: base.range }), rows };
  }
  return base;
}

const percent = (a: number, b: number) => Math.round((Math.abs(a - b) / b) * 100);

/** The union's state against the joins as written, worded for each case (less, more, the same). */
export function stateChangeText(unionBytes: number, binaryBytes: number): string {
  if (unionBytes < binaryBytes)
    return `The union rewrite stores ${gb(unionBytes)} instead of ${gb(binaryBytes)} for this chain (${percent(unionBytes, binaryBytes)} % less): the binary plan stores every intermediate join result again in the next join.`;
  if (unionBytes > binaryBytes)
    return `The union rewrite would store more than the joins as written: ${gb(unionBytes)} instead of ${gb(binaryBytes)} (${binaryBytes > 0 ? `${percent(unionBytes, binaryBytes)} % more` : 'the joins hold none'}). With these statistics it does not pay off in state.`;
  return `The union rewrite stores the same state as the joins as written: ${gb(binaryBytes)}.`;
}

/** `falls 13 %`, `rises 4 %`, `stays the same`: the union's monthly cost against the joins'. */
export function costChangeWords(unionUsd: number, nowUsd: number): string {
  const pct = (x: number) => (x === 0 ? 'less than 1 %' : `${x} %`);
  if (unionUsd < nowUsd) return `falls ${pct(percent(unionUsd, nowUsd))}`;
  if (unionUsd > nowUsd) return nowUsd > 0 ? `rises ${pct(percent(unionUsd, nowUsd))}` : 'rises';
  return 'stays the same';
}

/** `rows: declared for a, b; documented defaults for c (JOB_DEFAULTS: ...)`. */
function rowsAssumptionText(stats: readonly { input: string; source: string }[]): string {
  const declared = stats.filter((x) => x.source !== 'default').map((x) => x.input);
  const defaults = stats.filter((x) => x.source === 'default').map((x) => x.input);
  const parts = [
    declared.length ? `declared for ${declared.join(', ')}` : '',
    defaults.length
      ? `documented defaults for ${defaults.join(', ')} (${JOB_DEFAULTS.rows.toLocaleString('en-US')} rows with a key, ${JOB_DEFAULTS.ratePerSec} rows/s append-only)`
      : '',
  ];
  return `rows: ${parts.filter(Boolean).join('; ') || 'none'}`;
}

export function buildCompareModel(
  sql: SqlAnalysis,
  spec: JobSpec | undefined,
  opts: EstimateOptions,
  chainIndex: number,
  whatIf: WhatIf,
  title: string,
): CompareModel | undefined {
  const job = applyWhatIf(spec, whatIf);
  // A SQL file's own TTL setting wins over the descriptor's; the what-if TTL wins over both.
  const sqlForEstimate =
    whatIf.stateTtlDays !== undefined
      ? { ...sql, stateTtlSec: whatIf.stateTtlDays > 0 ? whatIf.stateTtlDays * 86_400 : undefined }
      : sql;
  const estimate: SqlEstimate = estimateSql(sqlForEstimate, job, opts);
  if (estimate.chains.length === 0) return undefined;
  const idx = Math.min(Math.max(0, chainIndex), estimate.chains.length - 1);
  const plans: JobPlans = estimateJobPlans(estimate, job, opts);
  const c = estimate.chains[idx];
  const e = c.estimate;
  const ops = (p: typeof e.binary) =>
    p.operators.map((o) => ({
      name: o.name,
      stateBytes: o.stateBytes,
      entries: o.entries,
      detail: o.terms.map((t) => `${t.label}: ${t.formula}`).join('\n'),
    }));
  const binaryJob = plans.binary;
  const unionJob = plans.union;
  // What running each plan costs: the configuration as billed, or what it needs to fit when that is more.
  const costNow = binaryJob.toFit?.monthlyUsd ?? binaryJob.cost?.monthlyUsd;
  const costUnion = unionJob.toFit?.monthlyUsd ?? unionJob.cost?.monthlyUsd;
  const explanation: string[] = [];
  explanation.push(
    e.notEstimated
      ? `This chain is not estimated: ${e.notEstimated}.`
      : stateChangeText(e.union.stateBytes, e.binary.stateBytes),
  );
  if (costNow !== undefined && costUnion !== undefined && !e.notEstimated) {
    explanation.push(
      `With the rewrite the monthly cost ${costChangeWords(costUnion, costNow)} (${usd(costNow)} → ${usd(costUnion)}), because a KPU is 1 vCPU + 4 GB + 50 GB sold together and ${bindingWord(binaryJob.kpu.binding)} sets this job's KPU count (${binaryJob.kpu.byDimension.cpu} for CPU, ${binaryJob.kpu.memoryDeclared ? binaryJob.kpu.byDimension.memory : 'unknown (not declared)'} for memory, ${binaryJob.kpu.byDimension.storage} for storage as written; ${unionJob.kpu.byDimension.storage} for storage with the union).`,
    );
  }
  if (binaryJob.toFit) {
    explanation.push(
      `As written the job needs ${binaryJob.toFit.kpu} KPU to fit (Parallelism ${binaryJob.toFit.parallelism}${binaryJob.toFit.monthlyUsd !== undefined ? `, ${usd(binaryJob.toFit.monthlyUsd)}/month` : ''}); AWS bills what is configured, ${binaryJob.kpu.billed} KPU${binaryJob.cost ? ` (${usd(binaryJob.cost.monthlyUsd)}/month)` : ''}, on which ${binaryJob.fits ? 'its declared memory does not fit' : 'its state does not fit'}. The monthly costs compared here are those to fit.`,
    );
  }
  if (binaryJob.kpu.binding !== 'storage')
    explanation.push(
      'Less state does not buy fewer KPUs while CPU or memory binds: what falls is running-storage headroom, backups and snapshot time.',
    );
  if (binaryJob.overscale && binaryJob.overscale.kpu > 0)
    explanation.push(
      `The overscale margin costs ${binaryJob.overscale.kpu} KPU${binaryJob.overscale.monthlyUsd !== undefined ? ` (${usd(binaryJob.overscale.monthlyUsd)}/month)` : ''} whatever the plan: faster snapshots (${Math.round(binaryJob.snapshotSeconds / 60)} → ${Math.round(unionJob.snapshotSeconds / 60)} min) make it easier to drop.`,
    );
  if (!e.multiJoin.available) explanation.push(`MultiJoin: ${e.multiJoin.reason}`);
  const rows: Record<string, number> = {};
  for (const s of c.stats) if (s.rows !== undefined) rows[s.input] = s.rows;
  return {
    title,
    chainIndex: idx,
    chains: estimate.chains.map(
      (x, i) =>
        `Chain ${i + 1}: ${x.chain.inputs.map((inp) => inp.name).join(' ⋈ ')}${x.chain.feeds ? ` → ${x.chain.feeds}` : ''}`,
    ),
    inputs: c.stats.map((s) => ({ name: s.input, rows: s.rows, ratePerSec: s.ratePerSec, source: s.source })),
    keyGroups: c.chain.keyGroups.map((g, i) => {
      const stats = e.keyGroups.find((s) => s.group === i);
      return `${g.label}${stats ? `: ${keyGroupStatisticsText(stats)}` : ''}`;
    }),
    amplification: e.amplification,
    // A chain without an estimate (estimateChain's notEstimated) shows its reason, not 0 B.
    plans: [
      {
        id: 'binary',
        label: 'Binary joins (as written)',
        available: !e.notEstimated,
        reason: e.notEstimated,
        stateBytes: e.binary.stateBytes,
        operators: ops(e.binary),
        job: jobView(plans.binary),
      },
      {
        id: 'multiJoin',
        label: 'MultiJoin (Flink 2.1+)',
        available: e.multiJoin.available,
        reason: e.multiJoin.reason,
        stateBytes: e.multiJoin.stateBytes,
        operators: ops(e.multiJoin),
        job: jobView(plans.multiJoin),
      },
      {
        id: 'union',
        label: `DataStream union (${e.union.stages} stage${e.union.stages === 1 ? '' : 's'})`,
        available: !e.notEstimated,
        reason: e.notEstimated,
        stateBytes: e.union.stateBytes,
        operators: ops(e.union),
        job: jobView(plans.union),
      },
    ],
    explanation,
    whatIf: {
      parallelism: job.parallelism?.value ?? binaryJob.kpu.configured,
      parallelismPerKPU: job.parallelismPerKPU?.value ?? 1,
      region: binaryJob.cost?.region ?? opts.region ?? job.region?.value ?? 'us-east-1',
      stateTtlDays: estimate.stateTtlSec ? estimate.stateTtlSec / 86_400 : 0,
      rows,
    },
    regions: Object.keys(PRICE_TABLE),
    // applyWhatIf always hands estimateSql a job: whether a descriptor named this file is `spec`.
    statsFrom:
      spec && estimate.statsFrom === 'descriptor'
        ? 'job descriptor'
        : 'documented defaults (no descriptor names this file)',
    // The terms whose formulas carry the section 4 assumptions: compression and space amplification
    // per operator, keySkew and maxDiskUse, snapshot throughput, hours per month.
    // Then where the rows come from (declared or the documented defaults) and the prices' source.
    assumptions: [
      ...binaryJob.terms
        .filter((t) => /^(on-disk state|storage KPUs|snapshot time|KPU cost)$/.test(t.label))
        .map((t) => `${t.label}: ${t.formula}`),
      rowsAssumptionText(c.stats),
      binaryJob.cost
        ? `prices: ${binaryJob.cost.region}, ${binaryJob.cost.priceSource}${binaryJob.cost.unverified ? ' (unverified)' : ''}`
        : `prices: ${binaryJob.costUnavailableReason ?? 'none for the region'}`,
    ].join('; '),
    currency: 'USD',
  };
}
