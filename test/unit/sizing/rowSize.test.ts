// Section 2 of docs/sizing-model.md, worked by hand:
//   rowBytes = 4 + nullBits(arity) + 8 × arity + varBytes, nullBits(n) = floor((n + 63 + 8) / 64) × 8
//   key      = keyGroupPrefix + rowBytes(key columns) + 1 namespace byte
import { strict as assert } from 'node:assert';
import {
  FieldSizes,
  fieldSize,
  keySize,
  nullBitsBytes,
  parseType,
  rowSize,
  withAssumptions,
  type Column,
} from '../../../src/sizing';

const a = withAssumptions(); // avgStringBytes 24, avgCollectionBytes 64
/** Rows sized with these assumptions, each field size computed afresh. */
const sizing = { assumptions: a };
const col = (name: string, type: string, avgBytes?: number): Column => ({ name, type, avgBytes });
const bigints = (n: number): Column[] => Array.from({ length: n }, (_, i) => col(`c${i}`, 'BIGINT'));

describe('sizing/rowSize: null bits', () => {
  it('switches from 8 to 16 bytes between arity 56 and 57', () => {
    assert.equal(nullBitsBytes(56), 8); // floor((56 + 71) / 64) = floor(127 / 64) = 1 → 8
    assert.equal(nullBitsBytes(57), 16); // floor((57 + 71) / 64) = floor(128 / 64) = 2 → 16
    assert.equal(nullBitsBytes(0), 8); // floor(71 / 64) = 1 → 8 (the header byte still needs a word)
  });

  it('sizes rows of 56 and 57 BIGINTs', () => {
    assert.equal(rowSize(bigints(56), sizing).bytes, 460); // 4 + 8 + 8×56 (448) = 460
    assert.equal(rowSize(bigints(57), sizing).bytes, 476); // 4 + 16 + 8×57 (456) = 476
  });
});

describe('sizing/rowSize: per-type rules', () => {
  it('keeps fixed-width types in their slot', () => {
    const r = rowSize(
      [col('a', 'BIGINT'), col('b', 'INT'), col('c', 'DOUBLE'), col('d', 'BOOLEAN'), col('e', 'DATE')],
      sizing,
    );
    assert.equal(r.bytes, 52); // 4 + 8 + 8×5 (40) + 0 = 52
    assert.equal(r.varBytes, 0);
    assert.equal(r.formula, '4 + 8 + 8×5 + 0 = 52 B');
  });

  it('inlines strings of at most 7 bytes', () => {
    assert.equal(fieldSize(col('code', 'VARCHAR(5)'), a).varBytes, 0); // L = min(5, 24) = 5 <= 7 → inline
    assert.equal(fieldSize(col('s', 'STRING', 7), a).varBytes, 0); // declared 7 <= 7 → inline
    assert.equal(fieldSize(col('s', 'STRING', 8), a).varBytes, 8); // 8 > 7 → roundUp8(8) = 8
    assert.equal(rowSize([col('id', 'BIGINT'), col('code', 'VARCHAR(5)')], sizing).bytes, 28); // 4 + 8 + 16 + 0 = 28
  });

  it('adds roundUp8(L) for longer strings and binaries', () => {
    assert.equal(fieldSize(col('s', 'STRING'), a).varBytes, 24); // default 24 → roundUp8(24) = 24
    assert.equal(fieldSize(col('s', 'VARCHAR(200)'), a).varBytes, 24); // min(200, 24) = 24 → 24
    assert.equal(fieldSize(col('s', 'VARCHAR(200)', 30), a).varBytes, 32); // declared 30 → roundUp8(30) = 32
    assert.equal(fieldSize(col('s', 'VARCHAR(12)'), a).varBytes, 16); // min(12, 24) = 12 → roundUp8(12) = 16
    assert.equal(fieldSize(col('s', 'CHAR(10)'), a).varBytes, 16); // CHAR uses n = 10 → roundUp8(10) = 16
    assert.equal(fieldSize(col('b', 'BYTES'), a).varBytes, 24); // default 24
    assert.equal(rowSize([col('id', 'BIGINT'), col('name', 'VARCHAR(200)', 30)], sizing).bytes, 60); // 4 + 8 + 16 + 32 = 60
  });

  it('adds 16 bytes for DECIMAL with precision above 18', () => {
    assert.equal(fieldSize(col('x', 'DECIMAL(38, 2)'), a).varBytes, 16);
    assert.equal(fieldSize(col('x', 'DECIMAL(18, 2)'), a).varBytes, 0); // compact: in its slot
    assert.equal(rowSize([col('x', 'DECIMAL(38, 2)')], sizing).bytes, 36); // 4 + 8 + 8×1 + 16 = 36
  });

  it('adds 8 bytes for TIMESTAMP / TIMESTAMP_LTZ with precision above 3 (Flink writer)', () => {
    // Flink's AbstractBinaryWriter.writeTimestamp(precision > 3): ensureCapacity(8), cursor += 8
    // (docs/sizing-model.md §2.2; an early draft of the model said 16, see FLINK_FACTS.timestampVarBytes).
    assert.equal(fieldSize(col('t', 'TIMESTAMP(6)'), a).varBytes, 8);
    assert.equal(fieldSize(col('t', 'TIMESTAMP'), a).varBytes, 8); // default precision 6
    assert.equal(fieldSize(col('t', 'TIMESTAMP_LTZ(9)'), a).varBytes, 8);
    assert.equal(fieldSize(col('t', 'TIMESTAMP(3)'), a).varBytes, 0); // compact
    assert.equal(fieldSize(col('t', 'TIMESTAMP_LTZ(3)'), a).varBytes, 0);
    assert.equal(fieldSize(col('t', 'TIMESTAMP(3) WITH LOCAL TIME ZONE'), a).varBytes, 0);
    assert.equal(rowSize([col('id', 'BIGINT'), col('t', 'TIMESTAMP(6)')], sizing).bytes, 36); // 4 + 8 + 16 + 8 = 36
  });

  it('adds roundUp8(avg or 64) for collections', () => {
    assert.equal(fieldSize(col('tags', 'ARRAY<STRING>'), a).varBytes, 64); // default 64
    assert.equal(fieldSize(col('tags', 'ARRAY<STRING>', 20), a).varBytes, 24); // roundUp8(20) = 24
    assert.equal(fieldSize(col('r', 'ROW<a INT, b STRING>'), a).varBytes, 64);
    assert.equal(fieldSize(col('m', 'MAP<STRING, INT>'), a).varBytes, 64);
    assert.equal(rowSize([col('id', 'BIGINT'), col('tags', 'ARRAY<STRING>')], sizing).bytes, 92); // 4 + 8 + 16 + 64 = 92
  });

  it('treats an unknown type as a variable-length value of the default string length and records it', () => {
    const f = fieldSize(col('g', 'GEOMETRY'), a);
    assert.equal(f.varBytes, 24); // default 24 → roundUp8(24) = 24
    assert.match(f.assumption ?? '', /unknown type/);
    assert.equal(rowSize([col('g', 'GEOMETRY')], sizing).assumptions.length, 1);
  });

  it('uses rowBytes when the caller overrides the row size', () => {
    assert.equal(rowSize([col('id', 'BIGINT')], sizing, 100).bytes, 100);
  });

  it('parses DDL spellings case-insensitively', () => {
    assert.deepEqual(parseType('bigint not null'), { base: 'BIGINT', kind: 'fixed', notNull: true });
    assert.equal(parseType('Varchar(200)').length, 200);
    assert.equal(parseType('VARCHAR').length, 1); // Flink: VARCHAR = VARCHAR(1)
    assert.equal(parseType('decimal(38,2)').precision, 38);
    assert.equal(parseType('TIMESTAMP(3) WITH LOCAL TIME ZONE').base, 'TIMESTAMP_LTZ');
    assert.equal(parseType('CHARACTER VARYING(40)').base, 'VARCHAR');
    assert.equal(parseType('ARRAY<ROW<a INT>>').kind, 'collection');
  });
});

