// How quantities are written for people, in one place: the CLI, the editor and the
// comparison's Markdown export use these (the webview page mirrors them in media/compare.js).

/** Bytes as GB / MB / kB (decimal units, as AWS bills storage). */
export function gb(bytes: number): string {
  const g = bytes / 1e9;
  if (g >= 100) return `${Math.round(g)} GB`;
  if (g >= 1) return `${g.toFixed(1)} GB`;
  const m = bytes / 1e6;
  return m >= 1 ? `${m.toFixed(1)} MB` : `${Math.round(bytes / 1e3)} kB`;
}

/** Whole US dollars, or `missing` when no sourced price exists for the region. */
export function usd(n: number | undefined, missing = 'no price'): string {
  return n === undefined ? missing : `$${n.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
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

/**
 * One key group's statistics in a line: "1,000 distinct keys (customers' unique key); rows per
 * key: addresses 5 (derived), loyalty 1". The distinct keys' source is said in words; the
 * derivation itself is the terms' (--explain, hovers).
 */
export function keyGroupStatisticsText(g: {
  distinctKeys: number;
  source: 'unique-key' | 'declared' | 'default';
  from: string;
  inputs: { name: string; rowsPerKey: number; source: string }[];
}): string {
  const from =
    g.source === 'unique-key'
      ? `the unique key of ${g.from}`
      : g.source === 'declared'
        ? `distinctKeys declared for ${g.from}`
        : `assumption: ${g.from}, the smallest input, has one row per key`;
  return `${count(g.distinctKeys)} distinct keys (${from}); rows per key: ${g.inputs.map((i) => `${i.name} ${count(i.rowsPerKey)} (${i.source})`).join(', ')}`;
}
