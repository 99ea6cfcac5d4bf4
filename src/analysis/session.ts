// The one owner of everything an analysis keeps for the next one. The editor has one session
// per workspace (the AnalysisService), the CLI one per run, each test its own; nothing is kept
// at module level, so two sessions never see each other's state. Each part is bounded and
// keyed by what it was computed from (see docs/architecture.md).
import { ProgramMemo } from '../embedded';
import { SqlSession } from '../sql/session';
import { EstimateCache } from './estimate';

export class AnalysisSession {
  /** Statements parsed, table definitions, file splits and queries resolved (src/sql/session.ts). */
  readonly sql = new SqlSession();
  /** Chain estimates by sizing context and chain, and the field sizes they read (src/analysis/estimate.ts). */
  readonly estimates = new EstimateCache();
  /** Table-API programs read, by language and text (src/embedded/index.ts). */
  readonly programs = new ProgramMemo();
}

/** A new session (for the editor, which loads the engine bundle at run time: src/engine.ts). */
export function createSession(): AnalysisSession {
  return new AnalysisSession();
}
