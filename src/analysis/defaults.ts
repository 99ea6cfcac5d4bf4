// What a SQL file is estimated with when no job descriptor gives its statistics.
// Each value is an assumption (no source gives a number for a job we know nothing of);
// hovers, the CLI and the README say that these defaults were used.
export const SQL_DEFAULTS = Object.freeze({
  /** Live rows held by an input with a key (distinct keys). Assumption. */
  rows: 1_000_000,
  /** Rows per second of an append-only input. Assumption. */
  ratePerSec: 100,
  /** AWS ParallelismConfiguration defaults (fact: AWS docs how-scaling). */
  parallelism: 1,
  parallelismPerKPU: 1,
  /** Region whose prices are sourced (fact: AWS pricing page). */
  region: 'us-east-1',
  /** The version AWS Managed Flink offered in Feb 2026 (fact: seed pages). */
  flinkVersion: '1.20',
  /** Chains storing more than this multiple of the union rewrite get a warning. Setting. */
  amplificationThreshold: 2,
});
