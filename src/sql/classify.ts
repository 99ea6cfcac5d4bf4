// What kind of join a join is (regular, interval, temporal, lookup, window, lateral), the
// way Flink's planner decides it, and why.
import type { Range } from '../text';
import { conditionsOf } from './conditions';
import type { ColRef, Conjunct, JoinFact } from './facts';
import { boundOf, timeComparisons, type TimeColumn } from './interval';
import { itemLabel, lc, type RelColumn, type Relation, range, resolveColumn, type ScopeCtx } from './relation';
import type { IntervalBounds, JoinKind, TemporalWatermarks } from './types';
import { isWindowJoin } from './window';

const LOOKUP_CONNECTORS = new Set([
  'jdbc',
  'hbase-1.4',
  'hbase-2.2',
  'hbase',
  'redis',
  'dynamodb',
  'elasticsearch',
  'mongodb',
]);

function colTime(
  ctx: ScopeCtx,
  ref: ColRef,
): { item: number; col?: RelColumn; time?: 'rowtime' | 'proctime' } | undefined {
  const r = resolveColumn(ctx.s, ctx.rels, ref);
  if (!r) return undefined;
  const col = ctx.rels[r.item].columns.find((c) => lc(c.name) === lc(r.column));
  return { item: r.item, col, time: col?.time };
}

interface Classified {
  kind: JoinKind;
  reason: string;
  timeBounds?: string[];
  /** Interval joins whose bounds were read. */
  interval?: IntervalBounds;
  /** Event-time temporal joins: the inputs' watermark delays, and the probe's FROM item. */
  temporal?: { watermarks: TemporalWatermarks; probeItem: number };
  /** A regular join whose time comparisons would make an interval join if (see intervalOf). */
  notInterval?: { message: string; range: Range };
}

export function classify(ctx: ScopeCtx, j: JoinFact, conds: Conjunct[]): Classified {
  const right = ctx.s.items[j.right];
  const rightRel = ctx.rels[j.right];
  if (right.kind === 'lateral' || right.kind === 'unnest')
    return {
      kind: 'lateral',
      reason: `${right.kind === 'unnest' ? 'UNNEST' : 'LATERAL TABLE'} on the right: a correlated table function, no join state`,
    };
  if (right.systemTime) {
    const t = colTime(ctx, right.systemTime);
    if (t?.time === 'proctime')
      return {
        kind: 'lookup',
        reason: `FOR SYSTEM_TIME AS OF ${right.systemTime.name}, a processing-time attribute (PROCTIME())`,
      };
    if (t?.time === 'rowtime')
      return {
        kind: 'temporal',
        reason: `FOR SYSTEM_TIME AS OF ${right.systemTime.name}, an event-time attribute (WATERMARK)`,
        temporal: {
          probeItem: t.item,
          watermarks: {
            probeColumn: `${itemLabel(ctx, t.item)}.${t.col?.name ?? right.systemTime.name}`,
            probeWatermarkDelaySec: t.col?.wmDelaySec,
            versionedWatermarkDelaySec: rightRel.columns.find((c) => c.time === 'rowtime')?.wmDelaySec,
          },
        },
      };
    if (rightRel.connector && LOOKUP_CONNECTORS.has(rightRel.connector))
      return { kind: 'lookup', reason: `FOR SYSTEM_TIME AS OF on a '${rightRel.connector}' lookup source` };
    return {
      kind: 'temporal',
      reason: `FOR SYSTEM_TIME AS OF ${right.systemTime.name} (its time attribute is not declared in this file: read as event time)`,
    };
  }
  const leftSet = new Set(j.left);
  const sidesOf = (c: Conjunct) => {
    const items = c.cols.map((col) => resolveColumn(ctx.s, ctx.rels, col)?.item);
    return { left: items.some((i) => i !== undefined && leftSet.has(i)), right: items.some((i) => i === j.right) };
  };
  if (isWindowJoin(ctx, j, conds))
    return { kind: 'window', reason: 'both inputs are window TVF results joined on window_start and window_end' };
  return intervalOf(ctx, j, conds, sidesOf);
}

/** A time column of a comparison, resolved to the join input that holds it. */
interface TimeRef {
  side: 'left' | 'right';
  item: number;
  column: string;
  /** As written in the condition (`o.order_time`). */
  written: string;
  rel: Relation;
  col?: RelColumn;
  /** Its time attribute; none for a column whose type is no TIMESTAMP (a DATE cannot be one). */
  time?: 'rowtime' | 'proctime';
}

