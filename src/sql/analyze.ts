// Flink SQL file → SqlAnalysis. Statements are extracted one by one (cached by their
// text), then resolved together: names through CTEs, views and DDL; joins classified;
// left-deep join chains and their key groups built; other stateful operators listed.
import { GroupedCache } from '../cache';
import { diagnostic, LineIndex, type Diagnostic, type Range } from '../text';
import { extractStatement } from './extract';
import type {
  ColRef,
  Conjunct,
  FromItem,
  JoinFact,
  OverFact,
  QueryFact,
  ScopeFact,
  Span,
  StatementFact,
  StatementFacts,
  SubqueryFact,
  TemplateSpan,
} from './facts';
import { joinUpsertKeys, type Keys, smallestKey } from '../sizing/upsertKeys';
import { boundOf, intervalParam, timeComparisons, watermarkDelaySec, type TimeColumn } from './interval';
import { leadingWords, splitStatements, type Segment, type Split } from './split';
import type {
  ChainInfo,
  ChainInputInfo,
  ColumnDef,
  IntervalBounds,
  JoinInfo,
  JoinKind,
  JoinSide,
  OperatorInfo,
  RankInfo,
  SqlAnalysis,
  StatementInfo,
  TableDef,
  WindowSpec,
} from './types';

// ---------- statement cache ----------
const MAX_CACHE = 5000;
/** Longer statements are not parsed (sql-too-large), as descriptors over MAX_TEXT_CHARS are not read. */
export const MAX_STATEMENT_CHARS = 1_000_000;
const cache = new Map<string, StatementFacts>();
/** Forgets every parsed statement and every resolved query (the benchmark measures a cold analysis with it). */
export function clearStatementCache(): void {
  cache.clear();
  resultCache.clear();
  envIds.clear();
  declarationIds.clear();
  tableDefs.clear();
  lastSplit = undefined;
}

/** The definition a CREATE TABLE (without LIKE) gave in the last analysis, and where its statement started. */
const tableDefs = new Map<string, { line: number; column: number; def: TableDef }>();
function keepTableDef(statement: string, kept: { line: number; column: number; def: TableDef }): void {
  tableDefs.set(statement, kept);
  if (tableDefs.size > MAX_CACHE) tableDefs.delete(tableDefs.keys().next().value as string);
}

/** The last file split: a parse-ahead (pool.ts) and the analysis after it split the same text. */
let lastSplit: Split | undefined;
function segmentsOf(text: string): Segment[] {
  if (lastSplit?.text !== text) lastSplit = { text, segments: splitStatements(text, lastSplit) };
  return lastSplit.segments;
}

/** A statement's text, sliced once per segment (see Segment.text). */
function statementText(text: string, seg: Segment): string {
  seg.text ??= text.slice(seg.start, seg.end);
  return seg.text;
}

/** Facts of one statement if its text was parsed already (and marks them recently used). */
function cachedFacts(text: string): StatementFacts | undefined {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
  }
  return hit;
}

/** Keeps the facts of one statement text (parsed here, or on a parse thread: pool.ts). */
export function cacheStatementFacts(text: string, facts: StatementFacts): void {
  cache.set(text, facts);
  if (cache.size > MAX_CACHE) cache.delete(cache.keys().next().value as string);
}

/** Whether a statement text's facts are cached (a pool's parse-ahead asks after the fact). */
export function hasStatementFacts(text: string): boolean {
  return cache.has(text);
}

/** The statement texts that analyzeSql(text) would parse now (not cached, not too large), in file order. */
export function statementsToParse(text: string): string[] {
  const out: string[] = [];
  for (const seg of segmentsOf(text)) {
    if (seg.kind !== 'sql' || seg.end - seg.start > MAX_STATEMENT_CHARS) continue;
    const t = statementText(text, seg);
    if (!cache.has(t)) out.push(t);
  }
  return out;
}

// ---------- durations ----------
const DURATION_UNITS: Record<string, number> = {
  ns: 1e-9,
  nano: 1e-9,
  nanos: 1e-9,
  us: 1e-6,
  micro: 1e-6,
  micros: 1e-6,
  ms: 1e-3,
  milli: 1e-3,
  millis: 1e-3,
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
};
/** Flink's duration syntax (TimeUtils.parseDuration): a number and a unit; no unit means milliseconds. */
export function parseFlinkDuration(value: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  if (!m) return undefined;
  const unit = m[2].toLowerCase();
  const factor = unit === '' ? 1e-3 : DURATION_UNITS[unit];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}

/** What `SET 'table.exec.state.ttl' = value` sets: seconds (undefined for 0, no TTL), or null when the value is no duration. */
function stateTtlSetting(value: string): number | undefined | null {
  const sec = parseFlinkDuration(value);
  if (sec === undefined) return null;
  return sec > 0 ? sec : undefined;
}

// ---------- relations ----------
interface RelColumn {
  name: string;
  type?: string;
  time?: 'rowtime' | 'proctime';
  /** A rowtime column: how far its watermark trails it, seconds (the WATERMARK's INTERVAL). */
  wmDelaySec?: number;
  /** A window TVF's `window_start` / `window_end`, under any later alias. */
  windowBound?: 'start' | 'end';
  /**
   * In an updating relation, how the column's value moves when a row is updated
   * (FlinkRelMdModifiedMonotonicity): a group key is constant, COUNT and MAX increase, MIN
   * decreases; undefined is not monotonic. In an append-only relation every column is constant.
   */
  mono?: 'constant' | 'increasing' | 'decreasing';
}
interface Relation {
  display: string;
  tables: string[];
  columns: RelColumn[];
  /** False when no DDL/view tells the columns. */
  known: boolean;
  uniqueKey?: string[];
  dedupKeys?: string[];
  /** The function Flink runs that deduplication with (RankInfo.strategy). */
  dedupFn?: RankInfo['strategy'];
  appendOnly: boolean;
  windowed: boolean;
  /** A window TVF (or a projection of one): its window. */
  window?: WindowSpec;
  connector?: string;
  lateral?: boolean;
}

const lc = (s: string) => s.toLowerCase();
const lastPart = (name: string) => name.split('.').pop() ?? name;

const CHANGELOG_CONNECTORS = new Set([
  'upsert-kafka',
  'mysql-cdc',
  'postgres-cdc',
  'oracle-cdc',
  'sqlserver-cdc',
  'mongodb-cdc',
  'tidb-cdc',
  'db2-cdc',
]);
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

interface Env {
  tables: Map<string, TableDef>;
  views: Map<string, { query: QueryFact; columnNames?: string[] }>;
  ctes: Map<string, QueryFact>[];
  viewCache: Map<string, Relation>;
  resolving: Set<string>;
}

