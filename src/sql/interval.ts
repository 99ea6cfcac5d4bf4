// Interval-join time predicates read from the text of a condition, the way Flink's planner reads
// them (flink-table-planner IntervalJoinUtil.extractWindowBoundsFromPredicate, Flink 1.15-2.x):
// a BETWEEN is two comparisons (>= and <=); each side of a comparison is one time column plus or
// minus INTERVAL literals; the bounds are of `leftTime - rightTime`, the join's left input first.
// Pure functions over the Flink lexer's tokens: no parse tree, no positions.
import { lex, type Tok } from './parser';

/** One column reference as written (`o.order_time`, `` `ts` ``). */
export interface TimeColumn {
  qualifier?: string;
  name: string;
}

/** A time column plus a constant: `o.t + INTERVAL '4' HOUR` is { column o.t, offsetSec 14400 }. */
export interface LinearTime {
  column: TimeColumn;
  offsetSec: number;
}

export type RangeOp = '<' | '<=' | '>' | '>=';

/** `left op right`, both sides a time column plus a constant. */
export interface TimeComparison {
  left: LinearTime;
  op: RangeOp;
  right: LinearTime;
}

const UNIT_SEC: Record<string, number> = {
  SECOND: 1,
  SECONDS: 1,
  MINUTE: 60,
  MINUTES: 60,
  HOUR: 3600,
  HOURS: 3600,
  DAY: 86_400,
  DAYS: 86_400,
  WEEK: 604_800,
  WEEKS: 604_800,
};

/** Words that end an operand or are no column names. */
const NOT_NAMES = new Set([
  'INTERVAL',
  'BETWEEN',
  'AND',
  'OR',
  'NOT',
  'SYMMETRIC',
  'ASYMMETRIC',
  'IS',
  'NULL',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'TRUE',
  'FALSE',
]);

const unquoteName = (t: string) => (t.startsWith('`') && t.endsWith('`') ? t.slice(1, -1).replace(/``/g, '`') : t);
const isName = (t: Tok | undefined) =>
  !!t && ((/^[A-Za-z_][A-Za-z0-9_$]*$/.test(t.text) && !NOT_NAMES.has(t.text.toUpperCase())) || /^`.+`$/s.test(t.text));

/** Visible tokens with `<` `=` and `>` `=` written together joined into one operator. */
function tokens(text: string): Tok[] {
  const out: Tok[] = [];
  for (const t of lex(text)) {
    if (t.hidden) continue;
    const prev = out[out.length - 1];
    if (prev && t.text === '=' && (prev.text === '<' || prev.text === '>') && prev.end === t.start) {
      out[out.length - 1] = { ...prev, text: prev.text + '=', end: t.end };
      continue;
    }
    if (prev && prev.text === '<' && t.text === '>' && prev.end === t.start) {
      out[out.length - 1] = { ...prev, text: '<>', end: t.end };
      continue;
    }
    out.push(t);
  }
  return out;
}

/**
 * `INTERVAL '4' HOUR`, `INTERVAL '-4' HOUR`, `INTERVAL 4 HOUR`, `INTERVAL '0.5' SECOND`,
 * `INTERVAL '10' SECOND(3)`: seconds and the index after the literal; undefined for
 * year-month intervals and `... TO ...` ranges (not read).
 */
function intervalAt(toks: Tok[], i: number): { sec: number; next: number } | undefined {
  if (toks[i]?.text.toUpperCase() !== 'INTERVAL') return undefined;
  let k = i + 1;
  let sign = 1;
  if (toks[k]?.text === '-' || toks[k]?.text === '+') {
    if (toks[k].text === '-') sign = -1;
    k++;
  }
  const lit = toks[k]?.text ?? '';
  const raw = lit.startsWith("'") ? lit.slice(1, -1).trim() : lit;
  if (!/^[+-]?\d+(\.\d+)?$/.test(raw)) return undefined;
  const unit = UNIT_SEC[toks[k + 1]?.text.toUpperCase() ?? ''];
  if (unit === undefined) return undefined;
  k += 2;
  // A precision: SECOND(3).
  if (toks[k]?.text === '(' && /^\d+$/.test(toks[k + 1]?.text ?? '') && toks[k + 2]?.text === ')') k += 3;
  if (toks[k]?.text.toUpperCase() === 'TO') return undefined;
  return { sec: sign * Number(raw) * unit, next: k };
}

/**
 * Reads `toks[from, to)` as a sum of one column and INTERVAL literals, with parentheses and
 * signs: undefined when it is anything else (a function call, a number, two columns).
 */
export function linearTime(toks: Tok[], from = 0, to = toks.length): LinearTime | undefined {
  let i = from;
  const cols: { col: TimeColumn; sign: number }[] = [];
  let offset = 0;
  // expr := term (('+' | '-') term)*; term := ('+' | '-')* (INTERVAL literal | column | '(' expr ')')
  const expr = (sign: number): boolean => {
    if (!term(sign)) return false;
    while (i < to && (toks[i].text === '+' || toks[i].text === '-')) {
      const s = toks[i].text === '-' ? -sign : sign;
      i++;
      if (!term(s)) return false;
    }
    return true;
  };
  const term = (sign: number): boolean => {
    while (i < to && (toks[i].text === '+' || toks[i].text === '-')) {
      if (toks[i].text === '-') sign = -sign;
      i++;
    }
    if (i >= to) return false;
    const t = toks[i];
    if (t.text === '(') {
      i++;
      if (!expr(sign)) return false;
      if (toks[i]?.text !== ')' || i >= to) return false;
      i++;
      return true;
    }
    if (t.text.toUpperCase() === 'INTERVAL') {
      const iv = intervalAt(toks, i);
      if (!iv || iv.next > to) return false;
      offset += sign * iv.sec;
      i = iv.next;
      return true;
    }
    if (!isName(t)) return false;
    const parts = [unquoteName(t.text)];
    i++;
    while (i + 1 < to && toks[i].text === '.' && isName(toks[i + 1])) {
      parts.push(unquoteName(toks[i + 1].text));
      i += 2;
    }
    if (toks[i]?.text === '(' && i < to) return false; // a function call
    const name = parts[parts.length - 1];
    cols.push({ col: parts.length > 1 ? { qualifier: parts[parts.length - 2], name } : { name }, sign });
    return true;
  };
  if (!expr(1) || i !== to || cols.length !== 1 || cols[0].sign !== 1) return undefined;
  return { column: cols[0].col, offsetSec: offset };
}

