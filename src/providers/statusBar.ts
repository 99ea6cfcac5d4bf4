// Status bar item for the active file: the job's KPUs and monthly cost; click compares.
import * as vscode from 'vscode';
import { engine } from './engine';
import { NOT_CANCELLED, providerReport } from './preamble';
import type { AnalysisService } from './service';

export function registerStatusBar(service: AnalysisService): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('flinkKpu.job', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Flink KPU Lens';
  const refresh = async () => {
    const doc = vscode.window.activeTextEditor?.document;
    const report = doc && (await providerReport(service, doc, NOT_CANCELLED));
    const plans = report?.kind === 'sql' ? report.plans : report?.jobs[0]?.plans;
    if (
      !doc ||
      !report ||
      !plans ||
      (report.kind === 'sql' && (report.estimate?.chains.length ?? 0) === 0 && (report.estimate?.stateBytes ?? 0) === 0)
    ) {
      item.hide();
      return;
    }
    const content = engine().statusBarContent(report, plans);
    item.text = content.text;
    item.tooltip = content.tooltip;
    item.command = content.compare
      ? { command: 'flinkKpu.compare', title: 'Compare', arguments: [doc.uri.toString(), 0, 0] }
      : undefined;
    item.show();
  };
  return vscode.Disposable.from(
    item,
    vscode.window.onDidChangeActiveTextEditor(() => void refresh()),
    service.onDidChange(() => void refresh()),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document)
        setTimeout(() => void refresh(), service.settings.debounceMs);
    }),
    { dispose: () => undefined },
  );
}
