// Flink's duration syntax, and what `SET 'table.exec.state.ttl'` makes of it.

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-9,
  nano: 1e-9,
  nanos: 1e-9,
  us: 1e-6,
  micro: 1e-6,
  micros: 1e-6,
  ms: 1e-3,
  milli: 1e-3,
  millis: 1e-3,
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
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
};
/** Flink's duration syntax (TimeUtils.parseDuration): a number and a unit; no unit means milliseconds. */
export function parseFlinkDuration(value: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  if (!m) return undefined;
  const unit = m[2].toLowerCase();
  const factor = unit === '' ? 1e-3 : DURATION_UNITS[unit];
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
