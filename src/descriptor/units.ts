// Units of the descriptor's values: counts (370M), sizes (1.2GB, 500MiB), durations (7d, P7D)
// and rates (2000/s). Each value is one token, read here with small anchored patterns; the
// same patterns go into the JSON Schema (UNIT_PATTERNS) so editors accept exactly what we read.

import { FLINK_DURATION_UNITS } from '../sql/duration';

export type UnitKind = 'count' | 'size' | 'duration' | 'rate';

export type UnitResult = { ok: true; value: number } | { ok: false; code: 'unknown-unit' | 'invalid'; message: string };

/** Unsigned decimal number, optional fraction and exponent. */
const NUM = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const NUM_PREFIX = new RegExp(`^[+-]?${NUM}`);

/** Count suffixes: case-sensitive on purpose (`m` would read as minutes or milli). */
export const COUNT_UNITS: Readonly<Record<string, number>> = { k: 1e3, K: 1e3, M: 1e6, B: 1e9 };

/** Size units, case-insensitive. Decimal (GB = 10^9) and binary (GiB = 2^30); `Gi` as Kubernetes writes it. */
const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  pib: 2 ** 50,
  ki: 2 ** 10,
  mi: 2 ** 20,
  gi: 2 ** 30,
  ti: 2 ** 40,
  pi: 2 ** 50,
};

/** Duration units in seconds (lower case; the descriptor's own format). */
export const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 0.001,
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
  w: 604800,
  week: 604800,
  weeks: 604800,
};

/** Duration units of flinkConfiguration values: Flink's (TimeUtils), and the descriptor's own as before. */
const CONFIG_DURATION_UNITS: Readonly<Record<string, number>> = { ...DURATION_UNITS, ...FLINK_DURATION_UNITS };

/** Time units of a rate's denominator, in seconds. */
const RATE_TIME_UNITS: Readonly<Record<string, number>> = {
  s: 1,
  sec: 1,
  second: 1,
  m: 60,
  min: 60,
  minute: 60,
  h: 3600,
  hr: 3600,
  hour: 3600,
  d: 86400,
  day: 86400,
};

export const ACCEPTED_UNITS: Readonly<Record<UnitKind, string>> = {
  count: 'k (thousand), M (million), B (billion), e.g. 370M, 1.2k, 2B, or a plain number',
  size: 'B, kB, MB, GB, TB (powers of 10) or KiB, MiB, GiB, TiB (powers of 2), e.g. 80B, 1.2GB, 500MiB, or a plain number of bytes',
  duration: 'ms, s, m/min, h, d, w, e.g. 500ms, 45s, 30m, 12h, 7d, ISO P7D / PT12H, or a plain number of seconds',
  rate: 'a count per s, min, h or d, e.g. 2000/s, 120k/min, 1M/h, or a plain number per second',
};

const KIND_NOUN: Readonly<Record<UnitKind, string>> = {
  count: 'count',
  size: 'size',
  duration: 'duration',
  rate: 'rate',
};

