// A scope's regular joins as a left-deep chain: its inputs (with the columns Flink keeps),
// its joins and their key groups; and the two inputs of any other join.
import type { equiKeys } from './conditions';
import type { JoinFact, ScopeFact } from './facts';
import { itemLabel, lc, range, resolveColumn, type ScopeCtx } from './relation';
import type { ChainInfo, ChainInputInfo, JoinSide } from './types';

/** Both inputs of a non-regular join as the model needs them. */
export function joinSides(
  ctx: ScopeCtx,
  j: JoinFact,
  keys: ReturnType<typeof equiKeys>,
  needed: { name: string; type?: string }[][],
): { left: JoinSide; right: JoinSide } {
  const side = (items: number[], keyCols: string[]): JoinSide => ({
    name: items.map((i) => ctx.rels[i].display).join(' ⋈ '),
    tables: [...new Set(items.flatMap((i) => ctx.rels[i].tables))],
    columns: items.flatMap((i) => needed[i] ?? []),
    keyColumns: keyCols,
    uniqueKey: items.length === 1 ? ctx.rels[items[0]].uniqueKey : undefined,
    appendOnly: items.every((i) => ctx.rels[i].appendOnly),
  });
  return {
    left: side(
      j.left,
      keys.map((k) => k.left.column),
    ),
    right: side(
      [j.right],
      keys.map((k) => k.right.column),
    ),
  };
}

/** Columns the scope reads through each FROM item (Flink prunes the others before joins), with their types. */
export function neededColumns(ctx: ScopeCtx, s: ScopeFact): { name: string; type?: string }[][] {
  const out = s.items.map(() => new Map<string, { name: string; type?: string }>());
  const note = (item: number, name: string) => {
    const key = lc(name);
    if (out[item].has(key)) return;
    const col = ctx.rels[item].columns.find((c) => lc(c.name) === key);
    out[item].set(key, { name: col?.name ?? name, type: col?.type });
  };
  for (const ref of s.columnRefs) {
    const r = resolveColumn(s, ctx.rels, ref);
    if (r) note(r.item, r.column);
  }
  for (const item of s.selectItems) {
    if (!item.star) continue;
    s.items.forEach((it, i) => {
      if (item.star!.qualifier && lc(it.alias) !== lc(item.star!.qualifier)) return;
      for (const c of ctx.rels[i].columns) note(i, c.name);
    });
  }
  return out.map((m) => [...m.values()]);
}

/**
 * The join-key columns of both inputs, in `needed` (columns read through each FROM item): a
 * USING or NATURAL join's keys are named by no column reference of the scope (an unqualified
 * `id` of `a JOIN b USING (id)` names the merged column), yet both inputs keep them.
 */
export function noteKeyColumns(
  ctx: ScopeCtx,
  needed: { name: string; type?: string }[][],
  keys: ReturnType<typeof equiKeys>,
): void {
  for (const k of keys)
    for (const { item, column } of [k.left, k.right]) {
      const cols = needed[item];
      if (!cols || cols.some((c) => lc(c.name) === lc(column))) continue;
      const col = ctx.rels[item].columns.find((c) => lc(c.name) === lc(column));
      cols.push({ name: col?.name ?? column, type: col?.type });
    }
}

