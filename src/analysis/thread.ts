// The editor's analysis thread. The extension host's thread serves every extension and every
// provider, so the editor analyses there nothing heavier than adapting a result: a worker
// thread owns the workspace's analysis session (session.ts) and its parse threads (a ParsePool
// of its own, src/sql/pool.ts, which keeps the statement budget), and runs the whole analysis
// of a file (parse, resolution, chains, estimates) as the CLI runs it in its one thread. The
// host sends a file's text and what the analysis needs of the workspace (the job, the settings,
// the other files a descriptor reads), and receives the report's summary (summary.ts: what the
// lenses, hints, diagnostics and status bar show), whole or as a patch of the last one (patch.ts).
// The full report stays here until a hover, the comparison or a command asks for it (details).
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { hostLanguagesNamedIn, loadHostGrammar, extractProgram, type HostLanguage } from '../embedded';
import { initDescriptorParsers, type JobSpec } from '../descriptor';
import type { StatementFacts } from '../sql/facts';
import { ParsePool, type PrefetchResult } from '../sql/pool';
import { notTextReasonOfText } from '../text';
import { estimateAhead, type EstimateOptions } from './estimate';
import { analyzeDescriptorFile, analyzeProgramFile, analyzeSqlFile, type FileReport, sqlToParse } from './index';
import { applyPatch, patch } from './patch';
import { AnalysisSession } from './session';
import { type ReportSummary, Summarizer } from './summary';

/** What to analyse: a file as the editor has it. */
export interface AnalysisRequest {
  kind: 'sql' | 'program' | 'descriptor';
  /** The file's path (a URI's path): descriptors resolve the files they name from it. */
  path: string;
  text: string;
  /** The descriptor's job that runs a SQL file or program. */
  job?: JobSpec;
  /** The settings (plain data: no clock, nothing parsed ahead; the thread adds those). */
  opts: EstimateOptions;
  /** A program's language. */
  language?: HostLanguage;
  /**
   * Other files of the workspace a descriptor's analysis reads, as the host has them: path →
   * text, and directory → file names; null when they cannot be read. What the analysis asks
   * for and is not here comes back in AnalysisReply.missing.
   */
  files?: [string, string | null][];
  dirs?: [string, string[] | null][];
}

/** The thread's settings. */
export interface ThreadConfig {
  /** Parse threads of the thread's pool (0: it parses on its own thread, with no statement budget). */
  parseThreads: number;
  /** See ParsePool's statementBudgetMs. */
  statementBudgetMs: number;
}

export interface AnalysisReply {
  /** Undefined when the file is nothing we analyse (a YAML file that is no descriptor), or when cancelled. */
  report?: ReportSummary;
  /** The request's id: pass it with the report as the base of the file's next request (AnalysisThread.analyze). */
  id: number;
  /** The host cancelled the request before the thread started on it. */
  cancelled?: boolean;
  /** Files and directories the analysis asked for that the request did not carry. */
  missing: { files: string[]; dirs: string[] };
}

/** The thread's parse statistics (for the parseStats command and the tests). */
export interface ThreadStats {
  /** Parse threads of its pool. */
  threads: number;
  /** Statements its pool has parsed since the thread started. */
  parsed: number;
  lastError?: string;
}

type ToThread =
  /** `base`: the id of the request whose report the host keeps for this file (the answer may be a patch of it). */
  | { type: 'analyze'; id: number; request: AnalysisRequest; base?: number }
  | { type: 'cancel'; id: number }
  | { type: 'configure'; config: ThreadConfig }
  | { type: 'new-session' }
  | { type: 'memory'; id: number }
  /** The full report of the analysis `of` (a request id) of the file `file`; `base`: the id of the full report the host keeps for that file. */
  | { type: 'details'; id: number; file: string; of: number; base?: number };
type FromThread =
  | { type: 'reply'; id: number; reply: WireReply; stats: ThreadStats }
  | { type: 'failed'; id: number; message: string; stack?: string; stats: ThreadStats }
  | { type: 'memory'; id: number; heapUsed: number; stats: ThreadStats }
  | { type: 'details'; id: number; details: Wired<FileReport>; stats: ThreadStats };

/** A report or summary as sent: whole, or as a patch of the one the request named as its base. */
interface Wired<R> {
  report?: R;
  patch?: unknown;
}

/** A reply as sent. */
interface WireReply extends Wired<ReportSummary> {
  cancelled?: boolean;
  missing: AnalysisReply['missing'];
}

/** A file's last analysis: its full report, and the summary sent for it. */
interface Sent {
  id: number;
  report: FileReport;
  summary: ReportSummary;
}

/** Files whose last report the thread keeps to send the next one as a patch (the documents being edited). */
const MAX_SENT = 16;

