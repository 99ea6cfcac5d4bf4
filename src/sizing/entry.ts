// Helpers shared by the state estimators: TTL bytes, max parallelism, and one RocksDB
// entry's bytes written out as a formula ("(22 key + 28 row + 10 rocks) B × 1,000 = 60,000 B").
import { resolveMaxParallelism, type ResolvedMaxParallelism } from './defaults';
import { fmt, safe, sum } from './num';
import type { SizingContext, Term } from './types';

export function ttlEnabled(ctx: SizingContext): boolean {
  return typeof ctx.stateTtlSec === 'number' && Number.isFinite(ctx.stateTtlSec) && ctx.stateTtlSec > 0;
}

/** Bytes a state TTL adds per value or map entry (0 without TTL). */
export function ttlBytesFor(ctx: SizingContext): number {
  return ttlEnabled(ctx) ? ctx.assumptions.ttlBytes : 0;
}

export function maxParallelismFor(ctx: SizingContext): ResolvedMaxParallelism {
  return resolveMaxParallelism({
    maxParallelism: ctx.maxParallelism,
    parallelism: ctx.parallelism,
    assumptions: ctx.assumptions,
  });
}

/**
 * A term, its formula written out now. Terms are plain data: the editor's analysis thread sends
 * a report to the extension host as it is (a structured clone), with no pass that writes out
 * formulas or copies class instances first (docs/architecture.md, "What crosses threads").
 */
export function term(label: string, value: number, unit: Term['unit'], formula: string): Term {
  return { label, value, unit, formula };
}

export interface EntryPart {
  label: string;
  bytes: number;
}

export interface EntryEstimate {
  perEntry: number;
  entries: number;
  bytes: number;
  term: Term;
}

/** bytes = (sum of parts) × entries, with the parts named in the formula; zero-byte parts are left out. */
export function entryEstimate(
  label: string,
  parts: readonly EntryPart[],
  entries: number,
  entriesLabel = 'entries',
): EntryEstimate {
  const shown = parts.filter((p) => p.bytes !== 0);
  const perEntry = safe(sum(shown.map((p) => p.bytes)));
  const n = safe(entries);
  const bytes = safe(perEntry * n);
  return {
    perEntry,
    entries: n,
    bytes,
    term: term(
      label,
      bytes,
      'bytes',
      `(${shown.map((p) => `${fmt(p.bytes)} ${p.label}`).join(' + ') || '0'}) = ${fmt(perEntry)} B × ${fmt(n)} ${entriesLabel} = ${fmt(bytes)} B`,
    ),
  };
}
