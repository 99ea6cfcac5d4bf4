// Name resolution: tables, views and CTEs in scope (Env), and what each FROM item and each
// scope produces: its columns, upsert key, changelog mode, window.
import { joinUpsertKeys, type Keys, smallestKey } from '../sizing/upsertKeys';
import { LineIndex } from '../text';
import { classifyJoins, fromAppendOnly } from './classify';
import { conditionsOf, equiKeys } from './conditions';
import type { FromItem, QueryFact, ScopeFact } from './facts';
import { intervalParam } from './interval';
import { dedupOf, type Rank, rankOf } from './rank';
import {
  columnOf,
  lastPart,
  lc,
  type RelColumn,
  type Relation,
  resolveColumn,
  type ScopeOut,
  tableRelation,
  unknownRel,
} from './relation';
import type { TableDef, WindowSpec } from './types';
import { fromKeepsWindow, groupsByWindow } from './window';

export interface Env {
  tables: Map<string, TableDef>;
  views: Map<string, { query: QueryFact; columnNames?: string[] }>;
  ctes: Map<string, QueryFact>[];
  viewCache: Map<string, Relation>;
  resolving: Set<string>;
}

export function newEnv(): Env {
  return { tables: new Map(), views: new Map(), ctes: [], viewCache: new Map(), resolving: new Set() };
}

/**
 * Declares a table by its name and, for a qualified one (`default_catalog.default_database.t`),
 * by its last part too when no other table has it: a query of the same file names it `t` (the
 * current catalog and database). A reference `cat.db.t` finds a table declared `t` (lookupTable).
 */
export function declareTable(env: Env, def: TableDef): void {
  env.tables.set(lc(def.name), def);
  const short = lc(lastPart(def.name));
  if (short !== lc(def.name) && !env.tables.has(short)) env.tables.set(short, def);
}

export function lookupTable(env: Env, name: string): TableDef | undefined {
  return env.tables.get(lc(name)) ?? env.tables.get(lc(lastPart(name)));
}

export function resolveName(env: Env, name: string): Relation {
  const key = lc(name);
  for (let i = env.ctes.length - 1; i >= 0; i--) {
    const q = env.ctes[i].get(key);
    if (q) return guard(env, 'cte:' + key, name, () => queryRelation(env, q, name));
  }
  const view = env.views.get(key) ?? env.views.get(lc(lastPart(name)));
  if (view) {
    const cached = env.viewCache.get(key);
    if (cached) return cached;
    const rel = guard(env, 'view:' + key, name, () => queryRelation(env, view.query, name, view.columnNames));
    env.viewCache.set(key, rel);
    return rel;
  }
  const t = lookupTable(env, name);
  if (t) return tableRelation(t);
  return { display: name, tables: [name], columns: [], known: false, appendOnly: true, windowed: false };
}

function guard(env: Env, key: string, name: string, f: () => Relation): Relation {
  if (env.resolving.has(key))
    return { display: name, tables: [name], columns: [], known: false, appendOnly: true, windowed: false };
  env.resolving.add(key);
  try {
    return f();
  } finally {
    env.resolving.delete(key);
  }
}

export function itemRelation(env: Env, item: FromItem): Relation {
  switch (item.kind) {
    case 'table':
      return resolveName(env, item.name ?? item.alias);
    case 'subquery':
      return item.query
        ? queryRelation(env, item.query, item.alias, item.columnAliases?.length ? item.columnAliases : undefined)
        : unknownRel(item.alias);
    case 'window-tvf': {
      const base = item.query ? queryRelation(env, item.query, item.alias) : resolveName(env, item.name ?? item.alias);
      const wmDelaySec = base.columns.find((c) => c.time === 'rowtime')?.wmDelaySec;
      return {
        ...base,
        columns: [
          ...base.columns,
          { name: 'window_start', type: 'TIMESTAMP(3)', windowBound: 'start' },
          { name: 'window_end', type: 'TIMESTAMP(3)', windowBound: 'end' },
          { name: 'window_time', type: 'TIMESTAMP(3)', time: 'rowtime', wmDelaySec },
        ],
        windowed: true,
        window: windowSpecOf(item.windowFn, item.windowParams, wmDelaySec),
      };
    }
    case 'lateral':
    case 'unnest':
      return {
        ...unknownRel(item.alias),
        lateral: true,
        columns: (item.columnAliases ?? []).map((n) => ({ name: n })),
      };
    default:
      return unknownRel(item.alias);
  }
}
/**
 * A window TVF's window from its parameters: TUMBLE(size), HOP(slide, size), CUMULATE(step, size),
 * SESSION(gap), positional or named (SIZE =>, SLIDE =>, STEP =>, GAP =>).
 */
