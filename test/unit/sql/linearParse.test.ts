import { strict as assert } from 'node:assert';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BufferedTokenStream, CharStreams, type DFA, ParserATNSimulator } from 'antlr4ng';
import { FlinkSqlParser, PRUNED_EMPTY_ALTERNATIVES, parseStatement } from '../../../src/sql/parser';

/** What parsing `text` did: tokens consumed (prediction's lookahead included) and predictions made. */
function operations(text: string): { consumes: number; predictions: number } {
  const stream = BufferedTokenStream.prototype;
  const simulator = ParserATNSimulator.prototype;
  const { consume } = stream;
  const { adaptivePredict } = simulator;
  const n = { consumes: 0, predictions: 0 };
  stream.consume = function (this: BufferedTokenStream) {
    n.consumes++;
    consume.call(this);
  };
  simulator.adaptivePredict = function (this: ParserATNSimulator, ...args: Parameters<typeof adaptivePredict>) {
    n.predictions++;
    return adaptivePredict.apply(this, args);
  };
  try {
    assert.deepEqual(parseStatement(text).errors, []);
  } finally {
    stream.consume = consume;
    simulator.adaptivePredict = adaptivePredict;
  }
  return n;
}

/** States in the parser's prediction cache (shared by every parse in this thread). */
const dfaStates = () =>
  (FlinkSqlParser as unknown as { decisionsToDFA: DFA[] }).decisionsToDFA.reduce(
    (sum, dfa) => sum + dfa.getStates().length,
    0,
  );

/** Heap bytes that the result of parsing `text` keeps alive, after full collections. */
function bytesKept(text: string): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  const parsed = parseStatement(text);
  gc();
  const kept = process.memoryUsage().heapUsed - before;
  assert.deepEqual(parsed.errors, []);
  return kept;
}

const select = (columns: number) => `SELECT ${Array.from({ length: columns }, (_, i) => `c${i}`).join(', ')} FROM t`;
const qualified = (columns: number) =>
  `INSERT INTO s SELECT ${Array.from({ length: columns }, (_, i) => `a.c${i}`).join(', ')} FROM a JOIN b ON a.id = b.id`;

describe('sql: one statement parses in time linear in its length', () => {
  it("prunes the grammar's empty column alternatives (code completion only)", () => {
    // columnName, columnNamePathAllowEmpty, columnProjectItem and uidAllowEmpty each have one.
    assert.ok(PRUNED_EMPTY_ALTERNATIVES >= 4, `${PRUNED_EMPTY_ALTERNATIVES} pruned`);
  });

  for (const [name, make] of [
    ['plain columns', select],
    ['qualified columns', qualified],
  ] as const) {
    it(`reads a select list of ${name} with a bounded lookahead per column`, () => {
      // A list of n columns has about 2n tokens (name and comma; 4n qualified). Before the
      // pruning, every column's prediction read to the end of the list: n²/2 consumes,
      // 2,000,000 at 2,000 columns. Linear: a small multiple of the tokens, and twice the
      // columns consume about twice the tokens.
      const small = operations(make(1_000)).consumes;
      const large = operations(make(2_000)).consumes;
      assert.ok(large < 2.2 * small, `1,000 columns: ${small} consumes; 2,000: ${large}`);
      assert.ok(large < 4 * 4 * 2_000, `${large} consumes for 2,000 columns`);
    });

    it(`makes as many predictions per column, and no new prediction state, at 20,000 ${name} as at 1,000`, () => {
      // The prediction cache (the DFA) is filled by the first statement of a shape; a decision
      // that learnt something new at every column (a state per length, a cache keyed by the
      // list) would grow it and predict slower the longer the list.
      operations(make(1_000));
      const states = dfaStates();
      const small = operations(make(1_000));
      const large = operations(make(20_000));
      assert.equal(dfaStates(), states);
      // The same work per column, to within the statement's own few tokens around the list.
      assert.ok(
        Math.abs(large.predictions / 20_000 - small.predictions / 1_000) < 0.1,
        JSON.stringify({ small, large }),
      );
      assert.ok(Math.abs(large.consumes / 20_000 - small.consumes / 1_000) < 0.1, JSON.stringify({ small, large }));
    });
  }

  it('keeps alive the objects a column needs, not arrays of unused slots', () => {
    // A statement longer than the young generation is copied by every scavenge its tree survives,
    // so a long parse costs in proportion to the bytes its result keeps. A column `cN, ` is three
    // tokens (name, comma, space: 96 bytes each and a slot of the token list), six contexts
    // (columnProjectItem down to unquotedIdentifier: 72 bytes each), two terminal nodes (40) and
    // six one-child arrays (a 32-byte array and a 24-byte store each): about 1,180 bytes by layout
    // (1,200 measured). antlr4ng's `[]` then `push` gave each child array 17 slots (152 bytes),
    // and each token an array of its own for its (lexer, input) pair (64 bytes): 2,150 per column
    // measured, 1,380 with the arrays sized and the pairs not shared, both over this bound.
    const columns = 20_000;
    parseStatement(select(1_000));
    const perColumn = bytesKept(select(columns)) / columns;
    assert.ok(perColumn < 1_300, `${perColumn.toFixed(0)} bytes per column`);
  });

  it("reads the text's code points, surrogate pairs joined and lone surrogates kept", () => {
    const codePoints = (text: string) => {
      const stream = CharStreams.fromString(text);
      const out: number[] = [];
      for (let i = 0; i < stream.size; i++, stream.consume()) out.push(stream.LA(1));
      return out;
    };
    assert.deepEqual(codePoints('a😀b'), [0x61, 0x1f600, 0x62]);
    assert.deepEqual(codePoints('é日'), [0xe9, 0x65e5]);
    assert.deepEqual(codePoints('\ud800x'), [0xd800, 0x78]);
    assert.deepEqual(codePoints('x\ud800'), [0x78, 0xd800]);
    assert.deepEqual(codePoints('\udc00\ud800'), [0xdc00, 0xd800]);
    assert.deepEqual(codePoints('\udbff\udfff'), [0x10ffff]);
    assert.deepEqual(codePoints(''), []);
  });
});
