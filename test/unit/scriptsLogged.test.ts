// The installers' noise goes to a log file (scripts/vscode-test/logged.mjs): the terminal of
// `npm start` gets one line per step, and a failure still says why.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain ES module of the scripts, without types
import { runLogged } from '../../scripts/vscode-test/logged.mjs';

describe('scripts: a command logged, not printed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flink-kpu-logged-'));

  it('writes all of a chatty command’s output to the log', () => {
    const log = join(dir, 'ok.log');
    runLogged(process.execPath, ['-e', 'for (let i = 0; i < 400; i++) console.log("line " + i)'], log);
    const lines = readFileSync(log, 'utf8').split('\n');
    assert.ok(lines.includes('line 0') && lines.includes('line 399'));
  });

  it('throws with the log’s last lines when the command fails', () => {
    const log = join(dir, 'fail.log');
    assert.throws(
      () =>
        runLogged(
          process.execPath,
          ['-e', 'for (let i = 0; i < 100; i++) console.error("err " + i); process.exit(3)'],
          log,
          {},
          5,
        ),
      (e: Error) => /exited with 3/.test(e.message) && /err 99/.test(e.message) && !/err 90\b/.test(e.message),
    );
  });
});
