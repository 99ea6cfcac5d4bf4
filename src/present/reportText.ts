// The CLI's text report of a file: its diagnostics and joins, each join chain's plans, the other
// stateful operators, and for a descriptor each job's table under the three plans (planTable.ts).
// Whatever came from the user's files is written with its control characters escaped.
import type { ChainResult, FileReport, JobPlans, StatefulOperator } from '../analysis';
import type { JobSpec } from '../descriptor';
import type { JobEstimate, Term } from '../sizing';
import { escapeControl } from '../text';
import { billedParts, toFitText } from './billing';
import { gb, usd } from './format';
import { jobView } from './job';
import { keyGroupStatisticsText } from './keyGroups';
import { planTable } from './planTable';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}
function lpad(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? pad(c, widths[i]) : lpad(c, widths[i]))).join('  ')).join('\n');
}

function explainTerms(terms: Term[], indent: string): string[] {
  return terms.map((t) => `${indent}${t.label}: ${t.formula}`);
}

/** The job terms that follow from the state: without SQL the state is unknown, not 0 B. */
const STATE_TERMS = new Set(['on-disk state', 'storage KPUs', 'fits', 'snapshot time', 'scaling operation']);

function chainText(c: ChainResult, explain: boolean): string[] {
  const e = c.estimate;
  const lines = [
    `  join chain at line ${c.chain.range.start.line}: ${c.chain.inputs.map((i) => i.name).join(' ⋈ ')}${c.chain.feeds ? ` → ${c.chain.feeds}` : ''}`,
  ];
  c.chain.keyGroups.forEach((g, i) => {
    const stats = e.keyGroups.find((s) => s.group === i);
    lines.push(`    key group {${g.label}}${stats ? `: ${keyGroupStatisticsText(stats)}` : ''}`);
    if (explain && stats) lines.push(...explainTerms(stats.terms, '      '));
  });
  const defaults = c.stats.filter((s) => s.source === 'default').map((s) => s.input);
  if (defaults.length) lines.push(`    rows not declared (default used): ${defaults.join(', ')}`);
  if (e.notEstimated) {
    lines.push(`    not estimated: ${e.notEstimated}`);
    return lines;
  }
  lines.push(
    ...table([
      ['    plan', 'state', 'vs union'],
      ['    binary joins (as written)', gb(e.binary.stateBytes), `x${e.amplification.toFixed(2)}`],
      [
        '    MultiJoin',
        e.multiJoin.available ? gb(e.multiJoin.stateBytes) : 'n/a',
        e.multiJoin.available && e.union.stateBytes > 0
          ? `x${(e.multiJoin.stateBytes / e.union.stateBytes).toFixed(2)}`
          : '',
      ],
      [
        `    DataStream union (${e.union.stages} stage${e.union.stages === 1 ? '' : 's'})`,
        gb(e.union.stateBytes),
        'x1.00',
      ],
    ]).split('\n'),
  );
  if (!e.multiJoin.available) lines.push(`    MultiJoin not available: ${e.multiJoin.reason}`);
  if (explain) {
    for (const [plan, p] of [
      ['binary', e.binary],
      ['MultiJoin', e.multiJoin],
      ['union', e.union],
    ] as const) {
      if (p.operators.length === 0) {
        lines.push(
          `    ${plan} operators: none${plan === 'MultiJoin' && !e.multiJoin.available ? ' (not available here)' : ''}`,
        );
        continue;
      }
      lines.push(`    ${plan} operators:`);
      for (const o of p.operators) {
        lines.push(`      ${o.name}: ${gb(o.stateBytes)} (${o.stateBytes} B, ${o.entries} entries)`);
        lines.push(...explainTerms(o.terms, '        '));
        for (const n of o.notes) lines.push(`        note: ${n}`);
      }
    }
  }
  return lines;
}

/** A legacy Kinesis Data Analytics SQL application: not Flink, so no plan table; its price per KPU. */
function legacySqlText(name: string, e: JobEstimate, explain: boolean): string[] {
  const lines = [
    `  job ${name}`,
    '    legacy Kinesis Data Analytics SQL application: not Apache Flink, no Flink estimate',
  ];
  const cost = e.cost
    ? `${usd(e.cost.monthlyUsd)}/mo per KPU (${e.cost.region})`
    : `no price: ${e.costUnavailableReason ?? 'none'}`;
  lines.push(
    `    AWS bills the KPUs the service scales it to, with no orchestration KPU and no running application storage: ${cost}`,
  );
  if (explain) lines.push(...explainTerms(e.terms, '      '));
  return lines;
}