function timeRef(ctx: ScopeCtx, j: JoinFact, leftSet: Set<number>, c: TimeColumn): TimeRef | undefined {
  const r = resolveColumn(ctx.s, ctx.rels, { ...c, start: 0, end: 0 });
  if (!r) return undefined;
  const side = leftSet.has(r.item) ? 'left' : r.item === j.right ? 'right' : undefined;
  if (!side) return undefined;
  const rel = ctx.rels[r.item];
  const col = rel.columns.find((x) => lc(x.name) === lc(r.column));
  const time = col?.time && (!col.type || /TIMESTAMP/i.test(col.type)) ? col.time : undefined;
  return {
    side,
    item: r.item,
    column: col?.name ?? r.column,
    written: c.qualifier ? `${c.qualifier}.${c.name}` : c.name,
    rel,
    col,
    time,
  };
}

/**
 * Interval join or not, the way Flink's planner decides (IntervalJoinUtil.
 * extractWindowBoundsFromPredicate, Flink 1.15-2.x): every comparison (a BETWEEN is two) of a
 * time attribute of one input with one of the other, both event time or both processing time,
 * is a time predicate; exactly two of them, one lower and one upper bound of `leftTime -
 * rightTime`, make an interval join. Anything else is a regular join, and when its comparisons
 * would have made an interval join with time attributes (or with the other bound), `notInterval`
 * says why (the `not-interval-join` diagnostic). Columns of undeclared tables compared with
 * INTERVAL or BETWEEN are taken as event-time attributes (as before: their DDL is unknown).
 */
