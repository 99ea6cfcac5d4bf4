// Pass 2 of one statement: the joins, join chains and other stateful operators of its query,
// resolved against the file's declarations, in positions relative to the statement; then
// placed in the file's analysis.
import { diagnostic, LineIndex, type Range } from '../text';
import { buildChain, joinSides, neededColumns, noteKeyColumns } from './chain';
import { intervalParam } from './interval';
import { classifyJoins, fromAppendOnly } from './classify';
import { equiKeys } from './conditions';
import type { ColRef, JoinFact, OverFact, QueryFact, ScopeFact, StatementFact, SubqueryFact } from './facts';
import { dedupOf, rankOperatorColumns } from './rank';
import { columnOf, itemLabel, lc, range, type ScopeCtx, typeOf } from './relation';
import { subquerySides } from './subquery';
import { type Env, itemRelation, queryRelation, rankIn, windowSpecOf } from './scope';
import type { SqlSession, StatementResults } from './session';
import type { JoinInfo, OverSpec, SqlAnalysis, WindowSpec } from './types';
import { fromKeepsWindow, groupsByWindow, windowBoundOf } from './window';

/** The query pass 2 walks in a statement, and the name its result feeds. */
export function statementQuery(fact: StatementFact): { query: QueryFact; feeds?: string } | undefined {
  switch (fact.kind) {
    case 'create-view':
      return { query: fact.query, feeds: fact.name };
    case 'query':
      return { query: fact.query };
    case 'insert':
      return fact.query && { query: fact.query, feeds: fact.target };
    case 'create-table':
      return fact.table.query && { query: fact.table.query, feeds: fact.table.name };
    default:
      return undefined;
  }
}

export function queryResults(
  session: SqlSession,
  env: Env,
  envId: number,
  statement: string,
  { query, feeds }: { query: QueryFact; feeds?: string },
): StatementResults {
  const hit = session.cachedResults(envId, statement);
  if (hit) return hit;
  const index = new LineIndex(statement);
  const results: StatementResults = { joins: [], chains: [], operators: [], diagnostics: [] };
  walkQuery(env, query, { base: 0, index, feeds, anchor: index.range(0, 0) }, results);
  session.keepResults(envId, statement, results);
  return results;
}

/** A statement-relative position → the document, for a statement starting at `at`. */
function shift(r: Range, at: { line: number; column: number }): Range {
  const p = (x: { line: number; column: number }) =>
    x.line === 1
      ? { line: at.line, column: at.column + x.column - 1 }
      : { line: at.line + x.line - 1, column: x.column };
  return { start: p(r.start), end: p(r.end) };
}

/** A statement's results (in positions relative to it) placed in the file's analysis, the statement starting at `at`. */
export function placeResults(
  session: SqlSession,
  local: StatementResults,
  at: { line: number; column: number },
  out: SqlAnalysis,
): void {
  const joinOffset = out.joins.length;
  const placed = session.placed(local, at, joinOffset, () => ({
    joins: local.joins.map((j) => ({ ...j, range: shift(j.range, at), fullRange: shift(j.fullRange, at) })),
    chains: local.chains.map((c) => ({
      ...c,
      range: shift(c.range, at),
      anchor: shift(c.anchor, at),
      select: shift(c.select, at),
      inputs: c.inputs.map((i) => ({ ...i, range: shift(i.range, at) })),
      joins: c.joins.map((j) => ({ ...j, join: j.join + joinOffset })),
    })),
    operators: local.operators.map((o) => ({ ...o, range: shift(o.range, at) })),
    diagnostics: local.diagnostics.map((d) => ({ ...d, range: shift(d.range, at) })),
  }));
  out.joins.push(...placed.joins);
  out.chains.push(...placed.chains);
  out.operators.push(...placed.operators);
  for (const d of placed.diagnostics) {
    // An unknown table is reported once, at its first use in the file.
    if (d.code === 'sql-unknown-table' && out.diagnostics.some((x) => x.code === d.code && x.message === d.message))
      continue;
    out.diagnostics.push(d);
  }
}