/** A Kubernetes manifest's role, and the autoscaler's range when it is on. */
function kubernetesText(spec: JobSpec | undefined, plans: JobPlans): string[] {
  const k = spec?.kubernetes;
  const lines: string[] = [];
  if (k?.role === 'session-job')
    lines.push(
      `    FlinkSessionJob on session cluster ${k.sessionCluster?.value ?? '(unnamed)'}: its task managers' share; the JobManager is counted with the cluster`,
    );
  if (k?.role === 'session-cluster')
    lines.push(
      `    session cluster${k.sessionJobs?.length ? ` running ${k.sessionJobs.join(', ')} (their jobs are listed separately; this is their sum with the JobManager)` : ''}${k.taskManagerReplicas ? `, ${k.taskManagerReplicas.value} task managers (taskManager.replicas)` : ''}`,
    );
  if (plans.autoscaler) lines.push(`    autoscaler: ${plans.autoscaler.formula}`);
  return lines;
}

function jobText(name: string, plans: JobPlans, explain: boolean, hasSql: boolean, spec?: JobSpec): string[] {
  if (plans.binary.kpu.application === 'legacy-sql') return legacySqlText(name, plans.binary, explain);
  const views = [plans.binary, plans.multiJoin, plans.union].map(jobView);
  // Without a join chain the three plans are one: a single column, not three equal ones.
  const onePlan = views.every((v) => JSON.stringify(v) === JSON.stringify(views[0]));
  const plan = planTable(
    (onePlan ? views.slice(0, 1) : views).map((job) => ({ available: true, job })),
    { hasSql },
  );
  const lines = [`  job ${name}`];
  lines.push(
    ...table([
      ['    ', 'as written', ...(onePlan ? [] : ['MultiJoin*', 'union rewrite'])],
      ...plan.rows.map((r) => [`    ${r.label}`, ...r.cells]),
    ]).split('\n'),
  );
  if (!onePlan) lines.push('    * MultiJoin where the Flink version allows it, binary joins elsewhere');
  lines.push(...plan.notes.map((n) => `    ${n}`));
  if (plans.kubernetes) lines.push(`    Kubernetes: ${plans.kubernetes.formula}`);
  lines.push(...kubernetesText(spec, plans));
  if (!hasSql)
    lines.push('    no SQL named by this descriptor: state not estimated, KPUs from the parallelism settings only');
  const b = plans.binary;
  if (b.overscale && b.overscale.kpu > 0) {
    lines.push(
      `    overscale margin: ${b.overscale.kpu} KPU above Parallelism ${b.overscale.parallelismWithoutMargin}${b.overscale.monthlyUsd !== undefined ? `, ${usd(b.overscale.monthlyUsd, 'n/a')}/month` : ''} (what dropping it saves, whatever the state)`,
    );
  }
  if (b.kpu.application === 'studio')
    lines.push(
      `    Studio notebook: AWS bills ${b.kpu.extra} KPUs beyond the configured ones, for orchestration and interactive development`,
    );
  const billed = `AWS bills the configuration, ${b.kpu.billed} KPU (${billedParts(b)})${b.cost ? `, ${usd(b.cost.monthlyUsd)}/mo` : ''}`;
  if (!b.fits)
    lines.push(
      `    ERROR: state does not fit the configured KPUs: ${billed}; the job needs ${toFitText(b) ?? `Parallelism ${b.parallelismToFit}`}`,
    );
  else if (b.toFit)
    lines.push(`    the declared memory needs more than the configured KPUs: ${billed}; the job needs ${toFitText(b)}`);
  if (b.cost)
    lines.push(`    prices: ${b.cost.region}, ${b.cost.priceSource}${b.cost.unverified ? ' (unverified)' : ''}`);
  else if (b.costUnavailableReason) lines.push(`    cost: ${b.costUnavailableReason}`);
  if (explain) {
    lines.push('    as written:');
    lines.push(...explainTerms(hasSql ? b.terms : b.terms.filter((t) => !STATE_TERMS.has(t.label)), '      '));
    if (!hasSql) lines.push('      state, storage KPUs, fit and snapshot time: not estimated (no SQL)');
  }
  return lines;
}