export function windowSpecOf(
  fnName: string | undefined,
  params: readonly string[] | undefined,
  watermarkDelaySec: number | undefined,
): WindowSpec | undefined {
  const fn = (fnName ?? '').toUpperCase();
  if (fn !== 'TUMBLE' && fn !== 'HOP' && fn !== 'CUMULATE' && fn !== 'SESSION') return undefined;
  const read = (params ?? []).map(intervalParam);
  const positional = read.filter((p) => !p.name);
  const arg = (name: string, i: number) => read.find((p) => p.name === name)?.sec ?? positional[i]?.sec;
  const spec: WindowSpec = { fn, watermarkDelaySec };
  if (fn === 'TUMBLE') spec.sizeSec = arg('SIZE', 0);
  else if (fn === 'HOP') [spec.slideSec, spec.sizeSec] = [arg('SLIDE', 0), arg('SIZE', 1)];
  else if (fn === 'CUMULATE') [spec.stepSec, spec.sizeSec] = [arg('STEP', 0), arg('SIZE', 1)];
  else spec.gapSec = arg('GAP', 0);
  return spec;
}

/** Positions are not read where a scope's output is worked out (only kinds and bounds of joins). */
const NO_POSITIONS = {
  base: 0,
  index: new LineIndex(''),
  anchor: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
};

/**
 * An event-time interval or temporal join holds its output watermark back (classifyJoins): the
 * scope's event-time columns from the FROM items it joins trail their rows by that delay, for
 * whatever reads this scope (a later join, a window).
 */
function holdBackWatermarks(columns: RelColumn[], from: number[], heldBack: ReadonlyMap<number, number>): void {
  if (heldBack.size === 0) return;
  columns.forEach((c, k) => {
    const delay = heldBack.get(from[k]);
    if (c.time === 'rowtime' && delay !== undefined) columns[k] = { ...c, wmDelaySec: delay };
  });
}

/** What a query produces, seen from a scope that reads it. */
export function queryRelation(env: Env, q: QueryFact, name: string, columnNames?: string[]): Relation {
  env.ctes.push(new Map(q.ctes.map((c) => [lc(c.name), c.query])));
  try {
    const scopes = q.scopes.map((s) => scopeOutput(env, s));
    if (scopes.length === 0) return unknownRel(name);
    const head = scopes[0];
    const tables = [...new Set(scopes.flatMap((s) => s.tables))];
    let columns = head.columns;
    if (columnNames && columnNames.length > 0) columns = columnNames.map((n, i) => ({ ...columns[i], name: n }));
    const single = scopes.length === 1;
    return {
      display: single && head.tables.length === 1 && !head.derived ? head.tables[0] : name,
      tables,
      columns,
      known: head.known,
      uniqueKey: single ? head.uniqueKey : undefined,
      dedupKeys: single ? head.dedupKeys : undefined,
      dedupFn: single ? head.dedupFn : undefined,
      appendOnly: scopes.every((s) => s.appendOnly),
      windowed: head.windowed,
      window: single ? head.window : undefined,
      connector: single ? head.connector : undefined,
    };
  } finally {
    env.ctes.pop();
  }
}