/** How Flink plans a subquery in an expression (decorrelation in FlinkDecorrelateProgram, SubQueryRemoveRule). */
const SUBQUERY_PLAN: Record<SubqueryFact['kind'], { written: string; plan: string }> = {
  scalar: {
    written: 'a scalar subquery',
    plan: 'a join (a LEFT join with the subquery grouped by its correlation columns when correlated)',
  },
  in: { written: 'IN (subquery)', plan: 'a semi join' },
  'not-in': {
    written: 'NOT IN (subquery)',
    plan: 'an anti join on x = y OR x IS NULL OR y IS NULL (no equi-key unless both columns are NOT NULL)',
  },
  exists: { written: 'EXISTS (subquery)', plan: 'a semi join' },
  'not-exists': { written: 'NOT EXISTS (subquery)', plan: 'an anti join' },
};

interface WalkCtx {
  base: number;
  index: LineIndex;
  feeds?: string;
  anchor: Range;
}

function walkQuery(env: Env, q: QueryFact, w: WalkCtx, out: StatementResults): void {
  env.ctes.push(new Map(q.ctes.map((c) => [lc(c.name), c.query])));
  try {
    for (const c of q.ctes) walkQuery(env, c.query, { ...w, feeds: c.name }, out);
    if (q.setOps.some((o) => !o.endsWith('ALL'))) {
      // UNION (distinct) alone: Flink's planner makes it a UNION ALL grouped by every column
      // (Calcite's UnionToDistinctRule), a group aggregation with the rows as keys.
      const union = q.setOps.every((o) => o === 'UNION') ? queryRelation(env, q, 'UNION') : undefined;
      out.operators.push({
        kind: 'set-operation',
        range: w.index.range(w.base + q.start, w.base + q.end),
        inputs: union?.tables ?? [],
        keys: union?.columns.map((c) => c.name) ?? [],
        detail: `${q.setOps.join(', ')} keeps every distinct row in state`,
        feeds: w.feeds,
        ...(union
          ? {
              keyColumns: union.columns.map((c) => ({ name: c.name, type: typeOf(c) })),
              inputAppendOnly: union.appendOnly,
            }
          : {}),
      });
    }
    for (const s of q.scopes) walkScope(env, s, w, out);
  } finally {
    env.ctes.pop();
  }
}

