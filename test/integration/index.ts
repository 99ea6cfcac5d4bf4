// Mocha entry for the integration tests, as VS Code's test runners expect: the extension host loads
// this module (extensionTestsPath) and awaits run(); a rejection is the test run's failure.
// The same file serves the VS Code server harness (scripts/vscode-test/run-integration.mjs) and
// @vscode/test-electron (scripts/vscode-test/run-electron.mjs): nothing here knows how VS Code was launched.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/** The repository: this file runs as out/test/integration/index.js. */
const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * Every line the reporter prints also goes to FLINK_KPU_TEST_LOG when set: the VS Code server
 * harness copies it from there to the terminal, because the extension host's console and stdout go
 * to the workbench (console and stdout cannot be replaced there; mocha's Base.consoleLog can).
 */
function teeReporter(file: string | undefined): () => void {
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const original = base.consoleLog;
  if (!file) return () => {};
  const fd = fs.openSync(file, 'a');
  base.consoleLog = (...args: unknown[]) => {
    try {
      fs.writeSync(fd, format(...args) + '\n');
    } catch {
      // the log is a copy; the run goes on without it
    }
    original(...args);
  };
  return () => {
    base.consoleLog = original;
    fs.closeSync(fd);
  };
}

export async function run(): Promise<void> {
  process.env.MOCHA_LAYER = 'integration';
  const restore = teeReporter(process.env.FLINK_KPU_TEST_LOG);
  try {
    const mocha = new Mocha({
      ui: 'bdd',
      color: false,
      timeout: 60_000,
      reporter: path.join(repoRoot, 'scripts', 'summary-reporter.cjs'),
    });
    const grep = process.env.FLINK_KPU_TEST_GREP;
    if (grep) mocha.grep(grep);
    const files = fs
      .readdirSync(__dirname)
      .filter((f) => f.endsWith('.test.js'))
      .sort();
    for (const f of files) mocha.addFile(path.join(__dirname, f));
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    const stats = (mocha as unknown as { suite: Mocha.Suite }).suite.total();
    if (files.length === 0 || stats === 0) throw new Error('integration: no test ran');
    if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
  } finally {
    restore();
  }
}