function scopeOutput(env: Env, s: ScopeFact): ScopeOut {
  const rels = s.items.map((it) => itemRelation(env, it));
  const columns: RelColumn[] = [];
  /** The FROM item each output column comes from (-1: none, an expression). */
  const from: number[] = [];
  for (const item of s.selectItems) {
    if (item.star) {
      s.items.forEach((it, i) => {
        if (item.star!.qualifier && lc(it.alias) !== lc(item.star!.qualifier)) return;
        columns.push(...rels[i].columns);
        for (const _ of rels[i].columns) from.push(i);
      });
      continue;
    }
    const src = item.ref ? resolveColumn(s, rels, item.ref) : undefined;
    const col = src ? rels[src.item].columns.find((c) => lc(c.name) === lc(src.column)) : undefined;
    columns.push({
      name: item.name,
      type: col?.type,
      time: item.proctime ? 'proctime' : col?.time,
      wmDelaySec: item.proctime ? undefined : col?.wmDelaySec,
      windowBound: col?.windowBound,
      mono: col?.mono,
    });
    from.push(src?.item ?? -1);
  }
  // The joins' kinds decide the watermark hold-back and, past the plain case, the changelog mode:
  // classified once, and only when one of them needs it (this runs for every view and CTE read).
  let classified: ReturnType<typeof classifyJoins> | undefined;
  const joinKinds = () => (classified ??= classifyJoins({ s, rels, ...NO_POSITIONS }));
  if (s.joins.length > 0 && columns.some((c) => c.time === 'rowtime'))
    holdBackWatermarks(columns, from, joinKinds().heldBack);
  const known = rels.every((r) => r.known) && !s.selectItems.some((it) => it.star && rels.some((r) => !r.known));
  const single = rels.length === 1 ? rels[0] : undefined;
  let uniqueKey = s.joins.length > 0 ? joinScopeKey(s, rels) : single?.uniqueKey;
  let dedupKeys = single?.dedupKeys;
  let dedupFn = single?.dedupFn;
  // Insert-only inputs joined INNER or CROSS are insert-only whatever the joins' kinds.
  let appendOnly =
    (rels.every((r) => r.appendOnly) && s.joins.every((j) => j.type === 'INNER' || j.type === 'CROSS')) ||
    (s.joins.length > 0 && fromAppendOnly(rels, joinKinds().joins));
  const derived = rels.length !== 1 || !!s.groupBy || s.aggregates.length > 0;
  // GROUP BY k: the output is an upsert stream keyed by k.
  if (s.aggregates.length > 0) aggregateTypes(s, columns, rels);
  // Window properties survive the FROM clause and the GROUP BY only as Flink's planner keeps them.
  const scope = { s, rels };
  const fromWindowed = fromKeepsWindow(scope);
  const windowAggregate = groupsByWindow(scope, fromWindowed);
  if (s.groupBy && s.groupBy.cols.length > 0) {
    uniqueKey = s.groupBy.cols.map((c) => c.name);
    // A window aggregate (or a legacy group window) emits each window's row once, when it fires.
    appendOnly = windowAggregate || !!s.groupBy.groupWindow;
    if (!appendOnly) aggregateMonotonicity(s, columns, rels);
  }
  // ROW_NUMBER() ... = 1 on a subquery's row number: keep one row per partition key.
  const dedup = single ? dedupOf(s) : undefined;
  if (dedup && !dedup.topN) {
    uniqueKey = dedup.keys;
    dedupKeys = dedup.keys;
    dedupFn = rankIn(env, s)?.rank.strategy;
    appendOnly = false;
  } else if (dedup) {
    // Top-N, N > 1: up to N rows per partition. Its keys (FlinkRelMdUniqueKeys.getRankUniqueKeys on
    // the input's keys that contain the partition key): the input's key, else the partition key
    // with the row number when the row number is selected.
    const part = dedup.keys.map(lc);
    const inputKey = uniqueKey && part.every((p) => uniqueKey!.some((u) => lc(u) === p)) ? uniqueKey : undefined;
    uniqueKey = inputKey ?? [...dedup.keys, dedup.rankColumn];
    appendOnly = false;
  }
  if (single && s.joins.length === 0 && !s.groupBy && uniqueKey && !(dedup && !dedup.topN)) {
    // A projection keeps the key only when every key column is still there.
    const out = new Set(columns.map((c) => lc(c.name)));
    if (!uniqueKey.every((k) => out.has(lc(k)))) uniqueKey = undefined;
  }
  return {
    display: single?.display ?? s.items.map((i) => i.alias).join('+'),
    tables: [...new Set(rels.flatMap((r) => r.tables))],
    columns,
    known,
    uniqueKey,
    dedupKeys,
    dedupFn,
    appendOnly,
    windowed: s.groupBy ? windowAggregate : fromWindowed,
    window: single?.window,
    connector: single?.connector,
    derived,
  };
}

/**
 * The smallest upsert key of a FROM clause of joins, as the scope's output column names
 * (joinUpsertKeys over the joins in order; a key survives the projection only when every
 * column of it is selected, as Flink's getProjectUniqueKeys keeps it). Undefined for a
 * correlated table function, a FOR SYSTEM_TIME AS OF join or a window join, whose keys Flink
 * derives by other rules not modelled here.
 */
