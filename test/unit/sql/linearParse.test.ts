import { strict as assert } from 'node:assert';
import { BufferedTokenStream } from 'antlr4ng';
import { PRUNED_EMPTY_ALTERNATIVES, parseStatement } from '../../../src/sql/parser';

/** Tokens the parser consumed, prediction's lookahead included, while parsing `text`. */
function tokensConsumed(text: string): number {
  const proto = BufferedTokenStream.prototype;
  const consume = proto.consume;
  let n = 0;
  proto.consume = function (this: BufferedTokenStream) {
    n++;
    consume.call(this);
  };
  try {
    assert.deepEqual(parseStatement(text).errors, []);
  } finally {
    proto.consume = consume;
  }
  return n;
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
      const small = tokensConsumed(make(1_000));
      const large = tokensConsumed(make(2_000));
      assert.ok(large < 2.2 * small, `1,000 columns: ${small} consumes; 2,000: ${large}`);
      assert.ok(large < 4 * 4 * 2_000, `${large} consumes for 2,000 columns`);
    });
  }
});
