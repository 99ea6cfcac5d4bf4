// The two inputs of the semi or anti join Flink's planner makes of an IN / EXISTS subquery
// (FlinkSubQueryRemoveRule, SubQueryDecorrelator: `x IN (SELECT y ...)` a semi join on x = y,
// `EXISTS (SELECT ... WHERE t.y = o.x)` a semi join on o.x = t.y, NOT EXISTS an anti join),
// run by StreamingSemiAntiJoinOperator. NOT IN is left out: over nullable columns Flink joins
// on `x = y OR x IS NULL OR y IS NULL`, no equi-key.
import type { ColRef, ScopeFact, SubqueryFact } from './facts';
import { lc, type Relation, resolveColumn } from './relation';
import { type Env, itemRelation } from './scope';
import type { JoinSide } from './types';

/**
 * The outer query's side (its FROM clause, with the columns it reads) and the subquery's side
 * (its one FROM item, projected to the key), keyed on the equi-key; undefined when the subquery
 * is not one read here (several FROM items or branches, a GROUP BY, no equi-key).
 */
export function subquerySides(
  env: Env,
  s: ScopeFact,
  rels: Relation[],
  sq: SubqueryFact,
  outer: { columns: { name: string; type?: string }[]; appendOnly: boolean },
): { left: JoinSide; right: JoinSide } | undefined {
  if (sq.kind === 'scalar' || sq.kind === 'not-in' || sq.query.scopes.length !== 1) return undefined;
  const inner = sq.query.scopes[0];
  if (inner.items.length !== 1 || inner.joins.length > 0 || inner.groupBy || inner.aggregates.length > 0)
    return undefined;
  const innerRel = itemRelation(env, inner.items[0]);
  const innerColumn = (ref: ColRef) => {
    const r = resolveColumn(inner, [innerRel], ref);
    return r && innerRel.columns.find((c) => lc(c.name) === lc(r.column));
  };
  const outerColumn = (ref: ColRef) => {
    const r = resolveColumn(s, rels, ref);
    return r && rels[r.item].columns.find((c) => lc(c.name) === lc(r.column));
  };
  // Pairs (outer column, inner column) of the equi-key.
  const keys: [{ name: string; type?: string }, { name: string; type?: string }][] = [];
  if (sq.kind === 'in') {
    const ref = inner.selectItems[0]?.ref;
    const o = sq.column && outerColumn(sq.column);
    const i = ref && innerColumn(ref);
    if (inner.selectItems.length !== 1 || !o || !i) return undefined;
    keys.push([o, i]);
  }
  // The correlation: equalities of the subquery's WHERE between its column and the query's (the
  // one qualified by an alias that is not the subquery's own).
  const innerAlias = lc(inner.items[0].alias);
  const isOuter = (x: ColRef) => x.qualifier !== undefined && lc(x.qualifier) !== innerAlias;
  for (const c of inner.where) {
    if (!c.equality) continue;
    const [a, b] = c.equality;
    const [o, i] = isOuter(a) && !isOuter(b) ? [a, b] : isOuter(b) && !isOuter(a) ? [b, a] : [];
    const oc = o && outerColumn(o);
    const ic = i && innerColumn(i);
    if (oc && ic) keys.push([oc, ic]);
  }
  if (keys.length === 0) return undefined;
  const typed = (c: { name: string; type?: string }) => ({ name: c.name, type: c.type });
  const keyNames = (k: 0 | 1) => keys.map((p) => p[k].name);
  return {
    left: {
      name: [...new Set(rels.map((r) => r.display))].join(' ⋈ '),
      tables: [...new Set(rels.flatMap((r) => r.tables))],
      columns: outer.columns,
      keyColumns: keyNames(0),
      uniqueKey: rels.length === 1 ? rels[0].uniqueKey : undefined,
      appendOnly: outer.appendOnly,
    },
    right: {
      name: innerRel.display,
      tables: innerRel.tables,
      // The subquery's side keeps only what the join reads: the key.
      columns: keys.map((p) => typed(p[1])),
      keyColumns: keyNames(1),
      uniqueKey: innerRel.uniqueKey,
      appendOnly: innerRel.appendOnly,
    },
  };
}
