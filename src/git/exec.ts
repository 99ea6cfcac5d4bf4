// Runs git for the editor's "Compare with a git ref": execFile (no shell, so nothing in a ref or a
// path is interpreted), in the folder of the file compared, with a timeout. The commands run are
// read-only plumbing (rev-parse, for-each-ref, merge-base, cat-file, ls-tree).
import { execFile } from 'node:child_process';
import type { Git, GitResult } from './refs';

/** git in `cwd`; each run is stopped after `timeoutMs`. */
export function execGit(cwd: string, timeoutMs = 15_000): Git {
  return (args) =>
    new Promise<GitResult>((resolve) => {
      execFile(
        'git',
        [...args],
        {
          cwd,
          timeout: timeoutMs,
          maxBuffer: 64 * 1024 * 1024,
          encoding: 'buffer',
          windowsHide: true,
          // Never wait for a password or an editor: there is no terminal to answer them.
          env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
        },
        (error, stdout, stderr) => {
          const err = error as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
          const failure =
            err?.code === 'ENOENT'
              ? 'git was not found: install git, or put it on the PATH of VS Code'
              : err?.killed
                ? `git ${args[0]} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`
                : undefined;
          resolve({
            code: typeof err?.code === 'number' ? err.code : err ? -1 : 0,
            stdout: new Uint8Array(stdout),
            stderr: stderr.toString('utf8'),
            failure,
          });
        },
      );
    });
}