/** Index of the matching `)` for the `(` at `open`, or -1. */
function closing(toks: Tok[], open: number): number {
  let depth = 0;
  for (let k = open; k < toks.length; k++) {
    if (toks[k].text === '(') depth++;
    else if (toks[k].text === ')' && --depth === 0) return k;
  }
  return -1;
}

/**
 * The comparisons of one condition (a conjunct of ON or WHERE): `a < b` is one, `a BETWEEN b
 * AND c` is two (`a >= b`, `a <= c`, as Calcite expands it). Undefined when the condition is not
 * such a comparison of two time expressions (NOT BETWEEN, BETWEEN SYMMETRIC, OR, functions).
 */
export function timeComparisons(text: string): TimeComparison[] | undefined {
  let toks = tokens(text);
  // Parentheses around the whole condition.
  while (toks.length > 2 && toks[0].text === '(' && closing(toks, 0) === toks.length - 1) toks = toks.slice(1, -1);
  let depth = 0;
  let at = -1;
  let kind: 'cmp' | 'between' | undefined;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k].text;
    if (t === '(') depth++;
    else if (t === ')') depth--;
    else if (depth === 0 && ['<', '<=', '>', '>='].includes(t)) {
      if (kind) return undefined;
      at = k;
      kind = 'cmp';
    } else if (depth === 0 && t.toUpperCase() === 'BETWEEN') {
      if (kind) return undefined;
      at = k;
      kind = 'between';
    }
  }
  if (kind === 'cmp') {
    const left = linearTime(toks, 0, at);
    const right = linearTime(toks, at + 1);
    return left && right ? [{ left, op: toks[at].text as RangeOp, right }] : undefined;
  }
  if (kind === 'between') {
    let from = at + 1;
    if (toks[from]?.text.toUpperCase() === 'ASYMMETRIC') from++;
    // The AND of the BETWEEN: the first top-level AND after it.
    let and = -1;
    depth = 0;
    for (let k = from; k < toks.length; k++) {
      const t = toks[k].text;
      if (t === '(') depth++;
      else if (t === ')') depth--;
      else if (depth === 0 && t.toUpperCase() === 'AND') {
        and = k;
        break;
      }
    }
    if (and < 0) return undefined;
    const subject = linearTime(toks, 0, at);
    const low = linearTime(toks, from, and);
    const high = linearTime(toks, and + 1);
    if (!subject || !low || !high) return undefined;
    return [
      { left: subject, op: '>=', right: low },
      { left: subject, op: '<=', right: high },
    ];
  }
  return undefined;
}

/**
 * One comparison as a bound on `leftTime - rightTime` (seconds), given which of its two
 * columns is on the join's left input: `leftTime + a op rightTime + b` bounds the difference
 * by `b - a`; `>`/`>=` give a lower bound, `<`/`<=` an upper bound (Flink subtracts or adds
 * 1 ms for the strict operators, which seconds ignore).
 */
export function boundOf(c: TimeComparison, leftIsFirst: boolean): { lower?: number; upper?: number } {
  // Put the join's left input on the left of the comparison.
  const flip: Record<RangeOp, RangeOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
  const [l, op, r] = leftIsFirst ? [c.left, c.op, c.right] : [c.right, flip[c.op], c.left];
  const k = r.offsetSec - l.offsetSec;
  return op === '>' || op === '>=' ? { lower: k } : { upper: k };
}

/**
 * The delay of a `WATERMARK FOR c AS <expr>` declaration, in seconds: `c` is 0,
 * `c - INTERVAL '5' SECOND` is 5. Undefined for any other expression (SOURCE_WATERMARK(),
 * functions): the sizing model then assumes its default watermark delay.
 */
export function watermarkDelaySec(definition: string): number | undefined {
  const toks = tokens(definition);
  const as = toks.findIndex((t) => t.text.toUpperCase() === 'AS');
  if (toks[0]?.text.toUpperCase() !== 'WATERMARK' || as < 0) return undefined;
  const column = toks.slice(2, as);
  const lin = linearTime(toks, as + 1);
  const declared = column.length > 0 ? unquoteName(column[column.length - 1].text) : undefined;
  if (!lin || !declared || lin.column.name.toLowerCase() !== declared.toLowerCase()) return undefined;
  return Math.max(0, -lin.offsetSec);
}

/**
 * A window TVF parameter: `INTERVAL '10' MINUTES` or `SIZE => INTERVAL '1' HOUR`: its name
 * (upper case, when written) and its seconds (undefined when it is no INTERVAL literal we read).
 */
export function intervalParam(text: string): { name?: string; sec?: number } {
  const named = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=>/.exec(text);
  const toks = tokens(named ? text.slice(named[0].length) : text);
  const i = toks.findIndex((t) => t.text.toUpperCase() === 'INTERVAL');
  const lit = i >= 0 ? intervalAt(toks, i) : undefined;
  return { name: named?.[1].toUpperCase(), sec: lit && lit.next === toks.length ? lit.sec : undefined };
}
