// Keeps one analysis per open document, reused while the document version matches,
// and the index of job descriptors that name SQL files. Providers only read from here.
import { join, posix } from 'node:path';
import * as vscode from 'vscode';
import type { FileReport, ReportSummary } from '../analysis';
import type { AnalysisSession } from '../analysis/session';
import type { AnalysisReply, AnalysisRequest, AnalysisThread } from '../analysis/thread';
import type { JobSpec } from '../descriptor';
import type { HostLanguage, ProgramMemo } from '../embedded';
import { engine, engineIfLoaded } from './engine';
import { decodeText } from '../text';
import { readSettings, type Settings } from './settings';

const DESCRIPTOR_GLOB = '**/{*.flinkjob.yaml,*.flinkjob.yml,*.flinkjob.json,flink-job.yaml,flink-job.yml}';

export interface DescriptorChoice {
  descriptor: vscode.Uri;
  jobIndex: number;
  spec: JobSpec;
}

/** Java, Kotlin, Scala or Python: a program whose Table-API SQL we may read. */
export function hostLanguage(doc: vscode.TextDocument): HostLanguage | undefined {
  const e = engineIfLoaded();
  return e ? (e.hostLanguageForId(doc.languageId) ?? e.hostLanguageOf(doc.fileName)) : undefined;
}

/**
 * Is this document one we analyse: Flink SQL, a program that passes SQL to the Table API, or a
 * job descriptor? `programs`: where a program read to decide is kept for its analysis.
 */
export function documentKind(
  doc: vscode.TextDocument,
  namedByDescriptor: boolean,
  programs?: ProgramMemo,
): 'sql' | 'descriptor' | undefined {
  if (doc.languageId === 'flink-sql') return 'sql';
  // Until the engine is loaded (just after activation) nothing else is recognised.
  const e = engineIfLoaded();
  if (!e) return undefined;
  const { hasTableApiSql, looksLikeFlinkSql, isDescriptorFileName } = e;
  const host = hostLanguage(doc);
  if (host) return hasTableApiSql(doc.getText(), host, programs) ? 'sql' : undefined;
  if (doc.languageId === 'sql' || /\.sql$/i.test(doc.fileName)) {
    return namedByDescriptor || looksLikeFlinkSql(doc.getText()) ? 'sql' : undefined;
  }
  if (isDescriptorFileName(doc.fileName) || doc.languageId === 'terraform') return 'descriptor';
  return undefined;
}

/** Documents up to this many lines are looked at afresh on every version (see kind()). */
const SHORT_LINES = 300;

/** A document version's analysis on the analysis thread: under way (done), then its report. */
interface Analysed {
  doc: vscode.TextDocument;
  version: number;
  done: Promise<void>;
  /** The request on the thread now (for cancel()). */
  requestId?: number;
  /** The thread failed (stopped) before it answered: report() analyses on the host's thread. */
  failed?: boolean;
  /**
   * Set when the thread answered: the report's summary (undefined: nothing we analyse), how long
   * it took, the reply's id, and the file as the thread knows it (for details()).
   */
  answer?: {
    report: ReportSummary | undefined;
    ms: number;
    error?: Error;
    id?: number;
    file?: Pick<AnalysisRequest, 'kind' | 'path'>;
    /** The full report, once a provider asked for it (fullReport()). */
    full?: Promise<FileReport | undefined>;
  };
  /** The document's last summary from the thread before this version, and its reply's id: the thread sends what changed since. */
  base?: { id: number; report: ReportSummary };
}

/** Rounds of asking the thread again with the files a descriptor's analysis found missing. */
const MAX_READ_ROUNDS = 3;

