// Shared settings of the real-VS-Code test harness (see ../../../shared/design/real-vscode-tests.md).
// Everything it installs lives under .vscode-test/ (git-ignored); each run gets its own
// temporary folder under .vscode-test/runs/ that is removed at the end.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The VS Code server comes from the npm package code-server; 4.100.3 is VS Code 1.100.3 on node 20. */
export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';

export const cacheDir = join(root, '.vscode-test');
export const codeServerDir = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerPkg = join(codeServerDir, 'node_modules', 'code-server');
export const codeServerEntry = join(codeServerPkg, 'out', 'node', 'entry.js');
/** Written last by install.mjs: its presence means the cached install is complete. */
export const installMarker = join(codeServerDir, '.install-complete.json');
export const runsDir = join(cacheDir, 'runs');
export const screenshotsDir = join(cacheDir, 'screenshots');

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** The folder the workbench opens. */
export const workspaceDir = join(root, 'examples');

/**
 * Debian packages the harness needs: the browser, what code-server's native modules build with,
 * and a JDK (the unit tests compile and run generated union rewrites: test/rewrite).
 */
export const debianPackages = [
  { pkg: 'chromium', check: () => existsSync(chromiumPath) },
  { pkg: 'ripgrep', check: () => existsSync('/usr/bin/rg') },
  { pkg: 'libkrb5-dev', check: () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/gssapi/gssapi.h') },
  { pkg: 'python3', cmd: 'python3' },
  { pkg: 'make', cmd: 'make' },
  { pkg: 'g++', cmd: 'g++' },
  { pkg: 'pkg-config', cmd: 'pkg-config' },
  { pkg: 'default-jdk-headless', cmd: 'javac' },
];

/** Native modules of the VS Code server that must load after the install: [package whose require resolves it, module]. */
export const nativeModules = [
  ['code-server', 'argon2'],
  ['vscode', '@vscode/spdlog'],
  ['vscode', '@parcel/watcher'],
  ['vscode', 'node-pty'],
  ['vscode', 'native-watchdog'],
  ['vscode', 'kerberos'],
];

export function extensionId() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return `${pkg.publisher}.${pkg.name}`;
}

/** '^1.90.0' -> '1.90.0': the oldest VS Code that package.json's engines.vscode accepts. */
export function minimumVscodeVersion() {
  const engines = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.vscode ?? '';
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(engines);
  if (!m) throw new Error(`engines.vscode is not a version range: '${engines}'`);
  return `${m[1]}.${m[2]}.${m[3]}`;
}

export function log(scope, msg) {
  process.stdout.write(`[${scope}] ${msg}\n`);
}
