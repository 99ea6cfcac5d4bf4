// Table settings a program makes in code, read as the SQL `SET` they stand for: the state TTL
// (`tEnv.getConfig().set("table.exec.state.ttl", "1 d")`, `setIdleStateRetention(Duration.ofDays(1))`,
// `set(ExecutionConfigOptions.IDLE_STATE_RETENTION, ...)`, Python's `set_idle_state_retention(
// timedelta(days=1))`), the runtime mode (`EnvironmentSettings.inBatchMode()`,
// `env.setRuntimeMode(RuntimeExecutionMode.BATCH)`) and the other options the model reads. Only the keys the model reads are
// taken, so a `set` of anything else (or on anything else) is left alone. Pure.
import { type Evaluator, type Node, quote, type Shape } from './evaluate';
import { runtimeModeOf } from '../sql/runtimeMode';
import { MappedBuilder, type MappedString } from './mapped';
import type { HostLanguage } from './types';

/** The options the analysis reads from SET statements (src/sql/analyze.ts, src/analysis/estimate.ts), by the kind of value. */
const KEYS = new Map<string, 'duration' | 'plain' | 'mode'>([
  ['table.exec.state.ttl', 'duration'],
  ['execution.runtime-mode', 'mode'],
  ['table.optimizer.multi-join.enabled', 'plain'],
  ['table.optimizer.multi-join.use-for-binary-join', 'plain'],
  ['table.exec.interval-join.min-cleanup-interval', 'duration'],
]);

/** Flink's ConfigOption constants of those keys (ExecutionConfigOptions, OptimizerConfigOptions, ExecutionOptions). */
const OPTIONS = new Map([
  ['RUNTIME_MODE', 'execution.runtime-mode'],
  ['IDLE_STATE_RETENTION', 'table.exec.state.ttl'],
  ['TABLE_OPTIMIZER_MULTI_JOIN_ENABLED', 'table.optimizer.multi-join.enabled'],
  ['TABLE_EXEC_INTERVAL_JOIN_MIN_CLEAN_UP_INTERVAL', 'table.exec.interval-join.min-cleanup-interval'],
]);

/** `set(key, value)` on a TableConfig or a Configuration (setString, setBoolean: Configuration's older setters). */
const JVM_SETTERS = ['set', 'setString', 'setBoolean'];
const PYTHON_SETTERS = ['set', 'set_string', 'set_boolean'];
/** TableConfig's retention setters: (Duration) and, deprecated, (min, max) where Flink keeps min. */
const JVM_RETENTION = ['setIdleStateRetention', 'setIdleStateRetentionTime'];
const PYTHON_RETENTION = ['set_idle_state_retention', 'set_idle_state_retention_time'];
/**
 * The runtime mode: EnvironmentSettings' `inBatchMode()` / `inStreamingMode()` (the mode of the
 * TableEnvironment it creates) and StreamExecutionEnvironment's `setRuntimeMode(mode)`.
 */
const JVM_MODES = new Map([
  ['inBatchMode', 'batch'],
  ['inStreamingMode', 'streaming'],
]);
const PYTHON_MODES = new Map([
  ['in_batch_mode', 'batch'],
  ['in_streaming_mode', 'streaming'],
]);
const JVM_MODE_SETTER = 'setRuntimeMode';
const PYTHON_MODE_SETTER = 'set_runtime_mode';

/** java.time.Duration factories and Flink's (deprecated) Time factories, in milliseconds per unit. */
const DURATION_FACTORIES: Record<string, number> = {
  ofDays: 86_400_000,
  ofHours: 3_600_000,
  ofMinutes: 60_000,
  ofSeconds: 1000,
  ofMillis: 1,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
};
/** Python's timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks), in ms per unit. */
const TIMEDELTA: [string, number][] = [
  ['days', 86_400_000],
  ['seconds', 1000],
  ['microseconds', 0.001],
  ['milliseconds', 1],
  ['minutes', 60_000],
  ['hours', 3_600_000],
  ['weeks', 604_800_000],
];

