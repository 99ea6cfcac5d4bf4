// How quantities are written for people, in one place: the CLI, the editor's labels, the
// comparison's Markdown export and the comparison page (bundled for the browser) use these.
// No imports: the page's bundle takes this file alone.

/** Bytes as GB / MB / kB (decimal units, as AWS bills storage). */
export function gb(bytes: number): string {
  const g = bytes / 1e9;
  if (g >= 100) return `${Math.round(g)} GB`;
  if (g >= 1) return `${g.toFixed(1)} GB`;
  const m = bytes / 1e6;
  return m >= 1 ? `${m.toFixed(1)} MB` : `${Math.round(bytes / 1e3)} kB`;
}

/** Whole US dollars, or `missing` when there is no figure (no sourced price for the region). */
export function usd(n: number | null | undefined, missing = 'no price'): string {
  return n === undefined || n === null ? missing : `$${n.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
}

/** Seconds as s / min / h. */
export function duration(sec: number): string {
  if (sec < 90) return `${Math.round(sec)} s`;
  if (sec < 5400) return `${(sec / 60).toFixed(1)} min`;
  return `${(sec / 3600).toFixed(1)} h`;
}

/** Counts as people read them: 1,000,000 and 2.5 (at most 2 decimals). */
export function count(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** A number of KPUs: `25 KPU`. */
export function kpu(n: number): string {
  return `${n} KPU`;
}
