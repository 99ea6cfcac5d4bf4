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

/** 1234567 -> "1,234,567"; 0.7200000001 -> "0.72"; keeps at most 3 decimals (more for tiny values). */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const neg = n < 0;
  let a = Math.abs(n);
  let s: string;
  if (Number.isInteger(a)) s = a.toString();
  else {
    const digits = a >= 1 ? 3 : Math.min(8, 3 - Math.floor(Math.log10(a)));
    s = a.toFixed(digits).replace(/\.?0+$/, '');
    a = Number(s);
  }
  const [int, frac] = s.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + grouped + (frac ? '.' + frac : '');
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
