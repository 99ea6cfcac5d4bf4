// Parsing on worker threads. Parsing and reading facts off the trees is most of a cold
// analysis (a 2,000-line file: ~100 of ~140 ms), and on the extension host's thread it
// blocks every other extension and every provider. The pool parses the statements a file's
// analysis would parse, on as many threads as it has, and keeps their facts in the caller's
// session (session.ts). Meanwhile the caller's thread resolves the queries whose facts came
// (resolveAhead.ts), so the analysis itself (analyzeSql) then mostly places kept results.
// Facts are plain data (see facts.ts), so they cross threads by structured clone.
import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { internalErrorMessage } from './analyze';
import { type OnChains, ResolveAhead, shapesOthers } from './resolveAhead';
import type { SqlSession } from './session';
import { extractStatement } from './extract';
import { abandonedFacts, type StatementFacts } from './facts';
import { warmUpParser } from './parser';

interface Request {
  id: number;
  texts: string[];
  /**
   * The request's budget, for the thread's own backstop: the pool says when it passed (STOP),
   * but the pool's ticks run on the extension host's thread, which a large analysis can keep
   * busy for seconds; the thread then stops by its own clock, from when it started on it.
   */
  budgetMs?: number;
}
/**
 * Facts of texts[from ..] of a request, sent as they are ready (every few milliseconds)
 * so that the caller takes in one batch while the next is parsed; `done` on the last.
 * null: not parsed (the request's budget passed).
 */
interface Reply {
  id: number;
  from: number;
  facts: (StatementFacts | null)[];
  done: boolean;
}

/**
 * What a thread is doing, in memory it shares with the pool (an Int32Array over a
 * SharedArrayBuffer), so that every decision that depends on time is the pool's, on its own
 * clock: the thread writes which statement it starts, the pool reads it on its ticks and
 * says when a request's budget has passed. A thread never reads a clock.
 */
const REQUEST = 0; // the request the thread is on (-1: none)
const INDEX = 1; // the statement of that request it is parsing
const SERIAL = 2; // statements started so far: a change means the thread moved on
const STOP = 3; // a request whose budget passed: its statements still to parse are skipped
const CONTROL_SLOTS = 4;

/** How often the pool looks at its threads while they work (the budgets' resolution). */
export const TICK_MS = 20;

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

/** How long a thread parses before it sends what it has (batching only: no budget depends on it). */
const BATCH_MS = 8;

/** Reads one statement's facts; a parse thread may be given another (a test's, which can hang). */
export type Extract = (statement: string) => StatementFacts;

/** On a parse thread: the memory it shares with the pool. */
function threadControl(): Int32Array {
  return new Int32Array((workerData as { control: SharedArrayBuffer }).control);
}

/** On a parse thread: whether the pool said that the budget of the request being parsed passed. */
export function requestBudgetPassed(): boolean {
  const control = threadControl();
  return Atomics.load(control, STOP) === Atomics.load(control, REQUEST);
}

/**
 * The worker's side: warm the parser, then parse what is asked, in order, until the pool says
 * the request's budget passed or the thread's own clock does (Request.budgetMs). A statement whose
 * parse throws (a bug, or a stack too small for its nesting) gets facts that say so, so that
 * the caller does not parse it again on its own thread.
 */
