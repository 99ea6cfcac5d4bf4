// ROW_NUMBER() / RANK() over a subquery, filtered on the rank: a deduplication or a Top-N,
// which function Flink runs it with, and what it keeps in state.
import type { ColRef, OverFact, ScopeFact } from './facts';
import { columnOf, lc, type Relation, resolveColumn, type ScopeOut, typeOf } from './relation';
import type { OperatorInfo, RankInfo } from './types';

/** A rank over a subquery: how Flink runs it, and the subquery's scope, relations and output. */
export interface Rank {
  rank: RankInfo;
  over: OverFact;
  inner: ScopeFact;
  innerRels: Relation[];
  input: ScopeOut;
}

/** The relations of a subquery's FROM items and what its scope produces. */
export type ResolveInner = (inner: ScopeFact) => { innerRels: Relation[]; input: ScopeOut };

/** `SELECT ... FROM (SELECT ..., ROW_NUMBER() OVER (PARTITION BY k ...) AS rn ...) WHERE rn = 1`. */
export function dedupOf(s: ScopeFact): { keys: string[]; topN: boolean; rankColumn: string } | undefined {
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
 *
 * `resolveInner` resolves the subquery's scope (scope.ts), when a rank filter is found on it.
 */
export function rankOf(s: ScopeFact, resolveInner: ResolveInner): Rank | undefined {
  const inner = s.items[0]?.query?.scopes[0];
  if (!inner || s.items.length !== 1) return undefined;
  for (const over of inner.overs) {
    if (over.fn !== 'ROW_NUMBER' && over.fn !== 'RANK' && over.fn !== 'DENSE_RANK') continue;
    const cond = s.where.find((c) => c.cols.some((col) => lc(col.name) === lc(over.alias)));
    if (!cond) continue;
    const n = rankEnd(over.alias, cond.text);
    const { innerRels, input } = resolveInner(inner);
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

/**
 * What a deduplication or Top-N keeps: its partition key, and the input row as Flink prunes it
 * (ProjectWindowTransposeRule: the columns the outer query reads, the partition and the ORDER BY
 * columns; the rank column itself is not stored).
 */
export function rankOperatorColumns(
  s: ScopeFact,
  rels: Relation[],
  r: Rank,
): Pick<OperatorInfo, 'keyColumns' | 'columns' | 'inputAppendOnly' | 'rank'> {
  const { rank, over, inner, innerRels, input } = r;
  const outCols = input.columns;
  const find = (name: string) => outCols.find((c) => lc(c.name) === lc(name));
  const innerCol = (ref: ColRef) => {
    const col = columnOf(inner, innerRels, ref);
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