export class AnalysisService implements vscode.Disposable {
  /**
   * Per document: entries hold the TextDocument itself, since an untitled document's URI is
   * reused by the next one (Untitled-1 again, version 1 again) once it closes.
   */
  private readonly reports = new Map<
    string,
    {
      doc: vscode.TextDocument;
      version: number;
      report: ReportSummary | undefined;
      settingsEpoch: number;
      /** The full report when it was analysed on this thread (no analysis thread, or it failed). */
      full?: FileReport;
    }
  >();
  /** Per document, the last full report the analysis thread sent (details' base: the next is sent as a patch of it). */
  private readonly fullBases = new Map<string, { doc: vscode.TextDocument; id: number; report: FileReport }>();
  /** SQL file (fsPath) → the descriptors' jobs that run it. */
  private readonly sqlJobs = new Map<string, DescriptorChoice[]>();
  /** Texts of files that are not open (a descriptor's SQL, a Terraform module's files), read through workspace.fs. */
  private readonly fileTexts = new Map<string, string>();
  /** File names of directories (a Terraform file's module, the local modules it calls), read through workspace.fs. */
  private readonly dirListings = new Map<string, string[]>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private settingsEpoch = 0;
  private readonly kinds = new Map<
    string,
    {
      doc: vscode.TextDocument;
      version: number;
      languageId: string;
      epoch: number;
      kind: 'sql' | 'descriptor' | undefined;
    }
  >();
  /** Host languages whose grammar is being loaded (see loadGrammarFor). */
  private readonly grammarsLoading = new Set<HostLanguage>();
  /** Bumped when what decides a document's kind changes (engine loaded, descriptor index rebuilt, a grammar loaded). */
  private kindEpoch = 0;
  /**
   * The analysis thread (src/analysis/thread.ts), which owns this workspace's analysis session
   * and the parse threads; undefined when the setting says 0 parse threads, or before the engine loads.
   */
  private thread: AnalysisThread | undefined;
  private mainParserWarm = false;
  /** Statements parsed off this thread by analysis threads stopped since (see parseStats). */
  private parsedByStopped = 0;
  /**
   * What this workspace's analyses keep for the next ones (src/analysis/session.ts) when they run
   * on this thread: with 0 parse threads, or when the analysis thread failed. Never beside a
   * working analysis thread, which owns the session then.
   */
  private session: AnalysisSession | undefined;
  /** Programs read to decide a document's kind while the analysis thread owns the session (see kind()). */
  private detectionPrograms: ProgramMemo | undefined;
  /** The analysis thread's answer for each document's version, for report(). */
  private readonly analysed = new Map<string, Analysed>();
  /** Per document: the other files and directories its analysis read (a descriptor's SQL, its Terraform module), sent with its next request. */
  private readonly reads = new Map<string, { files: Set<string>; dirs: Set<string> }>();
  settings: Settings = readSettings();
  readonly onDidChange = this.changed.event;
  readonly ready: Promise<void>;

  /** A pending re-index per edited descriptor (descriptorEdited). */
  private readonly reindexTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The last lines written to the Output channel, newest last (for `flinkKpu.recentLog`). */
  private readonly recent: string[] = [];

