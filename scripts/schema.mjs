// Writes schemas/flinkjob.schema.json from the zod schema in src/descriptor/schema.ts
// (`npm run schema`; `--check` only compares and fails when the committed file is out of date).
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'schemas/flinkjob.schema.json');

const result = await build({
  entryPoints: [join(root, 'src/descriptor/schema.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  write: false,
  logLevel: 'warning',
});
const mod = { exports: {} };
new Function('module', 'exports', 'require', result.outputFiles[0].text)(
  mod,
  mod.exports,
  createRequire(import.meta.url),
);
const text = mod.exports.flinkJobJsonSchemaText();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // missing counts as out of date
  }
  if (current !== text) {
    console.error('schemas/flinkjob.schema.json is out of date: run npm run schema');
    process.exit(1);
  }
  console.log('schemas/flinkjob.schema.json is up to date');
} else {
  writeFileSync(out, text);
  console.log(`wrote ${out}`);
}
