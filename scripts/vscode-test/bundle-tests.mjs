// Bundles the integration tests (test/integration/: index.ts plus one CommonJS file per *.test.ts,
// `vscode` and `mocha` external, loaded by the extension host) and the e2e tests (test/e2e/*.test.ts,
// run by mocha in node next to playwright-core) into out/test/.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from './config.mjs';
import { testFiles } from '../test-files.mjs';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
};

/** One output file per entry, named after its path below the layer's folder (a/b.test.ts -> a-b.test.js). */
function entries(layerDir, files) {
  return files.map((f) => ({ in: f, out: relative(layerDir, f).replace(/\.ts$/, '').replace(/[\\/]/g, '-') }));
}

export async function bundleIntegrationTests() {
  const dir = join(root, 'test', 'integration');
  const outdir = join(root, 'out', 'test', 'integration');
  rmSync(outdir, { recursive: true, force: true });
  const tests = testFiles(dir);
  await build({
    ...common,
    entryPoints: [{ in: join(dir, 'index.ts'), out: 'index' }, ...entries(dir, tests)],
    outdir,
    external: ['vscode', 'mocha'],
  });
  return { entry: join(outdir, 'index.js'), count: tests.length };
}

export async function bundleE2ETests() {
  const dir = join(root, 'test', 'e2e');
  const outdir = join(root, 'out', 'test', 'e2e');
  rmSync(outdir, { recursive: true, force: true });
  const tests = testFiles(dir);
  await build({ ...common, entryPoints: entries(dir, tests), outdir, external: ['mocha', 'playwright-core'] });
  return {
    files: tests.map((f) => join(outdir, `${relative(dir, f).replace(/\.ts$/, '').replace(/[\\/]/g, '-')}.js`)),
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const which = process.argv[2] || 'integration';
  if (which === 'integration') console.log(await bundleIntegrationTests());
  else console.log(await bundleE2ETests());
}