function newEnv(): Env {
  return { tables: new Map(), views: new Map(), ctes: [], viewCache: new Map(), resolving: new Set() };
}

function tableRelation(t: TableDef): Relation {
  return {
    display: t.name,
    tables: [t.name],
    columns: t.columns.map((c) => ({
      name: c.name,
      type: c.type || undefined,
      time: c.timeAttribute,
      wmDelaySec: c.timeAttribute === 'rowtime' ? t.watermarkDelaySec : undefined,
    })),
    known: t.columns.length > 0,
    uniqueKey: t.primaryKey,
    appendOnly: t.appendOnly,
    windowed: false,
    connector: t.connector,
  };
}

function lookupTable(env: Env, name: string): TableDef | undefined {
  return env.tables.get(lc(name)) ?? env.tables.get(lc(lastPart(name)));
}

function resolveName(env: Env, name: string): Relation {
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

function itemRelation(env: Env, item: FromItem): Relation {
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
function windowSpecOf(
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

function unknownRel(name: string): Relation {
  return { display: name, tables: [name], columns: [], known: false, appendOnly: true, windowed: false };
}

/** What a query produces, seen from a scope that reads it. */
function queryRelation(env: Env, q: QueryFact, name: string, columnNames?: string[]): Relation {
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

interface ScopeOut extends Relation {
  /** True when the scope joins or aggregates (its output is no longer one base table). */
  derived: boolean;
}

function scopeOutput(env: Env, s: ScopeFact): ScopeOut {
  const rels = s.items.map((it) => itemRelation(env, it));
  const columns: RelColumn[] = [];
  for (const item of s.selectItems) {
    if (item.star) {
      s.items.forEach((it, i) => {
        if (item.star!.qualifier && lc(it.alias) !== lc(item.star!.qualifier)) return;
        columns.push(...rels[i].columns);
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
  }
  const known = rels.every((r) => r.known) && !s.selectItems.some((it) => it.star && rels.some((r) => !r.known));
  const single = rels.length === 1 ? rels[0] : undefined;
  let uniqueKey = s.joins.length > 0 ? joinScopeKey(s, rels) : single?.uniqueKey;
  let dedupKeys = single?.dedupKeys;
  let dedupFn = single?.dedupFn;
  // An outer join retracts the null-padded row it emitted once a match arrives.
  let appendOnly = rels.every((r) => r.appendOnly) && s.joins.every((j) => j.type === 'INNER' || j.type === 'CROSS');
  const derived = rels.length !== 1 || !!s.groupBy || s.aggregates.length > 0;
  // GROUP BY k: the output is an upsert stream keyed by k.
  if (s.aggregates.length > 0) aggregateTypes(s, columns, rels);
  if (s.groupBy && s.groupBy.cols.length > 0) {
    uniqueKey = s.groupBy.cols.map((c) => c.name);
    appendOnly = !!rels[0]?.windowed;
    if (!appendOnly) aggregateMonotonicity(s, columns, rels);
  }
  // ROW_NUMBER() ... = 1 on a subquery's row number: keep one row per partition key.
  const dedup = single ? dedupOf(env, s) : undefined;
  if (dedup && !dedup.topN) {
    uniqueKey = dedup.keys;
    dedupKeys = dedup.keys;
    dedupFn = rankOf(env, s)?.rank.strategy;
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
    windowed: rels.some((r) => r.windowed),
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
    const r = args.length === 1 ? resolveColumn(s, rels, args[0]) : undefined;
    const argType = r ? rels[r.item].columns.find((c) => lc(c.name) === lc(r.column))?.type : undefined;
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

/** `SELECT ... FROM (SELECT ..., ROW_NUMBER() OVER (PARTITION BY k ...) AS rn ...) WHERE rn = 1`. */
function dedupOf(_env: Env, s: ScopeFact): { keys: string[]; topN: boolean; rankColumn: string } | undefined {
  const inner = s.items[0]?.query?.scopes[0];
  if (!inner) return undefined;
  for (const over of inner.overs) {
    if (over.fn !== 'ROW_NUMBER' && over.fn !== 'RANK' && over.fn !== 'DENSE_RANK') continue;
    const cond = s.where.find((c) => c.cols.some((col) => lc(col.name) === lc(over.alias)));
    if (!cond) continue;
    const t = cond.text.replace(/\s+/g, '');
    const one = /(=|<=)1$/.test(t) || /^1(=|>=)/.test(t) || /<2$/.test(t);
    return { keys: over.partitionBy.map((c) => c.name), topN: !one, rankColumn: over.alias };
  }
  return undefined;
}

/** The rank end N that `cond` puts on the rank column `alias`: `rn <= N`, `rn = N`, `rn < N + 1`, `N >= rn`. */
function rankEnd(alias: string, text: string): number | undefined {
  const t = text.replace(/\s+/g, '').toLowerCase();
  const a = alias.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const col = `(?:[\\w$]+\\.)?\`?${a}\`?`;
  let m = new RegExp(`^${col}(<=|=|<)(\\d+)$`).exec(t);
  if (m) return Number(m[2]) - (m[1] === '<' ? 1 : 0);
  m = new RegExp(`^(\\d+)(>=|=|>)${col}$`).exec(t);
  if (m) return Number(m[1]) - (m[2] === '>' ? 1 : 0);
  return undefined;
}

/**
 * How Flink runs `SELECT ... FROM (SELECT ..., ROW_NUMBER() OVER (PARTITION BY k ORDER BY o) AS rn
 * FROM input) WHERE rn <= N`, and what it keeps:
 *
 * - Deduplication (StreamPhysicalDeduplicateRule.canConvertToDeduplicate): ROW_NUMBER, rank 1 to 1,
 *   one ORDER BY column that is a time attribute. Processing time: ProcTimeDeduplicateKeepFirstRowFunction
 *   (ASC) or ...KeepLastRowFunction (DESC); event time: RowTimeDeduplicateFunction (StreamExecDeduplicate).
 * - Otherwise a Rank, by RankProcessStrategy.analyzeRankProcessStrategies and StreamExecRank: an
 *   insert-only input is AppendFast: AppendOnlyFirstNFunction when the one ORDER BY column is a
 *   processing-time attribute ascending, else FastTop1Function for N = 1, else AppendOnlyTopNFunction.
 *   An updating input whose upsert key contains the partition key and whose ORDER BY columns are
 *   monotonic in the sort direction (FlinkRelMdModifiedMonotonicity) is UpdateFast: FastTop1Function
 *   for N = 1, else UpdatableTopNFunction. Anything else is RetractableTopNFunction.
 * - PARTITION BY window_start, window_end of a window TVF: a window rank or deduplication
 *   (StreamPhysicalWindowRank, ...WindowDeduplicate); RANK() and DENSE_RANK(): StreamExecRank
 *   rejects them on a stream.
 *
 * Read in the Flink 2.x source (flink-table-planner, flink-table-runtime); the same choices since 1.15.
 */
function rankOf(
  env: Env,
  s: ScopeFact,
): { rank: RankInfo; over: OverFact; inner: ScopeFact; innerRels: Relation[]; input: ScopeOut } | undefined {
  const inner = s.items[0]?.query?.scopes[0];
  if (!inner || s.items.length !== 1) return undefined;
  for (const over of inner.overs) {
    if (over.fn !== 'ROW_NUMBER' && over.fn !== 'RANK' && over.fn !== 'DENSE_RANK') continue;
    const cond = s.where.find((c) => c.cols.some((col) => lc(col.name) === lc(over.alias)));
    if (!cond) continue;
    const n = rankEnd(over.alias, cond.text);
    const innerRels = inner.items.map((it) => itemRelation(env, it));
    const input = scopeOutput(env, inner);
    const colOf = (ref: ColRef) => {
      const r = resolveColumn(inner, innerRels, ref);
      return r
        ? { rel: innerRels[r.item], col: innerRels[r.item].columns.find((c) => lc(c.name) === lc(r.column)) }
        : undefined;
    };
    const orderBy = (over.orderItems ?? over.orderBy.map((col) => ({ col, desc: false }))).map((o) => {
      const c = o.col ? colOf(o.col) : undefined;
      return {
        column: o.col?.name ?? '',
        desc: o.desc,
        type: c?.col?.type,
        time: c?.col?.time,
        known: c?.rel.known ?? false,
        mono: c ? (c.rel.appendOnly ? 'constant' : c.col?.mono) : undefined,
      };
    });
    const partition = over.partitionBy.map((p) => ({ name: p.name, c: colOf(p) }));
    const fn = over.fn as RankInfo['fn'];
    const info = (strategy: RankInfo['strategy'], why: string): RankInfo => ({
      fn,
      n,
      orderBy: orderBy.map(({ column, desc, type, time }) => ({ column, desc, type, time })),
      inputUniqueKey: input.uniqueKey,
      strategy,
      why,
    });
    const done = (rank: RankInfo) => ({ rank, over, inner, innerRels, input });
    const windowBound = (b: 'start' | 'end') =>
      partition.some((p) => (p.c?.col?.windowBound ?? (lc(p.name) === `window_${b}` ? b : undefined)) === b);
    if (innerRels.some((r) => r.windowed) && windowBound('start') && windowBound('end')) {
      return done(
        info(
          'window',
          'partitioned by window_start and window_end of a window TVF: a window rank (Top-N or deduplication per window)',
        ),
      );
    }
    if (fn !== 'ROW_NUMBER')
      return done(
        info(
          'unsupported',
          `${fn}() is rejected on a stream by Flink's StreamExecRank (only ROW_NUMBER() is supported)`,
        ),
      );
    const o = orderBy[0];
    if (n === 1 && orderBy.length === 1) {
      // An undeclared table's column may be a time attribute: read as event time (the row is kept either way).
      const time = o.time ?? (!o.known && o.column ? 'rowtime' : undefined);
      if (time === 'proctime') {
        return done(
          info(
            o.desc ? 'ProcTimeDeduplicateKeepLastRowFunction' : 'ProcTimeDeduplicateKeepFirstRowFunction',
            `ROW_NUMBER() = 1 ordered by the processing-time attribute ${o.column} ${o.desc ? 'DESC: keeps the last row' : 'ASC: keeps the first row'}`,
          ),
        );
      }
      if (time === 'rowtime') {
        return done(
          info(
            'RowTimeDeduplicateFunction',
            `ROW_NUMBER() = 1 ordered by the event-time attribute ${o.column}${o.time ? '' : ' (its table is not declared here: read as event time)'}, keeping the ${o.desc ? 'last' : 'first'} row by event time`,
          ),
        );
      }
    }
    const notDedup =
      n === 1
        ? `${orderBy.length === 1 && o.column ? `ORDER BY ${o.column} is no time attribute` : 'not ordered by one time attribute'}, so Flink plans a Top-1 rank, not a deduplication; `
        : '';
    if (input.appendOnly) {
      if (orderBy.length === 1 && o.time === 'proctime' && !o.desc)
        return done(
          info(
            'AppendOnlyFirstNFunction',
            `${notDedup}insert-only input ordered by the processing-time attribute ${o.column} ascending: the first N rows per key`,
          ),
        );
      if (n === 1) return done(info('FastTop1Function', `${notDedup}insert-only input and N = 1`));
      return done(info('AppendOnlyTopNFunction', `${notDedup}insert-only input`));
    }
    const uk = input.uniqueKey?.map(lc);
    const keyed = !!uk && partition.every((p) => uk.includes(lc(p.name)));
    const monotonic =
      orderBy.length > 0 &&
      orderBy.every(
        (x) => x.mono === 'constant' || (x.mono === 'increasing' && x.desc) || (x.mono === 'decreasing' && !x.desc),
      );
    if (keyed && monotonic) {
      const why = `${notDedup}updating input whose upsert key (${input.uniqueKey!.join(', ')}) contains the partition key and whose ORDER BY only moves towards the top`;
      return done(info(n === 1 ? 'FastTop1Function' : 'UpdatableTopNFunction', why));
    }
    const because = !keyed
      ? input.uniqueKey
        ? `its upsert key (${input.uniqueKey.join(', ')}) does not contain the partition key`
        : 'it has no upsert key'
      : 'its ORDER BY columns are not monotonic in the sort direction (only COUNT and MAX descending, MIN ascending, or a group key are)';
    return done(info('RetractableTopNFunction', `${notDedup}updating input, and ${because}`));
  }
  return undefined;
}

/** Which FROM item a column reference reads. */
function resolveColumn(s: ScopeFact, rels: Relation[], ref: ColRef): { item: number; column: string } | undefined {
  if (ref.qualifier) {
    const q = lc(ref.qualifier);
    const i = s.items.findIndex((it) => lc(it.alias) === q);
    if (i >= 0) return { item: i, column: ref.name };
    const j = s.items.findIndex((it) => it.name && lc(lastPart(it.name)) === q);
    return j >= 0 ? { item: j, column: ref.name } : undefined;
  }
  const name = lc(ref.name);
  const owners = rels.map((r, i) => (r.columns.some((c) => lc(c.name) === name) ? i : -1)).filter((i) => i >= 0);
  if (owners.length === 1) return { item: owners[0], column: ref.name };
  if (owners.length > 1) return undefined;
  const unknown = rels.map((r, i) => (!r.known ? i : -1)).filter((i) => i >= 0);
  return unknown.length === 1 ? { item: unknown[0], column: ref.name } : undefined;
}

// ---------- joins ----------
interface ScopeCtx {
  s: ScopeFact;
  rels: Relation[];
  base: number;
  index: LineIndex;
  feeds?: string;
  anchor: Range;
}

function range(ctx: ScopeCtx, sp: Span): Range {
  return ctx.index.range(ctx.base + sp.start, ctx.base + sp.end);
}

function colTime(ctx: ScopeCtx, ref: ColRef): { item: number; time?: 'rowtime' | 'proctime' } | undefined {
  const r = resolveColumn(ctx.s, ctx.rels, ref);
  if (!r) return undefined;
  const col = ctx.rels[r.item].columns.find((c) => lc(c.name) === lc(r.column));
  return { item: r.item, time: col?.time };
}

interface Classified {
  kind: JoinKind;
  reason: string;
  timeBounds?: string[];
  /** Interval joins whose bounds were read. */
  interval?: IntervalBounds;
  /** A regular join whose time comparisons would make an interval join if (see intervalOf). */
  notInterval?: { message: string; range: Range };
}

function classify(ctx: ScopeCtx, j: JoinFact, conds: Conjunct[]): Classified {
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
  if (ctx.rels[j.right].windowed && j.left.some((i) => ctx.rels[i].windowed)) {
    // window_start / window_end equalities, also under aliases (`window_start AS ws` in a window aggregate).
    const bound = (e: ColRef) => {
      const r = resolveColumn(ctx.s, ctx.rels, e);
      const col = r ? ctx.rels[r.item].columns.find((c) => lc(c.name) === lc(r.column)) : undefined;
      return (
        col?.windowBound ?? (lc(e.name) === 'window_start' ? 'start' : lc(e.name) === 'window_end' ? 'end' : undefined)
      );
    };
    const ws = conds.some((c) => c.equality?.every((e) => bound(e) === 'start'));
    const we = conds.some((c) => c.equality?.every((e) => bound(e) === 'end'));
    if (ws && we)
      return { kind: 'window', reason: 'both inputs are window TVF results joined on window_start and window_end' };
  }
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

function conditionsOf(ctx: Pick<ScopeCtx, 's' | 'rels'>, j: JoinFact): Conjunct[] {
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

function equiKeys(
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

// ---------- the whole file ----------
/** An analysis with nothing in it (a file without statements; a descriptor's job without SQL). */
export function emptyAnalysis(): SqlAnalysis {
  return {
    statements: [],
    tables: [],
    views: [],
    settings: [],
    hints: [],
    joins: [],
    chains: [],
    operators: [],
    diagnostics: [],
    multiJoinEnabled: false,
    multiJoinHint: false,
    multiJoinForBinary: false,
  };
}

export interface AnalyzeOptions {
  /** Parse no statement after this many milliseconds (the rest is reported); cached statements cost no parse. */
  budgetMs?: number;
  /** clock() when the budget began (default: when analyzeSql starts), e.g. before a pool's prefetch. */
  budgetStart?: number;
  /** The time the budget is measured in, milliseconds (default Date.now; a test's clock makes the budget run out where it says). */
  clock?: () => number;
  /** Facts parsed ahead (ParsePool.prefetch), by statement text; looked up before the statement cache. */
  parsed?: ReadonlyMap<string, StatementFacts>;
}

/**
 * Pass 1 for a CREATE TABLE or CREATE VIEW: its definition goes into `env` (and into `out`,
 * with a diagnostic for a LIKE source that is not declared).
 */
function declare(env: Env, text: string, index: LineIndex, seg: Segment, fact: StatementFact, out: SqlAnalysis): void {
  const at = (sp: Span) => index.range(seg.start + sp.start, seg.start + sp.end);
  const r = index.range(seg.start, seg.end);
  if (fact.kind === 'create-view') {
    env.views.set(lc(fact.name), { query: fact.query, columnNames: fact.columnNames });
    out.views.push({ name: fact.name, columns: [], tables: [], range: r, nameRange: at(fact.nameSpan) });
    return;
  }
  if (fact.kind !== 'create-table') return;
  const t = fact.table;
  // A table without LIKE depends on its statement alone: while the statement starts at
  // the same place, the definition of the previous analysis is the same (an edit elsewhere).
  const start = r.start;
  const kept = t.likeSource ? undefined : tableDefs.get(statementText(text, seg));
  if (kept && kept.line === start.line && kept.column === start.column) {
    out.tables.push(kept.def);
    env.tables.set(lc(t.name), kept.def);
    return;
  }
  const like = t.likeSource ? lookupTable(env, t.likeSource) : undefined;
  const own: ColumnDef[] = t.columns.map((c) => ({
    name: c.name,
    type: c.type,
    kind: c.kind,
    timeAttribute: c.proctime
      ? 'proctime'
      : t.watermark && lc(t.watermark.column) === lc(c.name)
        ? 'rowtime'
        : undefined,
    range: at(c),
  }));
  // A LIKE table inherits the source's columns; its own WATERMARK (if any) replaces the source's.
  const inherited = (like?.columns ?? []).map((c) =>
    t.watermark && c.timeAttribute !== 'proctime'
      ? { ...c, timeAttribute: lc(c.name) === lc(t.watermark.column) ? ('rowtime' as const) : undefined }
      : c,
  );
  const columns = like ? [...inherited, ...own] : own;
  const connector = t.options.connector ?? like?.options.connector;
  const format = t.options.format ?? t.options['value.format'] ?? '';
  const primaryKey = t.primaryKey ?? like?.primaryKey;
  const def: TableDef = {
    name: t.name,
    columns,
    primaryKey,
    watermarkColumn: t.watermark?.column ?? like?.watermarkColumn,
    watermarkDelaySec: t.watermark
      ? watermarkDelaySec(text.slice(seg.start + t.watermark.start, seg.start + t.watermark.end))
      : like?.watermarkDelaySec,
    options: { ...(like?.options ?? {}), ...t.options },
    connector,
    appendOnly:
      !primaryKey && !(connector && CHANGELOG_CONNECTORS.has(connector)) && !/debezium|canal|maxwell|ogg/.test(format),
    likeSource: t.likeSource,
    range: r,
    nameRange: at(t.nameSpan),
  };
  out.tables.push(def);
  env.tables.set(lc(t.name), def);
  if (!t.likeSource) keepTableDef(statementText(text, seg), { line: start.line, column: start.column, def });
  if (t.likeSource && !like)
    out.diagnostics.push(
      diagnostic(
        'info',
        'sql-unknown-table',
        `LIKE ${t.likeSource}: no CREATE TABLE for it in this file, so its columns are unknown.`,
        at(t.nameSpan),
      ),
    );
}

/** The query pass 2 walks in a statement, and the name its result feeds. */
function statementQuery(fact: StatementFact): { query: QueryFact; feeds?: string } | undefined {
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

/**
 * Why a statement could not be analysed, for its `sql-internal` diagnostic. A statement nested
 * deeper than the stack allows (thousands of joins or parentheses) says so; anything else is
 * a bug, shown as it is.
 */
export function internalErrorMessage(e: unknown): string {
  if (e instanceof RangeError && /call stack/i.test(e.message))
    return 'This statement is nested too deeply to analyse (joins, subqueries or parentheses); the others are analysed.';
  return `This statement could not be analysed (${String(e)}); the others are.`;
}

export function analyzeSql(text: string, options: AnalyzeOptions = {}): SqlAnalysis {
  const index = new LineIndex(text);
  const out = emptyAnalysis();
  const diagnostics = out.diagnostics;
  let segments: ReturnType<typeof splitStatements>;
  try {
    segments = segmentsOf(text);
  } catch (e) {
    diagnostics.push(
      diagnostic(
        'error',
        'sql-internal',
        `The SQL could not be split into statements: ${String(e)}`,
        index.range(0, Math.min(text.length, 1)),
      ),
    );
    return out;
  }
  const clock = options.clock ?? Date.now;
  const started = options.budgetStart ?? clock();
  const facts: { seg: (typeof segments)[number]; f: StatementFacts }[] = [];
  for (let k = 0; k < segments.length; k++) {
    const seg = segments[k];
    const r = index.range(seg.start, seg.end);
    if (seg.kind !== 'sql') {
      if (seg.kind === 'statement-set-begin')
        out.statements.push({ kind: 'statement-set', range: r, statementSet: seg.statementSet });
      if (seg.kind === 'unclosed-comment')
        diagnostics.push(
          diagnostic(
            'error',
            'sql-syntax',
            'This /* comment is never closed: the rest of the file is read as a comment.',
            r,
          ),
        );
      continue;
    }
    if (seg.end - seg.start > MAX_STATEMENT_CHARS) {
      // The parser takes about a second per million characters: a 50 MB line would freeze the editor.
      diagnostics.push(
        diagnostic(
          'warning',
          'sql-too-large',
          `Not analysed: this statement has ${seg.end - seg.start} characters, more than the ${MAX_STATEMENT_CHARS} a statement may have.`,
          index.range(seg.start, seg.start + 1),
        ),
      );
      continue;
    }
    const statement = statementText(text, seg);
    let f = options.parsed?.get(statement) ?? cachedFacts(statement);
    if (!f) {
      if (options.budgetMs !== undefined && clock() - started >= options.budgetMs) {
        const rest = segments.slice(k);
        diagnostics.push(
          diagnostic(
            'warning',
            'sql-budget',
            `Analysis stopped after ${options.budgetMs} ms: ${rest.length} of ${segments.length} statements (from line ${r.start.line}) were not analysed.`,
            index.range(seg.start, rest[rest.length - 1].end),
          ),
        );
        break;
      }
      try {
        f = extractStatement(statement);
      } catch (e) {
        diagnostics.push(diagnostic('error', 'sql-internal', internalErrorMessage(e), r));
        continue;
      }
      cacheStatementFacts(statement, f);
    }
    if (f.abandoned) {
      diagnostics.push(
        diagnostic(f.abandoned.code === 'sql-internal' ? 'error' : 'warning', f.abandoned.code, f.abandoned.message, r),
      );
      continue;
    }
    if (f.runOn) {
      // Two statements without a ';' between them: the facts are the first one's, and the rest
      // is read as statements of its own (the split is the parser's).
      const cut = seg.start + f.runOn.start;
      let end = cut;
      while (end > seg.start && /\s/.test(text[end - 1])) end--;
      diagnostics.push(
        diagnostic(
          'warning',
          'sql-missing-semicolon',
          `The statement above runs on into this ${f.runOn.lead}: missing ';'? Each is analysed as a statement of its own; Flink's SQL client needs a ';' between them.`,
          index.range(cut, cut + f.runOn.lead.length),
        ),
      );
      segments = [
        ...segments.slice(0, k),
        { ...seg, end, text: undefined },
        { ...seg, start: cut, text: undefined },
        ...segments.slice(k + 1),
      ];
      facts.push({ seg: segments[k], f });
      continue;
    }
    facts.push({ seg, f });
  }

  // Pass 1: declarations, settings, hints, diagnostics of each statement.
  const env = newEnv();
  for (const { seg, f } of facts) {
    const at = (sp: Span) => index.range(seg.start + sp.start, seg.start + sp.end);
    const r = index.range(seg.start, seg.end);
    for (const e of f.errors) diagnostics.push(diagnostic('error', 'sql-syntax', syntaxMessage(e.message), at(e)));
    for (const t of f.templates)
      diagnostics.push(
        diagnostic(
          'info',
          'sql-template',
          templateMessage(text.slice(seg.start + t.start, seg.start + t.end), t),
          at(t),
        ),
      );
    for (const h of f.hints) out.hints.push({ name: h.name, args: h.args, options: h.options, range: at(h) });
    const fact = f.fact;
    const info: StatementInfo = {
      kind:
        fact.kind === 'create-table' ||
        fact.kind === 'create-view' ||
        fact.kind === 'insert' ||
        fact.kind === 'query' ||
        fact.kind === 'set' ||
        fact.kind === 'reset' ||
        fact.kind === 'unsupported'
          ? fact.kind
          : 'other',
      range: r,
      statementSet: seg.statementSet,
    };
    out.statements.push(info);
    switch (fact.kind) {
      case 'create-table':
      case 'create-view':
        declare(env, text, index, seg, fact, out);
        break;
      case 'insert':
        info.target = fact.target;
        break;
      case 'set':
        if (fact.key !== undefined) {
          out.settings.push({
            key: fact.key,
            value: fact.value ?? '',
            range: r,
            keyRange: fact.keySpan && at(fact.keySpan),
            valueRange: fact.valueSpan && at(fact.valueSpan),
          });
        }
        break;
      case 'unsupported':
        diagnostics.push(
          diagnostic(
            'info',
            'sql-unsupported-statement',
            `Not analysed: ${fact.what}. Flink KPU Lens reads streaming queries; this statement adds no estimate.`,
            r,
          ),
        );
        break;
    }
  }

  // Statement-set markers were listed while splitting: put every statement in document order.
  out.statements.sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.column - y.range.start.column);

  // Settings that change the estimate.
  for (const s of out.settings) {
    const key = lc(s.key);
    if (key === 'table.exec.state.ttl') {
      const sec = stateTtlSetting(s.value);
      if (sec === null)
        diagnostics.push(
          diagnostic(
            'warning',
            'sql-invalid-setting',
            `'${s.value}' is not a Flink duration (for example '7 d', '12h', '3600000' ms).`,
            s.valueRange ?? s.range,
          ),
        );
      else out.stateTtlSec = sec;
    }
    if (key === 'table.optimizer.multi-join.enabled') out.multiJoinEnabled = lc(s.value) === 'true';
    if (key === 'table.optimizer.multi-join.use-for-binary-join') out.multiJoinForBinary = lc(s.value) === 'true';
  }
  out.multiJoinHint = out.hints.some((h) => h.name === 'MULTI_JOIN');

  // Views: their output columns and base tables, for hovers and the webview.
  for (const v of out.views) {
    const rel = resolveName(env, v.name);
    v.columns = rel.columns.map((c) => c.name);
    v.tables = rel.tables;
  }

  // Pass 2: joins, chains and stateful operators of every query (within the same budget).
  const envId = declarationsId(text, facts);
  for (let k = 0; k < facts.length; k++) {
    const { seg, f } = facts[k];
    if (options.budgetMs !== undefined && clock() - started >= options.budgetMs) {
      const last = facts[facts.length - 1].seg;
      diagnostics.push(
        diagnostic(
          'warning',
          'sql-budget',
          `Analysis stopped after ${options.budgetMs} ms: the joins of ${facts.length - k} statements (from line ${index.position(seg.start).line}) were not analysed.`,
          index.range(seg.start, last.end),
        ),
      );
      break;
    }
    const q = statementQuery(f.fact);
    if (!q) continue;
    placeResults(queryResults(env, envId, statementText(text, seg), q), index.position(seg.start), out);
  }
  return out;
}

// ---------- resolution ahead of the analysis ----------
/**
 * Whether a statement can change how the others are resolved or estimated: a declaration
 * (CREATE, or REPLACE for `REPLACE TABLE ... AS`) or a setting (SET: the state TTL).
 */
export function shapesOthers(statement: string): boolean {
  const w = (leadingWords(statement, 1)[0] ?? '').toUpperCase();
  return w === 'CREATE' || w === 'REPLACE' || w === 'SET';
}

/** Told the chains of each query resolved ahead, and the state TTL the file's SET statements give. */
export type OnChains = (chains: readonly ChainInfo[], stateTtlSec: number | undefined) => void;

/** The longest the host spends resolving ahead per batch of facts. */
const SLICE_MS = 8;

/**
 * Pass 2 while the parse threads still parse (pool.ts). No query can be resolved before every
 * declaration of its file is known, but then each can be, as soon as its facts come: its
 * results are cached under the same environment id analyzeSql gives them, so the analysis
 * after the parse only places them. The threads parse declarations and settings first for this.
 * `onChains` hears of each query's chains (their estimates can be made ahead too).
 */
export class ResolveAhead {
  private env: Env | undefined;
  private envId = 0;
  private stateTtlSec: number | undefined;
  private readonly index: LineIndex;
  /** The file's statements by text (a text may occur more than once). */
  private readonly byText = new Map<string, Segment[]>();
  /** Statements that shape the others (shapesOthers), in file order; how many have no facts yet. */
  private readonly shaping: Segment[] = [];
  private readonly isShaping = new Set<Segment>();
  private missing = 0;
  /** Statements whose facts are in, still to resolve; and every statement counted in so far. */
  private ready: Segment[] = [];
  private readonly seen = new Set<Segment>();
  private failed = false;

  constructor(
    private readonly text: string,
    private readonly parsed: ReadonlyMap<string, StatementFacts>,
    private readonly onChains?: OnChains,
    /** `clock`: the time each batch's slice is measured in, milliseconds (default performance.now; a test's clock decides where a slice ends). */
    private readonly options: { clock?: () => number } = {},
  ) {
    this.index = new LineIndex(text);
    for (const seg of segmentsOf(text)) {
      if (seg.kind !== 'sql' || seg.end - seg.start > MAX_STATEMENT_CHARS) continue;
      const t = statementText(text, seg);
      const same = this.byText.get(t);
      if (same) same.push(seg);
      else this.byText.set(t, [seg]);
      if (shapesOthers(t)) {
        this.shaping.push(seg);
        this.isShaping.add(seg);
        this.missing++;
      }
      // Statements parsed before this parse-ahead are in already; their queries were resolved
      // by the analysis that parsed them (or are resolved by the next one): not again here.
      if (cache.has(t)) this.count(seg, false);
    }
  }

  private factsOf(seg: Segment): StatementFacts | undefined {
    const t = statementText(this.text, seg);
    return this.parsed.get(t) ?? cache.get(t);
  }

  /** Counts a statement's facts in; `resolve`: its query is to be resolved here. */
  private count(seg: Segment, resolve = true): void {
    if (this.seen.has(seg)) return;
    this.seen.add(seg);
    if (this.isShaping.has(seg)) this.missing--;
    if (resolve) this.ready.push(seg);
  }

  /**
   * Takes in statements whose facts just came (a batch from a parse thread), and resolves what
   * it can. Never throws: after an error (a bug in resolving or estimating) it stops, and the
   * analysis, which meets the error again, reports it.
   */
  arrived(texts: readonly string[]): void {
    if (this.failed) return;
    try {
      this.take(texts);
    } catch {
      this.failed = true;
    }
  }

  private take(texts: readonly string[]): void {
    for (const t of texts) for (const seg of this.byText.get(t) ?? []) this.count(seg);
    if (!this.env) {
      if (this.missing > 0) return;
      this.readShaping();
      if (this.failed) return;
    }
    const env = this.env!;
    // At most SLICE_MS of work per batch, so that the host stays free to answer in between;
    // what is left waits for the next batch (after the last one, the analysis does it).
    const clock = this.options.clock ?? (() => performance.now());
    const started = clock();
    let done = 0;
    for (const seg of this.ready) {
      if (clock() - started >= SLICE_MS) break;
      done++;
      const f = this.factsOf(seg);
      if (!f) continue;
      // A declaration or setting shapesOthers did not see (it cannot happen today): the
      // environment is not the file's, so nothing more is resolved ahead.
      if (
        ((f.fact.kind === 'create-table' || f.fact.kind === 'create-view' || f.fact.kind === 'set') &&
          !this.isShaping.has(seg)) ||
        f.runOn
      ) {
        this.failed = true;
        return;
      }
      const q = statementQuery(f.fact);
      if (!q) continue;
      const results = queryResults(env, this.envId, statementText(this.text, seg), q);
      if (results.chains.length > 0) this.onChains?.(results.chains, this.stateTtlSec);
    }
    this.ready = this.ready.slice(done);
  }

  /** Pass 1's declarations and the state TTL, once every statement that shapes the others has its facts. */
  private readShaping(): void {
    const env = newEnv();
    const scratch = emptyAnalysis();
    const shaping: { seg: Segment; f: StatementFacts }[] = [];
    for (const seg of this.shaping) {
      const f = this.factsOf(seg);
      if (!f) continue;
      // Statements run together without ';' are split by the analysis alone: not resolved ahead.
      if (f.runOn) this.failed = true;
      shaping.push({ seg, f });
      const fact = f.fact;
      if (fact.kind === 'set' && fact.key !== undefined && lc(fact.key) === 'table.exec.state.ttl') {
        const sec = stateTtlSetting(fact.value ?? '');
        if (sec !== null) this.stateTtlSec = sec;
      } else declare(env, this.text, this.index, seg, fact, scratch);
    }
    this.envId = declarationsId(this.text, shaping);
    this.env = env;
  }
}

// ---------- pass 2, per statement ----------
/** What pass 2 finds in one statement, in positions relative to the statement's start. */
interface StatementResults {
  joins: JoinInfo[];
  chains: ChainInfo[];
  operators: OperatorInfo[];
  diagnostics: Diagnostic[];
}

/**
 * Pass-2 results by the declarations they were resolved against and the statement's text:
 * an edit of one query re-walks that query only; the others are moved to their place.
 */
const resultCache = new GroupedCache<number, string, StatementResults>(MAX_CACHE, 8);
/** Declaration statement text → a small number; a file's declarations → its environment id. */
const declarationIds = new Map<string, number>();
let nextDeclarationId = 0;
const envIds = new Map<string, number>();
let nextEnvId = 1;

/**
 * A small id for the file's declarations (every CREATE TABLE / VIEW text, in order). Built
 * from a number per declaration text, not from the texts joined: those are the segments'
 * own strings, whose hashes are known, where a joined string would be hashed whole again.
 */
function declarationsId(text: string, facts: { seg: Segment; f: StatementFacts }[]): number {
  // Numbers are never reused either: a text seen again after this gets a new one.
  // The oldest go first: the declarations of the file being edited are the newest, and stay.
  if (declarationIds.size > 20_000) declarationIds.delete(declarationIds.keys().next().value as string);
  const ids: number[] = [];
  for (const { seg, f } of facts) {
    if (f.fact.kind !== 'create-table' && f.fact.kind !== 'create-view') continue;
    const t = statementText(text, seg);
    let n = declarationIds.get(t);
    if (n === undefined) {
      n = nextDeclarationId++;
      declarationIds.set(t, n);
    }
    ids.push(n);
  }
  const key = ids.join(',');
  let id = envIds.get(key);
  if (id === undefined) {
    if (envIds.size > 200) envIds.delete(envIds.keys().next().value as string);
    // Ids are never reused, so a forgotten environment cannot make old results look current.
    id = nextEnvId++;
    envIds.set(key, id);
  }
  return id;
}

let walked = 0;
/** How many queries pass 2 has walked (not found in its cache) since the process started: for tests. */
export function queriesWalked(): number {
  return walked;
}

function queryResults(
  env: Env,
  envId: number,
  statement: string,
  { query, feeds }: { query: QueryFact; feeds?: string },
): StatementResults {
  const hit = resultCache.get(envId, statement);
  if (hit) return hit;
  walked++;
  const index = new LineIndex(statement);
  const local = emptyAnalysis();
  walkQuery(env, query, { base: 0, index, feeds, anchor: index.range(0, 0) }, local);
  const results = {
    joins: local.joins,
    chains: local.chains,
    operators: local.operators,
    diagnostics: local.diagnostics,
  };
  // The results of the last 8 environments are kept (an edit of a declaration, and its undo).
  resultCache.set(envId, statement, results);
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

function placeResults(local: StatementResults, at: { line: number; column: number }, out: SqlAnalysis): void {
  const joinOffset = out.joins.length;
  for (const j of local.joins) out.joins.push({ ...j, range: shift(j.range, at), fullRange: shift(j.fullRange, at) });
  for (const c of local.chains) {
    out.chains.push({
      ...c,
      range: shift(c.range, at),
      anchor: shift(c.anchor, at),
      select: shift(c.select, at),
      inputs: c.inputs.map((i) => ({ ...i, range: shift(i.range, at) })),
      joins: c.joins.map((j) => ({ ...j, join: j.join + joinOffset })),
    });
  }
  for (const o of local.operators) out.operators.push({ ...o, range: shift(o.range, at) });
  for (const d of local.diagnostics) {
    // An unknown table is reported once, at its first use in the file.
    if (d.code === 'sql-unknown-table' && out.diagnostics.some((x) => x.code === d.code && x.message === d.message))
      continue;
    out.diagnostics.push({ ...d, range: shift(d.range, at) });
  }
}

/** How Flink plans a subquery in an expression (decorrelation in FlinkDecorrelateProgram, SubQueryRemoveRule). */
const SUBQUERY_PLAN: Record<SubqueryFact['kind'], { written: string; plan: string }> = {
  scalar: {
    written: 'a scalar subquery',
    plan: 'a join (a LEFT join with the subquery grouped by its correlation columns when correlated)',
  },
  in: { written: 'IN (subquery)', plan: 'a semi join' },
  'not-in': { written: 'NOT IN (subquery)', plan: 'an anti join' },
  exists: { written: 'EXISTS (subquery)', plan: 'a semi join' },
  'not-exists': { written: 'NOT EXISTS (subquery)', plan: 'an anti join' },
};

function templateMessage(written: string, t: TemplateSpan): string {
  const shown =
    written.length > 60 || written.includes('\n') ? `${written.split('\n')[0].slice(0, 57).trimEnd()} …` : written;
  if (t.as === 'skipped') return `Template ${shown} is not SQL: skipped (not evaluated).`;
  return t.name
    ? `Template ${shown} is not evaluated: read as the relation ${t.name} (dbt's name for it).`
    : `Template ${shown} is not evaluated: it is read as a name.`;
}

function syntaxMessage(m: string): string {
  return m.length > 300 ? m.slice(0, 297) + '...' : m;
}

interface WalkCtx {
  base: number;
  index: LineIndex;
  feeds?: string;
  anchor: Range;
}

function walkQuery(env: Env, q: QueryFact, w: WalkCtx, out: SqlAnalysis): void {
  env.ctes.push(new Map(q.ctes.map((c) => [lc(c.name), c.query])));
  try {
    for (const c of q.ctes) walkQuery(env, c.query, { ...w, feeds: c.name }, out);
    if (q.setOps.some((o) => !o.endsWith('ALL'))) {
      out.operators.push({
        kind: 'set-operation',
        range: w.index.range(w.base + q.start, w.base + q.end),
        inputs: [],
        keys: [],
        detail: `${q.setOps.join(', ')} keeps every distinct row in state`,
      });
    }
    for (const s of q.scopes) walkScope(env, s, w, out);
  } finally {
    env.ctes.pop();
  }
}

function walkScope(env: Env, s: ScopeFact, w: WalkCtx, out: SqlAnalysis): void {
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
  // FROM items joined by an event-time interval join before: how far that join's output watermark trails its rows.
  const heldBack = new Map<number, number>();
  for (const j of s.joins) {
    const conds = conditionsOf(ctx, j);
    const keys = equiKeys(ctx, j, conds);
    const cls = classify(ctx, j, conds);
    const interval = cls.interval && withHeldBack(cls.interval, j, heldBack);
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
    const r = resolveColumn(s, rels, ref);
    const col = r ? rels[r.item].columns.find((c) => lc(c.name) === lc(r.column)) : undefined;
    return { name: col?.name ?? ref.name, type: typeOf(col) };
  };
  const inputAppendOnly = rels.every((r) => r.appendOnly);
  const calls = s.aggregates.map((a) => ({ fn: a.fn, distinct: a.distinct, args: a.args.map(typed) }));
  if (s.groupBy) {
    const windowed =
      !!s.groupBy.groupWindow ||
      (rels.some((r) => r.windowed) && s.groupBy.cols.some((c) => ['window_start', 'window_end'].includes(lc(c.name))));
    const keyRefs = s.groupBy.cols.filter((c) => !['window_start', 'window_end', 'window_time'].includes(lc(c.name)));
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
      window: windowed && !s.groupBy.groupWindow ? rels.find((r) => r.windowed)?.window : undefined,
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
  for (const sq of s.subqueries ?? []) {
    walkQuery(env, sq.query, { ...w, feeds: undefined }, out);
    const inner = [...new Set(sq.query.scopes.flatMap((sc) => sc.items.map((it) => itemRelation(env, it).display)))];
    const what = SUBQUERY_PLAN[sq.kind];
    out.operators.push({
      kind: 'subquery-join',
      range: range(ctx, sq),
      inputs: [...inputs, ...inner],
      keys: [],
      detail: `${what.written}${sq.correlated ? ', correlated' : ''}: Flink's planner turns it into ${what.plan} of ${inputs.join(', ') || 'the query'} with ${inner.join(', ') || 'the subquery'}, whose state holds both inputs' rows`,
      feeds,
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
  const dedup = rels.length === 1 ? dedupOf(env, s) : undefined;
  if (dedup) {
    const r = rankOf(env, s);
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
  for (const o of s.overs) {
    if (['ROW_NUMBER', 'RANK', 'DENSE_RANK'].includes(o.fn)) continue; // read by the outer scope as dedup / Top-N
    out.operators.push({
      kind: 'over-aggregate',
      range: range(ctx, o),
      inputs,
      keys: o.partitionBy.map((c) => c.name),
      detail: `${o.fn} OVER (${o.frame ?? 'unbounded'})`,
      feeds,
      keyColumns: o.partitionBy.map(typed),
      inputAppendOnly,
    });
  }
}

/** A column's type, and for a time attribute without one (a `PROCTIME()` column) the type Flink gives it. */
function typeOf(col: RelColumn | undefined): string | undefined {
  return (
    col?.type ?? (col?.time === 'proctime' ? 'TIMESTAMP_LTZ(3)' : col?.time === 'rowtime' ? 'TIMESTAMP(3)' : undefined)
  );
}

/**
 * What a deduplication or Top-N keeps: its partition key, and the input row as Flink prunes it
 * (ProjectWindowTransposeRule: the columns the outer query reads, the partition and the ORDER BY
 * columns; the rank column itself is not stored).
 */
function rankOperatorColumns(
  s: ScopeFact,
  rels: Relation[],
  r: NonNullable<ReturnType<typeof rankOf>>,
): Pick<OperatorInfo, 'keyColumns' | 'columns' | 'inputAppendOnly' | 'rank'> {
  const { rank, over, inner, innerRels, input } = r;
  const outCols = input.columns;
  const find = (name: string) => outCols.find((c) => lc(c.name) === lc(name));
  const innerCol = (ref: ColRef) => {
    const x = resolveColumn(inner, innerRels, ref);
    const col = x ? innerRels[x.item].columns.find((c) => lc(c.name) === lc(x.column)) : undefined;
    return { name: col?.name ?? ref.name, type: typeOf(col) };
  };
  const wanted = new Map<string, { name: string; type?: string }>();
  const add = (c: { name: string; type?: string }) => {
    if (lc(c.name) !== lc(over.alias) && !wanted.has(lc(c.name))) wanted.set(lc(c.name), c);
  };
  const star = s.selectItems.some((i) => i.star);
  for (const c of star ? outCols : s.columnRefs.map((ref) => find(ref.name) ?? { name: ref.name }))
    add({ name: c.name, type: typeOf(c) });
  for (const p of over.partitionBy) add(innerCol(p));
  for (const o of over.orderBy) add(innerCol(o));
  // Unknown columns of an undeclared input: what the query names is all there is.
  if (!rels[0].known && wanted.size === 0) for (const c of outCols) add({ name: c.name, type: typeOf(c) });
  return {
    keyColumns: over.partitionBy.map(innerCol),
    columns: [...wanted.values()],
    inputAppendOnly: input.appendOnly,
    rank,
  };
}

/**
 * How a FROM item is named in joins and chains: its relation's name, or its alias where another
 * item of the scope has the same name (a self-join: `emp e JOIN emp m`).
 */
function itemLabel(ctx: Pick<ScopeCtx, 's' | 'rels'>, i: number): string {
  const name = ctx.rels[i].display;
  return ctx.rels.some((r, k) => k !== i && lc(r.display) === lc(name)) ? ctx.s.items[i].alias : name;
}

/** Both inputs of a non-regular join as the model needs them. */
function joinSides(
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

/** Columns the scope reads through each FROM item (Flink prunes the others before joins), with their types. */
function neededColumns(ctx: ScopeCtx, s: ScopeFact): { name: string; type?: string }[][] {
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

function buildChain(
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
    return {
      columns: [
        ...new Set(
          cols.map((n) => {
            const [i, c] = n.split(':');
            const input = inputs[Number(i)];
            return `${input.name}.${input.columns.find((x) => lc(x.name) === c)?.name ?? c}`;
          }),
        ),
      ],
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

export type { Range };