  constructor(
    private readonly state: vscode.Memento,
    /** The "Flink KPU Lens" Output channel: what was analysed, with what, how long it took, errors. */
    private readonly log?: vscode.LogOutputChannel,
  ) {
    this.ready = this.start();
    this.disposables.push(
      // A closed document's analysis is not kept.
      vscode.workspace.onDidCloseTextDocument((d) => {
        // Entries are per document: a newer one with the same (untitled) URI keeps its own.
        const key = d.uri.toString();
        if (this.reports.get(key)?.doc === d) this.reports.delete(key);
        if (this.kinds.get(key)?.doc === d) this.kinds.delete(key);
        if (this.analysed.get(key)?.doc === d) this.forgetAnalysed(key);
        this.reads.delete(key);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.descriptorEdited(e.document, e.document.getText());
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.isDirty) this.descriptorEdited(d, undefined);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('flinkKpu')) return;
        this.settings = readSettings();
        this.updatePool();
        // New settings: analyse again.
        this.forgetAnalysed();
        this.settingsEpoch++;
        this.changed.fire(undefined);
      }),
    );
  }

  private async start(): Promise<void> {
    // Load the engine after activate() has returned, not inside it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    engine();
    this.updatePool();
    this.kindEpoch++;
    this.changed.fire(undefined);
    try {
      await engine().initDescriptorParsers();
    } catch {
      // Terraform files then get a `descriptor-not-initialized` diagnostic; everything else works.
    }
    await this.indexDescriptors();
    const watcher = vscode.workspace.createFileSystemWatcher(DESCRIPTOR_GLOB);
    const reindex = () => void this.indexDescriptors().then(() => this.changed.fire(undefined));
    this.disposables.push(
      watcher,
      watcher.onDidChange(reindex),
      watcher.onDidCreate(reindex),
      watcher.onDidDelete(reindex),
    );
    // A Terraform file is read with its module: a change to any of its files changes the others' analyses.
    const tf = vscode.workspace.createFileSystemWatcher('**/*.{tf,tfvars,tfvars.json}');
    const moduleChanged = (uri: vscode.Uri) => {
      this.fileTexts.delete(uri.toString());
      this.dirListings.delete(uri.with({ path: posix.dirname(uri.path) }).toString());
      this.forgetReports();
      this.changed.fire(undefined);
    };
    this.disposables.push(
      tf,
      tf.onDidChange(moduleChanged),
      tf.onDidCreate(moduleChanged),
      tf.onDidDelete(moduleChanged),
    );
    this.changed.fire(undefined);
  }

  /**
   * Starts the analysis thread (with the parse threads the setting says), gives it new settings,
   * or stops it for 0 parse threads; without it the parser warms up here.
   */
  private updatePool(): void {
    const e = engineIfLoaded();
    if (!e) return;
    const want = this.settings.parseThreads < 0 ? e.defaultParseThreads() : this.settings.parseThreads;
    const config = { parseThreads: want, statementBudgetMs: this.settings.statementBudgetMs };
    if (want > 0 && this.thread) this.thread.configure(config);
    else if (want > 0) {
      this.thread = new e.AnalysisThread(join(__dirname, 'worker.js'), config);
      // The thread owns the session now: nothing is kept here beside it.
      this.session = undefined;
    } else {
      this.parsedByStopped += this.thread?.stats().parsed ?? 0;
      this.thread?.dispose();
      this.thread = undefined;
      this.detectionPrograms = undefined;
    }
    if (!this.thread && !this.mainParserWarm) {
      // The parser's first parse builds its prediction cache (~550 ms measured): not inside activate().
      this.mainParserWarm = true;
      setTimeout(() => e.warmUpParser(), 50);
    }
  }

  /** How many parse threads run, and how many statements they parsed (for tests and the benchmark). */
  parseStats(): { threads: number; parsedOffThread: number; lastError?: string } {
    const s = this.thread?.stats();
    // Statements parsed by analysis threads stopped since (the setting went to 0) still count.
    return {
      threads: s?.threads ?? 0,
      parsedOffThread: this.parsedByStopped + (s?.parsed ?? 0),
      lastError: s?.lastError,
    };
  }

  /** Finds every job descriptor of the workspace and the SQL file each names. */
  async indexDescriptors(): Promise<void> {
    const uris = await vscode.workspace.findFiles(DESCRIPTOR_GLOB, '**/node_modules/**', 2000);
    this.sqlJobs.clear();
    for (const uri of uris) {
      const text = await this.readText(uri);
      if (text !== undefined) this.indexDescriptor(uri, text);
    }
    this.forgetReports();
    this.kindEpoch++;
  }

  /** Puts one descriptor's jobs in the index (in place of what it said before). */
  private indexDescriptor(uri: vscode.Uri, text: string): void {
    const key = uri.toString();
    for (const [sql, list] of this.sqlJobs) {
      const rest = list.filter((j) => j.descriptor.toString() !== key);
      if (rest.length === 0) this.sqlJobs.delete(sql);
      else if (rest.length !== list.length) this.sqlJobs.set(sql, rest);
    }
    engine()
      .parseDescriptor(text, uri.path)
      ?.jobs.forEach((spec, jobIndex) => {
        // (A SQL file of the image may have a copy in more than one place: each is indexed.)
        for (const rel of engine().sqlFileCandidates(spec.sql?.value)) {
          if (!rel) continue;
          const sqlUri = uri.with({ path: engine().resolvePath(uri.path, rel) });
          const list = this.sqlJobs.get(sqlUri.toString()) ?? [];
          list.push({ descriptor: uri, jobIndex, spec });
          this.sqlJobs.set(sqlUri.toString(), list);
        }
      });
  }

  /**
   * A descriptor's unsaved edits reach the SQL files it names (the index reads open documents'
   * text), after the typing pause; closing it unsaved goes back to what is on disk.
   */
  private descriptorEdited(doc: vscode.TextDocument, text: string | undefined): void {
    if (!engineIfLoaded() || vscode.languages.match({ pattern: DESCRIPTOR_GLOB }, doc) === 0) return;
    const key = doc.uri.toString();
    clearTimeout(this.reindexTimers.get(key));
    this.reindexTimers.set(
      key,
      setTimeout(
        async () => {
          this.reindexTimers.delete(key);
          const now = text ?? (await this.readDisk(doc.uri));
          if (now === undefined) return;
          this.indexDescriptor(doc.uri, now);
          this.forgetReports();
          this.kindEpoch++;
          this.changed.fire(undefined);
        },
        text === undefined ? 0 : this.settings.debounceMs,
      ),
    );
  }

  private async readText(uri: vscode.Uri): Promise<string | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    return this.readDisk(uri);
  }

  private async readDisk(uri: vscode.Uri): Promise<string | undefined> {
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      // UTF-8, or UTF-16 with a byte-order mark (descriptors saved by PowerShell).
      return decodeText(bytes);
    } catch {
      return undefined;
    }
  }

  /** The descriptors' jobs that name this SQL file. */
  jobsFor(uri: vscode.Uri): DescriptorChoice[] {
    return this.sqlJobs.get(uri.toString()) ?? [];
  }

  /** The job whose statistics estimate this SQL file: the user's remembered choice, else the only one. */
  chosenJob(uri: vscode.Uri): DescriptorChoice | undefined {
    const jobs = this.jobsFor(uri);
    if (jobs.length <= 1) return jobs[0];
    const key = this.state.get<string>(`descriptor:${uri.toString()}`);
    return jobs.find((j) => `${j.descriptor.toString()}#${j.jobIndex}` === key) ?? jobs[0];
  }

  async chooseJob(uri: vscode.Uri, choice: DescriptorChoice): Promise<void> {
    await this.state.update(`descriptor:${uri.toString()}`, `${choice.descriptor.toString()}#${choice.jobIndex}`);
    this.forgetReports(uri.toString());
    this.changed.fire(uri);
  }

  /**
   * Every provider asks this on every request, and the diagnostics on every keystroke.
   * Deciding reads the text: for a `.sql` file it lexes up to 64 KB to see whether it is
   * Flink SQL (~70 ms on a 50 KB file, measured). So a document found to be one we analyse
   * stays one while it is open (and its language stays). One that was not is looked at again
   * on every version when it is short (up to SHORT_LINES), else only when `fresh` (the
   * debounced diagnostics run), and always when the engine loads or the descriptor index changes.
   */
  kind(doc: vscode.TextDocument, fresh = false): 'sql' | 'descriptor' | undefined {
    const key = doc.uri.toString();
    const hit = this.kinds.get(key);
    if (hit && hit.doc === doc && hit.epoch === this.kindEpoch && hit.languageId === doc.languageId) {
      // (A short document is cheap to look at: it is looked at again on every version.)
      if (hit.version === doc.version || hit.kind !== undefined || (!fresh && doc.lineCount > SHORT_LINES))
        return hit.kind;
    }
    this.loadGrammarFor(doc);
    const kind = documentKind(doc, this.jobsFor(doc.uri).length > 0, this.programsForKind());
    if (!doc.isClosed)
      this.kinds.set(key, { doc, version: doc.version, languageId: doc.languageId, epoch: this.kindEpoch, kind });
    return kind;
  }

  /**
   * A program's grammar (~0.4-3.8 MB of WebAssembly) loads on the first file of its language,
   * not at activation; once it has, the programs are read again.
   */
  private loadGrammarFor(doc: vscode.TextDocument): void {
    const e = engineIfLoaded();
    if (!e) return;
    const host = hostLanguage(doc);
    // A descriptor may name a program (`sql: OrdersJob.java`).
    const named = host ? [host] : e.isDescriptorFileName(doc.fileName) ? e.hostLanguagesNamedIn(doc.getText()) : [];
    for (const l of named) this.loadGrammar(l);
  }

  private loadGrammar(host: HostLanguage): void {
    const e = engineIfLoaded();
    if (!e || e.hostGrammarReady(host) || this.grammarsLoading.has(host)) return;
    this.grammarsLoading.add(host);
    // Loaded: the programs are read again; failed: they say why (embedded-sql-internal) instead of 'loading'.
    const refresh = () => {
      this.forgetReports();
      this.kindEpoch++;
      this.changed.fire(undefined);
    };
    e.loadHostGrammar(host).then(refresh, refresh);
  }

  /**
   * The full report of a document at its current version, for what shows more than the summary
   * (hovers, the comparison, commands): from the analysis thread, which keeps it, or the one
   * analysed on this thread. Call after prefetch(); undefined when the document has none, or it
   * changed meanwhile.
   */
  fullReport(doc: vscode.TextDocument): Promise<FileReport | undefined> {
    const summary = this.report(doc);
    const key = doc.uri.toString();
    const hit = this.reports.get(key);
    if (!summary || hit?.doc !== doc || hit.version !== doc.version) return Promise.resolve(undefined);
    if (hit.full) return Promise.resolve(hit.full);
    const entry = this.analysed.get(key);
    const answer = entry?.doc === doc && entry.version === doc.version ? entry.answer : undefined;
    const thread = this.thread;
    if (!answer?.file || answer.id === undefined || !thread) return Promise.resolve(undefined);
    if (!answer.full) {
      const of = answer.id;
      const base = this.fullBases.get(key);
      answer.full = thread.details(answer.file, of, base?.doc === doc ? base : undefined).then((report) => {
        if (report && !doc.isClosed) this.fullBases.set(key, { doc, id: of, report });
        return report;
      });
    }
    return answer.full;
  }

  /** The summary of a document's analysis at its current version (computed now when stale). */
  report(doc: vscode.TextDocument): ReportSummary | undefined {
    const key = doc.uri.toString();
    const hit = this.reports.get(key);
    if (hit && hit.doc === doc && hit.version === doc.version && hit.settingsEpoch === this.settingsEpoch)
      return hit.report;
    let report: ReportSummary | undefined;
    /** The full report, when analysed here. */
    let full: FileReport | undefined;
    const started = performance.now();
    let ms: number | undefined;
    const kind = this.kind(doc);
    const opts = this.settings.estimate;
    // The analysis thread's answer for this version (prefetch() asked for it); else, with no
    // working thread, the analysis runs here.
    const ahead = this.analysed.get(key);
    const current = ahead?.doc === doc && ahead.version === doc.version ? ahead : undefined;
    const answer = current?.answer;
    // Asked for a version the thread has not answered (a provider's request that outlived its
    // version, or an analysis cancelled): nothing, rather than an analysis on this thread.
    if (!answer && this.thread?.usable && !current?.failed) return undefined;
    try {
      const host = kind === 'sql' ? hostLanguage(doc) : undefined;
      if (answer) {
        if (answer.error) throw answer.error;
        report = answer.report;
        ms = answer.ms;
      } else if (host)
        report = full = engine().analyzeProgramFile(
          this.analysisSession(),
          doc.uri.path,
          doc.getText(),
          this.chosenJob(doc.uri)?.spec,
          opts,
          host,
        );
      else if (kind === 'sql')
        report = full = engine().analyzeSqlFile(
          this.analysisSession(),
          doc.uri.path,
          doc.getText(),
          this.chosenJob(doc.uri)?.spec,
          opts,
        );
      else if (kind === 'descriptor') {
        report = full = engine().analyzeDescriptorFile(
          this.analysisSession(),
          doc.uri.path,
          doc.getText(),
          (p) => this.syncText(doc.uri.with({ path: p })),
          opts,
          (d) => this.syncListDir(doc.uri.with({ path: d })),
        );
      }
    } catch (e) {
      // An analysis bug must not take the editor down; it shows as one diagnostic.
      this.write(
        'error',
        `${vscode.workspace.asRelativePath(doc.uri)}: the analysis failed: ${(e as Error).stack ?? (e as Error).message}`,
      );
      report = full = {
        path: doc.uri.path,
        kind: kind ?? 'sql',
        jobs: [],
        diagnostics: [
          {
            severity: 'error',
            code: 'internal',
            message: `Flink KPU Lens could not analyse this file: ${(e as Error).message}`,
            range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
          },
        ],
      };
    }
    if (report) {
      const choice = kind === 'sql' ? this.chosenJob(doc.uri) : undefined;
      const descriptor = choice
        ? `${vscode.workspace.asRelativePath(choice.descriptor)}${choice.spec.name?.value ? ` (job ${choice.spec.name.value})` : ''}`
        : undefined;
      // The first analysis of a document at info level; those after edits at debug level.
      this.write(
        hit ? 'debug' : 'info',
        engine().analysisLogLine(
          vscode.workspace.asRelativePath(doc.uri),
          report,
          ms ?? performance.now() - started,
          descriptor,
        ),
      );
    }
    // An analysis that finishes after its document closed is not kept.
    if (!doc.isClosed)
      this.reports.set(key, { doc, version: doc.version, report, settingsEpoch: this.settingsEpoch, full });
    return report;
  }

  private write(level: 'info' | 'debug' | 'error', line: string): void {
    this.log?.[level](line);
    this.recent.push(`[${level}] ${line}`);
    if (this.recent.length > 50) this.recent.shift();
  }

  /** The last lines of the Output channel (for the tests, which cannot read the channel). */
  recentLog(): readonly string[] {
    return this.recent;
  }

  showLog(): void {
    this.log?.show(true);
  }

  /** Text of another file for a descriptor's SQL: an open document, else what was read from disk. */
  private syncText(uri: vscode.Uri): string | undefined {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    const cached = this.fileTexts.get(uri.toString());
    if (cached === undefined) {
      // Read it now for the next analysis; this one reports the file as missing until then.
      void this.readText(uri).then((t) => {
        if (t === undefined) return;
        this.fileTexts.set(uri.toString(), t);
        this.forgetReports();
        this.changed.fire(undefined);
      });
    }
    return cached;
  }

  /** The file names of a directory: what was listed, else undefined now and a listing for the next analysis. */
  private syncListDir(dir: vscode.Uri): string[] | undefined {
    const cached = this.dirListings.get(dir.toString());
    if (cached === undefined) {
      void this.listDir(dir).then((names) => {
        if (names === undefined) return;
        this.dirListings.set(dir.toString(), names);
        this.forgetReports();
        this.changed.fire(undefined);
      });
    }
    return cached;
  }

  private async listDir(dir: vscode.Uri): Promise<string[] | undefined> {
    try {
      const entries = await vscode.workspace.fs.readDirectory(dir);
      return entries.filter(([, type]) => (type & vscode.FileType.File) !== 0).map(([name]) => name);
    } catch {
      return undefined;
    }
  }

  /**
   * A Terraform file's module, read ahead: its directory's .tf and .tfvars files, and the local
   * modules its module blocks call (their own calls are read as the analysis asks for them).
   */
  private async readTerraformModule(doc: vscode.TextDocument): Promise<void> {
    const dirs = [posix.dirname(doc.uri.path), ...engine().localModuleDirs(doc.getText(), doc.uri.path)];
    for (const d of dirs) {
      const dir = doc.uri.with({ path: d });
      if (!this.dirListings.has(dir.toString())) {
        const names = await this.listDir(dir);
        if (names === undefined) continue;
        this.dirListings.set(dir.toString(), names);
      }
      for (const name of this.dirListings.get(dir.toString()) ?? []) {
        if (!engine().isTerraformModuleFile(name)) continue;
        const uri = dir.with({ path: `${d}/${name}` });
        if (this.fileTexts.has(uri.toString())) continue;
        const t = await this.readText(uri);
        if (t !== undefined) this.fileTexts.set(uri.toString(), t);
      }
    }
  }

  /**
   * Call before report(): waits for the descriptor index, then has the analysis thread analyse
   * the document (sending it the files a descriptor reads), so that report() only takes its
   * answer and never blocks the extension host with an analysis. Without the thread, reads the
   * files a descriptor's analysis will read here (it reads them synchronously).
   */
  async prefetch(doc: vscode.TextDocument): Promise<void> {
    // Until the descriptor index is built, a SQL file would be estimated with defaults.
    await this.ready;
    // A document closed meanwhile (a provider's request in flight) would keep a thread busy
    // for another file's worth of work, ahead of the documents still open.
    if (doc.isClosed) return;
    const kind = this.kind(doc);
    if (!kind) return;
    if (this.thread?.usable) return this.analyseOnThread(this.thread, doc, kind);
    if (kind !== 'descriptor') return;
    if (/\.tf$/i.test(doc.uri.path)) await this.readTerraformModule(doc);
    // The SQL files its jobs name are read first (the analysis reads them synchronously).
    for (const job of engine().parseDescriptor(doc.getText(), doc.uri.path)?.jobs ?? [])
      for (const path of engine().sqlFileCandidates(job.sql?.value)) {
        // The first candidate that exists is the job's SQL file (sqlFileOf).
        const uri = doc.uri.with({ path: engine().resolvePath(doc.uri.path, path) });
        if (this.fileTexts.has(uri.toString())) break;
        const t = await this.readText(uri);
        if (t !== undefined) {
          this.fileTexts.set(uri.toString(), t);
          break;
        }
      }
  }

  /** One analysis per document version, whichever provider asks first: the others wait for it. */
  private analyseOnThread(thread: AnalysisThread, doc: vscode.TextDocument, kind: 'sql' | 'descriptor'): Promise<void> {
    const key = doc.uri.toString();
    const hit = this.analysed.get(key);
    if (hit?.doc === doc && hit.version === doc.version) return hit.done;
    // An older version's analysis the thread has not started yet is not wanted any more.
    if (hit && !hit.answer && hit.requestId !== undefined) thread.cancel(hit.requestId);
    const last = hit?.doc === doc ? hit.answer : undefined;
    const base =
      last?.report && last.id !== undefined
        ? { id: last.id, report: last.report }
        : hit?.doc === doc
          ? hit.base
          : undefined;
    const entry: Analysed = { doc, version: doc.version, done: Promise.resolve(), base };
    entry.done = this.askThread(thread, doc, kind, entry).catch((e: Error) => {
      // A bug in the analysis: report() shows it as one diagnostic. The thread itself failing:
      // report() analyses here.
      if (e.name === engine().ANALYSIS_ERROR) entry.answer = { report: undefined, ms: 0, error: e };
      else {
        entry.failed = true;
        this.write('error', `the analysis thread failed: ${e.message}`);
      }
    });
    if (!doc.isClosed) this.analysed.set(key, entry);
    return entry.done;
  }

  private async askThread(
    thread: AnalysisThread,
    doc: vscode.TextDocument,
    kind: 'sql' | 'descriptor',
    entry: Analysed,
  ): Promise<void> {
    const host = kind === 'sql' ? hostLanguage(doc) : undefined;
    const request: AnalysisRequest = {
      kind: kind === 'descriptor' ? 'descriptor' : host ? 'program' : 'sql',
      path: doc.uri.path,
      text: doc.getText(),
      job: kind === 'sql' ? this.chosenJob(doc.uri)?.spec : undefined,
      opts: this.settings.estimate,
      language: host,
    };
    const started = performance.now();
    // Files and directories found unreadable during this analysis (sent as such, not read again).
    const unreadable = { files: new Set<string>(), dirs: new Set<string>() };
    for (let round = 0; ; round++) {
      if (kind === 'descriptor') this.withReads(doc, request, unreadable);
      const { id, reply } = thread.analyze(request, round === 0 ? entry.base : undefined);
      entry.requestId = id;
      const r = await reply;
      if (r.cancelled) return;
      // A descriptor's analysis wanted files it was not sent: read them, and ask again.
      if (round < MAX_READ_ROUNDS && !doc.isClosed && (await this.readMissing(doc, r, unreadable))) continue;
      entry.answer = { report: r.report, ms: performance.now() - started, id: r.id, file: request };
      return;
    }
  }

  /** The files and directories a descriptor's analysis read last time, as this thread has them now. */
  private withReads(
    doc: vscode.TextDocument,
    request: AnalysisRequest,
    unreadable: { files: Set<string>; dirs: Set<string> },
  ): void {
    const reads = this.reads.get(doc.uri.toString());
    const files: [string, string | null][] = [];
    for (const p of new Set([...(reads?.files ?? []), ...unreadable.files])) {
      const uri = doc.uri.with({ path: p }).toString();
      // An open document's text, unsaved edits included, else what was read from disk.
      const t =
        vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.getText() ?? this.fileTexts.get(uri);
      if (t !== undefined) files.push([p, t]);
      else if (unreadable.files.has(p)) files.push([p, null]);
    }
    const dirs: [string, string[] | null][] = [];
    for (const d of new Set([...(reads?.dirs ?? []), ...unreadable.dirs])) {
      const names = this.dirListings.get(doc.uri.with({ path: d }).toString());
      if (names !== undefined) dirs.push([d, names]);
      else if (unreadable.dirs.has(d)) dirs.push([d, null]);
    }
    request.files = files;
    request.dirs = dirs;
  }

  /** Reads what an analysis found missing; false when there was nothing new to read. */
  private async readMissing(
    doc: vscode.TextDocument,
    reply: AnalysisReply,
    unreadable: { files: Set<string>; dirs: Set<string> },
  ): Promise<boolean> {
    const files = reply.missing.files.filter((p) => !unreadable.files.has(p));
    const dirs = reply.missing.dirs.filter((d) => !unreadable.dirs.has(d));
    if (files.length === 0 && dirs.length === 0) return false;
    const key = doc.uri.toString();
    const reads = this.reads.get(key) ?? { files: new Set<string>(), dirs: new Set<string>() };
    if (!doc.isClosed) this.reads.set(key, reads);
    for (const p of files) {
      reads.files.add(p);
      const uri = doc.uri.with({ path: p });
      const t = await this.readText(uri);
      if (t === undefined) unreadable.files.add(p);
      else this.fileTexts.set(uri.toString(), t);
    }
    for (const d of dirs) {
      reads.dirs.add(d);
      const dir = doc.uri.with({ path: d });
      const names = await this.listDir(dir);
      if (names === undefined) unreadable.dirs.add(d);
      else this.dirListings.set(dir.toString(), names);
    }
    return true;
  }

  /** The programs read to decide a document's kind: the session's when the analysis runs here. */
  private programsForKind(): ProgramMemo | undefined {
    const e = engineIfLoaded();
    if (!e) return undefined;
    if (!this.thread) return this.analysisSession().programs;
    this.detectionPrograms ??= new e.ProgramMemo();
    return this.detectionPrograms;
  }

  /** Forgets the reports (of one document, or all) and the analysis thread's answers that made them: they are analysed again. */
  private forgetReports(key?: string): void {
    if (key === undefined) this.reports.clear();
    else this.reports.delete(key);
    this.forgetAnalysed(key);
  }

  private forgetAnalysed(key?: string): void {
    for (const [k, a] of this.analysed) {
      if (key !== undefined && k !== key) continue;
      if (!a.answer && a.requestId !== undefined) this.thread?.cancel(a.requestId);
      this.analysed.delete(k);
    }
  }

  private analysisSession(): AnalysisSession {
    this.session ??= engine().createSession();
    return this.session;
  }

  invalidate(uri: vscode.Uri): void {
    this.forgetReports(uri.toString());
    this.fileTexts.delete(uri.toString());
  }

  fire(uri?: vscode.Uri): void {
    this.changed.fire(uri);
  }

  dispose(): void {
    for (const t of this.reindexTimers.values()) clearTimeout(t);
    this.thread?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
