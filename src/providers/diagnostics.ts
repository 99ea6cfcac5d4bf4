// Publishes each analysed document's diagnostics, debounced while typing, for visible
// and open documents only; cleared when a document closes.
import * as vscode from 'vscode';
import { toDiagnostic } from './convert';
import { providerReport } from './preamble';
import type { AnalysisService } from './service';

export function registerDiagnostics(service: AnalysisService): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('flink-kpu');
  /** Per URI: the pending run and its document (an untitled URI can name a newer document). */
  const timers = new Map<string, { doc: vscode.TextDocument; timer: ReturnType<typeof setTimeout> }>();

  const publish = async (doc: vscode.TextDocument) => {
    // The debounced run decides afresh whether a document that was not Flink SQL has become it.
    // A document closed before or during the run is cancelled: its URI may already name another
    // document (untitled ones are reused), whose diagnostics are not ours to touch.
    const closed = {
      get isCancellationRequested() {
        return doc.isClosed;
      },
    };
    const report = await providerReport(service, doc, closed, { fresh: true });
    if (doc.isClosed) return;
    if (report) collection.set(doc.uri, report.diagnostics.map(toDiagnostic));
    else collection.delete(doc.uri);
  };
  const schedule = (doc: vscode.TextDocument, delay: number) => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key)?.timer);
    const timer = setTimeout(() => {
      timers.delete(key);
      void publish(doc);
    }, delay);
    timers.set(key, { doc, timer });
  };
  const all = () => {
    for (const doc of vscode.workspace.textDocuments) if (service.kind(doc)) schedule(doc, 0);
  };

  const subs = [
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => schedule(d, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length === 0) return;
      schedule(e.document, service.settings.debounceMs);
      // A descriptor's edit changes the estimate of the SQL it names, and the other way round.
      if (service.kind(e.document) === 'descriptor' || service.jobsFor(e.document.uri).length > 0) {
        service.invalidate(e.document.uri);
      }
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      // The close of an untitled document can arrive after a newer one took its URI.
      const key = d.uri.toString();
      const pending = timers.get(key);
      if (pending?.doc === d) {
        clearTimeout(pending.timer);
        timers.delete(key);
      }
      if (!vscode.workspace.textDocuments.some((x) => x !== d && x.uri.toString() === key)) collection.delete(d.uri);
    }),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (service.kind(d) === 'descriptor') void service.indexDescriptors().then(all);
    }),
    service.onDidChange(() => all()),
    {
      dispose: () => {
        for (const t of timers.values()) clearTimeout(t.timer);
      },
    },
  ];
  all();
  return vscode.Disposable.from(...subs);
}
