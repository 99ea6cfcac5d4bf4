import { strict as assert } from 'node:assert';
import { escapeControl, LineIndex, notTextReason, notTextReasonOfText } from '../../src/text';

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

describe('not a text file (notTextReason, notTextReasonOfText)', () => {
  it('takes empty text, plain SQL and the white-space controls (tab, LF, VT, FF, CR) as text', () => {
    assert.equal(notTextReasonOfText(''), undefined);
    assert.equal(notTextReasonOfText('SELECT 1;\n'), undefined);
    assert.equal(notTextReasonOfText('\t\n\v\f\r'), undefined);
  });

  it('finds a NUL character anywhere', () => {
    assert.equal(notTextReasonOfText(`${'SELECT 1;\n'.repeat(1000)}\0`), 'NUL bytes');
  });

  it('is not text above 30 % of replacement or control characters, and names the larger share', () => {
    // 3 of 10 characters U+FFFD: 30 %, still text (a Latin-1 comment decoded as UTF-8).
    assert.equal(notTextReasonOfText('\ufffd\ufffd\ufffdabcdefg'), undefined);
    // 4 of 10: 40 %.
    assert.equal(notTextReasonOfText('\ufffd\ufffd\ufffd\ufffdabcdef'), 'invalid UTF-8');
    // ESC, BEL, DEL, U+009B (C1 CSI), BS, SOH, STX of 10: 70 %.
    assert.equal(notTextReasonOfText('\x1b\x07\x7f\u009b\b\x01\x02abc'), 'mostly control characters');
    // 2 of each of 10: 40 % together; replacement characters are not fewer, so they name it.
    assert.equal(notTextReasonOfText('\ufffd\ufffd\x1b\x1babcdef'), 'invalid UTF-8');
    // A line coloured with ANSI escapes: 2 ESC of 12 characters (17 %) is still text.
    assert.equal(notTextReasonOfText('\x1b[31mred\x1b[0m'), undefined);
  });

  it('reads bytes: a NUL byte, invalid UTF-8, and UTF-16 with a byte-order mark (NUL bytes in every ASCII character) as text', () => {
    assert.equal(notTextReason(Buffer.from('SELECT 1;')), undefined);
    assert.equal(notTextReason(Uint8Array.of(0x41, 0x00, 0x42)), 'NUL bytes');
    // C3 28: a lead byte without its continuation (U+FFFD, then '('); 80 and 81 lone
    // continuations (U+FFFD each); 'A'. 3 of 5 characters replaced.
    assert.equal(notTextReason(Uint8Array.of(0xc3, 0x28, 0x80, 0x81, 0x41)), 'invalid UTF-8');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('SELECT 1;', 'utf16le')]);
    assert.equal(notTextReason(utf16), undefined);
  });
});

describe('escapeControl', () => {
  it('writes C0 controls (tab and line feed too), DEL and C1 controls as visible escapes', () => {
    assert.equal(escapeControl('a\x1b[31mb'), 'a\\x1b[31mb');
    assert.equal(escapeControl('\t\n\r\0'), '\\t\\n\\r\\x00');
    assert.equal(escapeControl('\x7f\u009b'), '\\x7f\\x9b');
  });

  it('writes the bidi overrides and isolates as \\u escapes', () => {
    assert.equal(escapeControl('x\u202ey\u2066z\u2069'), 'x\\u202ey\\u2066z\\u2069');
  });

  it('keeps everything else as it is, backslashes and non-ASCII letters included', () => {
    const s = 'caf\u00e9 a \u22c8 b \\x1b C:\\dir';
    assert.equal(escapeControl(s), s);
  });
});