/**
 * The stateful operators outside the chain tables above, each at its line: state and notes, the
 * chain that counts it, or why it is not estimated.
 */
function statefulText(ops: readonly StatefulOperator[], explain: boolean): string[] {
  const lines: string[] = [];
  for (const o of ops) {
    if (o.kind === 'regular-join') continue; // in its chain's table
    const at = `  line ${o.range.start.line}: ${o.state.name}`;
    if (o.state.estimated === false) {
      lines.push(`${at}: not estimated: ${o.state.reason ?? o.state.notes[0] ?? 'not modelled'}`);
      continue;
    }
    if (o.chain) {
      lines.push(
        `${at}: ${gb(o.state.stateBytes)}, counted in the join chain at line ${o.chain.chain.range.start.line}`,
      );
      continue;
    }
    if (o.state.stateBytes === 0 && o.state.entries === 0) {
      lines.push(`${at}: no keyed state`);
      continue;
    }
    lines.push(`${at}: ${gb(o.state.stateBytes)} (${o.state.entries.toLocaleString('en-US')} entries)`);
    if (explain) for (const t of o.state.terms) lines.push(`    ${t.label}: ${t.formula}`);
    for (const n of o.state.notes) lines.push(`    note: ${n}`);
  }
  return lines;
}

const LANGUAGE_NAMES = { java: 'Java', kotlin: 'Kotlin', scala: 'Scala', python: 'Python' } as const;

/** One file of the text report; `rel` writes a path as the report shows it. */
export function reportText(r: FileReport, explain: boolean, rel: (path: string) => string): string {
  const what = r.program
    ? `Table-API SQL in ${LANGUAGE_NAMES[r.program.language]}: ${r.program.analysed} of ${r.program.calls} calls analysed${r.program.withRuntimeParts ? `, ${r.program.withRuntimeParts} with parts known only at run time` : ''}${r.program.settings ? `, ${r.program.settings} table setting${r.program.settings === 1 ? '' : 's'} read` : ''}`
    : r.kind === 'sql'
      ? 'Flink SQL'
      : `${r.descriptor?.source} descriptor`;
  const lines = [`${rel(r.path)} (${what})`];
  for (const d of r.diagnostics)
    lines.push(`  ${d.range.start.line}:${d.range.start.column} ${d.severity} [${d.code}] ${d.message}`);
  if (r.skipped) {
    // Not text, or nothing in it: the diagnostic says so, and there is nothing else to show.
  } else if (r.kind === 'sql') {
    const sql = r.sql!;
    for (const j of sql.joins)
      lines.push(
        `  ${j.range.start.line}:${j.range.start.column} ${j.kind} ${j.type} join ${j.left.join(', ')} ⋈ ${j.right}${j.keys.length ? ` on ${j.keys.map((k) => k.join(' = ')).join(', ')}` : ''}`,
      );
    const d = r.descriptorUsed;
    lines.push(
      `  statistics: ${d ? `from ${rel(d.path)}${d.job ? ` (job ${d.job})` : ''}, ${d.how === '--descriptor' ? 'given by --descriptor' : d.how === 'in the run' ? 'which names this file' : 'which names this file (found beside it)'}` : 'documented defaults (no descriptor names this file)'}`,
    );
    for (const c of r.estimate!.chains) lines.push(...chainText(c, explain));
    lines.push(...statefulText(r.estimate!.stateful, explain));
  } else {
    for (const j of r.jobs) {
      if (!j.sqlPath) {
        for (const c of j.estimate.chains) lines.push(...chainText(c, explain));
        lines.push(...statefulText(j.estimate.stateful, explain));
      }
      const name = j.spec.name?.value ?? '(unnamed)';
      lines.push(
        ...jobText(
          j.spec.address && j.spec.address !== name ? `${name} (${j.spec.address})` : name,
          j.plans,
          explain,
          !!j.sql,
          j.spec,
        ),
      );
      if (j.sqlPath) lines.push(`    SQL: ${rel(j.sqlPath)} (its chains are listed with that file)`);
    }
  }
  // Table and column names, job names, paths, notes: whatever came from the user's files is
  // printed with its control characters escaped (no escape sequence reaches the terminal).
  return lines.map(escapeControl).join('\n');
}
