// npm run check-rewrite -- <module dir> [--sequences N] [--seed S]: compiles a generated union
// rewrite against the Flink API shim and replays random changelogs of its chain's inputs through
// it, comparing the sink's final table with the SQL chain's (test/rewrite/harness.ts). Exit 0:
// every sequence agrees; 1: some differ (the first is printed); 2: usage, javac or run errors.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkCompiled, compileModules } from './harness';

function main(argv: string[]): number {
  let dir: string | undefined;
  let sequences = 1000;
  let seed = 1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sequences' || a === '--seed') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < (a === '--seed' ? 0 : 1))
        throw new Error(`${a} takes a whole number, not '${argv[i]}'`);
      if (a === '--sequences') sequences = n;
      else seed = n;
    } else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: npm run check-rewrite -- <module dir> [--sequences N (1000)] [--seed S (1)]\n');
      return 0;
    } else if (!a.startsWith('-') && dir === undefined) dir = a;
    else throw new Error(`unknown argument '${a}'`);
  }
  if (!dir) throw new Error('usage: npm run check-rewrite -- <module dir> [--sequences N] [--seed S]');
  const moduleDir = resolve(dir);
  if (!existsSync(join(moduleDir, 'flink-kpu-rewrite.json')))
    throw new Error(`${dir} has no flink-kpu-rewrite.json: not a module written by flink-kpu rewrite`);
  const work = mkdtempSync(join(tmpdir(), 'check-rewrite-'));
  try {
    const [module] = compileModules([moduleDir], work);
    process.stdout.write(`compiled ${module.manifest.package} against the Flink API shim (Flink 1.20 signatures)\n`);
    const r = checkCompiled(module, sequences, seed);
    process.stdout.write(
      `replayed ${r.sequences} random changelogs (${r.events} changes, seed ${seed}): ${r.sequences - r.mismatched} end in the SQL chain's table, ${r.mismatched} differ\n`,
    );
    const f = r.failures[0];
    if (f) {
      const names = module.manifest.inputs.map((i) => i.name);
      process.stdout.write(
        `first difference, sequence ${f.sequence}:\n  changes:\n${f.events.map((e) => `    ${names[e.input]} ${e.kind} ${JSON.stringify(e.values)}`).join('\n')}\n  SQL:     ${JSON.stringify(f.expected)}\n  rewrite: ${JSON.stringify(f.actual)}\n`,
      );
    }
    return r.mismatched > 0 ? 1 : 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`check-rewrite: ${(e as Error).message}\n`);
  process.exitCode = 2;
}
