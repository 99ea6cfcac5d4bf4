// The pull-request comment recipe (examples/ci): its script, run as a workflow would run it, on
// two commits of a repository made here, against a local stand-in for GitHub's REST API that
// records what it is sent. Values by hand as in diff.test.ts: Parallelism 2 → 4 in us-east-1 is
// 3 → 5 billed KPU and $250.9 → $421.5 a month (+$170.6, +68.0 %).
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const script = join(root, 'examples', 'ci', 'flink-kpu-comment.mjs');
const job = (p: number) =>
  `name: a\nplatform: aws-managed-flink\nregion: us-east-1\nparallelism: ${p}\nparallelismPerKPU: 1\n`;

interface Call {
  method: string;
  url: string;
  body?: { body: string };
}

const bodyOf = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (c) => {
      s += c;
    });
    req.on('end', () => resolve(s));
  });

function run(
  cwd: string,
  env: Record<string, string>,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('examples/ci: the pull-request cost comment', () => {
  it('posts the diff once, then updates the same comment; a gate fails the run after posting', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'flink-kpu-pr-'));
    const git = (...args: string[]) =>
      assert.equal(
        spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], {
          cwd: repo,
        }).status,
        0,
      );
    git('init', '-q');
    mkdirSync(join(repo, 'jobs'));
    writeFileSync(join(repo, 'jobs', 'a.flinkjob.yaml'), job(2));
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(join(repo, 'jobs', 'a.flinkjob.yaml'), job(4));
    git('commit', '-qam', 'head');

    const calls: Call[] = [];
    const comments: { id: number; body: string }[] = [];
    const server = createServer(async (req, res) => {
      const text = await bodyOf(req);
      const call: Call = { method: req.method ?? '', url: req.url ?? '', body: text ? JSON.parse(text) : undefined };
      calls.push(call);
      res.setHeader('content-type', 'application/json');
      if (call.method === 'GET') res.end(JSON.stringify([{ id: 1, body: 'a reviewer' }, ...comments]));
      else if (call.method === 'POST') {
        comments.push({ id: 42, body: call.body!.body });
        res.end(JSON.stringify(comments[comments.length - 1]));
      } else {
        comments[0].body = call.body!.body;
        res.end(JSON.stringify(comments[0]));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const env = {
        GITHUB_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        GITHUB_REPOSITORY: 'acme/jobs',
        GITHUB_TOKEN: 't0ken',
        PR_NUMBER: '7',
        BASE_REF: 'HEAD~1',
        KPU_PATHS: 'jobs',
        FLINK_KPU: `${process.execPath} ${join(root, 'dist', 'cli.js')}`,
      };
      const first = await run(repo, env, []);
      assert.equal(first.code, 0, first.stderr);
      assert.deepEqual(
        calls.map((c) => [c.method, c.url]),
        [
          ['GET', '/repos/acme/jobs/issues/7/comments?per_page=100'],
          ['POST', '/repos/acme/jobs/issues/7/comments'],
        ],
      );
      assert.match(
        comments[0].body,
        /^<!-- flink-kpu-lens diff -->\n### Flink KPU Lens: what this change costs\n\n\*\*monthly cost \+\$171 \(\+68\.0 %\), state not estimated \(no SQL\), billed \+2 KPU\*\*/,
      );
      assert.match(comments[0].body, /<summary>jobs\/a\.flinkjob\.yaml#a: changed, monthly cost \+\$171<\/summary>/);

      const second = await run(repo, env, ['--max-monthly-cost-increase', '100']);
      assert.equal(second.code, 1, second.stderr);
      assert.deepEqual(
        calls.slice(2).map((c) => [c.method, c.url]),
        [
          ['GET', '/repos/acme/jobs/issues/7/comments?per_page=100'],
          ['PATCH', '/repos/acme/jobs/issues/comments/42'],
        ],
      );
      assert.equal(comments.length, 1);
      assert.match(
        comments[0].body,
        /\*\*Gate exceeded:\*\* monthly cost rose by 170\.60 USD > --max-monthly-cost-increase 100/,
      );
    } finally {
      server.close();
    }
  });
});
