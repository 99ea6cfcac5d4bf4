// One side of a before/after comparison (src/analysis/side.ts) over files held in memory, and the
// two sides paired by the diff of `flink-kpu diff`: the figures are AWS's KPU arithmetic.
import { strict as assert } from 'node:assert';
import { diffReports } from '../../../src/analysis/diff';
import { analyzeSide, type SideFiles } from '../../../src/analysis/side';
import { HostMessageSchema } from '../../../src/present/messages';

const SQL = `
CREATE TABLE a (id STRING, x INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
CREATE TABLE b (id STRING, y INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
INSERT INTO sink SELECT a.id, a.x, b.y FROM a JOIN b ON a.id = b.id;
`;

const descriptor = (parallelism: number) => `name: orders
parallelism: ${parallelism}
parallelismPerKPU: 1
sql: q.sql
tables:
  a:
    rows: 1000
  b:
    rows: 1000
`;

/** Files in memory, recording every read and listing asked for. */
function memory(files: Record<string, string>): SideFiles & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async read(path) {
      asked.push(path);
      return files[path];
    },
    async list(dir) {
      asked.push(`${dir}/`);
      const names = Object.keys(files)
        .filter((p) => p.startsWith(`${dir}/`) && !p.slice(dir.length + 1).includes('/'))
        .map((p) => p.slice(dir.length + 1));
      return names.length > 0 ? names : undefined;
    },
  };
}

const relative = (p: string) => p.replace(/^\/repo\//, '');

describe('one side of a before/after comparison', () => {
  it('analyses a descriptor with the SQL file it names, each file read once', async () => {
    const files = memory({ '/repo/jobs/orders.flinkjob.yaml': descriptor(4), '/repo/jobs/q.sql': SQL });
    const side = await analyzeSide({ file: '/repo/jobs/orders.flinkjob.yaml' }, files);
    assert.equal(side.present, true);
    assert.deepEqual(
      side.reports.map((r) => [r.path, r.kind]),
      [
        ['/repo/jobs/orders.flinkjob.yaml', 'descriptor'],
        ['/repo/jobs/q.sql', 'sql'],
      ],
    );
    // The SQL file is estimated with the descriptor's job: its declared rows, not the defaults.
    assert.equal(side.reports[1].estimate?.statsFrom, 'descriptor');
    assert.deepEqual([...files.asked].sort(), ['/repo/jobs/orders.flinkjob.yaml', '/repo/jobs/q.sql']);
  });

  it('pairs the job of both sides: Parallelism 4 → 8 at one per KPU is 5 → 9 KPU billed (one more for orchestration)', async () => {
    const target = { file: '/repo/jobs/q.sql', descriptor: '/repo/jobs/orders.flinkjob.yaml' };
    const base = await analyzeSide(
      target,
      memory({ '/repo/jobs/orders.flinkjob.yaml': descriptor(4), '/repo/jobs/q.sql': SQL }),
    );
    const head = await analyzeSide(
      target,
      memory({ '/repo/jobs/orders.flinkjob.yaml': descriptor(8), '/repo/jobs/q.sql': SQL }),
    );
    const d = diffReports({ reports: base.reports, relative }, { reports: head.reports, relative });
    // The SQL file is counted in the descriptor's job, not as a job of its own.
    assert.deepEqual(
      d.jobs.map((j) => [j.key, j.change, j.base?.kpu.billed, j.head?.kpu.billed]),
      [['jobs/orders.flinkjob.yaml#orders', 'changed', 5, 9]],
    );
    // Its one join chain holds the same state on both sides (same rows, same SQL).
    assert.deepEqual(
      d.chains.map((c) => [c.key, c.change]),
      [['jobs/q.sql#1', 'unchanged']],
    );
    assert.deepEqual(d.totals.billedKpu, { base: 5, head: 9 });
    // What the panel posts of it is what the page accepts, as it arrives (JSON, undefined fields dropped).
    const comparison = { uri: 'file:///repo/jobs/q.sql', file: 'jobs/q.sql', ref: 'HEAD', label: 'HEAD' };
    const wire = (m: unknown) => JSON.parse(JSON.stringify(m));
    const message = {
      type: 'refComparison',
      comparison: { ...comparison, commit: 'c'.repeat(40), newAtRef: false, diff: d },
    };
    assert.ok(HostMessageSchema.safeParse(wire(message)).success);
    const lessKpu = { ...d, jobs: [{ ...d.jobs[0], head: { ...d.jobs[0].head, kpu: { billed: -1 } } }] };
    assert.equal(
      HostMessageSchema.safeParse(wire({ ...message, comparison: { ...message.comparison, diff: lessKpu } })).success,
      false,
    );
  });

  it('says when the file is not on a side: every job of the other side is new at this change', async () => {
    const target = { file: '/repo/jobs/orders.flinkjob.yaml' };
    const base = await analyzeSide(target, memory({}));
    assert.deepEqual(base, { reports: [], present: false });
    const head = await analyzeSide(
      target,
      memory({ '/repo/jobs/orders.flinkjob.yaml': descriptor(2), '/repo/jobs/q.sql': SQL }),
    );
    const d = diffReports({ reports: base.reports, relative }, { reports: head.reports, relative });
    assert.deepEqual(
      d.jobs.map((j) => [j.key, j.change, j.base, j.head?.kpu.billed]),
      [['jobs/orders.flinkjob.yaml#orders', 'added', undefined, 3]],
    );
  });

  it('estimates a SQL file that no descriptor names with the documented defaults, as a job of its own', async () => {
    const side = await analyzeSide({ file: '/repo/q.sql' }, memory({ '/repo/q.sql': SQL }));
    assert.deepEqual(
      side.reports.map((r) => [r.path, r.estimate?.statsFrom]),
      [['/repo/q.sql', 'defaults']],
    );
    const d = diffReports({ reports: [], relative }, { reports: side.reports, relative });
    assert.deepEqual(
      d.jobs.map((j) => [j.key, j.change]),
      [['q.sql', 'added']],
    );
  });
});
