// Section 2 of docs/sizing-model.md: bytes of a SQL row (BinaryRowData) and of a RocksDB state key.
//
//   rowBytes  = 4 + nullBits(arity) + 8 × arity + varBytes
//   nullBits(n) = floor((n + 63 + 8) / 64) × 8
//   keyBytes  = keyGroupPrefix + rowBytes(key columns) + 1
//
// What Flink serializes (checked in Flink's source):
// - RowDataSerializer.serialize converts to BinaryRowData and calls BinaryRowDataSerializer.serialize,
//   which writes `writeInt(sizeInBytes)` then the row bytes: hence the 4-byte length prefix, for state
//   values, for map keys (unique-key rows) and for the keyed-state key alike (SQL operators are keyed
//   by a BinaryRowData of the key columns, InternalTypeInfo -> RowDataSerializer).
// - SerializedCompositeKeyBuilder writes the key group (1 byte when maxParallelism <= 128, else 2),
//   then the serialized key, then the namespace. SQL operators use VoidNamespace, which
//   VoidNamespaceSerializer writes as one byte; its serializer has a fixed length, so no key-length
//   bytes are inserted between key and namespace. MapState appends the serialized map key.
import { GroupedCache } from '../cache';
import { type Assumptions, FLINK_FACTS, keyGroupPrefixBytes } from './defaults';
import { fmt, nonNeg } from './num';

export interface Column {
  name: string;
  /** Flink SQL type as written in DDL, e.g. `VARCHAR(200)`, `DECIMAL(38, 2)`, `ARRAY<STRING>`, `BIGINT NOT NULL`. */
  type: string;
  /** Declared average bytes of the value (strings: UTF-8 length; collections: serialized size). */
  avgBytes?: number;
}

export type TypeKind = 'fixed' | 'string' | 'binary' | 'decimal' | 'timestamp' | 'collection' | 'unknown';

export interface ParsedType {
  /** Upper-case base name, e.g. VARCHAR, TIMESTAMP_LTZ, ARRAY. */
  base: string;
  kind: TypeKind;
  /** Length (CHAR/VARCHAR/BINARY/VARBINARY) or precision (DECIMAL/TIMESTAMP), with Flink's defaults applied. */
  length?: number;
  precision?: number;
  notNull: boolean;
}

export interface FieldSize {
  column: string;
  type: string;
  /** Bytes this field adds to the variable-length part (its 8-byte slot is counted separately). */
  varBytes: number;
  /** Human-readable rule, e.g. "VARCHAR(200): avg 24 B > 7 → roundUp8(24) = 24 B". */
  rule: string;
  /** Set when the size rests on an assumption (unknown type, default length). */
  assumption?: string;
}

export interface RowSize {
  bytes: number;
  arity: number;
  nullBitsBytes: number;
  varBytes: number;
  fields: FieldSize[];
  /** e.g. "4 + 8 + 8×3 + 32 = 68 B". */
  formula: string;
  assumptions: string[];
}

export function roundUp8(n: number): number {
  return Math.ceil(nonNeg(n) / 8) * 8;
}

/** BinaryRowData.calculateBitSetWidthInBytes: floor((n + 63 + 8) / 64) × 8. */
export function nullBitsBytes(arity: number): number {
  const n = Math.max(0, Math.floor(nonNeg(arity)));
  return Math.floor((n + 63 + FLINK_FACTS.headerBits) / 64) * 8;
}

const FIXED = new Set([
  'BOOLEAN',
  'BOOL',
  'TINYINT',
  'SMALLINT',
  'INT',
  'INTEGER',
  'BIGINT',
  'FLOAT',
  'REAL',
  'DOUBLE',
  'DATE',
  'TIME',
  'INTERVAL',
  'NULL',
]);
const COLLECTIONS = new Set(['ARRAY', 'MAP', 'MULTISET', 'ROW', 'RAW', 'STRUCTURED', 'VARIANT']);
const STRING_MAX = 2147483647;

