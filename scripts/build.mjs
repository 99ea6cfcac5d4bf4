// Builds the extension, the CLI and (with --tests) the unit-test bundle with esbuild.
// dt-sql-parser ships ES modules with extensionless imports that plain node cannot
// load, so everything that runs in node is bundled, tests included.
import { build } from 'esbuild';
import { cpSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { antlrFields } from './antlr-fields.mjs';
import { testFiles } from './test-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production') || process.env.FLINK_KPU_PRODUCTION === '1';

/** WebAssembly grammars loaded at run time by web-tree-sitter (src/treeSitter.ts), each on its first file. */
const GRAMMARS = [
  'web-tree-sitter/web-tree-sitter.wasm',
  '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm',
  'tree-sitter-java/tree-sitter-java.wasm',
  '@tree-sitter-grammars/tree-sitter-kotlin/tree-sitter-kotlin.wasm',
  'tree-sitter-scala/tree-sitter-scala.wasm',
  'tree-sitter-python/tree-sitter-python.wasm',
];

function copyWasm(outDir) {
  const dir = join(outDir, 'wasm');
  mkdirSync(dir, { recursive: true });
  for (const g of GRAMMARS) cpSync(join(root, 'node_modules', g), join(dir, g.slice(g.lastIndexOf('/') + 1)));
}

/**
 * The layers (docs/architecture.md): the bundles that run without VS Code (the CLI, the engine the
 * editor loads after activation, a parse thread) must not reach the editor's code or `vscode`, and
 * the pure folders must not import `vscode` either. Checked on what esbuild actually bundled, so an
 * import through any path is caught; the build fails naming the file.
 */
const PURE = /^src\/(sql|descriptor|sizing|analysis|embedded|rewrite|present)\//;
function checkLayers(metafile) {
  const wrong = [];
  for (const [out, o] of Object.entries(metafile.outputs)) {
    if (!/(^|\/)(cli|engine|worker)\.js$/.test(out)) continue;
    for (const input of Object.keys(o.inputs))
      if (/^src\/(providers|webview)\//.test(input) || input === 'src/extension.ts')
        wrong.push(`${out} bundles ${input} (editor code)`);
    if (o.imports.some((i) => i.path === 'vscode')) wrong.push(`${out} imports vscode`);
  }
  for (const [input, i] of Object.entries(metafile.inputs))
    if (PURE.test(input) && i.imports.some((imp) => imp.path === 'vscode')) wrong.push(`${input} imports vscode`);
  if (wrong.length > 0) {
    console.error(`build: layering broken (see docs/architecture.md):\n  ${wrong.join('\n  ')}`);
    process.exit(1);
  }
}

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
  plugins: [antlrFields],
};

if (args.has('--tests')) {
  const files = testFiles(join(root, 'test/unit'));
  await build({
    ...common,
    stdin: {
      contents: files.map((f) => `import './${relative(root, f).replace(/\\/g, '/')}';`).join('\n'),
      resolveDir: root,
      sourcefile: 'unit-tests.ts',
      loader: 'ts',
    },
    outfile: join(root, 'out/test/unit.js'),
    external: ['vscode', 'mocha', 'vscode-textmate', 'vscode-oniguruma'],
  });
  copyWasm(join(root, 'out/test'));
} else {
  const entries = [{ in: 'src/cli.ts', out: 'cli' }];
  if (statSync(join(root, 'src/extension.ts'), { throwIfNoEntry: false }))
    entries.push({ in: 'src/extension.ts', out: 'extension' });
  // The engine is a bundle of its own, loaded after activation (src/providers/engine.ts).
  if (statSync(join(root, 'src/engine.ts'), { throwIfNoEntry: false }))
    entries.push({ in: 'src/engine.ts', out: 'engine' });
  // A parse thread (src/sql/pool.ts); it loads engine.js.
  if (statSync(join(root, 'src/worker.ts'), { throwIfNoEntry: false }))
    entries.push({ in: 'src/worker.ts', out: 'worker' });
  const { metafile } = await build({
    ...common,
    entryPoints: entries.map((e) => ({ in: join(root, e.in), out: e.out })),
    outdir: join(root, 'dist'),
    banner: { js: 'globalThis.__flinkKpuLoadStart ??= performance.now();' },
    metafile: true,
  });
  checkLayers(metafile);
  copyWasm(join(root, 'dist'));
  // The comparison page (src/webview/page), for the webview's browser: one script the panel loads
  // with its nonce (src/webview/html.ts), from dist/webview/ (a resource root of the panel).
  await build({
    entryPoints: [{ in: join(root, 'src/webview/page/compare.ts'), out: 'compare' }],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    outdir: join(root, 'dist/webview'),
  });
}