export function buildChain(
  ctx: ScopeCtx,
  regular: { fact: JoinFact; index: number; keys: ReturnType<typeof equiKeys> }[],
  s: ScopeFact,
  needed: { name: string; type?: string }[][],
): ChainInfo {
  const firstJoin = regular[0].fact;
  const itemOrder: number[] = [firstJoin.left[0], ...regular.map((r) => r.fact.right)];
  const inputIndex = (item: number) => {
    const k = itemOrder.indexOf(item);
    return Math.max(k, 0); // columns of a lookup/temporal relation joined into T1 count as T1's
  };
  // Union-find over key columns for key groups.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = parent.get(x) ?? x;
    if (p !== x) {
      p = find(p);
      parent.set(x, p);
    }
    return p;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  const nodeOf = (item: number, column: string) => `${inputIndex(item)}:${lc(column)}`;
  for (const r of regular)
    for (const k of r.keys) union(nodeOf(k.left.item, k.left.column), nodeOf(k.right.item, k.right.column));

  const joins: ChainInfo['joins'] = [];
  const groupRoots: string[] = [];
  let prevRoots = '';
  for (const r of regular) {
    const roots = [...new Set(r.keys.map((k) => find(nodeOf(k.right.item, k.right.column))))].sort().join('|');
    if (joins.length === 0 || roots !== prevRoots) groupRoots.push(roots);
    prevRoots = roots;
    joins.push({
      type: ctx.s.joins.includes(r.fact) && r.fact.comma ? (r.keys.length ? 'INNER' : 'CROSS') : r.fact.type,
      join: r.index,
      keys: r.keys.map((k) => ({
        leftInput: inputIndex(k.left.item),
        leftColumn: k.left.column,
        rightColumn: k.right.column,
      })),
      keyGroup: groupRoots.length - 1,
    });
  }
  const inputs: ChainInputInfo[] = itemOrder.map((item) => {
    const rel = ctx.rels[item];
    const it = s.items[item];
    return {
      // The name the query reads (a view keeps its own name, so a descriptor can give it
      // statistics); `tables` are the base tables behind it.
      name: itemLabel(ctx, item) !== rel.display ? it.alias : it.kind === 'table' && it.name ? it.name : rel.display,
      alias: it.alias,
      tables: rel.tables,
      columns: needed[item],
      // Flink prunes the columns a query does not read before the join; a key survives only
      // when every column of it is read (getProjectUniqueKeys).
      uniqueKey: rel.uniqueKey?.every((k) => needed[item].some((c) => lc(c.name) === lc(k)))
        ? rel.uniqueKey
        : undefined,
      dedupKeys: rel.dedupKeys,
      dedupFn: rel.dedupFn,
      appendOnly: rel.appendOnly,
      known: rel.known,
      range: range(ctx, it),
    };
  });
  const keyGroups = groupRoots.map((roots, g) => {
    const rootSet = new Set(roots.split('|').filter((x) => x !== ''));
    const cols = [...new Set([...parent.keys(), ...[...rootSet]])].filter((n) => rootSet.has(find(n)));
    const members = joins.filter((j) => j.keyGroup === g);
    const inputSet = new Set<number>();
    for (const j of members) for (const k of j.keys) inputSet.add(k.leftInput);
    for (const j of members) inputSet.add(joins.indexOf(j) + 1);
    const columnOf = (n: string) => {
      const [i, c] = n.split(':');
      const input = inputs[Number(i)];
      return `${input.name}.${input.columns.find((x) => lc(x.name) === c)?.name ?? c}`;
    };
    // One class of equated columns per root: a composite key has one per key column.
    const byInput = (x: string, y: string) => Number(x.split(':')[0]) - Number(y.split(':')[0]);
    const classes = [...rootSet].map((root) => [
      ...new Set(
        cols
          .filter((n) => find(n) === root)
          .sort(byInput)
          .map(columnOf),
      ),
    ]);
    return {
      columns: [...new Set(cols.map(columnOf))],
      label: classes.map((c) => c.join(' = ')).join(', '),
      inputs: [...inputSet].sort((a, b) => a - b).map((i) => inputs[i].name),
    };
  });
  // Everything chainSpec (src/analysis/estimate.ts) reads of a chain when no statistics apply.
  const shape = JSON.stringify([
    inputs.map((i) => [i.name, i.alias, i.tables, i.columns, i.uniqueKey, i.dedupKeys, i.dedupFn, i.appendOnly]),
    joins.map((j) => [j.type, j.keys, j.keyGroup]),
  ]);
  return {
    range: range(ctx, s.fromSpan ?? s),
    anchor: ctx.anchor,
    select: range(ctx, { start: s.start, end: s.start + 'SELECT'.length }),
    inputs,
    joins,
    keyGroups,
    feeds: ctx.feeds,
    shape,
  };
}
