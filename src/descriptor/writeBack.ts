// Writing a job's settings back into its descriptor, where the descriptor writes them: the
// Located range of the value the analysis read. Only a literal is replaced (a number, a count
// with its unit, a duration with its unit, a region name), in its own spelling (quotes, unit);
// a value that comes from elsewhere (a Terraform variable, `${VAR}`, `!Ref`, a default, the
// region inside an ARN) is left alone, with the reason. Pure: text in, ranges and text out.
// Used by the quick fixes that set Parallelism (src/providers/codeActions.ts) and by the
// comparison's "Apply to the descriptor" (src/webview/comparePanel.ts).
import { LineIndex, type Range } from '../text';
import type { JobSpec, Located } from './types';
import { COUNT_UNITS, DURATION_UNITS } from './units';

/** How a value is spelt: a whole number, a count (`120M`), a duration (`7d`), an AWS region. */
export type LiteralKind = 'integer' | 'count' | 'duration' | 'region';

export type WriteBack = { ok: true; range: Range; text: string } | { ok: false; reason: string };

const NUM = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const QUOTED = /^(["']?)([^"']*)\1$/;
/** A character that would make the range part of a longer token (an ARN, a path, an expression). */
const TOKEN_CHAR = /[\w:/.$@-]/;

/**
 * Whether the characters around [start, end) make it part of a longer token: the region inside
 * `arn:aws:kinesisanalytics:us-east-1:…`. A key's colon just before (`"Parallelism":24`) is not.
 */
function insideToken(text: string, start: number, end: number): boolean {
  const before = text.charAt(start - 1);
  const keyColon = before === ':' && /^$|[\s"']/.test(text.charAt(start - 2));
  return (TOKEN_CHAR.test(before) && !keyColon) || TOKEN_CHAR.test(text.charAt(end));
}

/** A number as short as it reads back exactly (no `1e+21` for counts, no binary noise). */
function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(Number(n.toPrecision(12)));
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** `var.p`, `${P}` and the like, quoted for a message (shortened when long). */
const shown = (s: string) => `\`${s.length > 60 ? `${s.slice(0, 57)}…` : s}\``;

/**
 * The new text for a value written at `at` in `text`, in the spelling of what is there, or why
 * it is not replaced. `current` is the value the analysis read there: a literal is text that
 * reads as exactly that value (so an expression that happens to be a number is not one).
 */
export function writeBackLiteral(
  text: string,
  at: Located<number | string> | undefined,
  kind: LiteralKind,
  next: number | string,
): WriteBack {
  if (!at)
    return {
      ok: false,
      reason:
        'the descriptor does not set it as a value this extension reads (it is absent, or an expression it does not evaluate, and the default is used): set it by hand',
    };
  const index = new LineIndex(text);
  const start = index.offset(at.range.start);
  const end = index.offset(at.range.end);
  const written = text.slice(start, end);
  const trimmed = written.trim();
  const notLiteral: WriteBack = {
    ok: false,
    reason: `it is written as ${shown(trimmed)}, not as a literal value (a variable, reference, template or expression): change it where its value is set`,
  };
  if (insideToken(text, start, end)) {
    const line = text.slice(index.offset({ line: at.range.start.line, column: 1 }), end + 40).split(/\r?\n/)[0];
    return {
      ok: false,
      reason: `its value is part of ${shown(line.trim())}, not a setting of its own`,
    };
  }
  const q = QUOTED.exec(trimmed);
  if (!q) return notLiteral;
  const [, quote, body] = q;
  const lead = written.slice(0, written.indexOf(trimmed));
  const tail = written.slice(written.indexOf(trimmed) + trimmed.length);
  const replace = (value: string): WriteBack => ({
    ok: true,
    range: at.range,
    text: `${lead}${quote}${value}${quote}${tail}`,
  });
  if (kind === 'region') {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(body) || body !== at.value) return notLiteral;
    return replace(String(next));
  }
  const current = Number(at.value);
  const value = Number(next);
  if (kind === 'integer') {
    if (!/^\d+$/.test(body) || Number(body) !== current) return notLiteral;
    return replace(numberText(value));
  }
  const m = new RegExp(`^(${NUM})(\\s*)([A-Za-zµ]*)$`).exec(body);
  if (!m) return notLiteral;
  const [, amountText, space, unit] = m;
  const amount = Number(amountText);
  // The factor the descriptor applied to the number: its unit's, or (a duration without a unit)
  // seconds or milliseconds as the format reads a plain number.
  let factor: number | undefined;
  if (kind === 'count') factor = unit === '' ? 1 : COUNT_UNITS[unit];
  else if (unit !== '') factor = DURATION_UNITS[unit.toLowerCase()];
  else factor = [1, 0.001].find((f) => near(amount * f, current));
  if (factor === undefined || !near(amount * factor, current)) return notLiteral;
  const scaled = value / factor;
  if (unit !== '' && !Number.isInteger(scaled) && kind === 'duration') return replace(`${numberText(value)}${space}s`);
  if (unit !== '' && !Number.isInteger(scaled)) return replace(numberText(value));
  return replace(`${numberText(scaled)}${space}${unit}`);
}

/** The settings of a job that the comparison's what-if changes (the page's fields). */
export interface JobSettings {
  parallelism?: number;
  parallelismPerKPU?: number;
  region?: string;
  stateTtlDays?: number;
  rows?: Record<string, number>;
}

export interface PlannedEdit {
  label: string;
  range: Range;
  text: string;
  /** The text replaced, and the value written, for telling the user. */
  from: string;
  to: string;
}

export interface WriteBackPlan {
  edits: PlannedEdit[];
  /** Settings that changed but are not written, each with why. */
  skipped: { label: string; reason: string }[];
}

export interface WriteBackContext {
  /** The SQL sets its own state TTL (`SET 'table.exec.state.ttl'`), which wins over the descriptor's. */
  sqlSetsStateTtl?: boolean;
}

/** One setting the user changed: which, and its new value. */
export type SettingChange =
  | { field: 'parallelism' | 'parallelismPerKPU'; label: string; value: number }
  | { field: 'region'; label: string; value: string }
  | { field: 'stateTtlDays'; label: string; value: number }
  | { field: 'rows'; label: string; table: string; value: number };

/** The settings of `after` that differ from `before` (a setting `after` leaves out is not changed). */
export function changedSettings(before: JobSettings, after: JobSettings): SettingChange[] {
  const out: SettingChange[] = [];
  if (after.parallelism !== undefined && after.parallelism !== before.parallelism)
    out.push({ field: 'parallelism', label: 'Parallelism', value: after.parallelism });
  if (after.parallelismPerKPU !== undefined && after.parallelismPerKPU !== before.parallelismPerKPU)
    out.push({ field: 'parallelismPerKPU', label: 'ParallelismPerKPU', value: after.parallelismPerKPU });
  if (after.region && after.region !== before.region)
    out.push({ field: 'region', label: 'Region', value: after.region });
  if (after.stateTtlDays !== undefined && after.stateTtlDays !== before.stateTtlDays)
    out.push({ field: 'stateTtlDays', label: 'State TTL', value: after.stateTtlDays });
  for (const [table, rows] of Object.entries(after.rows ?? {}))
    if (rows !== before.rows?.[table]) out.push({ field: 'rows', label: `Rows of ${table}`, table, value: rows });
  return out;
}

/**
 * Where and how to write the settings that differ between `before` (what the job has) and
 * `after` (what the user asked for) into the descriptor `text` whose job is `spec`.
 */
export function planWriteBack(
  spec: JobSpec,
  text: string,
  before: JobSettings,
  after: JobSettings,
  context: WriteBackContext = {},
): WriteBackPlan {
  const plan: WriteBackPlan = { edits: [], skipped: [] };
  const index = new LineIndex(text);
  const put = (
    label: string,
    at: Located<number | string> | undefined,
    kind: LiteralKind,
    value: number | string,
    toText: string,
  ) => {
    const w = writeBackLiteral(text, at, kind, value);
    if (!w.ok) {
      plan.skipped.push({ label, reason: w.reason });
      return;
    }
    const from = text.slice(index.offset(w.range.start), index.offset(w.range.end)).trim();
    plan.edits.push({ label, range: w.range, text: w.text, from, to: toText });
  };
  for (const c of changedSettings(before, after)) {
    switch (c.field) {
      case 'parallelism':
      case 'parallelismPerKPU':
        put(c.label, spec[c.field], 'integer', c.value, String(c.value));
        break;
      case 'region':
        put(c.label, spec.region, 'region', c.value, c.value);
        break;
      case 'stateTtlDays':
        if (context.sqlSetsStateTtl)
          plan.skipped.push({
            label: c.label,
            reason: "the SQL sets 'table.exec.state.ttl', which wins over the descriptor: change it in the SQL",
          });
        else
          put(
            c.label,
            spec.stateTtlSec,
            'duration',
            c.value * 86_400,
            c.value === 0 ? 'none' : `${numberText(c.value)} d`,
          );
        break;
      case 'rows': {
        const key = Object.keys(spec.tables).find((k) => k.toLowerCase() === c.table.toLowerCase());
        const t = key === undefined ? undefined : spec.tables[key];
        const range = t?.fieldRanges?.rows;
        if (t?.rows === undefined || !range)
          plan.skipped.push({
            label: c.label,
            reason: `the descriptor does not declare the rows of ${c.table}${t ? ' (they are estimated from its other statistics)' : ''}: add them by hand`,
          });
        else put(c.label, { value: t.rows, range }, 'count', c.value, numberText(c.value));
        break;
      }
    }
  }
  return plan;
}