function joinScopeKey(s: ScopeFact, rels: Relation[]): string[] | undefined {
  if (s.items.some((it) => it.kind === 'lateral' || it.kind === 'unnest' || it.systemTime)) return undefined;
  if (rels.every((r) => r.windowed)) return undefined;
  const ctx = { s, rels };
  const idOf = (item: number, column: string) => `${item}:${lc(column)}`;
  const keysOf = (i: number): Keys =>
    rels[i].uniqueKey ? [new Set(rels[i].uniqueKey!.map((c) => idOf(i, c)))] : undefined;
  let keys = keysOf(s.joins[0].left[0]);
  for (const j of s.joins) {
    const pairs = equiKeys(ctx, j, conditionsOf(ctx, j)).map(
      (k) => [idOf(k.left.item, k.left.column), idOf(k.right.item, k.right.column)] as const,
    );
    const type = j.comma ? (pairs.length > 0 ? 'INNER' : 'CROSS') : j.type;
    keys = joinUpsertKeys(type, keys, keysOf(j.right), pairs);
  }
  // Output name of each selected input column.
  const out = new Map<string, string>();
  for (const item of s.selectItems) {
    if (item.star) {
      s.items.forEach((it, i) => {
        if (item.star!.qualifier && lc(it.alias) !== lc(item.star!.qualifier)) return;
        for (const c of rels[i].columns) if (!out.has(idOf(i, c.name))) out.set(idOf(i, c.name), c.name);
      });
    } else if (item.ref) {
      const r = resolveColumn(s, rels, item.ref);
      if (r && !out.has(idOf(r.item, r.column))) out.set(idOf(r.item, r.column), item.name);
    }
  }
  const u = smallestKey(keys?.filter((k) => [...k].every((c) => out.has(c))));
  return u ? [...u].map((c) => out.get(c)!) : undefined;
}

/**
 * The result types of a scope's aggregate columns (an item that is one aggregate call), as
 * Flink's type inference gives them: COUNT BIGINT; MIN, MAX its argument's type; SUM and AVG
 * its argument's type, a DECIMAL widened to precision 38 (Flink's DecimalType sum/avg rules).
 */
function aggregateTypes(s: ScopeFact, columns: RelColumn[], rels: Relation[]): void {
  let k = 0;
  for (const item of s.selectItems) {
    if (item.star) return;
    const col = columns[k++];
    if (!col || col.type) continue;
    const aggs = s.aggregates.filter((a) => a.start >= item.start && a.end <= item.end);
    if (aggs.length !== 1 || !item.cols.every((c) => c.start >= aggs[0].start && c.end <= aggs[0].end)) continue;
    const { fn, args } = aggs[0];
    if (fn === 'COUNT') {
      col.type = 'BIGINT NOT NULL';
      continue;
    }
    const argType = args.length === 1 ? columnOf(s, rels, args[0])?.type : undefined;
    if (!argType || !['MIN', 'MAX', 'SUM', 'AVG'].includes(fn)) continue;
    const dec = /^\s*(?:DECIMAL|DEC|NUMERIC)\s*\(\s*\d+\s*(?:,\s*(\d+)\s*)?\)/i.exec(argType);
    col.type =
      dec && fn !== 'MIN' && fn !== 'MAX' ? `DECIMAL(38, ${dec[1] ?? 0})` : argType.replace(/\s+NOT\s+NULL\s*$/i, '');
  }
}

/**
 * The monotonicity of a group aggregation's output columns (FlinkRelMdModifiedMonotonicity.
 * getAggModifiedMono / getAggMonotonicity, Flink 1.15-2.x), on an append-only input: group keys
 * are constant, COUNT and MAX increasing, MIN decreasing. SUM is increasing only where Flink
 * knows its argument is never negative (a filter's value interval): not read here, so not
 * monotonic. On an updating input nothing is marked (only COUNT would stay increasing).
 */
function aggregateMonotonicity(s: ScopeFact, columns: RelColumn[], rels: Relation[]): void {
  if (rels.length !== 1 || !rels[0].appendOnly) return;
  const groupCols = new Set(s.groupBy!.cols.map((c) => lc(c.name)));
  let k = 0;
  for (const item of s.selectItems) {
    if (item.star) return; // columns of a star are not in select-item order here
    const col = columns[k++];
    if (!col) return;
    if (item.ref && groupCols.has(lc(item.ref.name))) {
      col.mono = 'constant';
      continue;
    }
    const aggs = s.aggregates.filter((a) => a.start >= item.start && a.end <= item.end);
    if (aggs.length !== 1) continue;
    const fn = aggs[0].fn;
    col.mono = fn === 'COUNT' || fn === 'MAX' ? 'increasing' : fn === 'MIN' ? 'decreasing' : undefined;
  }
}

/** The rank over `s`'s subquery (rank.ts), its scope resolved in `env`. */
export function rankIn(env: Env, s: ScopeFact): Rank | undefined {
  return rankOf(s, (inner) => ({
    innerRels: inner.items.map((it) => itemRelation(env, it)),
    input: scopeOutput(env, inner),
  }));
}
