#!/usr/bin/env node
// npm start: the extension as a user gets it (the VSIX of `npm run package`, installed into a
// fresh extensions folder) in a real VS Code (code-server's VS Code server from npm), on
// examples/, bound to 127.0.0.1. Prints the URL to open; Ctrl-C stops the server.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { codeServerEntry, log, root, workspaceDir, VSCODE_VERSION } from './config.mjs';
import { ensureInstalled, makeRunDir, onSignal, startServer, workbenchUrl } from './harness.mjs';

const L = (m) => log('start', m);

async function main() {
  ensureInstalled();
  L('packaging the extension (npm run package)');
  const pkg = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (pkg.status !== 0) throw new Error('npm run package failed');
  const vsix = join(root, 'flink-kpu-lens.vsix');
  const run = makeRunDir('start');
  L(`installing ${vsix} into ${run.sub.extensions}`);
  const install = spawnSync(
    process.execPath,
    [
      codeServerEntry,
      '--extensions-dir',
      run.sub.extensions,
      '--user-data-dir',
      run.sub['user-data'],
      '--install-extension',
      vsix,
    ],
    {
      cwd: run.dir,
      env: { ...process.env, ...run.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}' },
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    },
  );
  if (install.status !== 0) throw new Error(`installing the VSIX failed: ${install.stdout}`);
  const server = await startServer(run);
  // Ctrl-C: the server stops and its run folder (user data, extensions, logs) goes with it.
  onSignal(async () => {
    await server.stop();
    rmSync(run.dir, { recursive: true, force: true });
  });
  const url = workbenchUrl(server, { folder: workspaceDir });
  L(`VS Code ${VSCODE_VERSION} with Flink KPU Lens is running on examples/`);
  process.stdout.write(
    `\n  Open ${url}\n\n  (Ctrl-C stops it and removes ${run.dir}; server log meanwhile: ${server.logFile})\n\n`,
  );
  await new Promise(() => undefined);
}

main().catch((e) => {
  L(`failed: ${e.message}`);
  process.exit(1);
});
