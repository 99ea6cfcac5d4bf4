#!/usr/bin/env node
// End-to-end UI tests: one VS Code server (code-server's, from npm) on 127.0.0.1, the workbench on
// examples/ in headless Debian chromium with this extension loaded for development
// (extensionDevelopmentPath only), and the mocha suites of test/e2e/ driving the page through
// playwright-core. Screenshots go to .vscode-test/screenshots/. Server and browser are stopped at the
// end, on failure and on timeout too (TEST_TIMEOUT_MS, default 5 minutes).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { root, workspaceDir, screenshotsDir, log, VSCODE_VERSION } from './config.mjs';
import { bundleE2ETests } from './bundle-tests.mjs';
import {
  ensureInstalled,
  makeRunDir,
  startServer,
  launchBrowser,
  workbenchUrl,
  remoteUri,
  finishRun,
  onSignal,
} from './harness.mjs';

const LAYER = 'e2e';
const L = (m) => log(LAYER, m);
const TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS || 5 * 60_000);
const started = Date.now();
const secs = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

async function main() {
  ensureInstalled();
  L('building the extension (node scripts/build.mjs)');
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) throw new Error('the extension build failed');
  const { files } = await bundleE2ETests();
  if (files.length === 0) throw new Error('no test/e2e/**/*.test.ts');
  mkdirSync(screenshotsDir, { recursive: true });

  const run = makeRunDir(LAYER);
  let server;
  let browser;
  const cleanup = async () => {
    await browser?.close();
    await server?.stop();
  };
  onSignal(cleanup);
  let failures = 1;
  const watchdog = setTimeout(async () => {
    L(`TIMEOUT: the e2e tests did not finish within ${TIMEOUT_MS / 1000} s`);
    await cleanup();
    finishRun(run, LAYER);
    process.exit(1);
  }, TIMEOUT_MS);
  try {
    server = await startServer(run);
    L(`VS Code server ${VSCODE_VERSION} listening on ${server.host} (pid ${server.pid}, ${secs()})`);
    browser = await launchBrowser(run);
    const url = workbenchUrl(server, {
      folder: workspaceDir,
      payload: [['extensionDevelopmentPath', remoteUri(server, root)]],
    });
    L(`opening the workbench on ${workspaceDir} in chromium with the extension under development`);
    await browser.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    globalThis.__flinkKpuE2E = { page: browser.page, workspaceDir, screenshotsDir };
    process.env.MOCHA_LAYER = LAYER;
    const mocha = new Mocha({
      ui: 'bdd',
      timeout: 120_000,
      reporter: join(root, 'scripts', 'summary-reporter.cjs'),
      bail: false,
    });
    if (process.env.FLINK_KPU_TEST_GREP) mocha.grep(process.env.FLINK_KPU_TEST_GREP);
    for (const f of files) mocha.addFile(f);
    failures = await new Promise((resolve) => mocha.run(resolve));
    const total = mocha.suite.total();
    if (total === 0) {
      L('no e2e test ran');
      failures = 1;
    }
    L(`screenshot: ${join(screenshotsDir, 'editor.png')} (${secs()})`);
  } finally {
    clearTimeout(watchdog);
    await cleanup();
    const logs = finishRun(run, LAYER);
    if (failures !== 0) L(`server log and browser console: ${logs}/`);
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    L(`FAILED: ${e.message}`);
    process.exit(1);
  },
);
