// Files the analysis does not read at all (not text, or nothing in them) get exactly one
// diagnostic at 1:1, and every diagnostic's message reaches its consumer with the control
// characters of the user's file escaped: the one entry for the CLI and the editor
// (src/analysis/index.ts) does both.
import { strict as assert } from 'node:assert';
import { analyzeDescriptorFile, analyzeProgramFile, analyzeSqlFile, type FileReport } from '../../../src/analysis';
import { decodeText } from '../../../src/text';
import { AnalysisSession } from '../../../src/analysis/session';

const START = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
const noFiles = () => undefined;

/** Bytes 0..255, as a binary file holds them: NUL first. */
const BINARY = decodeText(Uint8Array.from({ length: 256 }, (_, i) => i));
/** No NUL, but bytes 0x80..0xFF (each a lone continuation or a lead byte without its continuation: 128 U+FFFD) and 'ab'. */
const INVALID_UTF8 = decodeText(Uint8Array.from([...Array.from({ length: 128 }, (_, i) => 0x80 + i), 0x61, 0x62]));

function only(r: FileReport | undefined, severity: string, code: string, message: string) {
  assert.ok(r, 'a report');
  assert.deepEqual(r.diagnostics, [{ severity, code, message, range: START }]);
}

describe('files that are not text: one not-text warning, nothing analysed', () => {
  it('a binary .sql file', () => {
    const r = analyzeSqlFile(new AnalysisSession(), '/w/x.sql', BINARY);
    only(r, 'warning', 'not-text', 'not a text file: not analysed (NUL bytes)');
    assert.equal(r.skipped, 'not-text');
    assert.deepEqual(r.sql?.statements, []);
  });

  it('invalid UTF-8 without a NUL', () => {
    only(
      analyzeSqlFile(new AnalysisSession(), '/w/x.sql', INVALID_UTF8),
      'warning',
      'not-text',
      'not a text file: not analysed (invalid UTF-8)',
    );
  });

  it('a binary named as our descriptor gets it; a binary YAML, JSON or Terraform file is no descriptor', () => {
    only(
      analyzeDescriptorFile(new AnalysisSession(), '/w/x.flinkjob.yaml', BINARY, noFiles),
      'warning',
      'not-text',
      'not a text file: not analysed (NUL bytes)',
    );
    only(
      analyzeDescriptorFile(new AnalysisSession(), '/w/flink-job.yml', BINARY, noFiles),
      'warning',
      'not-text',
      'not a text file: not analysed (NUL bytes)',
    );
    assert.equal(analyzeDescriptorFile(new AnalysisSession(), '/w/x.yaml', BINARY, noFiles), undefined);
    assert.equal(analyzeDescriptorFile(new AnalysisSession(), '/w/x.json', BINARY, noFiles), undefined);
    assert.equal(
      analyzeDescriptorFile(
        new AnalysisSession(),
        '/w/main.tf',
        `aws_kinesisanalyticsv2_application${BINARY}`,
        noFiles,
      ),
      undefined,
    );
  });

  it('a binary program', () => {
    only(
      analyzeProgramFile(new AnalysisSession(), '/w/Job.java', BINARY),
      'warning',
      'not-text',
      'not a text file: not analysed (NUL bytes)',
    );
  });

  it("a descriptor whose sql: file is not text: a warning at the sql: value, the job's SQL not analysed", () => {
    const r = analyzeDescriptorFile(
      new AnalysisSession(),
      '/w/j.flinkjob.yaml',
      'name: j\nparallelism: 2\nsql: job.sql\n',
      (p) => (p === '/w/job.sql' ? BINARY : undefined),
    );
    const d = r?.diagnostics.filter((x) => x.code === 'not-text');
    // `sql: job.sql` on line 3: the value starts at column 6.
    assert.deepEqual(
      d?.map((x) => [x.severity, x.message, x.range.start.line, x.range.start.column]),
      [['warning', "SQL file 'job.sql' is not a text file: not analysed (NUL bytes)", 3, 6]],
    );
    assert.equal(r?.jobs[0].sql, undefined);
  });
});