function walkScope(env: Env, s: ScopeFact, w: WalkCtx, out: StatementResults): void {
  // Nested queries first (subqueries in FROM, TVF inputs).
  for (const it of s.items) if (it.query) walkQuery(env, it.query, { ...w, feeds: it.alias }, out);
  const rels = s.items.map((it) => itemRelation(env, it));
  const ctx: ScopeCtx = { s, rels, base: w.base, index: w.index, feeds: w.feeds, anchor: w.anchor };

  s.items.forEach((it, i) => {
    if (
      it.kind === 'table' &&
      !rels[i].known &&
      rels[i].tables.length === 1 &&
      !out.diagnostics.some((d) => d.code === 'sql-unknown-table' && d.message.includes(`'${it.name}'`))
    ) {
      out.diagnostics.push(
        diagnostic(
          'info',
          'sql-unknown-table',
          `No CREATE TABLE or VIEW for '${it.name}' in this file: its columns, key and changelog mode are unknown, so the estimate uses defaults (documented in the README).`,
          range(ctx, it.nameSpan ?? it),
        ),
      );
    }
  });

  const regular: { fact: JoinFact; index: number; keys: ReturnType<typeof equiKeys> }[] = [];

  const needed = s.joins.length > 0 ? neededColumns(ctx, s) : [];
  const label = (i: number) => itemLabel(ctx, i);
  const classified = classifyJoins(ctx).joins;
  for (const cls of classified) {
    const j = cls.fact;
    const keys = equiKeys(ctx, j, cls.conds);
    noteKeyColumns(ctx, needed, keys);
    const interval = cls.interval;
    if (cls.notInterval)
      out.diagnostics.push(diagnostic('info', 'not-interval-join', cls.notInterval.message, cls.notInterval.range));
    const type = j.comma ? (keys.length > 0 || cls.kind !== 'regular' ? 'INNER' : 'CROSS') : j.type;
    const info: JoinInfo = {
      kind: cls.kind,
      type,
      left: [...new Set(j.left.flatMap((i) => (label(i) === rels[i].display ? rels[i].tables : [label(i)])))],
      right: label(j.right),
      keys: keys.map((k) => [`${label(k.left.item)}.${k.left.column}`, `${label(k.right.item)}.${k.right.column}`]),
      range: range(ctx, { start: j.opStart, end: j.opEnd }),
      fullRange: range(ctx, j),
      timeBounds: cls.timeBounds,
      intervalSec: interval ? interval.upperSec - interval.lowerSec : undefined,
      interval,
      temporal: cls.temporal,
      sides:
        cls.kind === 'regular' || cls.kind === 'lateral' || cls.kind === 'lookup'
          ? undefined
          : joinSides(ctx, j, keys, needed),
      window:
        cls.kind === 'window' ? (j.left.map((i) => rels[i].window).find((x) => x) ?? rels[j.right].window) : undefined,
      reason: cls.reason,
    };
    out.joins.push(info);
    if (cls.kind === 'regular') regular.push({ fact: j, index: out.joins.length - 1, keys });
  }
  if (regular.length > 0) out.chains.push(buildChain(ctx, regular, s, needed));

  // Other stateful operators of this scope.
  const inputs = [...new Set(rels.flatMap((r) => r.tables))];
  const sr = range(ctx, s);
  const distinctAggs = s.aggregates.filter((a) => a.distinct).length;
  const feeds = w.feeds;
  /** A column of this scope's FROM items, with its type when known. */
  const typed = (ref: ColRef): { name: string; type?: string } => {
    const col = columnOf(s, rels, ref);
    return { name: col?.name ?? ref.name, type: typeOf(col) };
  };
  const inputAppendOnly = fromAppendOnly(rels, classified);
  const calls = s.aggregates.map((a) => ({ fn: a.fn, distinct: a.distinct, args: a.args.map(typed) }));
  if (s.groupBy) {
    const windowed = !!s.groupBy.groupWindow || groupsByWindow(ctx, fromKeepsWindow(ctx));
    // A window aggregate keys its state by the other columns (the window is the namespace); a
    // regular aggregate keys by every column of the GROUP BY, window_start included.
    const keyRefs = windowed
      ? s.groupBy.cols.filter((c) => !windowBoundOf(ctx, c) && lc(c.name) !== 'window_time')
      : s.groupBy.cols;
    out.operators.push({
      kind: windowed ? 'window-aggregate' : 'group-aggregate',
      range: range(ctx, s.groupBy),
      inputs,
      keys: keyRefs.map((c) => c.name),
      detail: `${s.aggregates.length} aggregate(s)${distinctAggs ? `, ${distinctAggs} with DISTINCT` : ''}${s.groupBy.groupWindow ? `, group window ${s.groupBy.groupWindow}` : ''}`,
      aggregates: s.aggregates.length,
      distinctAggregates: distinctAggs,
      feeds,
      keyColumns: keyRefs.map(typed),
      inputAppendOnly,
      calls,
      window: !windowed
        ? undefined
        : s.groupBy.groupWindow
          ? legacyWindow(ctx, s)
          : rels.find((r) => r.windowed)?.window,
    });
  } else if (s.aggregates.length > 0) {
    out.operators.push({
      kind: 'global-aggregate',
      range: sr,
      inputs,
      keys: [],
      detail: `${s.aggregates.length} aggregate(s) over the whole stream`,
      aggregates: s.aggregates.length,
      distinctAggregates: distinctAggs,
      feeds,
      keyColumns: [],
      inputAppendOnly,
      calls,
    });
  }
  if (s.distinct) {
    // SELECT DISTINCT: a group aggregation keyed by every selected column.
    const keyColumns = s.selectItems.flatMap((i) =>
      i.star
        ? s.items.flatMap((it, k) =>
            !i.star!.qualifier || lc(it.alias) === lc(i.star!.qualifier)
              ? rels[k].columns.map((c) => ({ name: c.name, type: typeOf(c) }))
              : [],
          )
        : [i.ref ? typed(i.ref) : { name: i.name }],
    );
    out.operators.push({
      kind: 'distinct',
      range: sr,
      inputs,
      keys: s.selectItems.map((i) => i.name),
      detail: 'SELECT DISTINCT keeps every distinct row',
      feeds,
      keyColumns,
      inputAppendOnly,
    });
  }
  // The outer side of a semi or anti join: every column the query reads from its FROM clause.
  const outerColumns = s.subqueries ? (s.joins.length > 0 ? needed : neededColumns(ctx, s)).flat() : [];
  for (const sq of s.subqueries ?? []) {
    walkQuery(env, sq.query, { ...w, feeds: undefined }, out);
    const inner = [...new Set(sq.query.scopes.flatMap((sc) => sc.items.map((it) => itemRelation(env, it).display)))];
    const what = SUBQUERY_PLAN[sq.kind];
    const sides = subquerySides(env, s, rels, sq, { columns: outerColumns, appendOnly: inputAppendOnly });
    out.operators.push({
      kind: 'subquery-join',
      range: range(ctx, sq),
      inputs: [...inputs, ...inner],
      keys: sides?.left.keyColumns ?? [],
      detail: `${what.written}${sq.correlated ? ', correlated' : ''}: Flink's planner turns it into ${what.plan} of ${inputs.join(', ') || 'the query'} with ${inner.join(', ') || 'the subquery'}${sides ? ` on ${sides.left.keyColumns.map((k, i) => `${k} = ${sides.right.keyColumns[i]}`).join(' AND ')}` : ''}, whose state holds both inputs' rows`,
      feeds,
      ...(sides ? { sides, anti: sq.kind === 'not-exists' } : {}),
    });
  }
  if (s.matchRecognize)
    out.operators.push({
      kind: 'match-recognize',
      range: range(ctx, s.matchRecognize),
      inputs,
      keys: s.matchRecognize.partitionBy,
      detail: 'MATCH_RECOGNIZE keeps partial matches',
      feeds,
    });
  const dedup = rels.length === 1 ? dedupOf(s) : undefined;
  if (dedup) {
    const r = rankIn(env, s);
    out.operators.push({
      kind: dedup.topN ? 'top-n' : 'deduplicate',
      range: sr,
      inputs,
      keys: dedup.keys,
      detail: dedup.topN
        ? 'ROW_NUMBER() with a rank bound above 1: Top-N keeps N rows per key'
        : 'ROW_NUMBER() = 1: one row kept per key',
      feeds,
      ...(r ? rankOperatorColumns(s, rels, r) : {}),
    });
  }
  // The OVER calls of one window (the same PARTITION BY, ORDER BY and frame) are one operator:
  // Calcite's ProjectToWindowRule puts them in one window group, which Flink runs as one
  // OverAggregate.
  const windows = new Map<string, OverFact[]>();
  for (const o of s.overs) {
    if (['ROW_NUMBER', 'RANK', 'DENSE_RANK'].includes(o.fn)) continue; // read by the outer scope as dedup / Top-N
    const col = (c: ColRef) => lc(`${c.qualifier ?? ''}.${c.name}`);
    const key = JSON.stringify([
      o.partitionBy.map(col),
      o.orderItems?.map((i) => [i.col ? col(i.col) : undefined, i.desc]) ?? o.orderBy.map(col),
      (o.frame ?? '').replace(/\s+/g, ' ').toUpperCase(),
    ]);
    const same = windows.get(key);
    if (same) same.push(o);
    else windows.set(key, [o]);
  }
  const overColumns = windows.size > 0 ? neededColumns(ctx, s).flat() : [];
  for (const [o, ...others] of windows.values()) {
    out.operators.push({
      kind: 'over-aggregate',
      range: range(ctx, o),
      inputs,
      keys: o.partitionBy.map((c) => c.name),
      detail: `${[o, ...others].map((x) => x.fn).join(', ')} OVER (${o.frame ?? 'unbounded'})`,
      feeds,
      keyColumns: o.partitionBy.map(typed),
      inputAppendOnly,
      calls: [o, ...others].map((x) => ({ fn: x.fn, distinct: false, args: (x.args ?? []).map(typed) })),
      // The OVER operator keeps whole input rows: the columns the scope reads, its time attribute
      // and partition key among them.
      columns: withColumns(overColumns, [...o.partitionBy, ...o.orderBy].map(typed)),
      over: overSpec(ctx, s, o),
    });
  }
}