export function serveParseRequests(extract: Extract = extractStatement): void {
  const port = parentPort;
  if (!port) throw new Error('serveParseRequests runs only on a worker thread');
  const control = threadControl();
  warmUpParser();
  port.on('message', (req: Request) => {
    Atomics.store(control, REQUEST, req.id);
    const deadline = req.budgetMs === undefined ? undefined : performance.now() + req.budgetMs;
    let from = 0;
    let facts: (StatementFacts | null)[] = [];
    let sent = performance.now();
    for (let i = 0; i < req.texts.length; i++) {
      if (Atomics.load(control, STOP) === req.id || (deadline !== undefined && performance.now() >= deadline))
        facts.push(null);
      else {
        Atomics.store(control, INDEX, i);
        Atomics.add(control, SERIAL, 1);
        try {
          facts.push(extract(req.texts[i]));
        } catch (e) {
          facts.push(abandonedFacts({ code: 'sql-internal', message: internalErrorMessage(e) }));
        }
      }
      if (i + 1 < req.texts.length && performance.now() - sent >= BATCH_MS) {
        port.postMessage({ id: req.id, from, facts, done: false } satisfies Reply);
        from = i + 1;
        facts = [];
        sent = performance.now();
      }
    }
    Atomics.store(control, REQUEST, -1);
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
   * keeps only the last 5,000, and a file may have more. Statements the threads gave up on
   * (past the statement budget, or their parse threw there) are among them, with
   * `abandoned` set.
   */
  facts: Map<string, StatementFacts>;
  /** Of those, the statements given up on. */
  abandoned: number;
  /** Statements still to parse after it (the request's budget passed, or a thread failed). */
  left: number;
}

/** The pool's time: a clock in milliseconds and a timer, both a test's to drive. */
export interface Timers {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface PoolOptions {
  /** Threads are stopped after this long without a request (ms). */
  idleMs?: number;
  /**
   * The longest one statement may parse (ms; 0: no bound). A thread still on the same
   * statement after it is stopped and replaced; the statement gets facts that say so, and
   * the thread's other statements go to its replacement.
   */
  statementBudgetMs?: number;
  timers?: Timers;
}

/** A request sent to a thread, and what the pool knows of it. */
interface Asked {
  texts: string[];
  /** Position of each text in the request it continues (itself, unless a thread was replaced). */
  positions: number[];
  /** How long the thread may parse it, from when it starts on it (the analysis budget). */
  budgetMs?: number;
  /** Timers.now() when a thread was first seen on it (on a replaced thread's: the first one). */
  startedAt?: number;
  /** Texts answered so far (batches come in order). */
  answered: number;
  /** Each batch, with positions in the first request; undefined when the thread failed. */
  take: (batch: { positions: number[]; facts: (StatementFacts | null)[]; done: boolean } | undefined) => void;
}

interface Slot {
  worker: Worker;
  control: Int32Array;
  /** Request id → what was asked, in the order sent. */
  pending: Map<number, Asked>;
  /** The statement the pool last saw the thread start (its SERIAL) and when it saw it. */
  serial: number;
  serialSeenAt: number;
  /** Stopped on purpose (idle, replaced, or the pool disposed): its exit is no failure. */
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
  private idleTimer: unknown;
  private tickTimer: unknown;
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
  private readonly timers: Timers;
  private readonly idleMs: number;
  /** See PoolOptions; a setting, so it may change between requests. */
  statementBudgetMs: number;

  /** `script` is a file that calls serveParseRequests() (dist/worker.js). */
  constructor(
    private readonly script: string,
    readonly threads: number,
    options: PoolOptions = {},
  ) {
    this.timers = options.timers ?? realTimers;
    this.idleMs = options.idleMs ?? IDLE_MS;
    this.statementBudgetMs = options.statementBudgetMs ?? 0;
    this.startThreads();
  }

  /** Threads running now (0 while idle, or once they failed too often). */
  get running(): number {
    return this.slots.length;
  }

  /** Whether a thread has a request it has not answered in full (a hedged request's slower thread too). */
  get busy(): boolean {
    return this.slots.some((s) => s.pending.size > 0);
  }

  /** The statements the threads are parsing now (for tests: which one a thread is on). */
  parsingNow(): string[] {
    const out: string[] = [];
    for (const slot of this.slots) {
      const asked = slot.pending.get(Atomics.load(slot.control, REQUEST));
      const text = asked?.texts[Atomics.load(slot.control, INDEX)];
      if (text !== undefined) out.push(text);
    }
    return out;
  }

  private startThreads(): void {
    while (this.slots.length < this.threads) this.slots.push(this.start());
  }

  /** Stops the threads after a quiet spell; the next prefetch starts (and warms) them again. */
  private stopThreads(): void {
    for (const s of this.slots) {
      s.stopped = true;
      // Requests still under way (the pool disposed) are left to the caller.
      for (const a of s.pending.values()) a.take(undefined);
      s.pending.clear();
      void s.worker.terminate();
    }
    this.slots = [];
  }

  private start(): Slot {
    const control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT));
    control[REQUEST] = -1;
    control[STOP] = -1;
    const worker = new Worker(this.script, { workerData: { control: control.buffer } });
    const slot: Slot = { worker, control, pending: new Map(), serial: 0, serialSeenAt: this.timers.now() };
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const a = slot.pending.get(reply.id);
      if (!a) return;
      if (reply.done) slot.pending.delete(reply.id);
      a.answered = reply.from + reply.facts.length;
      a.take({ positions: a.positions.slice(reply.from, a.answered), facts: reply.facts, done: reply.done });
    });
    // A thread that fails leaves its statements to the caller, and is replaced on next use.
    const fail = (e?: unknown) => {
      if (slot.stopped) return;
      if (e instanceof Error) this.lastError = e.message;
      else if (typeof e === 'number' && !this.disposed) this.lastError = `a parse thread exited with code ${e}`;
      for (const a of slot.pending.values()) a.take(undefined);
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

  private send(slot: Slot, asked: Asked): void {
    const id = this.nextId++;
    slot.pending.set(id, asked);
    // What is left of the budget (a replaced thread's statements go on with what their first thread left).
    const budgetMs =
      asked.budgetMs === undefined
        ? undefined
        : asked.startedAt === undefined
          ? asked.budgetMs
          : Math.max(0, asked.budgetMs - (this.timers.now() - asked.startedAt));
    slot.worker.postMessage({ id, texts: asked.texts, budgetMs } satisfies Request);
    this.tickTimer ??= this.timers.setTimeout(() => this.tick(), TICK_MS);
  }

  /**
   * Looks at every thread with work: when it started on its request (the request's budget
   * runs from then), whether that budget passed (the thread is told to skip the rest), and
   * whether it has been on one statement for longer than the statement budget (then it is
   * replaced). Runs every TICK_MS while any thread has work, so both budgets are kept to
   * within a tick or two.
   */
  private tick(): void {
    this.tickTimer = undefined;
    const now = this.timers.now();
    for (const slot of [...this.slots]) {
      const id = Atomics.load(slot.control, REQUEST);
      const asked = slot.pending.get(id);
      const serial = Atomics.load(slot.control, SERIAL);
      if (serial !== slot.serial) {
        slot.serial = serial;
        slot.serialSeenAt = now;
      }
      if (!asked) continue;
      asked.startedAt ??= now;
      if (asked.budgetMs !== undefined && now - asked.startedAt >= asked.budgetMs)
        Atomics.store(slot.control, STOP, id);
      if (this.statementBudgetMs > 0 && now - slot.serialSeenAt >= this.statementBudgetMs)
        this.abandon(slot, id, Atomics.load(slot.control, INDEX));
    }
    if (this.busy) this.tickTimer = this.timers.setTimeout(() => this.tick(), TICK_MS);
  }

  /**
   * Gives up on the statement a thread has parsed for longer than the statement budget: the
   * thread is stopped (a parse cannot be interrupted otherwise) and replaced, the statement
   * gets facts that say why, and what the thread had still to answer goes to its replacement.
   */
  private abandon(slot: Slot, id: number, index: number): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    slot.stopped = true;
    void slot.worker.terminate();
    const next = this.start();
    this.slots[i] = next;
    const budget = this.statementBudgetMs;
    for (const [askedId, a] of slot.pending) {
      let keep = [...a.texts.keys()].slice(a.answered);
      if (askedId === id) {
        a.take({
          positions: [a.positions[index]],
          facts: [
            abandonedFacts({
              code: 'sql-statement-budget',
              message: `Not analysed: parsing this statement took longer than the statement budget (${budget} ms); the statements after it are analysed.`,
            }),
          ],
          done: false,
        });
        keep = keep.filter((k) => k !== index);
      }
      if (keep.length === 0) a.take({ positions: [], facts: [], done: true });
      else
        this.send(next, {
          ...a,
          texts: keep.map((k) => a.texts[k]),
          positions: keep.map((k) => a.positions[k]),
          answered: 0,
        });
    }
    slot.pending.clear();
  }

  /** Sends texts to one thread; keeps their facts in `session` batch by batch (and tells `ahead`); resolves when all came (or the thread failed). */
  private ask(
    session: SqlSession,
    slot: Slot,
    texts: string[],
    budgetMs: number | undefined,
    into: Map<string, StatementFacts>,
    ahead?: ResolveAhead,
    race?: { won: boolean },
  ): Promise<number> {
    let parsed = 0;
    return new Promise((resolve) => {
      const take: Asked['take'] = (batch) => {
        // A hedged request another thread answered first: its answer is the one taken.
        if (race?.won) {
          if (!batch || batch.done) resolve(0);
          return;
        }
        const arrived: string[] = [];
        batch?.facts.forEach((f, i) => {
          const t = texts[batch.positions[i]];
          this.inflight.delete(t);
          if (!f) return;
          session.keepFacts(t, f);
          into.set(t, f);
          arrived.push(t);
          if (!f.abandoned) parsed++;
        });
        if (arrived.length > 0) ahead?.arrived(arrived);
        if (!batch || batch.done) {
          for (const t of texts) this.inflight.delete(t);
          if (race && batch) race.won = true;
          resolve(parsed);
        }
      };
      this.send(slot, { texts, positions: texts.map((_, i) => i), budgetMs, answered: 0, take });
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
   * parse (not in `session` yet), and keeps their facts in `session`. Statements are dealt out in order
   * (declarations and settings first, see SHAPING_FIRST_CHARS) to the thread with the
   * fewest characters so far, so at a deadline every thread has reached about the same
   * point. Meanwhile the queries are resolved on this thread (ResolveAhead), and
   * `onChains` hears of their join chains.
   */
  async prefetch(session: SqlSession, text: string, budgetMs?: number, onChains?: OnChains): Promise<PrefetchResult> {
    // Statements another prefetch has sent already (providers ask for the same document at
    // once) are awaited, not sent again.
    const all = session.statementsToParse(text);
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
    this.timers.clearTimeout(this.idleTimer);
    if (this.slots.length === 0 && this.failures <= 3 && !this.disposed) this.startThreads();
    const facts = new Map<string, StatementFacts>();
    // No thread left (they failed to start), or no budget at all: the caller parses everything.
    if (this.slots.length === 0 || (budgetMs !== undefined && budgetMs <= 0))
      return { parsed: 0, facts, abandoned: 0, left: all.length };
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
    const ahead =
      texts.length > 1 && chars <= SHAPING_FIRST_CHARS ? new ResolveAhead(session, text, facts, onChains) : undefined;
    const race = { won: false };
    const requests = hedged
      ? [
          this.firstAnswer(
            this.slots.map((slot) => this.ask(session, slot, shares[0], budgetMs, facts, undefined, race)),
            race,
          ),
        ]
      : shares.map((share, k) => this.ask(session, this.slots[k], share, budgetMs, facts, ahead));
    shares.forEach((share, k) => {
      for (const t of share) this.inflight.set(t, { done: requests[k], facts });
    });
    const counts = await Promise.all(requests);
    // What the other calls parsed for this text is this call's answer too.
    await Promise.all(new Set(waited.map(([, w]) => w.done)));
    for (const [t, w] of waited) {
      const f = w.facts.get(t);
      if (!f) continue;
      facts.set(t, f);
      // (Another session's prefetch kept them in its own session.)
      if (!session.hasFacts(t)) session.keepFacts(t, f);
    }
    const parsed = counts.reduce((a, b) => a + b, 0);
    this.parsedTotal += parsed;
    if (this.inflight.size === 0 && !this.disposed)
      this.idleTimer = this.timers.setTimeout(() => this.stopThreads(), this.idleMs);
    let abandoned = 0;
    for (const f of facts.values()) if (f.abandoned) abandoned++;
    return { parsed, facts, abandoned, left: all.filter((t) => !facts.has(t) && !session.hasFacts(t)).length };
  }

  dispose(): void {
    this.disposed = true;
    this.timers.clearTimeout(this.idleTimer);
    this.timers.clearTimeout(this.tickTimer);
    this.tickTimer = undefined;
    this.stopThreads();
  }
}
