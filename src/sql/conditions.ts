// Which conditions belong to a join (its ON, and the WHERE conditions Flink pushes into it),
// and the equi-join keys among them.
import type { Conjunct, JoinFact } from './facts';
import { lc, resolveColumn, type ScopeCtx } from './relation';

export function conditionsOf(ctx: Pick<ScopeCtx, 's' | 'rels'>, j: JoinFact): Conjunct[] {
  // Flink pushes WHERE conditions into inner (and comma) joins whose inputs they reference.
  if (j.type === 'INNER' || j.type === 'CROSS') {
    const inJoin = new Set([...j.left, j.right]);
    const pushed = ctx.s.where.filter((c) => {
      const items = c.cols.map((col) => resolveColumn(ctx.s, ctx.rels, col)?.item);
      return (
        items.includes(j.right) &&
        items.every((i) => i === undefined || inJoin.has(i)) &&
        items.some((i) => i !== undefined && i !== j.right)
      );
    });
    return [...j.on, ...pushed];
  }
  return j.on;
}

export function equiKeys(
  ctx: Pick<ScopeCtx, 's' | 'rels'>,
  j: JoinFact,
  conds: Conjunct[],
): { left: { item: number; column: string }; right: { item: number; column: string } }[] {
  const out: { left: { item: number; column: string }; right: { item: number; column: string } }[] = [];
  const leftSet = new Set(j.left);
  for (const c of conds) {
    if (!c.equality) continue;
    const a = resolveColumn(ctx.s, ctx.rels, c.equality[0]);
    const b = resolveColumn(ctx.s, ctx.rels, c.equality[1]);
    if (!a || !b) continue;
    if (leftSet.has(a.item) && b.item === j.right) out.push({ left: a, right: b });
    else if (leftSet.has(b.item) && a.item === j.right) out.push({ left: b, right: a });
  }
  const natural =
    j.using ??
    (j.natural
      ? ctx.rels[j.right].columns
          .map((c) => c.name)
          .filter((n) => j.left.some((i) => ctx.rels[i].columns.some((c) => lc(c.name) === lc(n))))
      : []);
  for (const name of natural) {
    const li = j.left.find((i) => ctx.rels[i].columns.some((c) => lc(c.name) === lc(name)) || !ctx.rels[i].known);
    if (li !== undefined) out.push({ left: { item: li, column: name }, right: { item: j.right, column: name } });
  }
  return out;
}
