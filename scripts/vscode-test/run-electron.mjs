#!/usr/bin/env node
// The same integration suite under @vscode/test-electron, for a machine that can download VS Code
// (these machines cannot: there the download fails and this script exits 1; `npm test` uses
// run-integration.mjs instead). Runs on the minimum version in engines.vscode unless
// VSCODE_TEST_VERSION says otherwise ('stable', 'insiders' or a version).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root, workspaceDir, cacheDir, log, minimumVscodeVersion } from './config.mjs';
import { bundleIntegrationTests } from './bundle-tests.mjs';

const L = (m) => log('electron', m);

async function main() {
  // Electron needs a display: on a Linux machine without one, run under xvfb-run when it is there.
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.FLINK_KPU_UNDER_XVFB) {
    const xvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).stdout.trim();
    if (xvfb) {
      L('no DISPLAY: running under xvfb-run');
      const r = spawnSync(xvfb, ['-a', process.execPath, ...process.argv.slice(1)], {
        stdio: 'inherit',
        env: { ...process.env, FLINK_KPU_UNDER_XVFB: '1' },
      });
      return r.status ?? 1;
    }
    L('no DISPLAY and no xvfb-run (Debian package xvfb): VS Code may not start');
  }
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) throw new Error('the extension build failed');
  const { entry } = await bundleIntegrationTests();
  const version = process.env.VSCODE_TEST_VERSION || minimumVscodeVersion();
  L(
    `running the integration suite in VS Code ${version} (desktop, downloaded by @vscode/test-electron into ${cacheDir})`,
  );
  const { runTests } = await import('@vscode/test-electron');
  return runTests({
    version,
    cachePath: cacheDir,
    extensionDevelopmentPath: root,
    extensionTestsPath: entry,
    launchArgs: [
      workspaceDir,
      '--disable-extensions', // other installed extensions; the one under development stays
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-gpu',
      '--user-data-dir',
      join(cacheDir, 'electron-user-data'),
      '--extensions-dir',
      join(cacheDir, 'electron-extensions'),
    ],
  });
}

main().then(
  (code) => process.exit(code),
  (e) => {
    L(`FAILED: ${e?.message ?? e}`);
    process.exit(1);
  },
);
