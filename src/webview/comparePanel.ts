// The comparison panel's host side: one panel, rebuilt from the analysis when the
// document changes, restored after a reload through its serializer and the page's
// state (no retainContextWhenHidden). The page (src/webview/page, bundled into
// dist/webview/compare.js) gets a fresh nonce and a strict CSP; the messages both ways are
// src/present/messages.ts, and every message from the page is validated before use.
import * as vscode from 'vscode';
import type { HostMessage, PanelState } from '../present/messages';
import type { ApplyView, CompareModel, RefComparison } from '../present/views';
import type { AnalysisService } from '../providers/service';
import { engine } from '../providers/engine';
import { NOT_CANCELLED, providerFullReport } from '../providers/preamble';
import { applyView, applyWriteBack, planDescriptorWriteBack, type WriteBack } from './descriptorWriteBack';
import { comparePageHtml, nonce } from './html';

export const COMPARE_VIEW_TYPE = 'flinkKpu.compare';

/** What the page may load: its stylesheet (media/) and its bundled script (dist/webview/). */
function resourceRoots(context: vscode.ExtensionContext): vscode.Uri[] {
  return [
    vscode.Uri.joinPath(context.extensionUri, 'media'),
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'),
  ];
}

export class ComparePanel implements vscode.Disposable {
  static current: ComparePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private model: CompareModel | undefined;
  /** The file's jobs before and after a git ref ("Compare with a git ref…"), shown above the plans until another file is compared. */
  private refComparison: RefComparison | undefined;

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
      ComparePanel.current.refComparison = undefined;
      ComparePanel.current.panel.reveal(vscode.ViewColumn.Beside);
      void ComparePanel.current.update();
      return ComparePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, 'Compare join plans', vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: resourceRoots(context),
    });
    ComparePanel.current = new ComparePanel(panel, context, service, state);
    return ComparePanel.current;
  }

  /** The panel on the comparison's file, with its before/after section. */
  static showWithRef(context: vscode.ExtensionContext, service: AnalysisService, c: RefComparison): ComparePanel {
    const panel = ComparePanel.show(context, service, c.uri);
    panel.refComparison = c;
    // A new page asks for its content when it is ready (update() sends the comparison then).
    panel.postRefComparison();
    return panel;
  }

  private postRefComparison(): void {
    if (this.refComparison?.uri === this.state.uri)
      this.post({ type: 'refComparison', comparison: this.refComparison });
  }

  static registerSerializer(context: vscode.ExtensionContext, service: AnalysisService): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, raw: unknown) {
        const state = engine().panelStateOf(raw);
        panel.webview.options = { enableScripts: true, localResourceRoots: resourceRoots(context) };
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
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
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

  /**
   * A message from the page (public for the integration tests, which cannot click in the page).
   * Resolves when it has been acted on; "Apply to the descriptor" resolves to what was written.
   */
  async receive(raw: unknown): Promise<ApplyView | undefined> {
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
      case 'compareWithRefAgain':
        if (this.refComparison)
          await vscode.commands.executeCommand('flinkKpu.compareWithGitRef', this.state.uri, this.refComparison.ref);
        break;
      case 'applyToDescriptor': {
        const w = await this.writeBack();
        return w ? applyWriteBack(w) : undefined;
      }
    }
    return undefined;
  }

  /**
   * What "Apply to the descriptor" would write: the what-if values that differ from the job's
   * (the comparison without what-if), or undefined when none does.
   */
  private async writeBack(): Promise<WriteBack | undefined> {
    const whatIf = this.state.whatIf;
    if (Object.keys(whatIf).length === 0) return undefined;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(this.state.uri));
    const report = await providerFullReport(this.service, doc, NOT_CANCELLED);
    const job = report?.kind === 'descriptor' ? report.jobs[this.state.job] : undefined;
    const sql = report?.kind === 'sql' ? report.sql : job?.sql;
    const spec = report?.kind === 'sql' ? this.service.chosenJob(doc.uri)?.spec : job?.spec;
    if (!report || !sql) return undefined;
    const opts = this.service.settings.estimate;
    const before = engine().buildCompareModel(sql, spec, opts, this.state.chain, {}, '')?.whatIf;
    if (!before || engine().changedSettings(before, whatIf).length === 0) return undefined;
    return planDescriptorWriteBack(this.service, doc, report, this.state.job, before, whatIf);
  }

  /** Recomputes the model from the document's current text and sends it to the page. */
  async update(): Promise<void> {
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(this.state.uri));
    } catch {
      this.post({ type: 'error', message: 'The file of this comparison is gone.', state: this.state });
      return;
    }
    const report = await providerFullReport(this.service, doc, NOT_CANCELLED);
    const job = report?.kind === 'descriptor' ? report.jobs[this.state.job] : undefined;
    const sql = report?.kind === 'sql' ? report.sql : job?.sql;
    const spec = report?.kind === 'sql' ? this.service.chosenJob(doc.uri)?.spec : job?.spec;
    const title = `${vscode.workspace.asRelativePath(doc.uri)}${job?.spec.name ? ` (${job.spec.name.value})` : ''}`;
    // What "Apply to the descriptor" would write, for the page to show before it is clicked.
    const writeBack = sql ? await this.writeBack() : undefined;
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
    if (this.model && writeBack) this.model.apply = applyView(writeBack);
    if (!this.model) this.post({ type: 'error', message: 'No join chain in this file to compare.', state: this.state });
    else this.post({ type: 'model', model: this.model, state: this.state });
    this.postRefComparison();
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private html(): string {
    const webview = this.panel.webview;
    const uri = (...path: string[]) =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, ...path)).toString();
    return comparePageHtml({
      cspSource: webview.cspSource,
      styleUri: uri('media', 'compare.css'),
      scriptUri: uri('dist', 'webview', 'compare.js'),
      nonce: nonce(),
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    if (ComparePanel.current === this) ComparePanel.current = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
