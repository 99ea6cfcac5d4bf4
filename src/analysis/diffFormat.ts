// A diff (diff.ts) written for people: a text table per job for a terminal, and Markdown for a
// pull-request comment (one summary line, the details folded per job). The JSON form is the
// CLI's (docs/cli-json.md, "diff").
import { type ChainFigures, type DiffReport, delta, type JobFigures, type Paired } from './diff';
import { duration, gb, kpu, usd } from '../present/format';

const signed = (n: number, f: (x: number) => string) => (n > 0 ? `+${f(n)}` : n < 0 ? `-${f(-n)}` : `±${f(0)}`);
const pct = (p: number | undefined) => (p === undefined ? '' : `${p > 0 ? '+' : p < 0 ? '' : '±'}${p.toFixed(1)} %`);
const bytes = (n: number) => gb(n);
const dollars = (n: number) => usd(n);

/** A side's value of a row: a number, absent (the job is not on that side) or unknown (what it says instead). */
type Value = number | undefined | { unknown: string };

interface Row {
  label: string;
  base: Value;
  head: Value;
  fmt: (n: number) => string;
}

/** A job's figure, or why it is unknown: memory not declared, state not estimated without SQL. */
function known(
  j: JobFigures | undefined,
  f: (j: JobFigures) => number,
  unknownWhen?: (j: JobFigures) => string | false,
): Value {
  if (!j) return undefined;
  const why = unknownWhen?.(j);
  return why ? { unknown: why } : f(j);
}

const noMemory = (j: JobFigures) => !j.kpu.memoryDeclared && 'unknown';
const noState = (j: JobFigures) => !j.stateEstimated && 'n/a';

function jobRows(b: JobFigures | undefined, h: JobFigures | undefined): Row[] {
  const row = (
    label: string,
    f: (j: JobFigures) => number,
    fmt: Row['fmt'],
    unknownWhen?: (j: JobFigures) => string | false,
  ): Row => ({
    label,
    base: known(b, f, unknownWhen),
    head: known(h, f, unknownWhen),
    fmt,
  });
  return [
    { label: 'monthly cost', base: b?.monthlyUsd, head: h?.monthlyUsd, fmt: dollars },
    row('billed KPU', (j) => j.kpu.billed, kpu),
    row('KPU for CPU', (j) => j.kpu.cpu, kpu),
    row('KPU for memory', (j) => j.kpu.memory, kpu, noMemory),
    row('KPU for storage', (j) => j.kpu.storage, kpu, noState),
    row('state', (j) => j.stateBytes, bytes, noState),
    row('on disk', (j) => j.onDiskBytes, bytes, noState),
    row('snapshot', (j) => j.snapshotSeconds, duration, noState),
  ];
}

function cells(r: Row): [string, string, string, string, string] {
  const num = (v: Value) => (typeof v === 'number' ? v : undefined);
  const text = (v: Value) => (v === undefined ? '—' : typeof v === 'number' ? r.fmt(v) : v.unknown);
  // A change is shown only between two known figures.
  const d = delta(num(r.base), num(r.head));
  return [r.label, text(r.base), text(r.head), d.abs === undefined ? '' : signed(d.abs, r.fmt), pct(d.pct)];
}

function pad(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

function binding(j: Paired<JobFigures>): string {
  const b = j.base?.kpu.binding;
  const h = j.head?.kpu.binding;
  return b && h && b !== h ? `binding dimension: ${b} → ${h}` : `binding dimension: ${h ?? b}`;
}

function priceLine(j: Paired<JobFigures>): string {
  const f = j.head ?? j.base!;
  return f.region ? `prices: ${f.region}, ${f.priceSource}` : 'prices: none for the region (costs not compared)';
}

function chainLine(c: Paired<ChainFigures>, f: (n: number) => string = bytes): string {
  const one = (x: ChainFigures | undefined) =>
    !x
      ? '—'
      : x.notEstimated
        ? 'not estimated'
        : `binary ${f(x.binaryBytes!)}, MultiJoin ${x.multiJoinBytes === undefined ? 'n/a' : f(x.multiJoinBytes)}, union ${f(x.unionBytes!)}`;
  const c0 = c.head ?? c.base!;
  return `${c.key} (line ${c0.line}: ${c0.inputs.join(' ⋈ ')}) ${c.change}: ${one(c.base)} → ${one(c.head)}`;
}

/** The top line: monthly cost and state, each with its signed change. */
export function summaryLine(d: DiffReport): string {
  const cost = delta(d.totals.monthlyUsd.base, d.totals.monthlyUsd.head);
  const state = delta(d.totals.stateBytes.base, d.totals.stateBytes.head);
  const costText =
    cost.abs === undefined
      ? 'monthly cost not compared (no price for a region)'
      : `monthly cost ${signed(cost.abs, dollars)}${cost.pct !== undefined ? ` (${pct(cost.pct)})` : ''}`;
  const billed = d.totals.billedKpu.head - d.totals.billedKpu.base;
  const stateText = d.totals.stateEstimated
    ? `state ${signed(state.abs ?? 0, bytes)}${state.pct !== undefined ? ` (${pct(state.pct)})` : ''}`
    : 'state not estimated (no SQL)';
  return `${costText}, ${stateText}, billed ${signed(billed, kpu)}`;
}

export function diffText(d: DiffReport): string {
  const lines = [summaryLine(d)];
  for (const j of d.jobs) {
    if (j.change === 'unchanged') continue;
    lines.push('', `job ${j.key}: ${j.change}`);
    lines.push(
      ...pad([
        ['  ', 'base', 'head', 'change', ''],
        ...jobRows(j.base, j.head).map((r) => cells({ ...r, label: `  ${r.label}` })),
      ]),
    );
    lines.push(`  ${binding(j)}`, `  ${priceLine(j)}`);
  }
  const changed = d.chains.filter((c) => c.change !== 'unchanged');
  if (changed.length > 0) lines.push('', 'join chains:', ...changed.map((c) => `  ${chainLine(c)}`));
  const same = d.jobs.filter((j) => j.change === 'unchanged').map((j) => j.key);
  if (same.length > 0)
    lines.push('', `unchanged: ${same.length} job${same.length === 1 ? '' : 's'} (${same.join(', ')})`);
  if (d.jobs.length === 0 && d.chains.length === 0) lines.push('', 'no jobs or join chains on either side');
  return lines.join('\n');
}

/** Markdown for a pull-request comment: the summary, then each changed job folded. */
export function diffMarkdown(d: DiffReport): string {
  const esc = (s: string) => s.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
  const out = ['### Flink KPU Lens: what this change costs', '', `**${summaryLine(d)}**`, ''];
  const changed = d.jobs.filter((j) => j.change !== 'unchanged');
  if (changed.length === 0) out.push('No job changes its state, KPUs or cost.');
  for (const j of changed) {
    const rows = jobRows(j.base, j.head).map(cells);
    out.push(
      '<details>',
      `<summary>${esc(j.key)}: ${j.change}${rows[0][3] ? `, monthly cost ${rows[0][3]}` : ''}</summary>`,
      '',
      '| | base | head | change | |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
      '',
      `${esc(binding(j))}; ${esc(priceLine(j))}`,
      '',
      '</details>',
    );
  }
  const chains = d.chains.filter((c) => c.change !== 'unchanged');
  if (chains.length > 0)
    out.push(
      '',
      '<details>',
      `<summary>join chains: ${chains.length} changed</summary>`,
      '',
      ...chains.map((c) => `- ${esc(chainLine(c))}`),
      '',
      '</details>',
    );
  return out.join('\n');
}
