// A repository read at a ref, for the editor's "Compare with a git ref": its root, the refs to
// offer (the merge-base with the upstream first, else HEAD; then branches and tags), a ref
// resolved to its commit, and the files at a commit as one side of a comparison. Over an injected
// git runner (exec.ts in the editor, a fake in the unit tests); no vscode here.
import { posix } from 'node:path';
import type { SideFiles } from '../analysis/side';
import { decodeText } from '../text';

export interface GitResult {
  /** git's exit code (-1 when it did not run to the end). */
  code: number;
  stdout: Uint8Array;
  stderr: string;
  /** Why git could not run at all (not installed, timed out): no answer about the repository. */
  failure?: string;
}

export type Git = (args: readonly string[]) => Promise<GitResult>;

/** A failure to tell the user as it is (not a git repository, an unknown ref, git missing). */
export class GitError extends Error {}

const output = (r: GitResult) => new TextDecoder().decode(r.stdout).trim();
const firstLine = (s: string) => s.trim().split(/\r?\n/)[0] ?? '';

async function run(git: Git, args: readonly string[]): Promise<GitResult> {
  const r = await git(args);
  if (r.failure) throw new GitError(r.failure);
  return r;
}

/**
 * The root of the repository that `folder` (POSIX, the runner's folder) is in, in the same
 * spelling as `folder`: found from git's path of the folder inside the repository, so that a
 * folder reached through a symbolic link keeps its path (git's own top level is the real one).
 */
export async function repositoryRoot(git: Git, folder: string): Promise<string> {
  const r = await run(git, ['rev-parse', '--show-prefix']);
  if (r.code !== 0)
    throw new GitError(`${folder} is not in a git repository (${firstLine(r.stderr) || 'git rev-parse failed'})`);
  const prefix = output(r).replace(/\/$/, '');
  if (prefix === '') return folder;
  const tail = `/${prefix}`;
  if (!folder.toLowerCase().endsWith(tail.toLowerCase()))
    throw new GitError(`${folder} is not where git says it is in its repository (${prefix})`);
  return folder.slice(0, folder.length - tail.length) || '/';
}

export interface RefChoice {
  /** What git reads (a name, or a commit for the merge-base). */
  ref: string;
  label: string;
  description?: string;
}

/**
 * The ref offered first, the merge-base of HEAD with its upstream (what this branch changes),
 * else HEAD (what is not committed); then local and remote branches and tags, newest first.
 */
export async function refChoices(git: Git, max = 200): Promise<{ first: RefChoice; refs: RefChoice[] }> {
  let first: RefChoice = { ref: 'HEAD', label: 'HEAD', description: 'the last commit: compares what is not committed' };
  const upstream = await run(git, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']);
  if (upstream.code === 0 && output(upstream) !== '') {
    const base = await run(git, ['merge-base', 'HEAD', '@{upstream}']);
    if (base.code === 0 && output(base) !== '')
      first = {
        ref: output(base),
        label: `merge-base with ${output(upstream)}`,
        description: `${output(base).slice(0, 12)}: compares what this branch changes`,
      };
  }
  const list = await run(git, [
    'for-each-ref',
    '--sort=-committerdate',
    `--count=${max}`,
    '--format=%(refname)',
    'refs/heads',
    'refs/remotes',
    'refs/tags',
  ]);
  const refs: RefChoice[] = [];
  for (const name of list.code === 0 ? output(list).split(/\r?\n/) : []) {
    const kind = /^refs\/heads\//.test(name)
      ? 'branch'
      : /^refs\/remotes\//.test(name)
        ? 'remote branch'
        : /^refs\/tags\//.test(name)
          ? 'tag'
          : undefined;
    const short = name.replace(/^refs\/(heads|remotes|tags)\//, '');
    // origin/HEAD only points at another remote branch of the list.
    if (kind && !(kind === 'remote branch' && /\/HEAD$/.test(short)))
      refs.push({ ref: short, label: short, description: kind });
  }
  return { first, refs };
}

/** The commit a ref names; an unknown ref (or one that reads as an option) is a GitError. */
export async function resolveCommit(git: Git, ref: string): Promise<string> {
  const r = ref.trim();
  if (r === '') throw new GitError('no ref given');
  if (r.startsWith('-')) throw new GitError(`'${r}' is not a ref (it starts with '-')`);
  const v = await run(git, ['rev-parse', '--verify', '--quiet', `${r}^{commit}`]);
  if (v.code !== 0 || output(v) === '')
    throw new GitError(`unknown ref '${r}': no branch, tag or commit of this repository is named so`);
  return output(v);
}

/**
 * The files of the repository at `commit`, by absolute path under `root` (POSIX, as the
 * analysis names them): the blob's bytes (`git cat-file blob`; a path that is a directory or
 * not there at that commit reads as absent), and a directory's file names (`git ls-tree`).
 */
export function filesAt(git: Git, commit: string, root: string): SideFiles {
  const inRepo = (p: string) => {
    const rel = posix.relative(root, p);
    return rel === '' || rel.startsWith('..') || posix.isAbsolute(rel) ? undefined : rel;
  };
  return {
    async read(path) {
      const rel = inRepo(path);
      if (rel === undefined) return undefined;
      const r = await run(git, ['cat-file', 'blob', `${commit}:${rel}`]);
      return r.code === 0 ? decodeText(r.stdout) : undefined;
    },
    async list(dir) {
      const rel = posix.relative(root, dir);
      if (rel.startsWith('..') || posix.isAbsolute(rel)) return undefined;
      const r = await run(git, ['ls-tree', '-z', rel === '' ? commit : `${commit}:${rel}`]);
      if (r.code !== 0) return undefined;
      // `<mode> <type> <object>\t<name>\0` (names unquoted): the files (blobs) of the directory.
      return new TextDecoder()
        .decode(r.stdout)
        .split('\0')
        .map((entry) => /^\d+ blob [0-9a-f]+\t(.+)$/s.exec(entry)?.[1])
        .filter((n): n is string => n !== undefined);
    },
  };
}