describe('sizing/rowSize: field sizes kept for the next rows (FieldSizes)', () => {
  it('gives what fieldSize gives, and a column read with other averages its own size', () => {
    const kept = new FieldSizes();
    const name = col('name', 'STRING');
    assert.equal(kept.of(name, a).varBytes, 24); // default avg 24 → roundUp8(24) = 24
    // The same column with strings of 30 B on average: roundUp8(30) = 32, not the 24 kept before.
    const longer = withAssumptions({ avgStringBytes: 30 });
    assert.equal(kept.of(name, longer).varBytes, 32);
    // A declared average on a column of that name and type: roundUp8(10) = 16.
    assert.equal(kept.of(col('name', 'STRING', 10), a).varBytes, 16);
    // Collections by avgCollectionBytes: 64 → 64, then 100 → roundUp8(100) = 104.
    const tags = col('tags', 'ARRAY<STRING>');
    assert.equal(kept.of(tags, a).varBytes, 64);
    assert.equal(kept.of(tags, withAssumptions({ avgCollectionBytes: 100 })).varBytes, 104);
    // A row sized through them: 4 + 8 + 8×1 + 32 = 52.
    assert.equal(rowSize([name], { assumptions: longer, fieldSizes: kept }).bytes, 52);
  });
});

describe('sizing/rowSize: state keys', () => {
  it('is key group + key row (with its 4-byte length) + 1 namespace byte', () => {
    assert.equal(keySize([col('id', 'BIGINT')], sizing, 128).bytes, 22); // 1 + (4 + 8 + 8) + 1 = 22
    assert.equal(keySize([col('id', 'BIGINT')], sizing, 256).bytes, 23); // 2 + 20 + 1 = 23
    assert.equal(keySize([col('id', 'VARCHAR(36)', 36)], sizing, 128).bytes, 62); // 1 + (4 + 8 + 8 + roundUp8(36)=40) + 1 = 62
    assert.equal(keySize([col('a', 'BIGINT'), col('b', 'INT')], sizing, 128).bytes, 30); // 1 + (4 + 8 + 16) + 1 = 30
  });
});
