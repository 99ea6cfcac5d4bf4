// Parsing on worker threads. Parsing and reading facts off the trees is most of a cold
// analysis (a 2,000-line file: ~100 of ~140 ms), and on the extension host's thread it
// blocks every other extension and every provider. The pool parses the statements a file's
// analysis would parse, on as many threads as it has, and puts their facts in the statement
// cache. Meanwhile the caller's thread resolves the queries whose facts came (ResolveAhead,
// in analyze.ts), so the analysis itself (analyzeSql) then mostly places cached results.
// Facts are plain data (see facts.ts), so they cross threads by structured clone.
import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import { cacheStatementFacts, hasStatementFacts, type OnChains, ResolveAhead, shapesOthers, statementsToParse } from './analyze';
import { extractStatement } from './extract';
import type { StatementFacts } from './facts';
import { warmUpParser } from './parser';

interface Request {
  id: number;
  texts: string[];
  /**
   * How long the thread may parse this request, from when it starts on it (the analysis
   * budget): time spent queued behind another file's request is not this file's.
   */
  budgetMs?: number;
}
/**
 * Facts of texts[from ..] of a request, sent as they are ready (every few milliseconds)
 * so that the caller takes in one batch while the next is parsed; `done` on the last.
 * null: not parsed (deadline passed, or it threw).
 */
interface Reply {
  id: number;
  from: number;
  facts: (StatementFacts | null)[];
  done: boolean;
}

/**
 * Up to this many characters of statements to parse, declarations and settings are parsed
 * first (see prefetch). The editor analyses the bench's 51 KB file in 130-151 ms on a 2-core
 * VM, so this much in about 0.6 s, under a third of the default budget (2 s): the order
 * changes no budget diagnostic even on a slower machine. A larger file is parsed in file
 * order, so that the statements parsed by the deadline are the file's first ones (and the
 * analysis stops after them).
 */
const SHAPING_FIRST_CHARS = 200_000;

/** Up to this many characters, a request goes to every thread (see prefetch). */
const HEDGE_CHARS = 8_000;

/** How long a thread parses before it sends what it has. */
const BATCH_MS = 8;

/** The worker's side: warm the parser, then parse what is asked, in order. */
export function serveParseRequests(): void {
  const port = parentPort;
  if (!port) throw new Error('serveParseRequests runs only on a worker thread');
  warmUpParser();
  port.on('message', (req: Request) => {
    const deadline = req.budgetMs === undefined ? undefined : Date.now() + req.budgetMs;
    let from = 0;
    let facts: (StatementFacts | null)[] = [];
    let sent = performance.now();
    for (let i = 0; i < req.texts.length; i++) {
      if (deadline !== undefined && Date.now() >= deadline) facts.push(null);
      else {
        try {
          facts.push(extractStatement(req.texts[i]));
        } catch {
          // The caller parses it again on its own thread and reports the error there.
          facts.push(null);
        }
      }
      if (i + 1 < req.texts.length && performance.now() - sent >= BATCH_MS) {
        port.postMessage({ id: req.id, from, facts, done: false } satisfies Reply);
        from = i + 1;
        facts = [];
        sent = performance.now();
      }
    }
    port.postMessage({ id: req.id, from, facts, done: true } satisfies Reply);
  });
}

/**
 * How many parse threads to use by default: one on up to three cores, two from four. The
 * caller's thread is not idle while they parse (it resolves and estimates what they send,
 * see ResolveAhead), and each thread's garbage collector wants a core too: on a 2-core
 * machine, the bench's full analysis of 2,165 lines took 1.56-1.57x the parse on the shipped
 * runtime with one thread and 2.02-2.08x with two (two alternated pairs of runs). A third thread would cost another ~90 MB for little.
 */
export function defaultParseThreads(): number {
  return availableParallelism() >= 4 ? 2 : 1;
}

export interface PrefetchResult {
  /** Statements parsed on the pool's threads by this call. */
  parsed: number;
  /**
   * Their facts, for the analysis that follows (AnalyzeOptions.parsed): the statement cache
   * keeps only the last 5,000, and a file may have more.
   */
  facts: Map<string, StatementFacts>;
  /** Statements still to parse after it (deadline passed, a thread failed, or it threw there). */
  left: number;
}

