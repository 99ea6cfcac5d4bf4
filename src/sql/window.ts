// Window properties through a scope, as Flink's planner keeps them (FlinkRelMdWindowProperties):
// which columns are a window TVF's window_start / window_end, whether a FROM clause's rows still
// carry them after its joins, and so whether a GROUP BY is a window aggregate.
import { conditionsOf } from './conditions';
import type { ColRef, Conjunct, JoinFact, ScopeFact } from './facts';
import { columnOf, lc, type Relation } from './relation';

interface Scope {
  s: ScopeFact;
  rels: Relation[];
}

/** A column's window bound: a window TVF's window_start / window_end under any alias, else by its name. */
export function windowBoundOf(ctx: Scope, ref: ColRef): 'start' | 'end' | undefined {
  const col = columnOf(ctx.s, ctx.rels, ref);
  if (col?.windowBound) return col.windowBound;
  const name = lc(ref.name);
  return name === 'window_start' ? 'start' : name === 'window_end' ? 'end' : undefined;
}

/** A window join: both inputs window TVF results, joined on window_start and on window_end. */
export function isWindowJoin(ctx: Scope, j: JoinFact, conds: readonly Conjunct[]): boolean {
  if (!ctx.rels[j.right].windowed || !j.left.some((i) => ctx.rels[i].windowed)) return false;
  const on = (bound: 'start' | 'end') => conds.some((c) => c.equality?.every((e) => windowBoundOf(ctx, e) === bound));
  return on('start') && on('end');
}

/**
 * Whether the rows of the FROM clause still carry a window TVF's window properties. A lookup or
 * temporal join (FOR SYSTEM_TIME AS OF) and a lateral table function keep their left input's; a
 * window join keeps both inputs'; any other join (regular, interval) loses them
 * (FlinkRelMdWindowProperties: a FlinkLogicalJoin has window properties only when it is a window join).
 */
export function fromKeepsWindow(ctx: Scope): boolean {
  const { s, rels } = ctx;
  if (s.joins.length === 0) return rels.length === 1 && rels[0].windowed;
  let kept = rels[s.joins[0].left[0]]?.windowed ?? false;
  for (const j of s.joins) {
    const right = s.items[j.right];
    if (right.systemTime || right.kind === 'lateral' || right.kind === 'unnest') continue;
    // The join's conditions are read only while the window is still kept.
    kept = kept && isWindowJoin(ctx, j, conditionsOf(ctx, j));
  }
  return kept;
}

/**
 * A window aggregate: the GROUP BY of a FROM clause that carries window properties names both its
 * window_start and its window_end (Flink, WindowUtil.groupingContainsWindowStartEnd); a GROUP BY
 * of only one of them, or over a regular join of a window TVF's rows, is a regular group aggregate.
 */
export function groupsByWindow(ctx: Scope, fromWindowed: boolean): boolean {
  const g = ctx.s.groupBy;
  if (!g || !fromWindowed) return false;
  const bounds = new Set(g.cols.map((c) => windowBoundOf(ctx, c)));
  return bounds.has('start') && bounds.has('end');
}
