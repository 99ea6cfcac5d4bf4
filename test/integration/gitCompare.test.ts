// "Compare with a git ref…" in the real extension host: a temporary repository with two commits,
// the command run with a ref (the quick pick is for people), and the before/after model it
// returns. KPUs billed are AWS's arithmetic: ceil(Parallelism / ParallelismPerKPU) + 1 orchestration.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './helpers';

interface Comparison {
  file: string;
  ref: string;
  newAtRef: boolean;
  diff: {
    jobs: { key: string; change: string; base?: { kpu: { billed: number } }; head?: { kpu: { billed: number } } }[];
  };
}

describe('compare with a git ref', function () {
  this.timeout(90_000);
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
  const SQL = [
    "CREATE TABLE a (id STRING, x INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
    "CREATE TABLE b (id STRING, y INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
    'INSERT INTO sink SELECT a.id, a.x, b.y FROM a JOIN b ON a.id = b.id;',
    '',
  ].join('\n');
  const descriptor = (name: string, parallelism: number) =>
    `name: ${name}\nparallelism: ${parallelism}\nparallelismPerKPU: 1\nsql: q.sql\ntables:\n  a:\n    rows: 1000\n  b:\n    rows: 1000\n`;
  const compare = (file: string, ref: string) =>
    vscode.commands.executeCommand<Comparison | { error: string }>(
      'flinkKpu.compareWithGitRef',
      vscode.Uri.file(path.join(repo, file)).toString(),
      ref,
    );

  before(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'flink-kpu-git-'));
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    fs.mkdirSync(path.join(repo, 'jobs'));
    fs.writeFileSync(path.join(repo, 'jobs', 'q.sql'), SQL);
    fs.writeFileSync(path.join(repo, 'jobs', 'orders.flinkjob.yaml'), descriptor('orders', 4));
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    fs.writeFileSync(path.join(repo, 'jobs', 'orders.flinkjob.yaml'), descriptor('orders', 8));
    fs.writeFileSync(path.join(repo, 'jobs', 'returns.flinkjob.yaml'), descriptor('returns', 2));
    git('add', '.');
    git('commit', '-q', '-m', 'second');
  });

  after(() => {
    fs.rmSync(repo, { recursive: true, force: true });
  });

  it('pairs the job before and after: Parallelism 4 → 8 at one per KPU is 5 → 9 KPU billed', async () => {
    const c = (await compare('jobs/orders.flinkjob.yaml', 'HEAD~1')) as Comparison;
    assert.equal(c.file, 'jobs/orders.flinkjob.yaml');
    assert.equal(c.newAtRef, false);
    assert.deepEqual(
      c.diff.jobs.map((j) => [j.key, j.change, j.base?.kpu.billed, j.head?.kpu.billed]),
      [['jobs/orders.flinkjob.yaml#orders', 'changed', 5, 9]],
    );
    // It is shown in the comparison panel.
    await waitFor('the comparison tab', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('flinkKpu.compare')),
    );
  });

  it('reads the working copy with its unsaved edits against HEAD', async () => {
    const uri = vscode.Uri.file(path.join(repo, 'jobs', 'orders.flinkjob.yaml'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    const line = doc.lineAt(1);
    edit.replace(uri, line.range, 'parallelism: 16');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const c = (await compare('jobs/orders.flinkjob.yaml', 'HEAD')) as Comparison;
      assert.deepEqual(
        c.diff.jobs.map((j) => [j.change, j.base?.kpu.billed, j.head?.kpu.billed]),
        [['changed', 9, 17]],
      );
    } finally {
      const back = new vscode.WorkspaceEdit();
      back.replace(uri, doc.lineAt(1).range, 'parallelism: 8');
      await vscode.workspace.applyEdit(back);
      await doc.save();
    }
  });

  it('says a file that is not at the ref is new at this change', async () => {
    const c = (await compare('jobs/returns.flinkjob.yaml', 'HEAD~1')) as Comparison;
    assert.equal(c.newAtRef, true);
    assert.deepEqual(
      c.diff.jobs.map((j) => [j.key, j.change, j.base, j.head?.kpu.billed]),
      [['jobs/returns.flinkjob.yaml#returns', 'added', undefined, 3]],
    );
  });

  it('names an unknown ref, and a folder that is not a git repository', async () => {
    const unknown = (await compare('jobs/orders.flinkjob.yaml', 'no-such-branch')) as { error: string };
    assert.match(unknown.error, /unknown ref 'no-such-branch'/);
    // The temporary folder may itself be inside a repository (the test run's is): a `.git` file
    // naming no repository makes git stop there with "not a git repository".
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'flink-kpu-nogit-'));
    fs.writeFileSync(path.join(plain, '.git'), `gitdir: ${path.join(plain, 'none')}\n`);
    try {
      const file = path.join(plain, 'x.flinkjob.yaml');
      fs.writeFileSync(file, descriptor('x', 1));
      const r = await vscode.commands.executeCommand<{ error: string }>(
        'flinkKpu.compareWithGitRef',
        vscode.Uri.file(file).toString(),
        'HEAD',
      );
      assert.match(r.error, /is not in a git repository/);
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });
});
