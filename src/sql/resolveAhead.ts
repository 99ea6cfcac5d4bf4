// Pass 2 while the parse threads still parse (pool.ts): each query is resolved as soon as its
// facts and every declaration of its file are in.
import { LineIndex } from '../text';
import { emptyAnalysis } from './analyze';
import { declare } from './declare';
import { stateTtlSetting } from './duration';
import type { StatementFacts } from './facts';
import { lc } from './relation';
import { type Env, newEnv } from './scope';
import { leadingWords, type Segment, statementText } from './split';
import { MAX_STATEMENT_CHARS, type SqlSession } from './session';
import type { ChainInfo } from './types';
import { queryResults, statementQuery } from './walk';

/**
 * Whether a statement can change how the others are resolved or estimated: a declaration
 * (CREATE, or REPLACE for `REPLACE TABLE ... AS`) or a setting (SET: the state TTL).
 */
export function shapesOthers(statement: string): boolean {
  const w = (leadingWords(statement, 1)[0] ?? '').toUpperCase();
  return w === 'CREATE' || w === 'REPLACE' || w === 'SET';
}

/** Told the chains of each query resolved ahead, and the state TTL the file's SET statements give. */
export type OnChains = (chains: readonly ChainInfo[], stateTtlSec: number | undefined) => void;

/** The longest the host spends resolving ahead per batch of facts. */
const SLICE_MS = 8;

/**
 * Pass 2 while the parse threads still parse (pool.ts). No query can be resolved before every
 * declaration of its file is known, but then each can be, as soon as its facts come: its
 * results are cached under the same environment id analyzeSql gives them, so the analysis
 * after the parse only places them. The threads parse declarations and settings first for this.
 * `onChains` hears of each query's chains (their estimates can be made ahead too).
 */
export class ResolveAhead {
  private env: Env | undefined;
  private envId = 0;
  private stateTtlSec: number | undefined;
  private readonly index: LineIndex;
  /** The file's statements by text (a text may occur more than once). */
  private readonly byText = new Map<string, Segment[]>();
  /** Statements that shape the others (shapesOthers), in file order; how many have no facts yet. */
  private readonly shaping: Segment[] = [];
  private readonly isShaping = new Set<Segment>();
  private missing = 0;
  /** Statements whose facts are in, still to resolve; and every statement counted in so far. */
  private ready: Segment[] = [];
  private readonly seen = new Set<Segment>();
  private failed = false;

  constructor(
    private readonly session: SqlSession,
    private readonly text: string,
    private readonly parsed: ReadonlyMap<string, StatementFacts>,
    private readonly onChains?: OnChains,
    /** `clock`: the time each batch's slice is measured in, milliseconds (default performance.now; a test's clock decides where a slice ends). */
    private readonly options: { clock?: () => number } = {},
  ) {
    this.index = new LineIndex(text);
    for (const seg of session.segmentsOf(text)) {
      if (seg.kind !== 'sql' || seg.end - seg.start > MAX_STATEMENT_CHARS) continue;
      const t = statementText(text, seg);
      const same = this.byText.get(t);
      if (same) same.push(seg);
      else this.byText.set(t, [seg]);
      if (shapesOthers(t)) {
        this.shaping.push(seg);
        this.isShaping.add(seg);
        this.missing++;
      }
      // Statements parsed before this parse-ahead are in already; their queries were resolved
      // by the analysis that parsed them (or are resolved by the next one): not again here.
      if (session.hasFacts(t)) this.count(seg, false);
    }
  }

  private factsOf(seg: Segment): StatementFacts | undefined {
    const t = statementText(this.text, seg);
    return this.parsed.get(t) ?? this.session.peekFacts(t);
  }

  /** Counts a statement's facts in; `resolve`: its query is to be resolved here. */
  private count(seg: Segment, resolve = true): void {
    if (this.seen.has(seg)) return;
    this.seen.add(seg);
    if (this.isShaping.has(seg)) this.missing--;
    if (resolve) this.ready.push(seg);
  }

  /**
   * Takes in statements whose facts just came (a batch from a parse thread), and resolves what
   * it can. Never throws: after an error (a bug in resolving or estimating) it stops, and the
   * analysis, which meets the error again, reports it.
   */
  arrived(texts: readonly string[]): void {
    if (this.failed) return;
    try {
      this.take(texts);
    } catch {
      this.failed = true;
    }
  }

  private take(texts: readonly string[]): void {
    for (const t of texts) for (const seg of this.byText.get(t) ?? []) this.count(seg);
    if (!this.env) {
      if (this.missing > 0) return;
      this.readShaping();
      if (this.failed) return;
    }
    const env = this.env!;
    // At most SLICE_MS of work per batch, so that the host stays free to answer in between;
    // what is left waits for the next batch (after the last one, the analysis does it).
    const clock = this.options.clock ?? (() => performance.now());
    const started = clock();
    let done = 0;
    for (const seg of this.ready) {
      if (clock() - started >= SLICE_MS) break;
      done++;
      const f = this.factsOf(seg);
      if (!f) continue;
      // A declaration or setting shapesOthers did not see (it cannot happen today): the
      // environment is not the file's, so nothing more is resolved ahead.
      if (
        ((f.fact.kind === 'create-table' || f.fact.kind === 'create-view' || f.fact.kind === 'set') &&
          !this.isShaping.has(seg)) ||
        f.runOn
      ) {
        this.failed = true;
        return;
      }
      const q = statementQuery(f.fact);
      if (!q) continue;
      const results = queryResults(this.session, env, this.envId, statementText(this.text, seg), q);
      if (results.chains.length > 0) this.onChains?.(results.chains, this.stateTtlSec);
    }
    this.ready = this.ready.slice(done);
  }

  /** Pass 1's declarations and the state TTL, once every statement that shapes the others has its facts. */
  private readShaping(): void {
    const env = newEnv();
    const scratch = emptyAnalysis();
    const shaping: { seg: Segment; f: StatementFacts }[] = [];
    for (const seg of this.shaping) {
      const f = this.factsOf(seg);
      if (!f) continue;
      // Statements run together without ';' are split by the analysis alone: not resolved ahead.
      if (f.runOn) this.failed = true;
      shaping.push({ seg, f });
      const fact = f.fact;
      if (fact.kind === 'set' && fact.key !== undefined && lc(fact.key) === 'table.exec.state.ttl') {
        const sec = stateTtlSetting(fact.value ?? '');
        if (sec !== null) this.stateTtlSec = sec;
      } else declare(this.session, env, this.text, this.index, seg, fact, scratch);
    }
    this.envId = this.session.declarationsId(this.text, shaping);
    this.env = env;
  }
}
