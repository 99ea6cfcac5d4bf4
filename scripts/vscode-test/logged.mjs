// A command whose output goes to a log file, not the terminal: the installers' npm, node-gyp and
// apt-get print hundreds of lines a person starting the product does not need. On failure the
// error carries the log's last lines, so CI shows why.
import { spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readFileSync } from 'node:fs';

/** Runs `cmd args` with stdout and stderr appended to `logFile`; throws with the log's tail when it fails. */
export function runLogged(cmd, args, logFile, opts = {}, tailLines = 25) {
  appendFileSync(logFile, `\n$ ${cmd} ${args.join(' ')}\n`);
  const fd = openSync(logFile, 'a');
  let r;
  try {
    r = spawnSync(cmd, args, { ...opts, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  if (r.error || r.status !== 0) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-tailLines).join('\n');
    throw new Error(
      `${cmd} ${args.join(' ')} ${r.error ? `failed: ${r.error.message}` : `exited with ${r.status ?? r.signal}`} (log: ${logFile})\n${tail}`,
    );
  }
}