/** workerData of an analysis thread (dist/worker.js serves parse requests without it). */
export interface AnalysisThreadData {
  role: 'analysis';
  config: ThreadConfig;
}

/** Whether this worker is an analysis thread (dist/worker.js: else it is a parse thread). */
export function isAnalysisThread(): boolean {
  return (workerData as Partial<AnalysisThreadData> | undefined)?.role === 'analysis';
}

/**
 * The thread's side: one session for every analysis it runs, requests taken one at a time in
 * the order they came. `parseScript`: the parse threads' script (dist/worker.js).
 */
export function serveAnalysisRequests(parseScript: string): void {
  const port = parentPort;
  if (!port) throw new Error('serveAnalysisRequests runs only on a worker thread');
  let session = new AnalysisSession();
  let pool: ParsePool | undefined;
  const configure = (c: ThreadConfig) => {
    if (pool) pool.statementBudgetMs = c.statementBudgetMs;
    if ((pool?.threads ?? 0) === c.parseThreads) return;
    pool?.dispose();
    pool =
      c.parseThreads > 0
        ? new ParsePool(parseScript, c.parseThreads, { statementBudgetMs: c.statementBudgetMs })
        : undefined;
  };
  configure((workerData as AnalysisThreadData).config);
  const stats = (): ThreadStats => ({
    threads: pool?.threads ?? 0,
    parsed: pool?.parsedTotal ?? 0,
    lastError: pool?.lastError,
  });
  /** Requests not started yet; those cancelled meanwhile (answered already). */
  const waiting = new Set<number>();
  const cancelled = new Set<number>();
  const sent = new Map<string, Sent>();
  /** Per file, the full report the host asked for last (the base of the next one it asks for). */
  const detailed = new Map<string, { id: number; report: FileReport }>();
  const summarizer = new Summarizer();
  let queue: Promise<void> = Promise.resolve();
  let descriptorParsers: Promise<void> | undefined;
  port.on('message', (m: ToThread) => {
    const send = (msg: FromThread) => port.postMessage(msg);
    if (m.type === 'configure') configure(m.config);
    else if (m.type === 'cancel') {
      // Not started yet: answered now, and skipped when its turn comes.
      if (waiting.delete(m.id)) {
        cancelled.add(m.id);
        send({ type: 'reply', id: m.id, reply: { cancelled: true, missing: { files: [], dirs: [] } }, stats: stats() });
      }
    } else if (m.type === 'new-session')
      queue = queue.then(() => {
        session = new AnalysisSession();
      });
    else if (m.type === 'details') {
      // Answered now, between analyses: the report is the file's last one, or it is gone.
      const last = sent.get(m.file);
      const report = last?.id === m.of ? last.report : undefined;
      if (!report) {
        send({ type: 'details', id: m.id, details: {}, stats: stats() });
        return;
      }
      const base = detailed.get(m.file);
      detailed.delete(m.file);
      detailed.set(m.file, { id: m.of, report });
      if (detailed.size > MAX_SENT) detailed.delete(detailed.keys().next().value as string);
      const details = base && m.base === base.id ? { patch: patch(report, base.report) } : { report };
      send({ type: 'details', id: m.id, details, stats: stats() });
    } else if (m.type === 'memory')
      queue = queue.then(() => {
        // After a full collection when the process allows one (node --expose-gc: the benchmark).
        (globalThis as { gc?: () => void }).gc?.();
        send({ type: 'memory', id: m.id, heapUsed: process.memoryUsage().heapUsed, stats: stats() });
      });
    else {
      waiting.add(m.id);
      queue = queue.then(async () => {
        waiting.delete(m.id);
        if (cancelled.delete(m.id)) return;
        try {
          if (m.request.kind === 'descriptor') {
            // A Terraform descriptor needs its grammar; a failure shows in its analysis.
            descriptorParsers ??= initDescriptorParsers().catch(() => undefined);
            await descriptorParsers;
          }
          const { report, missing } = await analyze(session, pool, m.request);
          send({ type: 'reply', id: m.id, reply: { ...wire(sent, summarizer, m, report), missing }, stats: stats() });
        } catch (e) {
          send({
            type: 'failed',
            id: m.id,
            message: (e as Error).message ?? String(e),
            stack: (e as Error).stack,
            stats: stats(),
          });
        }
      });
    }
  });
}

/** The key of a file's reports: its kind and path. */
export function fileKey(r: Pick<AnalysisRequest, 'kind' | 'path'>): string {
  return `${r.kind}\u0000${r.path}`;
}

/**
 * The report's summary as it is sent (plain data: a structured clone carries it): whole, or as a
 * patch of the last one sent for the same file when the host says it keeps that one (an edit
 * then sends what changed). The full report is kept for details.
 */