interface Slot {
  worker: Worker;
  /** Request id → what to do with each batch of its reply (undefined: the thread failed). */
  pending: Map<number, (reply: Reply | undefined) => void>;
  /** Stopped on purpose (idle, or the pool disposed): its exit is no failure. */
  stopped?: boolean;
}

/** A parse thread holds ~80-100 MB (its heap, the engine, the parser's prediction cache): idle threads are stopped. */
const IDLE_MS = 5 * 60_000;

/** A statement sent to a thread: the request, and the facts map of the prefetch that sent it. */
interface Inflight {
  done: Promise<number>;
  facts: Map<string, StatementFacts>;
}

export class ParsePool {
  private slots: Slot[] = [];
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 0;
  private disposed = false;
  /** Threads that failed; past a few the pool stops replacing them (a missing or broken script). */
  private failures = 0;
  /** Why a thread failed last (shown by the parse stats). */
  lastError: string | undefined;
  /** Statement text → the request parsing it now. */
  private readonly inflight = new Map<string, Inflight>();
  /** Statements parsed on the pool's threads since it started (for tests and the benchmark). */
  parsedTotal = 0;

  /** `script` is a file that calls serveParseRequests() (dist/worker.js). */
  constructor(
    private readonly script: string,
    readonly threads: number,
    private readonly idleMs = IDLE_MS,
  ) {
    this.startThreads();
  }

  /** Threads running now (0 while idle, or once they failed too often). */
  get running(): number {
    return this.slots.length;
  }

  private startThreads(): void {
    while (this.slots.length < this.threads) this.slots.push(this.start());
  }

  /** Stops the threads after a quiet spell; the next prefetch starts (and warms) them again. */
  private stopThreads(): void {
    for (const s of this.slots) {
      s.stopped = true;
      // Requests still under way (the pool disposed) are left to the caller.
      for (const take of s.pending.values()) take(undefined);
      s.pending.clear();
      void s.worker.terminate();
    }
    this.slots = [];
  }

