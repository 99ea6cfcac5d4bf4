// The parse floor as published: dt-sql-parser's whole-file parse on antlr4ng exactly as npm
// ships it. scripts/bench.mjs bundles this file without scripts/antlr-fields.mjs (which the
// product and bench.ts use) into out/bench/raw-published.js, and bench.ts loads that bundle
// next to its own, so both parses are timed in the same runs.
import { FlinkSQL } from 'dt-sql-parser/dist/parser/flink';

const raw = new FlinkSQL();
raw.parse('SELECT 1', () => undefined);

export function publishedParse(text: string): void {
  raw.parse(text, () => undefined);
}