function intervalOf(
  ctx: ScopeCtx,
  j: JoinFact,
  conds: Conjunct[],
  sidesOf: (c: Conjunct) => { left: boolean; right: boolean },
): Classified {
  const leftSet = new Set(j.left);
  const regular = 'equi-join without time bounds: both inputs are kept in state';
  /** Conditions on both inputs' time attributes that could not be read: an interval join of unknown bounds. */
  const unread: string[] = [];
  const preds: {
    lower?: number;
    upper?: number;
    l: TimeRef;
    r: TimeRef;
    time: 'rowtime' | 'proctime';
    cond: Conjunct;
  }[] = [];
  const others: { l: TimeRef; r: TimeRef; cond: Conjunct }[] = [];
  for (const c of conds) {
    if (!c.range) continue;
    const sides = sidesOf(c);
    if (!sides.left || !sides.right) continue;
    const times = c.cols.map((col) => colTime(ctx, col));
    const leftTime = times.some((t) => t && leftSet.has(t.item) && t.time);
    const rightTime = times.some((t) => t && t.item === j.right && t.time);
    const undeclared = times.every((t) => !t || !ctx.rels[t.item].known) && /\bINTERVAL\b|\bBETWEEN\b/i.test(c.text);
    const cmps = timeComparisons(c.text);
    if (!cmps) {
      if ((leftTime && rightTime) || undeclared) unread.push(c.text.replace(/\s+/g, ' ').trim());
      continue;
    }
    for (const cmp of cmps) {
      const a = timeRef(ctx, j, leftSet, cmp.left.column);
      const b = timeRef(ctx, j, leftSet, cmp.right.column);
      if (!a || !b || a.side === b.side) continue;
      const [l, r] = a.side === 'left' ? [a, b] : [b, a];
      const bound = boundOf(cmp, a.side === 'left');
      if (l.time && l.time === r.time) preds.push({ ...bound, l, r, time: l.time, cond: c });
      else if (undeclared && !l.rel.known && !r.rel.known) preds.push({ ...bound, l, r, time: 'rowtime', cond: c });
      else others.push({ l, r, cond: c });
    }
  }
  const texts = (cs: Conjunct[]) => [...new Set(cs)].map((c) => c.text.replace(/\s+/g, ' ').trim());
  if (unread.length > 0) {
    return {
      kind: 'interval',
      reason: 'time bounds between both inputs\u2019 time attributes (not read: the time range is unknown)',
      timeBounds: [...texts(preds.map((p) => p.cond)), ...unread],
    };
  }
  const lower = preds.filter((p) => p.lower !== undefined);
  const upper = preds.filter((p) => p.upper !== undefined);
  if (preds.length === 2 && lower.length === 1 && upper.length === 1) {
    const lo = lower[0];
    const hi = upper[0];
    const event = lo.time === 'rowtime';
    return {
      kind: 'interval',
      reason: `time bounds between both inputs\u2019 ${event ? 'event' : 'processing'}-time attributes`,
      timeBounds: texts(preds.map((p) => p.cond)),
      interval: {
        lowerSec: lo.lower!,
        upperSec: hi.upper!,
        time: event ? 'event' : 'processing',
        leftColumn: `${itemLabel(ctx, lo.l.item)}.${lo.l.column}`,
        rightColumn: `${itemLabel(ctx, lo.r.item)}.${lo.r.column}`,
        leftWatermarkDelaySec: event ? lo.l.col?.wmDelaySec : undefined,
        rightWatermarkDelaySec: event ? lo.r.col?.wmDelaySec : undefined,
      },
    };
  }
  const rangeOf = (cs: Conjunct[]) => {
    // The conditions involved, from the first to the last when they are in one clause (ON or WHERE).
    const sorted = [...new Set(cs)].sort((x, y) => x.start - y.start);
    const inOn = (c: Conjunct) => j.on.includes(c);
    const last = sorted.every((c) => inOn(c) === inOn(sorted[0])) ? sorted[sorted.length - 1] : sorted[0];
    return range(ctx, { start: sorted[0].start, end: last.end });
  };
  // Comparisons of timestamp columns that are no time attributes, or of two kinds of time.
  const timestampLike = (t: TimeRef, c: Conjunct) =>
    !!t.time || (t.col?.type ? /^TIMESTAMP/i.test(t.col.type) : t.rel.known && !!t.col && /\bINTERVAL\b/i.test(c.text));
  const candidates = others.filter(
    (o) => o.l.rel.known && o.r.rel.known && timestampLike(o.l, o.cond) && timestampLike(o.r, o.cond),
  );
  if (preds.length === 0 && candidates.length === 0) return { kind: 'regular', reason: regular };
  const missing = [
    ...new Map(
      candidates
        .flatMap((x) => [x.l, x.r])
        .filter((t) => !t.time)
        .map((t) => [`${t.item}:${lc(t.column)}`, t]),
    ).values(),
  ];
  const mixed = candidates.find((o) => o.l.time && o.r.time);
  const why: string[] = [];
  const fixes: string[] = [];
  const p = preds[0];
  if (preds.length === 1)
    why.push(
      `only one comparison bounds the time attributes ${p.l.written} and ${p.r.written} (${p.lower !== undefined ? 'a lower' : 'an upper'} bound of their distance)`,
    );
  else if (preds.length > 1)
    why.push(
      `${preds.length} comparisons bound the time attributes ${p.l.written} and ${p.r.written}: ${lower.length} lower and ${upper.length} upper`,
    );
  const declare: TimeRef[] = [];
  for (const t of missing) {
    const table = t.rel.tables.length === 1 ? t.rel.tables[0] : t.rel.display;
    const current = t.rel.columns.find((c) => c.time === 'rowtime');
    if (current)
      why.push(
        `${t.written} is not a time attribute: the event-time attribute of ${table} is ${current.name} (a table has one WATERMARK)`,
      );
    else declare.push(t);
  }
  if (declare.length > 0) {
    const names = declare.map((t) => t.written);
    why.push(
      `${names.join(' and ')} ${names.length === 1 ? 'is not a time attribute' : 'are not time attributes'} (no WATERMARK declared on ${names.length === 1 ? 'it' : 'them'}, not PROCTIME())`,
    );
    const wm = declare.map(
      (t) =>
        `\`WATERMARK FOR ${t.column} AS ${t.column} - INTERVAL '5' SECOND\` on ${t.rel.tables.length === 1 ? t.rel.tables[0] : t.rel.display}`,
    );
    fixes.push(`declare ${wm.join(' and ')}, or compare PROCTIME() columns of both inputs`);
  }
  if (mixed)
    why.push(
      `${mixed.l.written} is ${mixed.l.time === 'rowtime' ? 'an event' : 'a processing'}-time attribute and ${mixed.r.written} ${mixed.r.time === 'rowtime' ? 'an event' : 'a processing'}-time attribute`,
    );
  if (preds.length === 1 && !mixed) {
    fixes.push(
      `add the other bound, e.g. \`AND ${p.l.written} ${p.lower !== undefined ? '<=' : '>='} ${p.r.written} ${p.lower !== undefined ? '+' : '-'} INTERVAL '1' HOUR\``,
    );
  }
  const message = `Not an interval join: ${why.join('; ')}. Flink's interval join needs exactly one lower and one upper bound between a time attribute of each input, both event time (WATERMARK) or both processing time (PROCTIME()), so it plans a regular join that keeps both inputs in state without bound.${fixes.length > 0 ? ` To make it an interval join, ${fixes.join('; ')}.` : ''}`;
  return {
    kind: 'regular',
    reason:
      'comparisons of time columns that make no interval join (see the not-interval-join diagnostic): a regular join',
    notInterval: { message, range: rangeOf([...preds.map((x) => x.cond), ...candidates.map((x) => x.cond)]) },
  };
}

