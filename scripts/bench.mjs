// npm run bench [-- --json] [-- --no-host]: the benchmark of issue 5.
// 1. npm run package: the production bundle and the VSIX whose sizes are reported;
// 2. unless --no-host: the activation test in a real VS Code extension host (production
//    bundle), which records how long loading and activate() took;
// 3. bench/bench.ts (bundled: dt-sql-parser needs a bundler): parse and analysis timings, and
//    one statement's parse time against its length (bench/statementCurve.ts).
// --curve-only: only that curve (no packaging, no extension host).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { antlrFields } from './antlr-fields.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quiet = args.includes('--json');
const say = (m) => process.stderr.write(`[bench] ${m}\n`);
const run = (cmd, argv, env = {}) =>
  spawnSync(cmd, argv, {
    cwd: root,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
    env: { ...process.env, ...env },
  });

const curveOnly = args.includes('--curve-only');
if (!curveOnly) {
  say('packaging (npm run package)');
  if (run('npm', ['run', '--silent', 'package']).status !== 0) process.exit(1);
}

let activationMs;
if (!args.includes('--no-host') && !curveOnly) {
  // Each run is a fresh extension host; the time between loading the bundle and VS Code
  // calling activate() varies from run to run, so the median of three is reported.
  const file = join(root, '.vscode-test', 'activation.json');
  const runs = [];
  for (let i = 1; i <= 3; i++) {
    rmSync(file, { force: true });
    say(`measuring activation in a real VS Code extension host, run ${i} of 3 (the activation test only)`);
    const r = run('npm', ['run', '--silent', 'test:integration'], {
      FLINK_KPU_TEST_GREP: 'activation',
      FLINK_KPU_PRODUCTION: '1',
    });
    if (r.status === 0 && existsSync(file)) runs.push(JSON.parse(readFileSync(file, 'utf8')).activationMs);
  }
  if (runs.length > 0) activationMs = Math.round(runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)] * 10) / 10;
  else say('activation not measured (the extension-host runs failed)');
}

const out = join(root, 'out', 'bench', 'bench.js');
const bundle = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' };
// The analysis runs on the parser runtime the extension ships (scripts/antlr-fields.mjs);
// raw.ts times the parse on antlr4ng as published: the floor (dt-sql-parser as npm ships it).
await build({ ...bundle, entryPoints: [join(root, 'bench', 'bench.ts')], outfile: out, plugins: [antlrFields] });
await build({
  ...bundle,
  entryPoints: [join(root, 'bench', 'raw.ts')],
  outfile: join(root, 'out', 'bench', 'raw-published.js'),
});
// --expose-gc: the heap is measured after a full collection (bench.ts).
const r = spawnSync(process.execPath, ['--expose-gc', out, ...args.filter((a) => a !== '--no-host')], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, ACTIVATION_MS: activationMs === undefined ? '' : String(activationMs) },
});
process.exit(r.status ?? 1);
