// Inlay hints: each join's state after its condition; the KPUs after every
// parallelism / parallelismPerKPU value of a descriptor. Each kind has a setting.
import * as vscode from 'vscode';
import type { FileReport } from '../analysis';
import { engine } from './engine';
import { toPosition } from './convert';
import type { AnalysisService } from './service';

function joinHints(report: FileReport): vscode.InlayHint[] {
  const sql = report.sql;
  const estimate = report.estimate;
  if (!sql || !estimate) return [];
  const hints: vscode.InlayHint[] = [];
  const stateOf = new Map<number, string>();
  for (const c of estimate.chains) {
    const ops = engine().joinOperators(c);
    c.chain.joins.forEach((j, k) => {
      if (ops[k]) stateOf.set(j.join, `state ${engine().gb(ops[k].stateBytes)}`);
    });
  }
  sql.joins.forEach((j, i) => {
    const op = estimate.joinStates[i];
    const label =
      stateOf.get(i) ??
      (j.kind === 'lookup' || j.kind === 'lateral'
        ? 'no join state'
        : !op
          ? undefined
          : op.estimated === false
            ? `${j.kind} join: not estimated`
            : `state ${engine().gb(op.stateBytes)}`);
    if (!label) return;
    const hint = new vscode.InlayHint(toPosition(j.fullRange.end), label, vscode.InlayHintKind.Parameter);
    hint.paddingLeft = true;
    hint.tooltip = `${j.type} ${j.kind} join ${j.left.join(', ')} ⋈ ${j.right}: ${j.reason}`;
    hints.push(hint);
  });
  return hints;
}

function parallelismHints(report: FileReport): vscode.InlayHint[] {
  const hints: vscode.InlayHint[] = [];
  // Instances of one Terraform resource share their parallelism's text: one hint per place and value.
  const seen = new Set<string>();
  const once = (range: { line: number; column: number }, label: string) => {
    const key = `${range.line}:${range.column}:${label}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  for (const j of report.jobs) {
    const p = j.spec.parallelism;
    if (p && once(p.range.end, engine().parallelismHint(j.plans))) {
      const h = new vscode.InlayHint(
        toPosition(p.range.end),
        engine().parallelismHint(j.plans),
        vscode.InlayHintKind.Type,
      );
      h.paddingLeft = true;
      h.tooltip = `ceil(Parallelism ${p.value} / ParallelismPerKPU ${j.spec.parallelismPerKPU?.value ?? 1}) = ${j.plans.binary.kpu.configured} KPU; ${engine().billedText(j.plans.binary)}`;
      hints.push(h);
    }
    const ppk = j.spec.parallelismPerKPU;
    const ppkLabel = `→ ${j.plans.binary.kpu.configured} KPU at Parallelism ${p?.value ?? 1}`;
    if (ppk && once(ppk.range.end, ppkLabel)) {
      const h = new vscode.InlayHint(toPosition(ppk.range.end), ppkLabel, vscode.InlayHintKind.Type);
      h.paddingLeft = true;
      hints.push(h);
    }
  }
  return hints;
}

export function registerInlayHints(service: AnalysisService, selector: vscode.DocumentSelector): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.InlayHintsProvider = {
    onDidChangeInlayHints: changed.event,
    async provideInlayHints(doc, range, token) {
      if (!service.kind(doc)) return [];
      await service.prefetch(doc);
      if (token.isCancellationRequested) return [];
      const report = service.report(doc);
      if (!report) return [];
      const hints = [
        ...(service.settings.joinHints && report.kind === 'sql' ? joinHints(report) : []),
        ...(service.settings.parallelismHints ? parallelismHints(report) : []),
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
