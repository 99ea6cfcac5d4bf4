// `flink-kpu diff`: two analyses paired job by job. Values worked by hand from the model
// (docs/sizing-model.md §4): us-east-1 0.11 USD/KPU-hour × 730 h; running storage 50 GB ×
// 0.10 USD/GB-month per KPU but the orchestration KPU; billed = ceil(Parallelism /
// ParallelismPerKPU) + 1. Jobs without SQL hold no state, so no backups.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { analyzeDescriptorFile } from '../../../src/analysis';
import { diffGateFailures, diffReports } from '../../../src/analysis/diff';
import { diffMarkdown, diffText, summaryLine } from '../../../src/analysis/diffFormat';
import { parseDiffArgs, runDiff } from '../../../src/cliDiff';
import { AnalysisSession } from '../../../src/analysis/session';

const job = (name: string, parallelism: number) =>
  `name: ${name}\nplatform: aws-managed-flink\nregion: us-east-1\nparallelism: ${parallelism}\nparallelismPerKPU: 1\n`;
const reports = (files: Record<string, string>, root = '/r') =>
  Object.entries(files).map(
    ([path, text]) => analyzeDescriptorFile(new AnalysisSession(), join(root, path), text, () => undefined)!,
  );
const side = (files: Record<string, string>) => ({
  reports: reports(files),
  relative: (p: string) => relative('/r', p),
});