/** Parses a Flink SQL type as written in DDL (case-insensitive). Never throws. */
export function parseType(text: string): ParsedType {
  let u = String(text ?? '')
    .trim()
    .toUpperCase()
    .replace(/\s+/g, ' ');
  let notNull = false;
  const nn = /\s+NOT\s+NULL$/.exec(u);
  if (nn) {
    notNull = true;
    u = u.slice(0, nn.index);
  } else {
    u = u.replace(/\s+NULL$/, '');
  }
  const head = /^[A-Z_]+/.exec(u)?.[0] ?? '';
  let rest = u.slice(head.length).trimStart();
  let p1: number | undefined;
  // (length) or (precision[, scale]); the scale does not change the size.
  const params = /^\(\s*(\d+)\s*(?:,\s*-?\d+\s*)?\)/.exec(rest);
  if (params) {
    p1 = Number(params[1]);
    rest = rest.slice(params[0].length).trim();
  }
  if (COLLECTIONS.has(head)) return { base: head, kind: 'collection', notNull };
  if (FIXED.has(head)) return { base: head, kind: 'fixed', notNull };
  switch (head) {
    case 'STRING':
      return { base: 'STRING', kind: 'string', length: STRING_MAX, notNull };
    case 'VARCHAR':
      return { base: 'VARCHAR', kind: 'string', length: p1 ?? 1, notNull };
    case 'CHAR':
    case 'CHARACTER': {
      const varying = /^VARYING\s*(?:\(\s*(\d+)\s*\))?/.exec(rest);
      if (varying) return { base: 'VARCHAR', kind: 'string', length: varying[1] ? Number(varying[1]) : 1, notNull };
      return { base: 'CHAR', kind: 'string', length: p1 ?? 1, notNull };
    }
    case 'BYTES':
      return { base: 'BYTES', kind: 'binary', length: STRING_MAX, notNull };
    case 'VARBINARY':
      return { base: 'VARBINARY', kind: 'binary', length: p1 ?? 1, notNull };
    case 'BINARY':
      return { base: 'BINARY', kind: 'binary', length: p1 ?? 1, notNull };
    case 'DECIMAL':
    case 'DEC':
    case 'NUMERIC':
      return { base: 'DECIMAL', kind: 'decimal', precision: p1 ?? 10, notNull };
    case 'TIMESTAMP': {
      const ltz = /LOCAL TIME ZONE/.test(rest);
      return { base: ltz ? 'TIMESTAMP_LTZ' : 'TIMESTAMP', kind: 'timestamp', precision: p1 ?? 6, notNull };
    }
    case 'TIMESTAMP_LTZ':
      return { base: 'TIMESTAMP_LTZ', kind: 'timestamp', precision: p1 ?? 6, notNull };
    default:
      return { base: head || u, kind: 'unknown', notNull };
  }
}

function stringLikeVar(label: string, L: number, why: string): { varBytes: number; rule: string } {
  if (L <= FLINK_FACTS.maxInlineBytes)
    return { varBytes: 0, rule: `${label}: ${why} ${fmt(L)} B <= 7 → inline in slot, +0 B` };
  const v = roundUp8(L);
  return { varBytes: v, rule: `${label}: ${why} ${fmt(L)} B > 7 → roundUp8(${fmt(L)}) = ${fmt(v)} B` };
}

/** Field sizes kept at most. */
const MAX_FIELD_SIZES = 20_000;

/**
 * Field sizes by type and column name, with the inputs they were computed from: the same
 * tables recur in many chains, and a lookup builds no key string. Owned by an estimate cache
 * (src/analysis/estimate.ts), itself owned by an analysis session.
 */
export class FieldSizes {
  private readonly sizes = new GroupedCache<
    string,
    string,
    { size: FieldSize; avgBytes?: number; avgString: number; avgCollection: number }
  >(MAX_FIELD_SIZES);

  /** fieldSize(col, a), kept for the next column of the same name and type read with the same averages. */
  of(col: Column, a: Assumptions): FieldSize {
    const hit = this.sizes.get(col.type, col.name);
    if (
      hit &&
      hit.avgBytes === col.avgBytes &&
      hit.avgString === a.avgStringBytes &&
      hit.avgCollection === a.avgCollectionBytes
    )
      return hit.size;
    const size = fieldSize(col, a);
    this.sizes.set(col.type, col.name, {
      size,
      avgBytes: col.avgBytes,
      avgString: a.avgStringBytes,
      avgCollection: a.avgCollectionBytes,
    });
    return size;
  }
}

/** What row sizes are computed with: the assumptions, and the field sizes kept (none: each one computed). */
export interface RowSizing {
  assumptions: Assumptions;
  fieldSizes?: FieldSizes;
}