  private start(): Slot {
    const worker = new Worker(this.script);
    const slot: Slot = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const take = slot.pending.get(reply.id);
      if (reply.done) slot.pending.delete(reply.id);
      take?.(reply);
    });
    // A thread that fails leaves its statements to the caller, and is replaced on next use.
    const fail = (e?: unknown) => {
      if (slot.stopped) return;
      if (e instanceof Error) this.lastError = e.message;
      else if (typeof e === 'number' && !this.disposed) this.lastError = `a parse thread exited with code ${e}`;
      for (const take of slot.pending.values()) take(undefined);
      slot.pending.clear();
      const i = this.slots.indexOf(slot);
      if (i < 0 || this.disposed) return;
      if (++this.failures > 3) this.slots.splice(i, 1);
      else this.slots[i] = this.start();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return slot;
  }

  /** Sends texts to one thread; caches their facts batch by batch (and tells `ahead`); resolves when all came (or the thread failed). */
  private ask(slot: Slot, texts: string[], budgetMs: number | undefined, into: Map<string, StatementFacts>, ahead?: ResolveAhead, race?: { won: boolean }): Promise<number> {
    const id = this.nextId++;
    let parsed = 0;
    return new Promise((resolve) => {
      slot.pending.set(id, (reply) => {
        // A hedged request another thread answered first: its answer is the one taken.
        if (race?.won) {
          if (!reply || reply.done) resolve(0);
          return;
        }
        const arrived: string[] = [];
        reply?.facts.forEach((f, i) => {
          const t = texts[reply.from + i];
          this.inflight.delete(t);
          if (!f) return;
          cacheStatementFacts(t, f);
          into.set(t, f);
          arrived.push(t);
          parsed++;
        });
        if (arrived.length > 0) ahead?.arrived(arrived);
        if (!reply || reply.done) {
          for (const t of texts) this.inflight.delete(t);
          if (race && reply) race.won = true;
          resolve(parsed);
        }
      });
      slot.worker.postMessage({ id, texts, budgetMs } satisfies Request);
    });
  }

  /** The count of the hedged request that a thread answered first; 0 when every thread failed. */
  private firstAnswer(asked: Promise<number>[], race: { won: boolean }): Promise<number> {
    return new Promise((resolve) => {
      let left = asked.length;
      for (const a of asked) {
        void a.then((n) => {
          // A failed thread settles too: the others may still answer.
          if (race.won || --left === 0) resolve(n);
        });
      }
    });
  }

  /**
   * Parses, on the pool's threads, the statements of `text` that the analysis would
   * parse (not cached yet), and caches their facts. Statements are dealt out in order
   * (declarations and settings first, see SHAPING_FIRST_CHARS) to the thread with the
   * fewest characters so far, so at a deadline every thread has reached about the same
   * point. Meanwhile the queries are resolved on this thread (ResolveAhead), and
   * `onChains` hears of their join chains.
   */
  async prefetch(text: string, budgetMs?: number, onChains?: OnChains): Promise<PrefetchResult> {
    // Statements another prefetch has sent already (providers ask for the same document at
    // once) are awaited, not sent again.
    const all = statementsToParse(text);
    let texts: string[] = [];
    const waited: [string, Inflight][] = [];
    let chars = 0;
    for (const t of all) {
      const w = this.inflight.get(t);
      if (w) waited.push([t, w]);
      else {
        texts.push(t);
        chars += t.length;
      }
    }
    // Declarations and settings first: once they are in, the queries are resolved as their
    // facts come (ResolveAhead), while the threads still parse, instead of all after the parse.
    if (chars <= SHAPING_FIRST_CHARS) texts = texts.filter(shapesOthers).concat(texts.filter((t) => !shapesOthers(t)));
    clearTimeout(this.idleTimer);
    if (this.slots.length === 0 && this.failures <= 3 && !this.disposed) this.startThreads();
    // No thread left (they failed to start): the caller parses everything.
    const facts = new Map<string, StatementFacts>();
    if (this.slots.length === 0) return { parsed: 0, facts, left: all.length };
    const n = Math.min(this.slots.length, texts.length);
    const shares: string[][] = Array.from({ length: n }, () => []);
    const load = new Array<number>(n).fill(0);
    for (const t of texts) {
      let k = 0;
      for (let j = 1; j < n; j++) if (load[j] < load[k]) k = j;
      shares[k].push(t);
      load[k] += t.length;
    }
    // A small request (an edit: one statement) goes to every thread and the first answer
    // counts: a thread may be collecting the garbage of the file it just parsed, which
    // would double the time the edit takes.
    const hedged = n === 1 && load[0] <= HEDGE_CHARS && this.slots.length > 1;
    // Resolving ahead pays only with a parse to overlap (not for one statement: an edit), and
    // not for a larger file: in file order, its declarations are all in only at the end.
    const ahead = texts.length > 1 && chars <= SHAPING_FIRST_CHARS ? new ResolveAhead(text, facts, onChains) : undefined;
    const race = { won: false };
    const requests = hedged
      ? [this.firstAnswer(this.slots.map((slot) => this.ask(slot, shares[0], budgetMs, facts, undefined, race)), race)]
      : shares.map((share, k) => this.ask(this.slots[k], share, budgetMs, facts, ahead));
    shares.forEach((share, k) => {
      for (const t of share) this.inflight.set(t, { done: requests[k], facts });
    });
    const counts = await Promise.all(requests);
    // What the other calls parsed for this text is this call's answer too.
    await Promise.all(new Set(waited.map(([, w]) => w.done)));
    for (const [t, w] of waited) {
      const f = w.facts.get(t);
      if (f) facts.set(t, f);
    }
    const parsed = counts.reduce((a, b) => a + b, 0);
    this.parsedTotal += parsed;
    if (this.inflight.size === 0 && !this.disposed) {
      this.idleTimer = setTimeout(() => this.stopThreads(), this.idleMs);
      this.idleTimer.unref();
    }
    return { parsed, facts, left: all.filter((t) => !facts.has(t) && !hasStatementFacts(t)).length };
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.idleTimer);
    this.stopThreads();
  }
}
