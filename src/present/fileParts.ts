// What of a file's report the CLI lists under that file: the join chains and stateful operators
// of its own SQL (a descriptor's inline SQL; a SQL file a descriptor names lists its own).
import type { ChainResult, FileReport, StatefulOperator } from '../analysis';

export function chainsOf(r: FileReport): ChainResult[] {
  return r.kind === 'sql' ? (r.estimate?.chains ?? []) : r.jobs.flatMap((j) => (j.sqlPath ? [] : j.estimate.chains));
}

/** Every stateful operator of a file's SQL (a descriptor's inline SQL; a named SQL file lists its own). */
export function statefulOf(r: FileReport): StatefulOperator[] {
  return r.kind === 'sql'
    ? (r.estimate?.stateful ?? [])
    : r.jobs.flatMap((j) => (j.sqlPath ? [] : j.estimate.stateful));
}
