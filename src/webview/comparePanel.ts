// The comparison panel's host side: one panel, rebuilt from the analysis when the
// document changes, restored after a reload through its serializer and the page's
// state (no retainContextWhenHidden). The page gets a fresh nonce and a strict CSP,
// and every message from it is validated before use.
import * as vscode from 'vscode';
import type { AnalysisService } from '../providers/service';
import { engine } from '../providers/engine';
import type { CompareModel, WhatIf } from './model';

export const COMPARE_VIEW_TYPE = 'flinkKpu.compare';

interface PanelState {
  uri: string;
  chain: number;
  job: number;
  whatIf: WhatIf;
}

function nonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '');
}

export class ComparePanel implements vscode.Disposable {
  static current: ComparePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private model: CompareModel | undefined;

  static show(
    context: vscode.ExtensionContext,
    service: AnalysisService,
    uri: string,
    chain = 0,
    job = 0,
  ): ComparePanel {
    const state: PanelState = { uri, chain, job, whatIf: {} };
    if (ComparePanel.current) {
      ComparePanel.current.state = state;
      ComparePanel.current.panel.reveal(vscode.ViewColumn.Beside);
      void ComparePanel.current.update();
      return ComparePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, 'Compare join plans', vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
    });
    ComparePanel.current = new ComparePanel(panel, context, service, state);
    return ComparePanel.current;
  }

  static registerSerializer(context: vscode.ExtensionContext, service: AnalysisService): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, raw: unknown) {
        const s = raw as Partial<PanelState> | undefined;
        const what = engine().WhatIfSchema.safeParse(s?.whatIf ?? {});
        const state: PanelState = {
          uri: typeof s?.uri === 'string' ? s.uri : '',
          chain: typeof s?.chain === 'number' ? s.chain : 0,
          job: typeof s?.job === 'number' ? s.job : 0,
          whatIf: what.success ? what.data : {},
        };
        panel.webview.options = {
          enableScripts: true,
          localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
        };
        ComparePanel.current?.dispose();
        ComparePanel.current = new ComparePanel(panel, context, service, state);
      },
    });
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly service: AnalysisService,
    private state: PanelState,
  ) {
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      service.onDidChange(() => void this.update()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.state.uri) this.scheduleUpdate();
      }),
    );
  }

  private timer: ReturnType<typeof setTimeout> | undefined;
  private scheduleUpdate(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), this.service.settings.debounceMs);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const parsed = engine().PageMessageSchema.safeParse(raw);
    if (!parsed.success) return; // not one of ours: ignored
    const m = parsed.data;
    switch (m.type) {
      case 'ready':
        await this.update();
        break;
      case 'whatIf':
        this.state = { ...this.state, whatIf: m.whatIf };
        await this.update();
        break;
      case 'selectChain':
        this.state = { ...this.state, chain: m.chain };
        await this.update();
        break;
      case 'export':
        if (this.model) {
          const doc = await vscode.workspace.openTextDocument({
            language: 'markdown',
            content: engine().compareMarkdown(this.model),
          });
          await vscode.window.showTextDocument(doc, vscode.ViewColumn.Active);
        }
        break;
      case 'rewrite':
        await vscode.commands.executeCommand('flinkKpu.generateRewrite', this.state.uri, this.state.chain);
        break;
      case 'reveal': {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(this.state.uri));
        await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
        break;
      }
    }
  }

  /** Recomputes the model from the document's current text and sends it to the page. */
  async update(): Promise<void> {
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(this.state.uri));
    } catch {
      void this.panel.webview.postMessage({
        type: 'error',
        message: 'The file of this comparison is gone.',
        state: this.state,
      });
      return;
    }
    await this.service.prefetch(doc);
    const report = this.service.report(doc);
    const job = report?.kind === 'descriptor' ? report.jobs[this.state.job] : undefined;
    const sql = report?.kind === 'sql' ? report.sql : job?.sql;
    const spec = report?.kind === 'sql' ? this.service.chosenJob(doc.uri)?.spec : job?.spec;
    const title = `${vscode.workspace.asRelativePath(doc.uri)}${job?.spec.name ? ` (${job.spec.name.value})` : ''}`;
    this.model = sql
      ? engine().buildCompareModel(
          sql,
          spec,
          this.service.settings.estimate,
          this.state.chain,
          this.state.whatIf,
          title,
        )
      : undefined;
    this.panel.title = `Compare: ${doc.uri.path.split('/').pop()}`;
    if (this.model) {
      // The rewrite is generated from a SQL file's own text and estimate (not the what-if figures).
      this.model.rewrite =
        report?.kind === 'sql' && !report.program && report.sql && report.estimate
          ? engine().rewriteSummary(doc.getText(), report.sql, report.estimate, this.model.chainIndex)
          : {
              available: false,
              reason: "the rewrite is generated from a Flink SQL file: open the chain's .sql file and compare it there",
            };
    }
    if (!this.model) {
      void this.panel.webview.postMessage({
        type: 'error',
        message: 'No join chain in this file to compare.',
        state: this.state,
      });
      return;
    }
    void this.panel.webview.postMessage({ type: 'model', model: this.model, state: this.state });
  }

  private html(): string {
    const webview = this.panel.webview;
    const n = nonce();
    const media = (f: string) =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', f)).toString();
    const csp = [
      `default-src 'none'`,
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      `script-src 'nonce-${n}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('compare.css')}">
<title>Compare join plans</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="muted">Computing the comparison…</p></main>
<script nonce="${n}" src="${media('compare.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    clearTimeout(this.timer);
    if (ComparePanel.current === this) ComparePanel.current = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
