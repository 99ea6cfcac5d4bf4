#!/usr/bin/env node
// Integration tests inside a real VS Code extension host: builds the extension, bundles
// test/integration/, starts one VS Code server (code-server's, from npm) on 127.0.0.1, opens the
// workbench on examples/ in headless Debian chromium with the development payload
// (extensionDevelopmentPath = this repository, extensionTestsPath = the bundled mocha entry), prints
// the test runner's output and exits with its exit code. Server and browser are stopped at the end,
// on failure and on timeout too (TEST_TIMEOUT_MS, default 5 minutes).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, workspaceDir, log, VSCODE_VERSION, minimumVscodeVersion } from './config.mjs';
import { bundleIntegrationTests } from './bundle-tests.mjs';
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

const LAYER = 'integration';
const L = (m) => log(LAYER, m);
const TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS || 5 * 60_000);
const started = Date.now();
const secs = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

/** Copies what the test runner appends to `file` to our stdout, as it comes. */
function follow(file) {
  let pos = 0;
  let fd;
  const pump = () => {
    if (fd === undefined) {
      if (!existsSync(file)) return;
      fd = openSync(file, 'r');
    }
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      pos += n;
      process.stdout.write(buf.subarray(0, n));
    }
  };
  const timer = setInterval(pump, 200);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    pump();
    if (fd !== undefined) closeSync(fd);
  };
}

/** The suite must run on the oldest VS Code the manifest accepts: say so when the server is newer. */
function checkEngines() {
  const min = minimumVscodeVersion();
  const [a, b] = [min, VSCODE_VERSION].map((v) => v.split('.').map(Number));
  const cmp = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  if (cmp > 0)
    throw new Error(
      `engines.vscode needs ${min}, newer than the test server's VS Code ${VSCODE_VERSION}: the extension would not load`,
    );
  if (a[0] !== b[0] || a[1] !== b[1]) {
    L(
      `WARNING: engines.vscode accepts VS Code ${min} but these tests run on ${VSCODE_VERSION}: raise engines.vscode to ^${VSCODE_VERSION.replace(/\.\d+$/, '.0')} or the minimum is untested`,
    );
  }
}

async function main() {
  checkEngines();
  ensureInstalled();
  L('building the extension (node scripts/build.mjs)');
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) throw new Error('the extension build failed');
  const { entry, count } = await bundleIntegrationTests();
  if (count === 0) throw new Error('no test/integration/**/*.test.ts');
  L(`bundled ${count} test file(s) into ${entry}`);

  const run = makeRunDir(LAYER);
  const testLog = join(run.sub.logs, 'tests.log');
  writeFileSync(testLog, '');
  let server;
  let browser;
  let stopFollow = () => {};
  const cleanup = async () => {
    stopFollow();
    await browser?.close();
    await server?.stop();
  };
  onSignal(cleanup);
  let code = 1;
  try {
    server = await startServer(run, { env: { FLINK_KPU_TEST_LOG: testLog } });
    L(`VS Code server ${VSCODE_VERSION} listening on ${server.host} (pid ${server.pid}, ${secs()})`);
    browser = await launchBrowser(run);
    const exit = new Promise((resolve) => {
      browser.page.exposeFunction('codeAutomationExit', (c) => resolve(Number(c))).catch(() => {});
    });
    const url = workbenchUrl(server, {
      folder: workspaceDir,
      payload: [
        ['extensionDevelopmentPath', remoteUri(server, root)],
        ['extensionTestsPath', remoteUri(server, entry)],
      ],
    });
    stopFollow = follow(testLog);
    L(`opening the workbench on ${workspaceDir} in chromium; tests run in the extension host`);
    await browser.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(10_000, TIMEOUT_MS - (Date.now() - started)));
    });
    const died = new Promise((resolve) => {
      const t = setInterval(() => {
        if (server.exited) {
          clearInterval(t);
          resolve('server-exited');
        }
      }, 500);
      t.unref();
    });
    const result = await Promise.race([exit, timeout, died]);
    clearTimeout(timer);
    stopFollow();
    if (result === 'timeout') {
      L(`TIMEOUT: the test runner did not finish within ${TIMEOUT_MS / 1000} s`);
      code = 1;
    } else if (result === 'server-exited') {
      L('the VS Code server exited during the tests');
      code = 1;
    } else {
      code = result;
      L(`the extension host's test runner exited with ${code} (${secs()})`);
    }
  } finally {
    await cleanup();
    const logs = finishRun(run, LAYER);
    if (code !== 0) L(`server log, browser console and test output: ${logs}/`);
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    L(`FAILED: ${e.message}`);
    process.exit(1);
  },
);