function wire(
  sent: Map<string, Sent>,
  summarizer: Summarizer,
  m: { id: number; request: AnalysisRequest; base?: number },
  report: FileReport | undefined,
): Wired<ReportSummary> {
  const key = fileKey(m.request);
  const prev = sent.get(key);
  sent.delete(key);
  if (!report) return {};
  const summary = summarizer.summarize(report);
  sent.set(key, { id: m.id, report, summary });
  if (sent.size > MAX_SENT) sent.delete(sent.keys().next().value as string);
  return prev && m.base === prev.id ? { patch: patch(summary, prev.summary) } : { report: summary };
}

/** One request, as the editor analysed a file on its own thread before, with the parse ahead on the pool. */
async function analyze(
  session: AnalysisSession,
  pool: ParsePool | undefined,
  r: AnalysisRequest,
): Promise<{ report: FileReport | undefined; missing: AnalysisReply['missing'] }> {
  const files = new Map(r.files ?? []);
  const dirs = new Map(r.dirs ?? []);
  const missing = { files: new Set<string>(), dirs: new Set<string>() };
  const readText = (p: string) => {
    if (!files.has(p)) missing.files.add(p);
    return files.get(p) ?? undefined;
  };
  const listDir = (d: string) => {
    if (!dirs.has(d)) missing.dirs.add(d);
    return dirs.get(d) ?? undefined;
  };
  // A program's grammar (or those of the programs a descriptor names) loads on its first file.
  const languages =
    r.kind === 'program' && r.language ? [r.language] : r.kind === 'descriptor' ? hostLanguagesNamedIn(r.text) : [];
  for (const l of languages) await loadHostGrammar(l).catch(() => undefined);
  const parseAhead = (sql: string, job: JobSpec | undefined): Promise<PrefetchResult> | undefined =>
    pool?.prefetch(session.sql, sql, r.opts.budgetMs, estimateAhead(session.estimates, job, r.opts));
  let report: FileReport | undefined;
  if (r.kind === 'descriptor') {
    const parsed = new Map<string, StatementFacts>();
    for (const { sql, job } of sqlToParse(session, r.path, r.text, readText))
      for (const [t, f] of (await parseAhead(sql, job))?.facts ?? []) parsed.set(t, f);
    report = analyzeDescriptorFile(session, r.path, r.text, readText, { ...r.opts, parsed }, listDir);
  } else {
    const started = Date.now();
    // A binary file is not parsed: the analysis gives it its one `not-text` diagnostic.
    const sql =
      notTextReasonOfText(r.text) !== undefined
        ? undefined
        : r.kind === 'program'
          ? extractProgram(r.text, r.language ?? 'java', session.programs).sql.text
          : r.text;
    const ahead = sql === undefined ? undefined : await parseAhead(sql, r.job);
    // When the parse-ahead ran out of budget, the analysis stops there too (its budget began
    // when the parse-ahead did) rather than parsing the rest here.
    const opts = { ...r.opts, parsed: ahead?.facts, budgetStart: ahead && ahead.left > 0 ? started : undefined };
    report =
      r.kind === 'program'
        ? analyzeProgramFile(session, r.path, r.text, r.job, opts, r.language)
        : analyzeSqlFile(session, r.path, r.text, r.job, opts);
  }
  return { report, missing: { files: [...missing.files], dirs: [...missing.dirs] } };
}

/** The name of the error an analysis threw on the thread (a bug: the thread itself goes on). */
export const ANALYSIS_ERROR = 'AnalysisError';

function analysisError(message: string, stack: string | undefined): Error {
  const e = new Error(message);
  e.name = ANALYSIS_ERROR;
  if (stack) e.stack = stack;
  return e;
}

/** Past this many failures in a row the thread is not started again (a missing or broken script). */
const MAX_FAILURES = 3;

/**
 * The host's side: starts the thread on first use (and again after it failed), sends requests,
 * and hands each reply to its caller. A thread that fails rejects what it had not answered.
 */
