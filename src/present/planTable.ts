// The table of a job under each join plan (as written, MultiJoin, the union rewrite): one set of
// rows that the CLI's text, the comparison's Markdown export and the comparison page all draw.
// Imports views and formatters only: the page's bundle takes it.
import { duration, gb, usd } from './format';
import type { JobView, PlanView } from './views';

/** One column: a plan, whether it applies, its chain's state (a comparison of one chain), the job under it. */
export interface PlanColumn {
  available: boolean;
  chainStateBytes?: number;
  job: JobView;
}

export interface PlanRow {
  label: string;
  /** One cell per column, in the columns' order. */
  cells: string[];
}

export interface PlanTable {
  rows: PlanRow[];
  /** What a cell's mark means (`?`), for under the table. */
  notes: string[];
}

/** The columns of a comparison of one chain: each plan with the chain's state under it. */
export function compareColumns(plans: readonly PlanView[]): PlanColumn[] {
  return plans.map((p) => ({ available: p.available, chainStateBytes: p.stateBytes, job: p.job }));
}

/** `KPU billed (+1 orchestration)`, `KPU billed (+2 Studio)`; a job on a session cluster: its JobManager is the cluster's. */
export function billedLabel(j: Pick<JobView, 'application'> & { kpu: Pick<JobView['kpu'], 'extra'> }): string {
  if (j.kpu.extra === 0 && j.application === 'flink') return 'KPU (JobManager with its cluster)';
  return j.application === 'studio'
    ? `KPU billed (+${j.kpu.extra} Studio)`
    : `KPU billed (+${j.kpu.extra} orchestration)`;
}

/**
 * The rows: chain state (when the columns have one), the job's state and state on disk (`n/a`
 * without SQL, and storage KPUs `?`), KPUs by dimension, required and billed, the monthly cost, what the job needs to
 * fit when a plan needs more than configured, snapshot time and whether the state fits. A column
 * whose plan is not available shows `n/a` throughout.
 */
export function planTable(cols: readonly PlanColumn[], opts: { hasSql: boolean }): PlanTable {
  const rows: PlanRow[] = [];
  const row = (label: string, f: (j: JobView, c: PlanColumn) => string) =>
    rows.push({ label, cells: cols.map((c) => (c.available ? f(c.job, c) : 'n/a')) });
  const bytes = (n: number) => (opts.hasSql ? gb(n) : 'n/a');
  if (cols.every((c) => c.chainStateBytes !== undefined)) row('chain state', (_, c) => gb(c.chainStateBytes ?? 0));
  row('job state', (j) => bytes(j.stateBytes));
  row('job state on disk', (j) => bytes(j.onDiskBytes));
  row(
    'KPU cpu / memory / storage',
    (j) =>
      `${j.kpu.byDimension.cpu} / ${j.kpu.memoryDeclared ? j.kpu.byDimension.memory : '?'} / ${opts.hasSql ? j.kpu.byDimension.storage : '?'}`,
  );
  row('KPU required (binding)', (j) => `${j.kpu.required} (${j.kpu.binding})`);
  const billed = cols[0] ? billedLabel(cols[0].job) : 'KPU billed';
  row(billed, (j) => String(j.kpu.billed));
  row('monthly cost', (j) => usd(j.cost.monthlyUsd, 'n/a'));
  // AWS bills the configuration; a plan that needs more KPUs also shows what it needs to fit.
  if (cols.some((c) => c.available && c.job.toFit)) {
    row(billed.includes('billed') ? billed.replace('billed', 'to fit') : 'KPU to fit', (j) =>
      j.toFit ? `${j.toFit.kpu} (Parallelism ${j.toFit.parallelism})` : 'fits',
    );
    row('monthly cost to fit', (j) => (j.toFit ? usd(j.toFit.monthlyUsd, 'n/a') : '-'));
  }
  row('snapshot on scaling', (j) => (opts.hasSql ? duration(j.snapshotSeconds) : 'n/a'));
  row('state fits its KPUs', (j) => (opts.hasSql ? (j.fits ? 'yes' : 'no') : 'n/a'));
  const notes: string[] = [];
  if (cols.some((c) => c.available && !c.job.kpu.memoryDeclared))
    notes.push('? memory not declared: its KPUs are not counted (declare memoryGB to count them)');
  if (!opts.hasSql) notes.push('? storage: without SQL the state is not estimated, so its KPUs are not counted');
  return { rows, notes };
}
