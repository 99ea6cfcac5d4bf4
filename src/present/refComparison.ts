// "Compare with a git ref" as the comparison page draws it: per job, the KPUs billed, the monthly
// cost and the state at the ref → in the working copy, with the change; the totals last. Pure;
// imports format.ts and views.ts only (the page bundles it).
import { gb, kpu, usd } from './format';
import type { RefComparison } from './views';

export interface RefRow {
  label: string;
  change: string;
  cells: string[];
}

export interface RefTable {
  title: string;
  note: string;
  /** Said when the file is not at the ref. */
  newAtRef?: string;
  header: string[];
  /** `change`: the job's (added, removed, changed, unchanged), or `total` for the last row. */
  rows: RefRow[];
}

type Format = (n: number) => string;

/**
 * One figure before → after: `5 KPU → 9 KPU (+4 KPU, +80.0 %)`. A job on one side only is
 * `new: …` or `… → removed`; a figure unknown on a side (no price for the region) has no change.
 */
export function beforeAfter(
  base: number | undefined,
  head: number | undefined,
  f: Format,
  sides = { base: true, head: true },
): string {
  const show = (n: number | undefined) => (n === undefined ? 'n/a' : f(n));
  if (!sides.base) return `new: ${show(head)}`;
  if (!sides.head) return `${show(base)} \u2192 removed`;
  if (base === undefined || head === undefined) return `${show(base)} \u2192 ${show(head)}`;
  const d = head - base;
  if (d === 0) return `${f(head)} (unchanged)`;
  const sign = d > 0 ? '+' : '\u2212';
  const pct = base !== 0 ? `, ${sign}${Math.abs((d / base) * 100).toFixed(1)} %` : '';
  return `${f(base)} \u2192 ${f(head)} (${sign}${f(Math.abs(d))}${pct})`;
}

const dollars: Format = (n) => usd(n);

export function refComparisonTable(c: RefComparison): RefTable {
  const rows = c.diff.jobs.map((j): RefRow => {
    const sides = { base: j.base !== undefined, head: j.head !== undefined };
    return {
      label: `${j.key}${j.change === 'added' ? ' (new at this change)' : j.change === 'removed' ? ' (removed)' : ''}`,
      change: j.change,
      cells: [
        beforeAfter(j.base?.kpu.billed, j.head?.kpu.billed, kpu, sides),
        beforeAfter(j.base?.monthlyUsd, j.head?.monthlyUsd, dollars, sides),
        // A job without SQL has no state estimate: n/a, not 0 B.
        beforeAfter(
          j.base?.stateEstimated ? j.base.stateBytes : undefined,
          j.head?.stateEstimated ? j.head.stateBytes : undefined,
          gb,
          sides,
        ),
      ],
    };
  });
  const t = c.diff.totals;
  if (rows.length > 0)
    rows.push({
      label: 'Total',
      change: 'total',
      cells: [
        beforeAfter(t.billedKpu.base, t.billedKpu.head, kpu),
        beforeAfter(t.monthlyUsd.base, t.monthlyUsd.head, dollars),
        t.stateEstimated ? beforeAfter(t.stateBytes.base, t.stateBytes.head, gb) : 'n/a (no SQL)',
      ],
    });
  return {
    title: `Compared with ${c.label} (${c.commit.slice(0, 12)})`,
    note: `${c.file} and the files it names, at ${c.label} \u2192 in the working copy with unsaved edits, when compared.`,
    newAtRef: c.newAtRef ? `${c.file} is new at this change: it is not at ${c.label}.` : undefined,
    header: ['Job', 'KPU billed', 'Monthly cost', 'State'],
    rows,
  };
}
