// What a FROM item or a query produces (Relation), and how a scope's column references and
// items are resolved against the relations it reads.
import type { LineIndex, Range } from '../text';
import type { ColRef, ScopeFact, Span } from './facts';
import type { RankInfo, TableDef, WindowSpec } from './types';

export interface RelColumn {
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
export interface Relation {
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

export const lc = (s: string) => s.toLowerCase();
export const lastPart = (name: string) => name.split('.').pop() ?? name;

export interface ScopeOut extends Relation {
  /** True when the scope joins or aggregates (its output is no longer one base table). */
  derived: boolean;
}

export function tableRelation(t: TableDef): Relation {
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

export function unknownRel(name: string): Relation {
  return { display: name, tables: [name], columns: [], known: false, appendOnly: true, windowed: false };
}

/** Which FROM item a column reference reads. */
export function resolveColumn(
  s: ScopeFact,
  rels: Relation[],
  ref: ColRef,
): { item: number; column: string } | undefined {
  // A nested field belongs to the FROM item of its top-level column: `e.payload.user.id` (alias,
  // column, fields), or `payload.user.id` / `payload.amount` (column, fields) when one FROM item
  // declares payload and none is called so (a qualifier that names no item is otherwise an outer
  // query's alias). Its column is the field's path (`payload.user.id`), which names no declared
  // column: its type is not the ROW's (Flink projects the field below the operators that read it).
  if (ref.path) {
    const i = itemNamed(s, ref.path[0]);
    return i >= 0
      ? { item: i, column: ref.path.slice(1).join('.') }
      : declaredBy(rels, ref.path[0], ref.path.join('.'));
  }
  if (ref.qualifier) {
    const i = itemNamed(s, ref.qualifier);
    return i >= 0 ? { item: i, column: ref.name } : declaredBy(rels, ref.qualifier, `${ref.qualifier}.${ref.name}`);
  }
  const owners = ownersOf(rels, ref.name);
  if (owners.length === 1) return { item: owners[0], column: ref.name };
  if (owners.length > 1) return undefined;
  const unknown = rels.map((r, i) => (!r.known ? i : -1)).filter((i) => i >= 0);
  return unknown.length === 1 ? { item: unknown[0], column: ref.name } : undefined;
}

/** The FROM item an alias or table name names, else -1. */
function itemNamed(s: ScopeFact, q: string): number {
  const name = lc(q);
  const i = s.items.findIndex((it) => lc(it.alias) === name);
  return i >= 0 ? i : s.items.findIndex((it) => it.name && lc(lastPart(it.name)) === name);
}

/** The FROM items whose relation declares a column of this name. */
function ownersOf(rels: Relation[], column: string): number[] {
  const name = lc(column);
  return rels.map((r, i) => (r.columns.some((c) => lc(c.name) === name) ? i : -1)).filter((i) => i >= 0);
}

/** The FROM item when exactly one declares the top-level column of a nested field `path`. */
function declaredBy(rels: Relation[], top: string, path: string): { item: number; column: string } | undefined {
  const owners = ownersOf(rels, top);
  return owners.length === 1 ? { item: owners[0], column: path } : undefined;
}

/** The column a reference reads, in the relation of its FROM item (undefined when not resolved or not known). */
export function columnOf(s: ScopeFact, rels: Relation[], ref: ColRef): RelColumn | undefined {
  const r = resolveColumn(s, rels, ref);
  return r ? rels[r.item].columns.find((c) => lc(c.name) === lc(r.column)) : undefined;
}

/** A column's type, and for a time attribute without one (a `PROCTIME()` column) the type Flink gives it. */
export function typeOf(col: RelColumn | undefined): string | undefined {
  return (
    col?.type ?? (col?.time === 'proctime' ? 'TIMESTAMP_LTZ(3)' : col?.time === 'rowtime' ? 'TIMESTAMP(3)' : undefined)
  );
}

/** A scope being walked: its facts, the relations of its FROM items, and where its statement is. */
export interface ScopeCtx {
  s: ScopeFact;
  rels: Relation[];
  base: number;
  index: LineIndex;
  feeds?: string;
  anchor: Range;
}

export function range(ctx: ScopeCtx, sp: Span): Range {
  return ctx.index.range(ctx.base + sp.start, ctx.base + sp.end);
}

/**
 * How a FROM item is named in joins and chains: its relation's name, or its alias where another
 * item of the scope has the same name (a self-join: `emp e JOIN emp m`).
 */
export function itemLabel(ctx: Pick<ScopeCtx, 's' | 'rels'>, i: number): string {
  const name = ctx.rels[i].display;
  return ctx.rels.some((r, k) => k !== i && lc(r.display) === lc(name)) ? ctx.s.items[i].alias : name;
}