/** Bytes one column adds to a row's variable-length part, with the rule used. */
export function fieldSize(col: Column, a: Assumptions): FieldSize {
  const t = parseType(col.type);
  const label = col.type.trim() || '?';
  const declared =
    col.avgBytes !== undefined && Number.isFinite(col.avgBytes) && col.avgBytes >= 0 ? col.avgBytes : undefined;
  const base = { column: col.name, type: col.type };
  switch (t.kind) {
    case 'fixed':
      return { ...base, varBytes: 0, rule: `${label}: fixed, in its 8-byte slot` };
    case 'decimal': {
      const p = t.precision ?? 10;
      if (p <= FLINK_FACTS.maxCompactDecimalPrecision)
        return { ...base, varBytes: 0, rule: `${label}: precision ${p} <= 18, in its slot` };
      return { ...base, varBytes: FLINK_FACTS.decimalVarBytes, rule: `${label}: precision ${p} > 18 → +16 B` };
    }
    case 'timestamp': {
      const p = t.precision ?? 6;
      if (p <= FLINK_FACTS.maxCompactTimestampPrecision)
        return { ...base, varBytes: 0, rule: `${label}: precision ${p} <= 3, in its slot` };
      return {
        ...base,
        varBytes: FLINK_FACTS.timestampVarBytes,
        rule: `${label}: precision ${p} > 3 → +8 B (millis long in the variable part)`,
      };
    }
    case 'string':
    case 'binary': {
      const n = t.length ?? 1;
      if (declared !== undefined) return { ...base, ...stringLikeVar(label, declared, 'declared avg') };
      if (t.base === 'CHAR' || t.base === 'BINARY') return { ...base, ...stringLikeVar(label, n, 'fixed length') };
      if (n >= STRING_MAX) {
        return {
          ...base,
          ...stringLikeVar(label, a.avgStringBytes, 'default avg'),
          assumption: `${col.name} ${label}: average length ${a.avgStringBytes} B (avgStringBytes)`,
        };
      }
      if (n <= a.avgStringBytes) return { ...base, ...stringLikeVar(label, n, 'max length') };
      return {
        ...base,
        ...stringLikeVar(label, a.avgStringBytes, `min(${n}, ${a.avgStringBytes}) =`),
        assumption: `${col.name} ${label}: average length ${a.avgStringBytes} B (avgStringBytes)`,
      };
    }
    case 'collection': {
      const avg = declared ?? a.avgCollectionBytes;
      const v = roundUp8(avg);
      return {
        ...base,
        varBytes: v,
        rule: `${label}: ${declared !== undefined ? 'declared' : 'default'} avg ${fmt(avg)} B → roundUp8 = ${fmt(v)} B`,
        assumption:
          declared !== undefined
            ? undefined
            : `${col.name} ${label}: average size ${a.avgCollectionBytes} B (avgCollectionBytes)`,
      };
    }
    default: {
      const L = declared ?? a.avgStringBytes;
      return {
        ...base,
        ...stringLikeVar(label, L, 'unknown type, treated as variable-length, avg'),
        assumption: `${col.name}: unknown type "${label}", sized as a variable-length value of ${fmt(L)} B`,
      };
    }
  }
}

/**
 * Whether a row (RowSize, RowPart, or anything with its fields) holds variable-length data:
 * a string, binary, collection or unknown-typed field (CHAR/BINARY included: their bytes are
 * text or binary, which compresses like it). Only then does section 4 size its entries at the
 * variable-length compression (0.65, not 0.45). A wide DECIMAL or TIMESTAMP is fixed-width here.
 */
export function hasVariableLength(row: { readonly fields: readonly FieldSize[] }): boolean {
  for (const f of row.fields) {
    const k = parseType(f.type).kind;
    if (k === 'string' || k === 'binary' || k === 'collection' || k === 'unknown') return true;
  }
  return false;
}

/**
 * A slice of a row: the columns one input contributes. Rows of several inputs are combined
 * (intermediate join results, the union rewrite's one row) by summing slot and variable bytes
 * under a single length prefix and null bit set.
 */
export interface RowPart {
  label: string;
  arity: number;
  /** 8 × arity + varBytes of these columns. */
  payload: number;
  fields: FieldSize[];
  /** Set when the caller overrode the size (rowBytes) instead of the columns deciding it. */
  overridden?: boolean;
}

