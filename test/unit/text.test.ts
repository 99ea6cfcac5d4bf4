import { strict as assert } from 'node:assert';
import { LineIndex } from '../../src/text';

describe('LineIndex', () => {
  it('maps offsets to 1-based positions across LF, CRLF and CR line ends', () => {
    const idx = new LineIndex('ab\ncd\r\nef\rg');
    assert.deepEqual(idx.position(0), { line: 1, column: 1 });
    assert.deepEqual(idx.position(3), { line: 2, column: 1 });
    assert.deepEqual(idx.position(7), { line: 3, column: 1 });
    assert.deepEqual(idx.position(10), { line: 4, column: 1 });
    assert.equal(idx.offset({ line: 3, column: 2 }), 8);
    assert.equal(idx.lineCount, 4);
  });

  it('counts a lone CR before a CRLF, an LF before a CR, and a CR at the end as line ends of their own', () => {
    // a, CR (line 2 at 2), CR LF (line 3 at 4), b, LF (line 4 at 6), CR (line 5 at 7), c, CR (line 6 at 9).
    const idx = new LineIndex('a\r\r\nb\n\rc\r');
    assert.equal(idx.lineCount, 6);
    assert.deepEqual(idx.position(4), { line: 3, column: 1 });
    // Line 4 is empty: its CR at offset 6 is its end, in column 1.
    assert.deepEqual(idx.position(6), { line: 4, column: 1 });
    assert.deepEqual(idx.position(7), { line: 5, column: 1 });
    assert.equal(idx.offset({ line: 6, column: 1 }), 9);
  });
});
