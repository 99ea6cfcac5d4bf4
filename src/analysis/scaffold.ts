// A job descriptor scaffolded from a SQL file's DDL, for the "Create job descriptor"
// action: every input table of a join chain with the fields its estimate reads.
import { stringify } from 'yaml';
import type { SqlAnalysis } from '../sql';
import { JOB_DEFAULTS } from '../sizing';

export function scaffoldDescriptor(sqlFileName: string, sql: SqlAnalysis): string {
  const base = sqlFileName.split(/[\\/]/).pop() ?? sqlFileName;
  const name =
    base
      .replace(/\.((flink\.)?sql|java|kts?|scala|sc|py)$/i, '')
      .replace(/[^A-Za-z0-9-]+/g, '-')
      .toLowerCase() || 'flink-job';
  const inputs = new Map<string, { appendOnly: boolean; strings: string[] }>();
  for (const c of sql.chains) {
    for (const i of c.inputs) {
      const key = i.tables.length === 1 ? i.tables[0] : i.name;
      const table = sql.tables.find((t) => t.name.toLowerCase() === key.toLowerCase());
      const strings = (table?.columns ?? [])
        .filter((col) => /^(STRING|VARCHAR|CHAR|BYTES|VARBINARY)/i.test(col.type))
        .map((col) => col.name);
      inputs.set(key, { appendOnly: i.appendOnly, strings });
    }
  }
  const tables: Record<string, Record<string, unknown>> = {};
  for (const [t, info] of inputs) {
    const entry: Record<string, unknown> = info.appendOnly
      ? { rate: `${JOB_DEFAULTS.ratePerSec}/s`, retention: '7d' }
      : { rows: '1M' };
    if (info.strings.length)
      entry.columnBytes = Object.fromEntries(info.strings.map((s) => [s, JOB_DEFAULTS_STRING_BYTES]));
    tables[t] = entry;
  }
  const doc = {
    name,
    platform: 'aws-managed-flink',
    region: JOB_DEFAULTS.region,
    flinkVersion: JOB_DEFAULTS.flinkVersion,
    parallelism: JOB_DEFAULTS.parallelism,
    parallelismPerKPU: JOB_DEFAULTS.parallelismPerKPU,
    autoScaling: false,
    sql: base,
    tables,
  };
  return [
    '# Job descriptor for Flink KPU Lens (docs/descriptor.md).',
    '# Replace the row counts, rates and string lengths with your data: the estimate',
    '# of every join chain in the SQL file uses them.',
    stringify(doc, { lineWidth: 0 }),
  ].join('\n');
}

/** The average string length written into a scaffold: the model's default (docs/sizing-model.md §2). */
const JOB_DEFAULTS_STRING_BYTES = 24;
