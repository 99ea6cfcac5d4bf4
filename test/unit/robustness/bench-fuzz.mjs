#!/usr/bin/env node
// npm run bench:fuzz: the property tests of properties.test.ts with many cases (not part of npm test).
// FLINK_KPU_FUZZ_RUNS cases for each main property (default 10,000; the SQL-level job properties
// run a fifth of that), a random seed unless FLINK_KPU_FUZZ_SEED is set; prints seed, cases, time.
// Expects the unit bundle (node scripts/build.mjs --tests, which the npm script runs first).
// Then the pathological statements of pathological.mjs through the real CLI (it builds dist/).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

process.env.FLINK_KPU_FUZZ_RUNS ||= '10000';
process.env.FLINK_KPU_FUZZ_SEED ||= String(Math.floor(Math.random() * 2 ** 31));
console.log(
  `bench:fuzz: ${process.env.FLINK_KPU_FUZZ_RUNS} cases per property, seed ${process.env.FLINK_KPU_FUZZ_SEED} (FLINK_KPU_FUZZ_SEED=${process.env.FLINK_KPU_FUZZ_SEED} repeats this run)`,
);
const started = Date.now();
const mocha = new Mocha({ timeout: 0, grep: /^property/, reporter: join(root, 'scripts', 'summary-reporter.cjs') });
mocha.addFile(join(root, 'out', 'test', 'unit.js'));
mocha.run((failures) => {
  const properties = Date.now();
  console.log(`bench:fuzz: ${((properties - started) / 1000).toFixed(1)} s`);
  const pathological = spawnSync(process.execPath, [join(root, 'test', 'unit', 'robustness', 'pathological.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  console.log(
    `bench:fuzz: pathological cases ${((Date.now() - properties) / 1000).toFixed(1)} s; in all ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  process.exitCode = failures || pathological.status !== 0 ? 1 : 0;
});
