// One VS Code server (code-server's, from npm) bound to 127.0.0.1 and one headless Debian chromium
// driven by playwright-core, both inside a temporary run folder, both stopped by stop() whatever
// happened. Used by run-integration.mjs (tests inside the extension host) and run-e2e.mjs (UI tests).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { root, chromiumPath, codeServerEntry, installMarker, runsDir, cacheDir, log } from './config.mjs';

/** User settings of the test profile: nothing steals focus, nothing phones home. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  // Tests type into example files; VS Code in the browser would save them after 1 s.
  'files.autoSave': 'off',
  'files.hotExit': 'off',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
};

/** Runs install.mjs when the cached VS Code server is missing or incomplete. */
export function ensureInstalled() {
  if (existsSync(installMarker) && existsSync(chromiumPath)) return;
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'vscode-test', 'install.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('installing the VS Code server or chromium failed');
}

/** A fresh run folder; HOME, XDG_*, TMPDIR of the server and the browser all point inside it. */
export function makeRunDir(layer) {
  mkdirSync(runsDir, { recursive: true });
  const dir = mkdtempSync(join(runsDir, `${layer}-`));
  const sub = {};
  for (const name of [
    'home',
    'tmp',
    'xdg-config',
    'xdg-data',
    'xdg-cache',
    'xdg-state',
    'user-data',
    'extensions',
    'chromium',
    'logs',
  ]) {
    sub[name] = join(dir, name);
    mkdirSync(sub[name], { recursive: true });
  }
  mkdirSync(join(sub['user-data'], 'User'), { recursive: true });
  writeFileSync(join(sub['user-data'], 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  const env = {
    HOME: sub.home,
    TMPDIR: sub.tmp,
    TMP: sub.tmp,
    TEMP: sub.tmp,
    XDG_CONFIG_HOME: sub['xdg-config'],
    XDG_DATA_HOME: sub['xdg-data'],
    XDG_CACHE_HOME: sub['xdg-cache'],
    XDG_STATE_HOME: sub['xdg-state'],
    XDG_RUNTIME_DIR: sub.tmp,
  };
  return { dir, sub, env };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The environment of a child: ours without what a surrounding VS Code or npm would leak into it. */
function childEnv(extra) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^(VSCODE_|ELECTRON_|npm_|NODE_OPTIONS$|CODE_SERVER_|PASSWORD$|HASHED_PASSWORD$)/.test(k)) delete env[k];
  }
  // No extension gallery (code-server would ask open-vsx.org, which this machine cannot reach).
  return { ...env, EXTENSIONS_GALLERY: '{"serviceUrl":""}', ...extra };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts code-server's VS Code server on 127.0.0.1:<free port>, with --auth none, no telemetry,
 * no update check, no workspace trust, and the run folder's user-data and extensions dirs.
 */
export async function startServer(run, { env = {} } = {}) {
  const port = await freePort();
  const logFile = join(run.sub.logs, 'server.log');
  const out = createWriteStream(logFile);
  const args = [
    codeServerEntry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
    '--user-data-dir',
    run.sub['user-data'],
    '--extensions-dir',
    run.sub.extensions,
    '--config',
    join(run.dir, 'code-server.yaml'),
    '--log',
    'info',
  ];
  writeFileSync(
    join(run.dir, 'code-server.yaml'),
    '# every other option is on the command line\nauth: none\ncert: false\n',
  );
  // Its own process group, so that stop() ends the server with its extension host and pty host.
  const child = spawn(process.execPath, args, {
    cwd: run.dir,
    env: childEnv({ ...run.env, ...env }),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const server = {
    port,
    host: `127.0.0.1:${port}`,
    pid: child.pid,
    logFile,
    get exited() {
      return exited;
    },
    /** Stops the server's whole process group: TERM, then KILL after 5 s. */
    async stop() {
      if (exited) return;
      const kill = (sig) => {
        try {
          process.kill(-child.pid, sig);
        } catch {
          // already gone
        }
      };
      kill('SIGTERM');
      for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      kill('SIGKILL');
      for (let i = 0; i < 20 && !exited; i++) await sleep(100);
      out.end();
    },
  };
  liveServers.add(server);
  // Wait until it answers on /healthz.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited)
      throw new Error(`the VS Code server exited (${exited.code ?? exited.signal}) before it listened; see ${logFile}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`the VS Code server did not answer on 127.0.0.1:${port} within 60 s; see ${logFile}`);
    await sleep(250);
  }
  return server;
}

/** Servers not yet stopped: killed synchronously if this process exits without stopping them. */
const liveServers = new Set();
process.on('exit', () => {
  for (const s of liveServers) {
    if (!s.exited) {
      try {
        process.kill(-s.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
});

/** A `vscode-remote://` URI of a path on the server, as the workbench payload wants it. */
export function remoteUri(server, absPath) {
  return `vscode-remote://${server.host}${absPath.split('/').map(encodeURIComponent).join('/')}`;
}

/** The workbench URL opening `folder`, with the development payload (extensionDevelopmentPath, extensionTestsPath, ...). */
export function workbenchUrl(server, { folder, payload = [] }) {
  const params = new URLSearchParams();
  params.set('folder', folder);
  if (payload.length) params.set('payload', JSON.stringify(payload));
  return `http://${server.host}/?${params.toString()}`;
}

/**
 * Built web workbenches honour the development payload only with developmentOptions.enableSmokeTestDriver;
 * code-server has no flag for it, so this init script sets it in the configuration meta element as
 * soon as the parser adds it, before workbench.js (a module script, so deferred) reads it.
 */
const SMOKE_TEST_DRIVER_SCRIPT = `(() => {
  const patch = (el) => {
    if (!el || el.dataset.flinkKpuPatched) return false;
    const raw = el.getAttribute('data-settings');
    if (!raw || raw.startsWith('{{')) return false;
    const config = JSON.parse(raw);
    config.developmentOptions = { ...(config.developmentOptions || {}), enableSmokeTestDriver: true };
    el.setAttribute('data-settings', JSON.stringify(config));
    el.dataset.flinkKpuPatched = '1';
    return true;
  };
  if (patch(document.getElementById('vscode-workbench-web-configuration'))) return;
  const obs = new MutationObserver(() => {
    if (patch(document.getElementById('vscode-workbench-web-configuration'))) obs.disconnect();
  });
  obs.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-settings'] });
})();`;

/** Headless Debian chromium through playwright-core, with a fresh profile inside the run folder. */
export async function launchBrowser(run) {
  // playwright-core keeps its own temporary files in os.tmpdir(): the run folder's.
  process.env.TMPDIR = run.sub.tmp;
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(run.sub.chromium, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
    env: childEnv(run.env),
    viewport: { width: 1440, height: 900 },
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await context.addInitScript(SMOKE_TEST_DRIVER_SCRIPT);
  const consoleLog = createWriteStream(join(run.sub.logs, 'browser-console.log'));
  page.on('console', (msg) => consoleLog.write(`[${msg.type()}] ${msg.text()}\n`));
  page.on('pageerror', (err) => consoleLog.write(`[pageerror] ${err.stack || err.message}\n`));
  return {
    context,
    page,
    async close() {
      try {
        await context.close();
      } catch {
        // the browser is gone already
      }
      consoleLog.end();
    },
  };
}

/** Keeps the last run's logs in .vscode-test/logs/<layer>/ and removes the run folder. */
export function finishRun(run, layer, { keep = process.env.KEEP_RUN_DIR === '1' } = {}) {
  const dest = join(cacheDir, 'logs', layer);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  for (const f of ['server.log', 'browser-console.log', 'tests.log']) {
    const src = join(run.sub.logs, f);
    if (existsSync(src)) copyFileSync(src, join(dest, f));
  }
  if (keep) log(layer, `run folder kept: ${run.dir}`);
  else rmSync(run.dir, { recursive: true, force: true });
  return dest;
}

/** Runs `fn` after SIGINT/SIGTERM too, then exits (cleanup on Ctrl-C or a CI timeout). */
export function onSignal(fn) {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, async () => {
      log('harness', `${sig}: stopping the server and the browser`);
      try {
        await fn();
      } finally {
        process.exit(130);
      }
    });
  }
}