describe('files with nothing to analyse: one empty-file info', () => {
  const EMPTY = 'nothing to analyse: the file is empty';
  const COMMENTS = 'nothing to analyse: the file has only comments';

  it('SQL: empty, white space (a byte-order mark too), comments only', () => {
    for (const text of ['', ' \n\t\r\n', '\ufeff\n'])
      only(analyzeSqlFile(new AnalysisSession(), '/w/x.sql', text), 'info', 'empty-file', EMPTY);
    only(
      analyzeSqlFile(new AnalysisSession(), '/w/x.sql', '-- a comment\n/* and\n another */\n'),
      'info',
      'empty-file',
      COMMENTS,
    );
    assert.equal(analyzeSqlFile(new AnalysisSession(), '/w/x.sql', '').skipped, 'empty-file');
  });

  it('SQL with a statement after its comments, or a comment never closed, is analysed', () => {
    const r = analyzeSqlFile(new AnalysisSession(), '/w/x.sql', '-- a comment\nSELECT 1;\n');
    assert.equal(r.skipped, undefined);
    assert.equal(r.sql?.statements.length, 1);
    // The parser reports the unclosed comment as it always did.
    assert.deepEqual(
      analyzeSqlFile(new AnalysisSession(), '/w/x.sql', '/* never closed\n').diagnostics.map((d) => d.code),
      ['sql-syntax'],
    );
  });

  it('descriptors named as ours: empty, YAML comments only, empty JSON; other empty YAML or JSON is no descriptor', () => {
    only(analyzeDescriptorFile(new AnalysisSession(), '/w/x.flinkjob.yaml', '', noFiles), 'info', 'empty-file', EMPTY);
    only(
      analyzeDescriptorFile(new AnalysisSession(), '/w/flink-job.yaml', '  \n', noFiles),
      'info',
      'empty-file',
      EMPTY,
    );
    only(
      analyzeDescriptorFile(new AnalysisSession(), '/w/x.flinkjob.yaml', '# to do\n  # later\n', noFiles),
      'info',
      'empty-file',
      COMMENTS,
    );
    only(
      analyzeDescriptorFile(new AnalysisSession(), '/w/x.flinkjob.json', '\n', noFiles),
      'info',
      'empty-file',
      EMPTY,
    );
    assert.equal(analyzeDescriptorFile(new AnalysisSession(), '/w/docker-compose.yaml', '', noFiles), undefined);
    assert.equal(analyzeDescriptorFile(new AnalysisSession(), '/w/package.json', '', noFiles), undefined);
  });

  it('programs: an empty one, or one of comments only, says so instead of embedded-sql-none', () => {
    only(analyzeProgramFile(new AnalysisSession(), '/w/Job.java', ''), 'info', 'empty-file', EMPTY);
    only(
      analyzeProgramFile(new AnalysisSession(), '/w/Job.kt', '// to do\n/* later */\n'),
      'info',
      'empty-file',
      COMMENTS,
    );
    only(analyzeProgramFile(new AnalysisSession(), '/w/job.py', '# to do\n'), 'info', 'empty-file', COMMENTS);
    // A program with code but no Table-API call keeps its own diagnostic.
    assert.deepEqual(
      analyzeProgramFile(new AnalysisSession(), '/w/Job.java', 'class Job {}\n').diagnostics.map((d) => d.code),
      ['embedded-sql-none'],
    );
  });
});

describe('diagnostic messages escape the control characters they quote', () => {
  const ESC = '\x1b';
  const control = (c: number) =>
    c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  const clean = (r: FileReport | undefined) => {
    assert.ok(r);
    assert.deepEqual(
      r.diagnostics.filter((d) => [...d.message].some((c) => control(c.charCodeAt(0)))),
      [],
    );
    return r.diagnostics.map((d) => d.message);
  };

  it('in SQL: the parser echoes the offending token, a table name is quoted', () => {
    const messages = clean(
      analyzeSqlFile(
        new AnalysisSession(),
        '/w/x.sql',
        `SELECT * FROM a JOIN \`b${ESC}[31m\` ON a.id = \`b${ESC}[31m\`.id;\nSELEC ${ESC}[31m x;\n`,
      ),
    );
    // The lexer rejects ESC itself: `"\x1b" is no valid input at all`.
    assert.ok(
      messages.some((m) => m.includes('"\\x1b"')),
      JSON.stringify(messages),
    );
    assert.ok(
      messages.some((m) => m.includes("'b\\x1b[31m'")),
      JSON.stringify(messages),
    );
  });

  it('in descriptors: an unknown field quotes its key', () => {
    const messages = clean(
      analyzeDescriptorFile(
        new AnalysisSession(),
        '/w/j.flinkjob.yaml',
        `name: j\nparallelism: 2\n"x${ESC}\u202e": 1\n`,
        noFiles,
      ),
    );
    assert.ok(
      messages.some((m) => m.includes("unknown field 'x\\x1b\\u202e'")),
      JSON.stringify(messages),
    );
  });

  it('in programs: the SQL of a Table-API call', () => {
    const java = `class Job {\n  void run(TableEnvironment tEnv) {\n    tEnv.executeSql("SELEC ${ESC}[31m x FROM t");\n  }\n}\n`;
    const messages = clean(analyzeProgramFile(new AnalysisSession(), '/w/Job.java', java));
    assert.ok(
      messages.some((m) => m.includes('\\x1b')),
      JSON.stringify(messages),
    );
  });
});
