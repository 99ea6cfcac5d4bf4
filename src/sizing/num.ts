// Number guards and formatting shared by the sizing modules. Deterministic, locale-free.

/** A finite number >= 0, else `fallback`. */
export function nonNeg(x: unknown, fallback = 0): number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : fallback;
}

/** A finite number > 0, else `fallback`. */
export function positive(x: unknown, fallback: number): number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : fallback;
}

/** Clamps a computed value so that nothing NaN, infinite or negative leaves the model. */
export function safe(x: number): number {
  return Number.isFinite(x) && x > 0 ? x : 0;
}

/** ceil that tolerates float noise (4.000000000001 -> 4). */
export function ceilSafe(x: number): number {
  if (!Number.isFinite(x) || x <= 0) return 0;
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-9 ? r : Math.ceil(x);
}

/**
 * 1234567 -> "1,234,567"; 0.7200000001 -> "0.72"; keeps at most 3 decimals (more for tiny values).
 * Every formula writes its numbers with it (tens of thousands for a large file): no regular
 * expression on the common path.
 */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  let s: string;
  if (Number.isInteger(a)) s = a.toString();
  else {
    const digits = a >= 1 ? 3 : Math.min(8, 3 - Math.floor(Math.log10(a)));
    s = trimZeros(a.toFixed(digits));
  }
  const dot = s.indexOf('.');
  const int = dot < 0 ? s : s.slice(0, dot);
  // 1e21 and above are written with an exponent: left as they are.
  const grouped = int.length <= 3 || s.includes('e') ? int : groupThousands(int);
  return (n < 0 ? '-' : '') + grouped + (dot < 0 ? '' : s.slice(dot));
}

/** "1.500" -> "1.5", "2.000" -> "2" (toFixed's trailing zeros, and a dot left alone). */
function trimZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}

/** "1234567" -> "1,234,567". */
function groupThousands(int: string): string {
  const head = ((int.length - 1) % 3) + 1;
  let out = int.slice(0, head);
  for (let i = head; i < int.length; i += 3) out += `,${int.slice(i, i + 3)}`;
  return out;
}

/** Bytes as GB (10^9), e.g. "172.8 GB". */
export function fmtGB(bytes: number, bytesPerGB = 1e9): string {
  return `${fmt(bytes / bytesPerGB)} GB`;
}

export function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
