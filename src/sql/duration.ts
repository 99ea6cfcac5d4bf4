// Flink's duration syntax, and what `SET 'table.exec.state.ttl'` makes of it.

/**
 * The unit labels of Flink's TimeUtils.parseDuration (its TimeUnit enum: a singular label, or a label
 * and its plural with an `s`), in seconds. Flink lower-cases the label before the lookup.
 */
export const FLINK_DURATION_UNITS: Readonly<Record<string, number>> = {
  d: 86400,
  day: 86400,
  days: 86400,
  h: 3600,
  hour: 3600,
  hours: 3600,
  min: 60,
  m: 60,
  minute: 60,
  minutes: 60,
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  ms: 1e-3,
  milli: 1e-3,
  millis: 1e-3,
  millisecond: 1e-3,
  milliseconds: 1e-3,
  µs: 1e-6,
  micro: 1e-6,
  micros: 1e-6,
  microsecond: 1e-6,
  microseconds: 1e-6,
  ns: 1e-9,
  nano: 1e-9,
  nanos: 1e-9,
  nanosecond: 1e-9,
  nanoseconds: 1e-9,
};

/** Flink's duration syntax (TimeUtils.parseDuration): a number and a unit; no unit means milliseconds. */
export function parseFlinkDuration(value: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  if (!m) return undefined;
  const unit = m[2].toLowerCase();
  const factor = unit === '' ? 1e-3 : FLINK_DURATION_UNITS[unit];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}

/**
 * What `SET 'table.exec.state.ttl' = value` sets, in seconds, or null when the value is no duration.
 * 0 is Flink's "state never expires" (the option's default, StateTtlConfig disabled): the file says
 * so explicitly, which overrides a TTL the job's descriptor declares.
 */
export function stateTtlSetting(value: string): number | null {
  return parseFlinkDuration(value) ?? null;
}
