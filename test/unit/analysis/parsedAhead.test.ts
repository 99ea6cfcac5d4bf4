import { strict as assert } from 'node:assert';
import { AnalysisSession, analyzeDescriptorFile } from '../../../src/analysis';
import { extractStatement } from '../../../src/sql/extract';

// Facts parsed ahead on the parse threads reach the analysis through EstimateOptions.parsed.
// To see that they are the ones used, the facts handed over for a statement are those of
// another text (a table named `handed_over`): a parse of the statement would name it `t`.
describe('facts parsed ahead, handed to the analysis', () => {
  const statement = "CREATE TABLE t (id BIGINT) WITH ('connector' = 'kafka')";
  const other = extractStatement("CREATE TABLE handed_over (id BIGINT) WITH ('connector' = 'kafka')");

  it("are used for a descriptor's SQL file", () => {
    const descriptor = 'name: j\nparallelism: 2\nsql: job.sql\n';
    const r = analyzeDescriptorFile(
      new AnalysisSession(),
      '/w/j.flinkjob.yaml',
      descriptor,
      (p) => (p === '/w/job.sql' ? `${statement};\n` : undefined),
      { parsed: new Map([[statement, other]]) },
    );
    assert.deepEqual(
      r?.jobs[0].sql?.tables.map((t) => t.name),
      ['handed_over'],
    );
  });

  it("are used for a descriptor's inline SQL, and without them the statement is parsed", () => {
    const descriptor = `name: j\nparallelism: 2\nsql: |\n  ${statement};\n`;
    const handed = analyzeDescriptorFile(new AnalysisSession(), '/w/j.flinkjob.yaml', descriptor, () => undefined, {
      parsed: new Map([[statement, other]]),
    });
    assert.deepEqual(
      handed?.jobs[0].sql?.tables.map((t) => t.name),
      ['handed_over'],
    );
    const parsedHere = analyzeDescriptorFile(new AnalysisSession(), '/w/j.flinkjob.yaml', descriptor, () => undefined);
    assert.deepEqual(
      parsedHere?.jobs[0].sql?.tables.map((t) => t.name),
      ['t'],
    );
  });
});
