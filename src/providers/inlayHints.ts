// Inlay hints: each join's state after its condition; the KPUs after every
// parallelism / parallelismPerKPU value of a descriptor. Each kind has a setting; the hints
// themselves are src/present/hints.ts.
import * as vscode from 'vscode';
import type { HintView } from '../present/hints';
import { engine } from './engine';
import { toPosition } from './convert';
import { providerReport } from './preamble';
import type { AnalysisService } from './service';

function inlayHint(h: HintView, kind: vscode.InlayHintKind): vscode.InlayHint {
  const hint = new vscode.InlayHint(toPosition(h.at), h.label, kind);
  hint.paddingLeft = true;
  if (h.tooltip) hint.tooltip = h.tooltip;
  return hint;
}

export function registerInlayHints(service: AnalysisService, selector: vscode.DocumentSelector): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.InlayHintsProvider = {
    onDidChangeInlayHints: changed.event,
    async provideInlayHints(doc, range, token) {
      const report = await providerReport(service, doc, token);
      if (!report) return [];
      const hints = [
        ...(service.settings.joinHints && report.kind === 'sql' ? engine().joinHints(report) : []).map((h) =>
          inlayHint(h, vscode.InlayHintKind.Parameter),
        ),
        ...(service.settings.parallelismHints ? engine().parallelismHints(report) : []).map((h) =>
          inlayHint(h, vscode.InlayHintKind.Type),
        ),
      ];
      return hints.filter((h) => range.contains(h.position));
    },
  };
  return vscode.Disposable.from(
    changed,
    service.onDidChange(() => changed.fire()),
    vscode.languages.registerInlayHintsProvider(selector, provider),
  );
}
