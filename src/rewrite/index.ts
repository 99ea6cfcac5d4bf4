// The DataStream union rewrite of a join chain as a Maven module (an in-memory file map):
// pure, no `vscode`, no file system. The CLI and the editor write the files where the user chose.
import type { ChainResult, SqlEstimate } from '../analysis/estimate';
import { UNION_VALUE_FORMAT_NOTE } from '../sizing/joinState';
import type { SqlAnalysis } from '../sql';
import { javaModule, type HeaderEstimate } from './java';
import { MANIFEST_FILE, manifestOf } from './manifest';
import { planRewrite, type RewriteError, type RewritePlan } from './plan';
import { rewriteState, type RewriteState } from './state';

export type { RewriteError, RewritePlan } from './plan';
export type { RewriteState } from './state';
export { MANIFEST_FILE, type RewriteManifest } from './manifest';

export interface Rewrite {
  plan: RewritePlan;
  /** Path (relative to the module's root, `/`-separated) → content. */
  files: Map<string, string>;
  /** The state of the generated job's union stages, from their ValueState/MapState layout. */
  state: RewriteState;
  /** The chain's estimate it came from. */
  chain: ChainResult;
}

/** What the comparison shows beside its button: whether the chain can be generated, and the state it would hold. */
export interface RewriteSummary {
  available: boolean;
  /** Why not, when it cannot be generated (the first reason, with its line). */
  reason?: string;
  /** The generated job's union stages and the SQL chain as written, bytes. */
  stateBytes?: number;
  binaryBytes?: number;
}

export function rewriteSummary(
  text: string,
  sql: SqlAnalysis,
  estimate: SqlEstimate,
  chainIndex: number,
): RewriteSummary {
  const g = generateRewrite(text, sql, estimate, chainIndex);
  if ('errors' in g) {
    const e = g.errors[0];
    return {
      available: false,
      reason: `line ${e.range.start.line}: ${e.message}${g.errors.length > 1 ? ` (and ${g.errors.length - 1} more)` : ''}`,
    };
  }
  return { available: true, stateBytes: g.state.stateBytes, binaryBytes: g.chain.estimate.binary.stateBytes };
}

export interface RewriteOptions {
  /** Flink version of the generated pom (default: the one the estimate used, the job's). */
  flinkVersion?: string;
}

/**
 * The union rewrite of chain `chainIndex` (0-based) of a SQL file's analysis: `text` is the
 * SQL the analysis read (positions in `sql` are in it), `estimate` its estimate.
 */
export function generateRewrite(
  text: string,
  sql: SqlAnalysis,
  estimate: SqlEstimate,
  chainIndex: number,
  opts: RewriteOptions = {},
): Rewrite | { errors: RewriteError[] } {
  const flinkVersion = opts.flinkVersion ?? estimate.flinkVersion;
  const planned = planRewrite(text, sql, chainIndex, { flinkVersion, stateTtlSec: estimate.stateTtlSec });
  if ('errors' in planned) return planned;
  const { plan } = planned;
  const chain = estimate.chains[chainIndex];
  const state = rewriteState(plan, chain.spec, chain.estimate);
  if ('error' in state) return { errors: [{ message: state.error, range: chain.chain.range }] };
  const views = chain.estimate.binary.operators.filter((o) => o.kind !== 'join');
  const header: HeaderEstimate = {
    binaryBytes: chain.estimate.binary.stateBytes,
    unionBytes: state.stateBytes,
    stages: state.stages.map((s) => ({ name: s.name, bytes: s.stateBytes })),
    viewBytes: views.reduce((s, o) => s + o.stateBytes, 0),
    statistics: chain.stats.some((s) => s.source === 'descriptor')
      ? 'statistics from the job descriptor'
      : 'default statistics (no job descriptor: 1,000,000 rows per table)',
    formatNote: UNION_VALUE_FORMAT_NOTE,
  };
  const files = javaModule(plan, header);
  files.set(MANIFEST_FILE, `${JSON.stringify(manifestOf(plan), null, 2)}\n`);
  return { plan, files, state, chain };
}
