#!/usr/bin/env node
// Installs what the integration and e2e tests need, skipping whatever is already there:
//  1. Debian packages: chromium (the browser playwright-core drives), ripgrep, libkrb5-dev and the
//     native-build tools (python3, make, g++, pkg-config) for code-server's native modules, and
//     default-jdk-headless (javac: the unit tests compile generated union rewrites);
//  2. the VS Code server from the npm package code-server@CODE_SERVER_VERSION into .vscode-test/;
//  3. playwright-core (a devDependency; installed by `npm install`/`npm ci`).
// Browsers and VS Code come only from Debian's packages and the npm registry: no tool is allowed to
// download its own browser or VS Code build.
import { spawnSync } from 'node:child_process';
import { runLogged } from './logged.mjs';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  root,
  cacheDir,
  CODE_SERVER_VERSION,
  VSCODE_VERSION,
  codeServerDir,
  codeServerPkg,
  installMarker,
  debianPackages,
  nativeModules,
  log,
} from './config.mjs';

const L = (m) => log('install', m);
const started = Date.now();
const secs = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

// ---------------------------------------------------------------- 1. Debian packages
function installDebianPackages() {
  const missing = debianPackages.filter((p) => !(p.check ? p.check() : hasCommand(p.cmd))).map((p) => p.pkg);
  if (missing.length === 0) {
    L(`Debian packages present: ${debianPackages.map((p) => p.pkg).join(', ')}`);
    return;
  }
  L(`Debian packages missing: ${missing.join(', ')}`);
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : hasCommand('sudo') ? ['sudo', '-n'] : null;
  if (!sudo) throw new Error(`install them first: apt-get install ${missing.join(' ')}`);
  // apt's and dpkg's own output goes to a log file; the terminal gets one line per step.
  mkdirSync(cacheDir, { recursive: true });
  const aptLog = join(cacheDir, 'apt.log');
  writeFileSync(aptLog, '');
  const apt = (args) => {
    const [cmd, ...rest] = [...sudo, 'apt-get', ...args];
    runLogged(cmd, rest, aptLog, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  L('apt-get update ...');
  apt(['update']);
  L(
    `apt-get install ${missing.join(' ')} ...${missing.includes('chromium') ? ' (chromium and its libraries are about 100 MB)' : ''} (log: ${aptLog})`,
  );
  apt(['install', '-y', '--no-install-recommends', ...missing]);
  const still = debianPackages.filter((p) => !(p.check ? p.check() : hasCommand(p.cmd))).map((p) => p.pkg);
  if (still.length) throw new Error(`still missing after apt-get install: ${still.join(', ')}`);
  L(`Debian packages installed (${secs()})`);
}

// ---------------------------------------------------------------- 2. code-server
function nodeDir() {
  // node-gyp must build against the local node's headers; it cannot download them here.
  const candidates = [process.env.npm_config_nodedir, '/usr', dirname(dirname(process.execPath))].filter(Boolean);
  for (const dir of candidates) if (existsSync(join(dir, 'include', 'node', 'node_api.h'))) return dir;
  throw new Error(`no node headers found (looked in ${candidates.join(', ')}/include/node)`);
}

/** The ripgrep archive @vscode/ripgrep's postinstall would download from GitHub, made from Debian's rg. */
function prepareRipgrepCache(tmp) {
  const rgPkgVersion = '1.15.11';
  const rgVersion = 'v13.0.0-10';
  const target = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[process.arch];
  if (!target) throw new Error(`unsupported architecture ${process.arch}`);
  const dir = join(tmp, `vscode-ripgrep-cache-${rgPkgVersion}`);
  const archive = join(dir, `ripgrep-${rgVersion}-${target}.tar.gz`);
  if (existsSync(archive)) return;
  mkdirSync(dir, { recursive: true });
  run('tar', ['czf', archive, '-C', '/usr/bin', 'rg']);
  L(`ripgrep archive made from Debian's /usr/bin/rg: ${archive}`);
}

/**
 * npm 11 runs only approved install scripts, and refuses approvals given as --allow-scripts or
 * npm_config_allow_scripts in a project install (an outer install exports them to the nested ones
 * of code-server's postinstall, which then fail). So every approval is written into the
 * `allowScripts` field of the package.json whose install runs it, pinned where npm pins them:
 *  - our cache package: argon2 (code-server's password hashing; built from source) and not
 *    code-server's own postinstall, which this script runs itself once the nested packages are approved;
 *  - lib/vscode: the VS Code server's native modules (and ripgrep, which finds its archive in TMPDIR);
 *  - lib/vscode/extensions: nothing but its own postinstall (devDependencies are omitted).
 */
const allowTop = { argon2: true, 'code-server': false };
const allowVscode = {
  '@parcel/watcher': true,
  '@vscode/spdlog': true,
  'node-pty': true,
  'native-watchdog': true,
  kerberos: true,
  '@vscode/deviceid': true,
  '@vscode/ripgrep': true,
  '@vscode/windows-process-tree': false,
  '@vscode/windows-registry': false,
  '@vscode/windows-ca-certs': false,
};
const allowExtensions = { '@parcel/watcher': false, esbuild: false };

function addAllowScripts(pkgJson, allow) {
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8'));
  pkg.allowScripts = { ...(pkg.allowScripts || {}), ...allow };
  writeFileSync(pkgJson, JSON.stringify(pkg, null, 2) + '\n');
}

function verifyCodeServer() {
  const problems = [];
  if (!existsSync(join(codeServerPkg, 'out', 'node', 'entry.js'))) problems.push('code-server entry missing');
  const vscodeDir = join(codeServerPkg, 'lib', 'vscode');
  const vscodePkg = existsSync(join(vscodeDir, 'package.json'))
    ? JSON.parse(readFileSync(join(vscodeDir, 'package.json'), 'utf8'))
    : {};
  if (vscodePkg.version !== VSCODE_VERSION)
    problems.push(`lib/vscode is ${vscodePkg.version ?? 'missing'}, expected ${VSCODE_VERSION}`);
  if (!existsSync(join(vscodeDir, 'out', 'server-main.js'))) problems.push('lib/vscode/out/server-main.js missing');
  const requireFrom = {
    'code-server': createRequire(join(codeServerPkg, 'package.json')),
    vscode: createRequire(join(vscodeDir, 'package.json')),
  };
  for (const [from, mod] of nativeModules) {
    try {
      requireFrom[from](mod);
    } catch (e) {
      problems.push(`native module ${mod} does not load: ${String(e.message).split('\n')[0]}`);
    }
  }
  const rg = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (!existsSync(rg)) problems.push('@vscode/ripgrep has no bin/rg');
  if (!existsSync(join(vscodeDir, 'node_modules.asar')))
    problems.push('lib/vscode/node_modules.asar link missing (postinstall did not finish)');
  if (!existsSync(join(vscodeDir, 'extensions', 'node_modules', 'typescript')))
    problems.push("built-in extensions' node_modules missing");
  return problems;
}

function installCodeServer() {
  if (existsSync(installMarker)) {
    const problems = verifyCodeServer();
    if (problems.length === 0) {
      L(`VS Code server ${VSCODE_VERSION} (code-server ${CODE_SERVER_VERSION}) cached in ${codeServerDir}`);
      return;
    }
    L(`cached VS Code server is broken (${problems.join('; ')}); reinstalling`);
  } else if (existsSync(codeServerDir)) {
    L('an earlier install did not finish; starting it again');
  }
  rmSync(codeServerDir, { recursive: true, force: true });
  mkdirSync(codeServerDir, { recursive: true });
  const tmp = join(codeServerDir, '.tmp');
  mkdirSync(tmp, { recursive: true });
  prepareRipgrepCache(tmp);
  writeFileSync(
    join(codeServerDir, 'package.json'),
    JSON.stringify(
      {
        name: 'flink-kpu-lens-vscode-server',
        private: true,
        description: 'VS Code server for the tests (installed by scripts/vscode-test/install.mjs)',
        dependencies: { 'code-server': CODE_SERVER_VERSION },
        allowScripts: allowTop,
      },
      null,
      2,
    ) + '\n',
  );
  const env = {
    ...process.env,
    TMPDIR: tmp, // where @vscode/ripgrep looks for its archive
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root without it
    npm_config_yes: 'true',
    npm_config_nodedir: nodeDir(), // read by node-gyp
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_progress: 'false',
    npm_config_foreground_scripts: 'true', // show node-gyp's progress instead of minutes of silence
    JOBS: process.env.JOBS || 'max', // node-gyp: build on every core
  };
  for (const k of Object.keys(env))
    if (/^npm_config_(allow_scripts|dangerously_allow_all_scripts|global|prefix|ignore_scripts)$/i.test(k))
      delete env[k];
  L(`installing VS Code server ${VSCODE_VERSION} from npm (code-server@${CODE_SERVER_VERSION}) into ${codeServerDir}`);
  L('this builds native modules from source: about 2-4 minutes and 300 MB, once');
  // npm's and node-gyp's output (hundreds of lines) goes to a log; the terminal gets one line per step.
  const npmLog = join(cacheDir, 'code-server-install.log');
  writeFileSync(npmLog, '');
  L(`step 1/2: code-server and its own dependencies (log: ${npmLog})`);
  runLogged('npm', ['install', '--no-package-lock', '--omit=dev'], npmLog, { cwd: codeServerDir, env });
  addAllowScripts(join(codeServerPkg, 'lib', 'vscode', 'package.json'), allowVscode);
  addAllowScripts(join(codeServerPkg, 'lib', 'vscode', 'extensions', 'package.json'), allowExtensions);
  L(
    "step 2/2: code-server's postinstall: the VS Code server's modules (native ones built with node-gyp) and the built-in extensions' modules",
  );
  runLogged('npm', ['run', 'postinstall'], npmLog, { cwd: codeServerPkg, env });
  const problems = verifyCodeServer();
  if (problems.length) throw new Error(`VS Code server install incomplete:\n  ${problems.join('\n  ')}`);
  rmSync(tmp, { recursive: true, force: true });
  writeFileSync(
    installMarker,
    JSON.stringify(
      {
        codeServer: CODE_SERVER_VERSION,
        vscode: VSCODE_VERSION,
        node: process.version,
        installedAt: new Date().toISOString(),
      },
      null,
      2,
    ) + '\n',
  );
  L(`VS Code server installed (${secs()})`);
}

// ---------------------------------------------------------------- 3. playwright-core
function playwrightVersion() {
  try {
    const req = createRequire(join(root, 'package.json'));
    return JSON.parse(readFileSync(req.resolve('playwright-core/package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function checkPlaywright() {
  let v = playwrightVersion();
  if (!v) {
    L("playwright-core missing: installing the project's devDependencies (npm install)");
    // playwright-core downloads no browser by itself; the flag keeps any helper from trying.
    run('npm', ['install', '--no-audit', '--no-fund'], {
      cwd: root,
      env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    });
    v = playwrightVersion();
    if (!v) throw new Error("playwright-core is still missing: is it in package.json's devDependencies?");
  }
  L(`playwright-core ${v} present (it drives Debian's chromium; no browser is downloaded)`);
}

try {
  L('checking what the real-VS-Code tests need');
  installDebianPackages();
  installCodeServer();
  checkPlaywright();
  L(`ready (${secs()})`);
} catch (e) {
  L(`FAILED: ${e.message}`);
  process.exit(1);
}