/** A join of a scope, classified; its watermark delays include the hold-back of the joins before it. */
export interface ClassifiedJoin extends Omit<Classified, 'temporal'> {
  fact: JoinFact;
  conds: Conjunct[];
  temporal?: TemporalWatermarks;
}

/**
 * The scope's joins in order, classified (classify), with the watermark hold-back of each
 * event-time interval or temporal join applied to the joins after it; `heldBack`: how far the
 * output watermark of each FROM item joined by such a join trails its rows (seconds).
 */
export function classifyJoins(ctx: ScopeCtx): { joins: ClassifiedJoin[]; heldBack: Map<number, number> } {
  const heldBack = new Map<number, number>();
  const joins = ctx.s.joins.map((fact): ClassifiedJoin => {
    const conds = conditionsOf(ctx, fact);
    const cls = classify(ctx, fact, conds);
    return {
      ...cls,
      fact,
      conds,
      interval: cls.interval && withHeldBack(cls.interval, fact, heldBack),
      temporal: cls.temporal && temporalHeldBack(cls.temporal, fact, heldBack),
    };
  });
  return { joins, heldBack };
}

/**
 * The watermark delays of an interval join's inputs, with what an earlier event-time interval
 * join of the same FROM clause adds to its left input: Flink holds that join's output watermark
 * back by max(-lowerBound, upperBound) (RowTimeIntervalJoin.getMaxOutputDelay, applied by
 * KeyedCoProcessOperatorWithWatermarkDelay), on top of its own inputs' delays. Records this
 * join's output delay for the joins after it.
 */
function withHeldBack(b: IntervalBounds, j: JoinFact, heldBack: Map<number, number>): IntervalBounds {
  if (b.time !== 'event') return b;
  const before = j.left.map((i) => heldBack.get(i)).filter((x): x is number => x !== undefined);
  const out = before.length > 0 ? { ...b, leftWatermarkDelaySec: Math.max(...before) } : b;
  if (out.leftWatermarkDelaySec !== undefined && out.rightWatermarkDelaySec !== undefined) {
    const delay = Math.max(out.leftWatermarkDelaySec, out.rightWatermarkDelaySec) + Math.max(-b.lowerSec, b.upperSec);
    for (const i of [...j.left, j.right]) heldBack.set(i, delay);
  }
  return out;
}

/**
 * An event-time temporal join's watermark delays with the hold-back of an interval join earlier
 * in the same FROM clause on its probe (see withHeldBack). Its output watermark is the lower of
 * its inputs' (AbstractStreamOperator.processWatermark1/2): later joins of the clause see the
 * larger delay.
 */
function temporalHeldBack(
  t: { watermarks: TemporalWatermarks; probeItem: number },
  j: JoinFact,
  heldBack: Map<number, number>,
): TemporalWatermarks {
  const held = heldBack.get(t.probeItem);
  const out = held !== undefined ? { ...t.watermarks, probeWatermarkDelaySec: held } : t.watermarks;
  if (out.probeWatermarkDelaySec !== undefined && out.versionedWatermarkDelaySec !== undefined) {
    const delay = Math.max(out.probeWatermarkDelaySec, out.versionedWatermarkDelaySec);
    for (const i of [...j.left, j.right]) heldBack.set(i, Math.max(delay, heldBack.get(i) ?? 0));
  }
  return out;
}

/**
 * Whether a FROM clause emits inserts only, as Flink's changelog inference decides
 * (FlinkChangelogModeInferenceProgram): a lookup, temporal or lateral join forwards its left
 * input's mode (the dimension, versioned table or function on the right does not count); interval
 * and window joins consume and produce inserts only; a regular INNER or CROSS join forwards both
 * inputs' modes, and an outer one retracts the null-padded row it emitted once a match comes.
 */
export function fromAppendOnly(rels: readonly Relation[], joins: readonly ClassifiedJoin[]): boolean {
  const sideOnly = new Set<number>();
  for (const j of joins) {
    if (j.kind === 'lookup' || j.kind === 'temporal' || j.kind === 'lateral') sideOnly.add(j.fact.right);
    else if (j.kind === 'regular' && j.fact.type !== 'INNER' && j.fact.type !== 'CROSS') return false;
  }
  return rels.every((r, i) => r.appendOnly || sideOnly.has(i));
}
