// activate(): wire settings, analysis, providers and commands; nothing else.
import * as vscode from 'vscode';
import { registerCodeActions } from './providers/codeActions';
import { registerCodeLens } from './providers/codeLens';
import { registerCommands } from './providers/commands';
import { registerDiagnostics } from './providers/diagnostics';
import { registerHover } from './providers/hover';
import { registerInlayHints } from './providers/inlayHints';
import { AnalysisService } from './providers/service';
import { registerStatusBar } from './providers/statusBar';
import { ComparePanel } from './webview/comparePanel';

/** Documents we may analyse; each provider still checks the content (service.kind). */
export const SELECTOR: vscode.DocumentSelector = [
  { language: 'flink-sql' },
  { language: 'sql' },
  { language: 'yaml' },
  { language: 'json' },
  { language: 'terraform' },
  { pattern: '**/*.tf' },
  // Programs with Table-API SQL (service.kind() checks that they pass SQL to the Table API).
  { language: 'java' },
  { language: 'kotlin' },
  { language: 'scala' },
  { language: 'python' },
  { pattern: '**/*.{java,kt,kts,scala,sc,py}' },
];

export function activate(context: vscode.ExtensionContext): void {
  const activateStart = performance.now();
  const log = vscode.window.createOutputChannel('Flink KPU Lens', { log: true });
  const service = new AnalysisService(context.workspaceState, log);
  context.subscriptions.push(
    log,
    service,
    registerDiagnostics(service),
    registerCodeLens(service, SELECTOR),
    registerInlayHints(service, SELECTOR),
    registerHover(service, SELECTOR),
    registerCodeActions(service, SELECTOR),
    registerStatusBar(service),
    registerCommands(context, service, {
      compare: (uri, chain, job) => ComparePanel.show(context, service, uri, chain, job),
      compareWithRef: (comparison) => ComparePanel.showWithRef(context, service, comparison),
    }),
    ComparePanel.registerSerializer(context, service),
  );
  const loadStart = (globalThis as { __flinkKpuLoadStart?: number }).__flinkKpuLoadStart;
  const end = performance.now();
  /** Milliseconds from the start of loading this bundle to the end of activate(). */
  const activation: { activationMs?: number; loadMs?: number; activateMs?: number } = {
    activationMs: loadStart === undefined ? undefined : end - loadStart,
    loadMs: loadStart === undefined ? undefined : activateStart - loadStart,
    activateMs: end - activateStart,
  };
  // For the benchmark: what loading and activating cost in this extension host.
  context.subscriptions.push(vscode.commands.registerCommand('flinkKpu.activationStats', () => activation));
  // For the tests: whether SQL is parsed on the parse threads.
  context.subscriptions.push(vscode.commands.registerCommand('flinkKpu.parseStats', () => service.parseStats()));
  context.subscriptions.push(vscode.commands.registerCommand('flinkKpu.recentLog', () => service.recentLog()));
}

export function deactivate(): void {
  ComparePanel.current?.dispose();
}