/** A setting read from a call: the SQL `SET` it stands for (mapped to the call), or why its value is not known. */
export type Setting =
  | { key: string; value: MappedString; valueNode: Node }
  | { key: string; notAnalysed: string; start: number; end: number; valueNode: Node };

/** The setting a call makes, when it sets an option the model reads; undefined for any other call. */
export function settingOf(ev: Evaluator, s: Extract<Shape, { k: 'call' }>, lang: HostLanguage): Setting | undefined {
  const python = lang === 'python';
  if ((python ? PYTHON_SETTERS : JVM_SETTERS).includes(s.name) && s.args.length === 2) {
    const key = keyOf(ev, s.args[0]);
    if (key === undefined) return undefined;
    const kind = KEYS.get(key);
    const read =
      kind === 'duration' ? duration(ev, s.args[1]) : kind === 'mode' ? mode(ev, s.args[1]) : plain(ev, s.args[1]);
    return valued(key, s.args[1], read);
  }
  if ((python ? PYTHON_RETENTION : JVM_RETENTION).includes(s.name) && s.args.length >= 1)
    return valued('table.exec.state.ttl', s.args[0], duration(ev, s.args[0]));
  const fixed = (python ? PYTHON_MODES : JVM_MODES).get(s.name);
  if (fixed && s.args.length === 0) return valued('execution.runtime-mode', s.nameNode, { text: fixed });
  if (s.name === (python ? PYTHON_MODE_SETTER : JVM_MODE_SETTER) && s.args.length === 1)
    return valued('execution.runtime-mode', s.args[0], mode(ev, s.args[0]));
  return undefined;
}

/** Kotlin's name of TableConfig's retention setter as a property. */
export const RETENTION_PROPERTY = 'idleStateRetention';

/**
 * Kotlin's property syntax for TableConfig's retention setter (`tEnv.config.idleStateRetention =
 * Duration.ofHours(1)` calls setIdleStateRetention): the setting and the property's name node.
 */
export function propertySettingOf(ev: Evaluator, assignment: Node): { setting: Setting; nameNode: Node } | undefined {
  const left = assignment.childForFieldName('left') ?? assignment.child(0);
  // A plain variable of that name is no property of a TableConfig.
  if (!left || left.type === 'identifier') return undefined;
  const nameNode = left.child(left.childCount - 1);
  const value = assignment.child(assignment.childCount - 1);
  if (nameNode?.type !== 'identifier' || nameNode.text !== RETENTION_PROPERTY || !value || value.id === left.id)
    return undefined;
  return { setting: valued('table.exec.state.ttl', value, duration(ev, value)), nameNode };
}

type Read = { text: string; mapped?: MappedString } | { why: string; at: Node };

function valued(key: string, node: Node, r: Read): Setting {
  if ('why' in r) return { key, notAnalysed: r.why, start: r.at.startIndex, end: r.at.endIndex, valueNode: node };
  const value = r.mapped ?? new MappedBuilder().push(r.text, node.startIndex, node.endIndex).build();
  return { key, value, valueNode: node };
}

/** The option a key argument names: a string known before run time, or one of Flink's ConfigOption constants. */
function keyOf(ev: Evaluator, n: Node): string | undefined {
  const v = ev.evaluate(n);
  if (!('notAnalysed' in v)) return KEYS.has(v.value.text) ? v.value.text : undefined;
  const s = ev.dialect.shape(n, ev.text);
  const name = s.k === 'member' ? s.name : s.k === 'name' ? s.name : undefined;
  return name === undefined ? undefined : OPTIONS.get(name);
}

/** A string or boolean value. */
function plain(ev: Evaluator, n: Node): Read {
  const t = n.text.trim();
  if (/^(true|false)$/i.test(t)) return { text: t.toLowerCase() };
  const v = ev.evaluate(n);
  return 'notAnalysed' in v ? { why: v.notAnalysed, at: n } : { text: v.value.text, mapped: v.value };
}

