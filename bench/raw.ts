// The parse floor as published: dt-sql-parser's whole-file parse on antlr4ng exactly as npm
// ships it. scripts/bench.mjs bundles this file without scripts/antlr-fields.mjs (which the
// product and bench.ts use), and bench.ts runs it in a process of its own.
// Prints { "<size>": median ms } for the sizes given as JSON in argv[2].
import { FlinkSQL } from 'dt-sql-parser/dist/parser/flink';
import { generateFlinkSql } from './generate';

const sizes: number[] = JSON.parse(process.argv[2] ?? '[]');
const repeat = Number(process.argv[3] ?? 11);
const raw = new FlinkSQL();
raw.parse('SELECT 1', () => undefined);
const out: Record<string, number> = {};
for (const n of sizes) {
  const text = generateFlinkSql(n);
  raw.parse(text, () => undefined);
  const ms: number[] = [];
  for (let k = 0; k < repeat; k++) {
    const t = performance.now();
    raw.parse(text, () => undefined);
    ms.push(performance.now() - t);
  }
  out[n] = ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)];
}
process.stdout.write(JSON.stringify(out));