export class AnalysisThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (r: WireReply) => void; reject: (e: Error) => void }>();
  private readonly detailsAsked = new Map<number, (d: Wired<FileReport> | undefined) => void>();
  private readonly memoryAsked = new Map<number, (heapUsed: number) => void>();
  private nextId = 0;
  private failures = 0;
  private disposed = false;
  /** Statements parsed by the threads that came before this one (theirs stats are gone with them). */
  private parsedBefore = 0;
  private last: ThreadStats = { threads: 0, parsed: 0 };
  /** Why the thread failed last. */
  lastError: string | undefined;

  constructor(
    /** A file that serves analysis requests when its workerData says so (dist/worker.js). */
    private readonly script: string,
    private config: ThreadConfig,
  ) {
    // Started now, as the parse threads were: it loads the engine and warms up meanwhile.
    this.start();
  }

  /** False once the thread failed too often: the caller analyses on its own thread. */
  get usable(): boolean {
    return !this.disposed && this.failures <= MAX_FAILURES;
  }

  /** Parse threads of the thread's pool (0 before its first answer), statements parsed off the host, the last failure. */
  stats(): { threads: number; parsed: number; lastError?: string } {
    return {
      threads: this.worker ? this.config.parseThreads : 0,
      parsed: this.parsedBefore + this.last.parsed,
      lastError: this.lastError ?? this.last.lastError,
    };
  }

  configure(config: ThreadConfig): void {
    this.config = config;
    this.worker?.postMessage({ type: 'configure', config } satisfies ToThread);
  }

  /** The thread forgets everything its session kept: the next analyses are cold (the benchmark's, a test's). */
  newSession(): void {
    this.worker?.postMessage({ type: 'new-session' } satisfies ToThread);
  }

  /**
   * The heap the thread uses once the requests sent before are done, after a full collection
   * when the process was started with --expose-gc (the benchmark); undefined if the thread stopped.
   */
  memory(): Promise<number | undefined> {
    const worker = this.worker;
    if (!worker) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.memoryAsked.set(id, resolve);
      worker.postMessage({ type: 'memory', id } satisfies ToThread);
      worker.once('exit', () => resolve(undefined));
    });
  }

  /**
   * Sends a request; `id` is for cancel(). `base`: the file's last report from this thread and
   * its reply's id, kept by the caller; the thread then sends only what changed since.
   */
  analyze(
    request: AnalysisRequest,
    base?: { id: number; report: ReportSummary },
  ): { id: number; reply: Promise<AnalysisReply> } {
    const id = this.nextId++;
    const wired = new Promise<WireReply>((resolve, reject) => {
      if (!this.usable) {
        reject(new Error(this.lastError ?? 'the analysis thread is stopped'));
        return;
      }
      this.pending.set(id, { resolve, reject });
      this.start().postMessage({ type: 'analyze', id, request, base: base?.id } satisfies ToThread);
    });
    const reply = wired.then(
      (w): AnalysisReply => ({
        id,
        report: w.patch === undefined ? w.report : (applyPatch(w.patch, base?.report) as ReportSummary),
        cancelled: w.cancelled,
        missing: w.missing,
      }),
    );
    return { id, reply };
  }

  /**
   * The full report of the analysis whose reply had id `of` (AnalysisReply.id), of the file
   * `file` names; undefined when the thread has analysed the file again since, or stopped.
   * `base`: the file's last full report from this method, and the `of` it was asked with: the
   * thread then sends what changed since.
   */
  details(
    file: Pick<AnalysisRequest, 'kind' | 'path'>,
    of: number,
    base?: { id: number; report: FileReport },
  ): Promise<FileReport | undefined> {
    const worker = this.worker;
    if (!worker) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise<Wired<FileReport> | undefined>((resolve) => {
      this.detailsAsked.set(id, resolve);
      worker.postMessage({ type: 'details', id, file: fileKey(file), of, base: base?.id } satisfies ToThread);
    }).then((w) => (w?.patch !== undefined ? (applyPatch(w.patch, base?.report) as FileReport) : w?.report));
  }

  /** The request is not started if the thread has not started on it yet (its reply says `cancelled`). */
  cancel(id: number): void {
    if (this.pending.has(id)) this.worker?.postMessage({ type: 'cancel', id } satisfies ToThread);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const data: AnalysisThreadData = { role: 'analysis', config: this.config };
    const worker = new Worker(this.script, { workerData: data });
    this.worker = worker;
    worker.unref();
    worker.on('message', (m: FromThread) => {
      this.last = m.stats;
      if (m.type === 'memory') {
        this.memoryAsked.get(m.id)?.(m.heapUsed);
        this.memoryAsked.delete(m.id);
        return;
      }
      if (m.type === 'details') {
        this.detailsAsked.get(m.id)?.(m.details);
        this.detailsAsked.delete(m.id);
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      // The thread answers: it works, whatever this request met.
      this.failures = 0;
      if (m.type === 'reply') p.resolve(m.reply);
      else p.reject(analysisError(m.message, m.stack));
    });
    let gone = false;
    const fail = (e?: unknown) => {
      if (gone) return;
      gone = true;
      if (this.worker === worker) {
        this.worker = undefined;
        this.parsedBefore += this.last.parsed;
        this.last = { threads: 0, parsed: 0 };
      }
      if (this.disposed) return;
      this.failures++;
      this.lastError = e instanceof Error ? e.message : `the analysis thread exited with code ${String(e)}`;
      const error = new Error(this.lastError);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
      for (const d of this.detailsAsked.values()) d(undefined);
      this.detailsAsked.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return worker;
  }

  dispose(): void {
    this.disposed = true;
    const error = new Error('the analysis thread was stopped');
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    for (const d of this.detailsAsked.values()) d(undefined);
    this.detailsAsked.clear();
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