/**
 * A legacy group window (`GROUP BY HOP(ts, INTERVAL '1' MINUTE, INTERVAL '10' MINUTE)`): its
 * intervals, and how far its time column's watermark trails (none for a processing-time window,
 * which fires on the wall clock).
 */
function legacyWindow(ctx: ScopeCtx, s: ScopeFact): WindowSpec | undefined {
  const g = s.groupBy;
  if (!g?.groupWindow) return undefined;
  const col = g.windowTime && columnOf(s, ctx.rels, g.windowTime);
  const proctime = col?.time === 'proctime';
  const spec = windowSpecOf(g.groupWindow, g.windowParams, proctime ? 0 : col?.wmDelaySec);
  return spec && { ...spec, legacy: true, ...(proctime ? { proctime } : {}) };
}

/**
 * An OVER window's frame and time attribute (Flink orders an OVER aggregation by one time
 * attribute): `ROWS|RANGE BETWEEN x PRECEDING AND CURRENT ROW` or `ROWS|RANGE x PRECEDING`;
 * no frame is RANGE UNBOUNDED PRECEDING.
 */
function overSpec(ctx: ScopeCtx, s: ScopeFact, o: OverFact): OverSpec {
  const col = o.orderBy[0] && columnOf(s, ctx.rels, o.orderBy[0]);
  const time = { time: col?.time, watermarkDelaySec: col?.time === 'rowtime' ? col.wmDelaySec : undefined };
  if (!o.frame) return { frame: 'unbounded', ...time };
  const m = /^\s*(ROWS|RANGE)\s+(?:BETWEEN\s+)?([\s\S]+?)\s+PRECEDING(?:\s+AND\s+CURRENT\s+ROW)?\s*$/i.exec(o.frame);
  if (!m) return { frame: 'unknown', ...time };
  const preceding = m[2].trim();
  if (/^UNBOUNDED$/i.test(preceding)) return { frame: 'unbounded', ...time };
  if (m[1].toUpperCase() === 'ROWS')
    return /^\d+$/.test(preceding)
      ? { frame: 'rows', precedingRows: Number(preceding), ...time }
      : { frame: 'unknown', ...time };
  const sec = intervalParam(preceding).sec;
  return sec === undefined ? { frame: 'unknown', ...time } : { frame: 'range', precedingSec: sec, ...time };
}

/** `cols` and those of `more` not among them (by name). */
function withColumns(
  cols: { name: string; type?: string }[],
  more: { name: string; type?: string }[],
): { name: string; type?: string }[] {
  const out = [...cols];
  for (const c of more) if (!out.some((x) => lc(x.name) === lc(c.name))) out.push(c);
  return out;
}
