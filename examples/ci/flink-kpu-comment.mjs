#!/usr/bin/env node
// Posts what a pull request does to the Flink jobs' cost, KPUs and state as one comment, and
// updates that comment on every push (it carries a marker line). Runs `flink-kpu diff` against
// the pull request's target branch. Environment (GitHub Actions sets the first three):
//   GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_API_URL (default https://api.github.com)
//   PR_NUMBER    the pull request
//   BASE_REF     the git ref to compare with (for example origin/main)
//   KPU_PATHS    the paths to analyse, space-separated (default .)
//   FLINK_KPU    how to run the CLI (default: npx flink-kpu)
// Extra arguments are passed to `flink-kpu diff` (gates: --max-monthly-cost-increase 10%).
// Exit code: flink-kpu's (1 when a gate is exceeded; the comment is posted first).
import { spawnSync } from 'node:child_process';

const MARKER = '<!-- flink-kpu-lens diff -->';
const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined || v === '') throw new Error(`${name} is not set`);
  return v;
};

async function main() {
  const api = env('GITHUB_API_URL', 'https://api.github.com').replace(/\/$/, '');
  const repo = env('GITHUB_REPOSITORY');
  const pr = env('PR_NUMBER');
  const token = env('GITHUB_TOKEN');
  const base = env('BASE_REF');
  const paths = env('KPU_PATHS', '.').split(/\s+/).filter(Boolean);
  const [cmd, ...pre] = env('FLINK_KPU', 'npx flink-kpu').split(/\s+/);
  const run = spawnSync(cmd, [...pre, 'diff', '--base', base, ...paths, '--format', 'markdown', ...process.argv.slice(2)], { encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) {
    process.stderr.write(run.stderr || String(run.error));
    return run.status ?? 2;
  }
  const body = `${MARKER}\n${run.stdout.trim()}${run.status === 1 ? `\n\n**Gate exceeded:** ${run.stderr.trim().replace(/^flink-kpu: gate exceeded: /gm, '')}` : ''}\n`;
  const headers = { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'content-type': 'application/json' };
  // The comment posted before, if any (the first 100 comments of the pull request).
  const list = await fetch(`${api}/repos/${repo}/issues/${pr}/comments?per_page=100`, { headers });
  if (!list.ok) throw new Error(`listing the comments: HTTP ${list.status}`);
  const mine = (await list.json()).find((c) => typeof c.body === 'string' && c.body.startsWith(MARKER));
  const res = mine
    ? await fetch(`${api}/repos/${repo}/issues/comments/${mine.id}`, { method: 'PATCH', headers, body: JSON.stringify({ body }) })
    : await fetch(`${api}/repos/${repo}/issues/${pr}/comments`, { method: 'POST', headers, body: JSON.stringify({ body }) });
  if (!res.ok) throw new Error(`${mine ? 'updating' : 'posting'} the comment: HTTP ${res.status}`);
  process.stdout.write(`${mine ? 'updated' : 'posted'} the cost comment on #${pr}\n`);
  return run.status;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`flink-kpu-comment: ${e.message}\n`);
    process.exitCode = 2;
  },
);