export function rowPart(
  label: string,
  columns: readonly Column[],
  sizing: RowSizing,
  rowBytesOverride?: number,
): RowPart {
  const { assumptions: a, fieldSizes } = sizing;
  const fields = columns.map((c) => (fieldSizes ? fieldSizes.of(c, a) : fieldSize(c, a)));
  const arity = columns.length;
  if (rowBytesOverride !== undefined && Number.isFinite(rowBytesOverride) && rowBytesOverride >= 0) {
    const payload = Math.max(0, rowBytesOverride - FLINK_FACTS.rowLengthPrefixBytes - nullBitsBytes(arity));
    return { label, arity, payload, fields, overridden: true };
  }
  let varBytes = 0;
  for (const f of fields) varBytes += f.varBytes;
  return { label, arity, payload: FLINK_FACTS.slotBytes * arity + varBytes, fields };
}

/**
 * A row combined from parts. Its fields and assumptions are written out only when read (an
 * estimate combines thousands of rows and lists the fields of a few), its formula when a term
 * that shows it is made (term(), entry.ts); a class, because V8 builds object literals with
 * getters about twenty times slower.
 */
class CombinedRow implements RowSize {
  readonly bytes: number;
  readonly nullBitsBytes: number;
  readonly varBytes: number;
  private cachedFields?: FieldSize[];
  private cachedAssumptions?: string[];
  constructor(
    private readonly parts: readonly RowPart[],
    readonly arity: number,
    private readonly payload: number,
    private readonly overridden: boolean,
  ) {
    this.nullBitsBytes = nullBitsBytes(arity);
    // A part's payload is 8 × arity + its variable bytes, so the row's variable bytes follow
    // from the sums (intermediate join rows combine many parts: no per-field pass here).
    this.varBytes = Math.max(0, payload - FLINK_FACTS.slotBytes * arity);
    this.bytes = FLINK_FACTS.rowLengthPrefixBytes + this.nullBitsBytes + payload;
  }
  get fields(): FieldSize[] {
    this.cachedFields ??= this.parts.flatMap((p) => p.fields);
    return this.cachedFields;
  }
  get formula(): string {
    const nb = this.nullBitsBytes;
    return this.overridden
      ? `4 + ${nb} + ${fmt(this.payload)} (${this.parts.map((p) => `${p.label}${p.overridden ? ' rowBytes' : ''} ${fmt(p.payload)}`).join(' + ')}) = ${fmt(this.bytes)} B`
      : `4 + ${nb} + 8×${this.arity} + ${fmt(this.varBytes)} = ${fmt(this.bytes)} B`;
  }
  get assumptions(): string[] {
    this.cachedAssumptions ??= this.fields.flatMap((f) => (f.assumption ? [f.assumption] : []));
    return this.cachedAssumptions;
  }
}

/** rowBytes of parts combined into one BinaryRowData (with its 4-byte length prefix). */
export function combineParts(parts: readonly RowPart[]): RowSize {
  let arity = 0;
  let payload = 0;
  let overridden = false;
  for (const p of parts) {
    arity += p.arity;
    payload += p.payload;
    overridden ||= p.overridden === true;
  }
  return new CombinedRow(parts, arity, payload, overridden);
}

/** Section 2: bytes of a BinaryRowData of `columns` as written to state, 4-byte length prefix included. */
export function rowSize(columns: readonly Column[], sizing: RowSizing, rowBytesOverride?: number): RowSize {
  return combineParts([rowPart('row', columns, sizing, rowBytesOverride)]);
}

export interface KeySize {
  bytes: number;
  prefixBytes: number;
  keyRow: RowSize;
  namespaceBytes: number;
  formula: string;
}

/**
 * Bytes of a RocksDB state key of a SQL operator: key-group prefix + serialized key row
 * (BinaryRowData of the key columns incl. its 4-byte length) + 1 void-namespace byte.
 * MapState entries append their map key to this.
 */
export function keySize(keyColumns: readonly Column[], sizing: RowSizing, maxParallelism: number): KeySize {
  return new StateKey(keyGroupPrefixBytes(maxParallelism), rowSize(keyColumns, sizing));
}

class StateKey implements KeySize {
  readonly namespaceBytes = FLINK_FACTS.voidNamespaceBytes;
  readonly bytes: number;
  constructor(
    readonly prefixBytes: number,
    readonly keyRow: RowSize,
  ) {
    this.bytes = prefixBytes + keyRow.bytes + this.namespaceBytes;
  }
  get formula(): string {
    return `${this.prefixBytes} key group + ${fmt(this.keyRow.bytes)} key row (${this.keyRow.formula}) + ${this.namespaceBytes} namespace = ${fmt(this.bytes)} B`;
  }
}
