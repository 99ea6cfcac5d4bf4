import { strict as assert } from 'node:assert';
import { AnalysisSession, sqlToParse } from '../../../src/analysis';

const DESCRIPTOR = (sql: string) => `name: j\nplatform: aws-managed-flink\nparallelism: 2\nsql: ${sql}\n`;

describe('what an analysis parses (sqlToParse), for a parse ahead of it', () => {
  it("is a SQL file's text, and a program's Table-API SQL", () => {
    assert.deepEqual(
      sqlToParse(new AnalysisSession(), '/w/a.sql', 'SELECT 1 FROM t', () => undefined),
      [{ sql: 'SELECT 1 FROM t' }],
    );
    const java = 'class J { void run(TableEnvironment t) { t.executeSql("SELECT 1 FROM t"); } }';
    const [{ sql }] = sqlToParse(new AnalysisSession(), '/w/J.java', java, () => undefined);
    assert.match(sql, /SELECT 1 FROM t/);
  });

  it("is each job's SQL file (read through readText, relative to the descriptor) with that job, and nothing for a missing or binary one", () => {
    const read = (p: string) => ({ '/w/jobs/q.sql': 'SELECT 2 FROM u', '/w/jobs/bin.sql': 'a\u0000b' })[p];
    const [entry] = sqlToParse(new AnalysisSession(), '/w/jobs/x.flinkjob.yaml', DESCRIPTOR('q.sql'), read);
    assert.equal(entry.sql, 'SELECT 2 FROM u');
    assert.equal(entry.job?.name?.value, 'j');
    assert.deepEqual(sqlToParse(new AnalysisSession(), '/w/jobs/x.flinkjob.yaml', DESCRIPTOR('missing.sql'), read), []);
    assert.deepEqual(sqlToParse(new AnalysisSession(), '/w/jobs/x.flinkjob.yaml', DESCRIPTOR('bin.sql'), read), []);
  });

  it("is a job's inline SQL", () => {
    const [entry] = sqlToParse(
      new AnalysisSession(),
      '/w/x.flinkjob.yaml',
      DESCRIPTOR('|\n  SELECT 3 FROM v;\n  SELECT 4 FROM w;'),
      () => undefined,
    );
    assert.equal(entry.sql, 'SELECT 3 FROM v;\nSELECT 4 FROM w;\n');
  });
});
