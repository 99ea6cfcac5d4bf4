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
