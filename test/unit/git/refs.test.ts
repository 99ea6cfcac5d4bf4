// Reading a repository at a ref (src/git/refs.ts) over a fake git that answers as git does (the
// outputs of rev-parse, for-each-ref, cat-file and ls-tree -z), and records what it was asked.
import { strict as assert } from 'node:assert';
import {
  filesAt,
  type Git,
  GitError,
  type GitResult,
  refChoices,
  repositoryRoot,
  resolveCommit,
} from '../../../src/git/refs';

const SHA = 'a'.repeat(40);
const BASE = 'b'.repeat(40);

function fakeGit(answers: Record<string, Partial<GitResult> & { out?: string | Uint8Array }>) {
  const asked: string[] = [];
  const git: Git = async (args) => {
    const key = args.join(' ');
    asked.push(key);
    const a = answers[key] ?? { code: 128, stderr: `fatal: no answer for ${key}` };
    const out = a.out ?? '';
    return {
      code: a.code ?? 0,
      stdout: typeof out === 'string' ? new TextEncoder().encode(out) : out,
      stderr: a.stderr ?? '',
      failure: a.failure,
    };
  };
  return { git, asked };
}

const rejects = async (p: Promise<unknown>, message: RegExp) =>
  assert.rejects(p, (e: unknown) => e instanceof GitError && message.test(e.message));

describe('a repository read at a ref', () => {
  it('finds the repository root in the folder\u2019s own spelling, from git\u2019s path of the folder in it', async () => {
    const { git } = fakeGit({ 'rev-parse --show-prefix': { out: 'examples/orders/\n' } });
    assert.equal(await repositoryRoot(git, '/home/u/link/examples/orders'), '/home/u/link');
    const top = fakeGit({ 'rev-parse --show-prefix': { out: '\n' } });
    assert.equal(await repositoryRoot(top.git, '/home/u/repo'), '/home/u/repo');
  });

  it('says a folder is not in a git repository, with git\u2019s reason', async () => {
    const { git } = fakeGit({
      'rev-parse --show-prefix': {
        code: 128,
        stderr: 'fatal: not a git repository (or any of the parent directories): .git\n',
      },
    });
    await rejects(repositoryRoot(git, '/tmp/x'), /^\/tmp\/x is not in a git repository \(fatal: not a git repository/);
  });

  it('says why git did not run (not installed, timed out) instead of blaming the repository', async () => {
    const { git } = fakeGit({ 'rev-parse --show-prefix': { code: -1, failure: 'git was not found' } });
    await rejects(repositoryRoot(git, '/r'), /^git was not found$/);
  });

  it('resolves a ref to its commit, and names an unknown one', async () => {
    const { git, asked } = fakeGit({
      'rev-parse --verify --quiet v1.2^{commit}': { out: `${SHA}\n` },
      'rev-parse --verify --quiet nope^{commit}': { code: 1 },
    });
    assert.equal(await resolveCommit(git, ' v1.2 '), SHA);
    await rejects(resolveCommit(git, 'nope'), /^unknown ref 'nope'/);
    // A ref that git would read as an option is refused before git runs.
    await rejects(resolveCommit(git, '--output=/tmp/x'), /is not a ref/);
    assert.equal(asked.length, 2);
  });

  it('offers the merge-base with the upstream first, then branches, remote branches and tags (not origin/HEAD)', async () => {
    const { git } = fakeGit({
      'rev-parse --abbrev-ref --symbolic-full-name @{upstream}': { out: 'origin/main\n' },
      'merge-base HEAD @{upstream}': { out: `${BASE}\n` },
      'for-each-ref --sort=-committerdate --count=200 --format=%(refname) refs/heads refs/remotes refs/tags': {
        out: 'refs/heads/feature\nrefs/remotes/origin/HEAD\nrefs/remotes/origin/main\nrefs/tags/v1.2\n',
      },
    });
    const { first, refs } = await refChoices(git);
    assert.deepEqual([first.ref, first.label], [BASE, 'merge-base with origin/main']);
    assert.deepEqual(
      refs.map((r) => [r.ref, r.description]),
      [
        ['feature', 'branch'],
        ['origin/main', 'remote branch'],
        ['v1.2', 'tag'],
      ],
    );
  });

  it('offers HEAD first when the branch has no upstream', async () => {
    const { git } = fakeGit({
      'rev-parse --abbrev-ref --symbolic-full-name @{upstream}': {
        code: 128,
        stderr: "fatal: no upstream configured for branch 'main'",
      },
      'for-each-ref --sort=-committerdate --count=200 --format=%(refname) refs/heads refs/remotes refs/tags': {
        out: 'refs/heads/main\n',
      },
    });
    assert.equal((await refChoices(git)).first.ref, 'HEAD');
  });

  it('reads the files at a commit by path under the root; a path not there reads as absent', async () => {
    const { git, asked } = fakeGit({
      [`cat-file blob ${SHA}:jobs/q.sql`]: { out: 'SELECT 1;' },
      [`cat-file blob ${SHA}:jobs/new.sql`]: {
        code: 128,
        stderr: `fatal: path 'jobs/new.sql' does not exist in '${SHA}'`,
      },
      [`ls-tree -z ${SHA}:jobs`]: {
        out: `100644 blob ${'1'.repeat(40)}\tq.sql\u0000040000 tree ${'2'.repeat(40)}\tsub\u0000100644 blob ${'3'.repeat(40)}\tmy file.tf\u0000`,
      },
    });
    const files = filesAt(git, SHA, '/repo');
    assert.equal(await files.read('/repo/jobs/q.sql'), 'SELECT 1;');
    assert.equal(await files.read('/repo/jobs/new.sql'), undefined);
    // Outside the repository: not asked of git.
    assert.equal(await files.read('/elsewhere/q.sql'), undefined);
    assert.deepEqual(await files.list('/repo/jobs'), ['q.sql', 'my file.tf']);
    assert.equal(asked.filter((a) => a.includes('elsewhere')).length, 0);
  });
});
