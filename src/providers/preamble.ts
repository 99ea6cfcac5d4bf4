// What every provider does before it reads an analysis: is this a document we analyse, of a
// kind the provider serves, and is the provider on; wait for the parse-ahead; stop when the
// request was cancelled meanwhile; then the report's summary (lenses, hints, diagnostics, the
// status bar) or the full report (hovers, the comparison, commands: see summary.ts). Pure (no vscode): the service and the
// cancellation token come in as the small interfaces below, so the decisions are unit-tested
// with fakes (test/unit/providers/preamble.test.ts).
import type { FileReport, ReportSummary } from '../analysis';

export type DocumentKind = 'sql' | 'descriptor';

/** What the preamble asks of the analysis service (AnalysisService has these four). */
export interface ReportSource<D> {
  kind(doc: D, fresh?: boolean): DocumentKind | undefined;
  prefetch(doc: D): Promise<void>;
  report(doc: D): ReportSummary | undefined;
  fullReport(doc: D): Promise<FileReport | undefined>;
}

/** vscode.CancellationToken's one field the preamble reads. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

/** For callers that answer no cancellable request (the status bar, commands, the panel). */
export const NOT_CANCELLED: Cancellation = Object.freeze({ isCancellationRequested: false });

export interface PreambleOptions {
  /** False when the provider is switched off by its setting: nothing is analysed. */
  enabled?: boolean;
  /**
   * Whether anything could come of this document's analysis, decided from its kind before
   * waiting for it (code actions on a descriptor: only with a `kpu-storage-exceeded` diagnostic).
   */
  wanted?: (kind: DocumentKind) => boolean;
  /** Decide the kind afresh (the service's kind(doc, fresh): the debounced diagnostics run). */
  fresh?: boolean;
}

/** Whether a provider is to read `doc`'s analysis at all: it is analysed now, when it is. */
async function analysed<D>(
  source: ReportSource<D>,
  doc: D,
  token: Cancellation,
  options: PreambleOptions,
): Promise<boolean> {
  if (options.enabled === false || token.isCancellationRequested) return false;
  const kind = source.kind(doc, options.fresh);
  if (!kind || (options.wanted && !options.wanted(kind))) return false;
  await source.prefetch(doc);
  return !token.isCancellationRequested;
}

/**
 * The report's summary of `doc` for a provider, or undefined when it has none to give: not a
 * document we analyse, not wanted, switched off, or cancelled before or while the parse-ahead ran
 * (the report is then not computed: report() of a stale document parses on the extension host's
 * thread).
 */
export async function providerReport<D>(
  source: ReportSource<D>,
  doc: D,
  token: Cancellation,
  options: PreambleOptions = {},
): Promise<ReportSummary | undefined> {
  return (await analysed(source, doc, token, options)) ? source.report(doc) : undefined;
}

/** As providerReport, the full report (fetched from the analysis thread, which keeps it). */
export async function providerFullReport<D>(
  source: ReportSource<D>,
  doc: D,
  token: Cancellation,
  options: PreambleOptions = {},
): Promise<FileReport | undefined> {
  if (!(await analysed(source, doc, token, options))) return undefined;
  const report = await source.fullReport(doc);
  return token.isCancellationRequested ? undefined : report;
}