/** A runtime mode: `RuntimeExecutionMode.BATCH` (or the constant imported on its own), or a string. */
function mode(ev: Evaluator, n: Node): Read {
  const s = ev.dialect.shape(n, ev.text);
  // RuntimeExecutionMode.BATCH, or BATCH imported on its own (a constant: upper case).
  const constant =
    (s.k === 'member' || s.k === 'name') && s.name === s.name.toUpperCase() ? runtimeModeOf(s.name) : undefined;
  return constant ? { text: constant } : plain(ev, n);
}

/** A duration: a Flink duration string, `Duration.ofHours(n)` / `Duration.ZERO`, `Time.hours(n)`, `timedelta(...)`. */
function duration(ev: Evaluator, n: Node): Read {
  const s = ev.dialect.shape(n, ev.text);
  if (s.k === 'member' && s.name === 'ZERO') return { text: '0 ms' };
  if (s.k === 'call' && s.name in DURATION_FACTORIES && s.receiver && /(^|\.)(Duration|Time)$/.test(s.receiver.text)) {
    if (s.args.length !== 1) return { why: `'${quote(n)}' is not a duration we read`, at: n };
    const k = number(ev, s.args[0]);
    return typeof k === 'string' ? { why: k, at: s.args[0] } : { text: `${k * DURATION_FACTORIES[s.name]} ms` };
  }
  if (s.k === 'call' && s.name === 'timedelta') return timedelta(ev, s, n);
  return plain(ev, n);
}

/** Python's timedelta with positional and keyword arguments, in milliseconds. */
function timedelta(ev: Evaluator, s: Extract<Shape, { k: 'call' }>, n: Node): Read {
  let ms = 0;
  const parts: [Node, number][] = s.args.map((a, i) => [a, TIMEDELTA[i]?.[1] ?? Number.NaN]);
  for (const [name, unit] of TIMEDELTA) {
    const a = s.keywords.get(name);
    if (a) parts.push([a, unit]);
  }
  for (const [a, unit] of parts) {
    if (Number.isNaN(unit)) return { why: `'${quote(n)}' is not a duration we read`, at: n };
    const k = number(ev, a);
    if (typeof k === 'string') return { why: k, at: a };
    ms += k * unit;
  }
  return { text: `${ms} ms` };
}

/** A whole or decimal number known before run time (`24`, `24L`, `1_000`, a constant), or why not. */
function number(ev: Evaluator, n: Node): number | string {
  const v = ev.evaluate(n);
  const t = 'notAnalysed' in v ? n.text : v.value.text;
  const m = /^\s*(\d[\d_]*(?:\.\d+)?)[lL]?\s*$/.exec(t);
  if (m) return Number(m[1].replace(/_/g, ''));
  return 'notAnalysed' in v ? v.notAnalysed : `'${quote(n)}' is not a number known before run time`;
}

/**
 * The SQL a setting stands for: `SET 'key' = 'value'`, its words mapped to the call's name, the
 * value's quotes to the value argument and its text to where it was written.
 */
export function settingSql(setting: Extract<Setting, { value: MappedString }>, nameNode: Node): MappedString {
  const b = new MappedBuilder();
  const arg = setting.valueNode;
  b.push(`SET '${setting.key}' = `, nameNode.startIndex, nameNode.endIndex);
  b.push("'", arg.startIndex, arg.endIndex);
  for (let i = 0; i < setting.value.text.length; i++) {
    // A quote inside the value is doubled, as SQL writes it.
    const unit = setting.value.text[i] === "'" ? "''" : setting.value.text[i];
    b.push(unit, setting.value.starts[i], setting.value.ends[i]);
  }
  b.push("'", arg.startIndex, arg.endIndex);
  return b.build();
}