function alternation(keys: Iterable<string>, caseInsensitive: boolean): string {
  const sorted = [...keys].sort((a, b) => b.length - a.length);
  return sorted
    .map((k) => (caseInsensitive ? k.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`) : k))
    .join('|');
}

const ISO_DURATION = String.raw`P(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?`;

/**
 * Patterns of the string forms each unit kind accepts (ECMA-262, no flags, as JSON Schema
 * `pattern` requires). Plain JSON/YAML numbers are accepted besides these strings.
 */
export const UNIT_PATTERNS: Readonly<Record<UnitKind, string>> = {
  count: `^\\s*${NUM}\\s*(?:${alternation(Object.keys(COUNT_UNITS), false)})?\\s*$`,
  size: `^\\s*${NUM}\\s*(?:${alternation(Object.keys(SIZE_UNITS), true)})?\\s*$`,
  duration: `^\\s*(?:${NUM}\\s*(?:${alternation(Object.keys(DURATION_UNITS), false)})?|${ISO_DURATION})\\s*$`,
  rate: `^\\s*${NUM}\\s*(?:${alternation(Object.keys(COUNT_UNITS), false)})?\\s*(?:/\\s*(?:${alternation(Object.keys(RATE_TIME_UNITS), false)}))?\\s*$`,
};

function fail(code: 'unknown-unit' | 'invalid', message: string): UnitResult {
  return { ok: false, code, message };
}

function finite(value: number, raw: string, kind: UnitKind): UnitResult {
  if (!Number.isFinite(value)) return fail('invalid', `'${raw}' is too large for a ${KIND_NOUN[kind]}`);
  return { ok: true, value: value === 0 ? 0 : value }; // -0 would print as "-0 rows"
}

function plainNumber(input: number, kind: UnitKind): UnitResult {
  if (!Number.isFinite(input)) return fail('invalid', `${input} is not a finite ${KIND_NOUN[kind]}`);
  if (input < 0) return fail('invalid', `${input} is negative; a ${KIND_NOUN[kind]} must be 0 or more`);
  return { ok: true, value: input === 0 ? 0 : input }; // -0 would print as "-0 rows"
}

interface Split {
  amount: number;
  unit: string;
}

/** Splits `12.5 GB` into 12.5 and `GB`; a failure result when there is no leading number or it is negative. */
function split(raw: string, kind: UnitKind): Split | UnitResult {
  const s = raw.trim();
  const m = NUM_PREFIX.exec(s);
  if (!m)
    return fail(
      'invalid',
      `'${raw}' is not a ${KIND_NOUN[kind]}: write a number with an optional unit: ${ACCEPTED_UNITS[kind]}`,
    );
  if (m[0].startsWith('-') && Number(m[0]) !== 0)
    return fail('invalid', `'${raw}' is negative; a ${KIND_NOUN[kind]} must be 0 or more`);
  return { amount: Number(m[0]), unit: s.slice(m[0].length).trim() };
}

function isSplit(x: Split | UnitResult): x is Split {
  return (x as Split).amount !== undefined;
}

function suggestion(unit: string, table: Readonly<Record<string, number>>): string {
  const ci = Object.keys(table).find((k) => k.toLowerCase() === unit.toLowerCase());
  return ci ? ` (did you mean '${ci}'?)` : '';
}

function unknownUnit(raw: string, unit: string, kind: UnitKind, table: Readonly<Record<string, number>>): UnitResult {
  return fail(
    'unknown-unit',
    `unknown ${KIND_NOUN[kind]} unit '${unit}' in '${raw.trim()}'${suggestion(unit, table)}; accepted: ${ACCEPTED_UNITS[kind]}`,
  );
}

/** `370M` → 370000000 rows. */
export function parseCount(input: string | number): UnitResult {
  if (typeof input === 'number') return plainNumber(input, 'count');
  const sp = split(input, 'count');
  if (!isSplit(sp)) return sp;
  if (sp.unit === '') return finite(sp.amount, input, 'count');
  const f = COUNT_UNITS[sp.unit];
  if (f === undefined) return unknownUnit(input, sp.unit, 'count', COUNT_UNITS);
  return finite(sp.amount * f, input, 'count');
}

/** `1.2GB` → 1.2e9 bytes; `500MiB` → 500 × 2^20 bytes. */
export function parseSize(input: string | number): UnitResult {
  if (typeof input === 'number') return plainNumber(input, 'size');
  const sp = split(input, 'size');
  if (!isSplit(sp)) return sp;
  if (sp.unit === '') return finite(sp.amount, input, 'size');
  const f = SIZE_UNITS[sp.unit.toLowerCase()];
  if (f === undefined) {
    const hint = /^[kmgtp]$/i.test(sp.unit) ? ` (did you mean '${sp.unit.toUpperCase()}B'?)` : '';
    return fail(
      'unknown-unit',
      `unknown size unit '${sp.unit}' in '${input.trim()}'${hint}; accepted: ${ACCEPTED_UNITS.size}`,
    );
  }
  return finite(sp.amount * f, input, 'size');
}

function parseIsoDuration(s: string, raw: string): UnitResult | undefined {
  if (!/^P/.test(s)) return undefined;
  const m = new RegExp(`^${ISO_DURATION}$`).exec(s);
  if (!m) {
    return fail(
      'unknown-unit',
      `'${raw.trim()}' is not an ISO duration we read (weeks, days, hours, minutes, seconds: P7D, PT12H, P1DT6H); years and months are not fixed lengths`,
    );
  }
  const [date, time = ''] = s.slice(1).split('T');
  if (date === '' && time === '') return fail('invalid', `'${raw.trim()}' is an empty ISO duration`);
  const num = (re: RegExp, part: string): number => Number(re.exec(part)?.[1] ?? 0);
  const value =
    num(/(\d+)W/, date) * 604800 +
    num(/(\d+)D/, date) * 86400 +
    num(/(\d+)H/, time) * 3600 +
    num(/(\d+)M/, time) * 60 +
    num(/(\d+(?:\.\d+)?)S/, time);
  return finite(value, raw, 'duration');
}

export interface DurationOptions {
  /** Unit of a number without a unit: seconds in descriptors, milliseconds in Flink configuration. */
  plain?: 's' | 'ms';
  /** Read Flink's TimeUtils forms too (case-insensitive, `millis`, `ns`, ...). */
  flink?: boolean;
}

/** `7d` → 604800 seconds. */
export function parseDuration(input: string | number, options: DurationOptions = {}): UnitResult {
  const plainFactor = options.plain === 'ms' ? 0.001 : 1;
  if (typeof input === 'number') {
    const r = plainNumber(input, 'duration');
    return r.ok ? { ok: true, value: r.value * plainFactor } : r;
  }
  const iso = parseIsoDuration(input.trim(), input);
  if (iso) return iso;
  const sp = split(input, 'duration');
  if (!isSplit(sp)) return sp;
  if (sp.unit === '') return finite(sp.amount * plainFactor, input, 'duration');
  const table = options.flink ? CONFIG_DURATION_UNITS : DURATION_UNITS;
  const f = table[options.flink ? sp.unit.toLowerCase() : sp.unit];
  if (f === undefined) return unknownUnit(input, sp.unit, 'duration', table);
  return finite(sp.amount * f, input, 'duration');
}

/** `120k/min` → 2000 rows per second. A plain number is per second. */
export function parseRate(input: string | number): UnitResult {
  if (typeof input === 'number') return plainNumber(input, 'rate');
  const slash = input.indexOf('/');
  const left = slash < 0 ? input : input.slice(0, slash);
  const count = parseCount(left);
  if (!count.ok) {
    if (count.code !== 'unknown-unit') return count;
    if (slash < 0)
      return fail(
        'unknown-unit',
        `'${input.trim()}' is not a rate: write a count per time unit, e.g. 2000/s, 120k/min, 1M/h`,
      );
    return fail('unknown-unit', `unknown count unit in '${input.trim()}'; accepted: ${ACCEPTED_UNITS.rate}`);
  }
  if (slash < 0) return count;
  const unit = input.slice(slash + 1).trim();
  const f = RATE_TIME_UNITS[unit];
  if (f === undefined) {
    return fail(
      'unknown-unit',
      `unknown time unit '/${unit}' in '${input.trim()}'${suggestion(unit, RATE_TIME_UNITS)}; accepted: ${ACCEPTED_UNITS.rate}`,
    );
  }
  return finite(count.value / f, input, 'rate');
}

export function parseUnit(kind: UnitKind, input: string | number): UnitResult {
  switch (kind) {
    case 'count':
      return parseCount(input);
    case 'size':
      return parseSize(input);
    case 'duration':
      return parseDuration(input);
    case 'rate':
      return parseRate(input);
  }
}

const FLINK_MEMORY_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  bytes: 1,
  k: 2 ** 10,
  kb: 2 ** 10,
  kibibytes: 2 ** 10,
  m: 2 ** 20,
  mb: 2 ** 20,
  mebibytes: 2 ** 20,
  g: 2 ** 30,
  gb: 2 ** 30,
  gibibytes: 2 ** 30,
  t: 2 ** 40,
  tb: 2 ** 40,
  tebibytes: 2 ** 40,
};

const K8S_QUANTITY_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/**
 * A Flink Kubernetes Operator memory string in bytes, read the way the operator reads it
 * (ResourceConfigUtils.parseResourceMemoryString): first as Flink's MemorySize (integer amount,
 * case-insensitive binary units: `2048m`, `4g`, `4gb`), else as a Kubernetes quantity after
 * upper-casing and dropping a trailing `B` (`4Gi`, `1.5G`).
 */
export function parseFlinkMemory(input: string | number): UnitResult {
  if (typeof input === 'number') return plainNumber(input, 'size');
  const s = input.trim();
  const intMatch = /^(\d+)\s*([a-z]*)$/i.exec(s);
  if (intMatch) {
    const f = FLINK_MEMORY_UNITS[intMatch[2].toLowerCase()];
    if (f !== undefined) return finite(Number(intMatch[1]) * f, input, 'size');
  }
  let q = s.replace(/\s/g, '').toUpperCase();
  if (q.endsWith('B')) q = q.slice(0, -1);
  if (q.endsWith('I')) q = q.slice(0, -1) + 'i';
  const m = new RegExp(`^${NUM}`).exec(q);
  if (!m) return fail('invalid', `'${input}' is not a memory size: write e.g. 2048m, 4g or 4Gi`);
  const f = K8S_QUANTITY_UNITS[q.slice(m[0].length)];
  if (f === undefined) {
    return fail(
      'unknown-unit',
      `unknown memory unit in '${input}'; accepted: Flink's b, k, m, g, t (powers of 2, e.g. 2048m, 4g) or Kubernetes' Ki, Mi, Gi, Ti, K, M, G, T (e.g. 4Gi)`,
    );
  }
  return finite(Number(m[0]) * f, input, 'size');
}

/** A Kubernetes CPU quantity in cores: `2`, `0.5`, `500m`. */
export function parseKubernetesCpu(input: string | number): UnitResult {
  if (typeof input === 'number') return plainNumber(input, 'count');
  const s = input.trim();
  const m = new RegExp(`^(${NUM})(m?)$`).exec(s);
  if (!m) return fail('unknown-unit', `'${input}' is not a CPU quantity: write cores (2, 0.5) or millicores (500m)`);
  return finite(Number(m[1]) / (m[2] ? 1000 : 1), input, 'count');
}
