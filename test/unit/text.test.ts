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
});