describe('diff: what a change costs', () => {
  // a: Parallelism 2 → 4: billed 3 → 5 KPU; +2 × 0.11 × 730 = +160.6 USD of KPUs and +2 × 50 × 0.10 = +10 USD
  //    of running storage → 3 × 80.3 + 2 × 5 = 250.9 → 5 × 80.3 + 4 × 5 = 421.5, +170.6 (+68.0 %).
  // b: removed (Parallelism 1: 2 × 80.3 + 5 = 165.6). c: added (Parallelism 3: 4 × 80.3 + 15 = 336.2).
  const d = diffReports(
    side({ 'a.flinkjob.yaml': job('a', 2), 'b.flinkjob.yaml': job('b', 1) }),
    side({ 'a.flinkjob.yaml': job('a', 4), 'c.flinkjob.yaml': job('c', 3) }),
  );

  it('pairs jobs by descriptor path and name: changed, removed, added', () => {
    assert.deepEqual(
      d.jobs.map((j) => [j.key, j.change]),
      [
        ['a.flinkjob.yaml#a', 'changed'],
        ['b.flinkjob.yaml#b', 'removed'],
        ['c.flinkjob.yaml#c', 'added'],
      ],
    );
    const a = d.jobs[0];
    assert.deepEqual([a.base?.kpu.billed, a.head?.kpu.billed, a.base?.kpu.cpu, a.head?.kpu.cpu], [3, 5, 2, 4]);
    assert.ok(Math.abs(a.base!.monthlyUsd! - 250.9) < 1e-9 && Math.abs(a.head!.monthlyUsd! - 421.5) < 1e-9);
  });

  it('totals both sides: 250.9 + 165.6 = 416.5 USD and 5 KPU before, 421.5 + 336.2 = 757.7 USD and 9 KPU after', () => {
    assert.ok(Math.abs(d.totals.monthlyUsd.base! - 416.5) < 1e-9);
    assert.ok(Math.abs(d.totals.monthlyUsd.head! - 757.7) < 1e-9);
    assert.deepEqual(d.totals.billedKpu, { base: 5, head: 9 });
    assert.equal(d.totals.stateEstimated, false, 'descriptors without SQL');
    // +341.2 USD is +81.9 % of 416.5.
    // No job has SQL, so no state is estimated: the state is not compared.
    assert.equal(summaryLine(d), 'monthly cost +$341 (+81.9 %), state not estimated (no SQL), billed +4 KPU');
  });

  it('writes a text table with signed changes and a Markdown comment with a folded section per job', () => {
    const text = diffText(d);
    assert.match(text, /job a\.flinkjob\.yaml#a: changed\n.*base\s+head\s+change/);
    assert.match(text, /monthly cost\s+\$251\s+\$422\s+\+\$171\s+\+68\.0 %/);
    assert.match(text, /billed KPU\s+3 KPU\s+5 KPU\s+\+2 KPU\s+\+66\.7 %/);
    // No memoryGB declared and no SQL: memory, storage, state and snapshot are unknown, not 0, and show no change.
    assert.match(text, /KPU for memory\s+unknown\s+unknown\n/);
    assert.match(text, /KPU for storage\s+n\/a\s+n\/a\n/);
    assert.match(text, /snapshot\s+n\/a\s+n\/a\n/);
    const md = diffMarkdown(d);
    assert.match(md, /^### Flink KPU Lens: what this change costs\n\n\*\*monthly cost \+\$341 \(\+81\.9 %\)/);
    assert.equal(md.match(/<details>/g)?.length, 3);
    assert.match(md, /<summary>a\.flinkjob\.yaml#a: changed, monthly cost \+\$171<\/summary>/);
    assert.match(md, /\| billed KPU \| 3 KPU \| 5 KPU \| \+2 KPU \| \+66\.7 % \|/);
  });

  it('gates on the total increase, in USD or percent, naming the gate', () => {
    assert.deepEqual(diffGateFailures(d, { maxMonthlyCostIncrease: { value: 400, percent: false } }), []);
    assert.deepEqual(diffGateFailures(d, { maxMonthlyCostIncrease: { value: 300, percent: false } }), [
      'monthly cost rose by 341.20 USD > --max-monthly-cost-increase 300',
    ]);
    assert.deepEqual(diffGateFailures(d, { maxMonthlyCostIncrease: { value: 50, percent: true } }), [
      'monthly cost rose by 81.9 % > --max-monthly-cost-increase 50%',
    ]);
    assert.deepEqual(diffGateFailures(d, { maxStateIncreaseGB: { value: 0, percent: false } }), []);
  });

  it('reads its options: two paths, or --base with paths defaulting to the working tree', () => {
    assert.deepEqual(parseDiffArgs(['old', 'new', '--format', 'markdown', '--max-state-increase', '10%']), {
      paths: [],
      format: 'markdown',
      base: 'old',
      head: 'new',
      maxStateIncreaseGB: { value: 10, percent: true },
    });
    assert.deepEqual(parseDiffArgs(['--base', 'main']).paths, ['.']);
    assert.throws(() => parseDiffArgs(['only-one']), /a base and a head/);
    assert.throws(
      () => parseDiffArgs(['a', 'b', '--max-monthly-cost-increase', 'lots']),
      /non-negative number or a percentage/,
    );
  });

  it('--base reads the base from a git ref: the working tree is the head', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'flink-kpu-diff-git-'));
    const git = (...args: string[]) => {
      const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], {
        cwd: repo,
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
    };
    git('init', '-q');
    mkdirSync(join(repo, 'jobs'));
    writeFileSync(join(repo, 'jobs', 'a.flinkjob.yaml'), job('a', 2));
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(join(repo, 'jobs', 'a.flinkjob.yaml'), job('a', 4));
    // Each side's jobs folder holds a.flinkjob.yaml (the base's in the unpacked ref).
    const analyze = async (paths: string[]) =>
      paths.map(
        (p) =>
          analyzeDescriptorFile(
            new AnalysisSession(),
            join(p, 'a.flinkjob.yaml'),
            readFileSync(join(p, 'a.flinkjob.yaml'), 'utf8'),
            () => undefined,
          )!,
      );
    const { report, gateFailures } = await runDiff(
      { gitRef: 'HEAD', paths: ['jobs'], format: 'text', maxMonthlyCostIncrease: { value: 100, percent: false } },
      analyze,
      repo,
    );
    assert.deepEqual(
      report.jobs.map((j) => [j.key, j.change, j.base?.kpu.billed, j.head?.kpu.billed]),
      [['jobs/a.flinkjob.yaml#a', 'changed', 3, 5]],
    );
    assert.deepEqual(gateFailures, ['monthly cost rose by 170.60 USD > --max-monthly-cost-increase 100']);
  });
});
