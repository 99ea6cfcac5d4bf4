// CodeLens above every join chain (state of each plan, KPUs, cost) and above every job
// of a descriptor (KPUs billed, cost, binding dimension). Clicking opens the comparison.
import * as vscode from 'vscode';
import { toPosition, toRange } from './convert';
import type { AnalysisService } from './service';
import { engine } from './engine';
import { providerReport } from './preamble';

export function registerCodeLens(service: AnalysisService, selector: vscode.DocumentSelector): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    async provideCodeLenses(doc, token) {
      const report = await providerReport(service, doc, token, { enabled: service.settings.codeLens });
      if (!report) return [];
      const lenses: vscode.CodeLens[] = [];
      const at = (line: number) => new vscode.Range(toPosition({ line, column: 1 }), toPosition({ line, column: 1 }));
      if (report.kind === 'sql') {
        const chains = report.estimate?.chains ?? [];
        chains.forEach((c, i) => {
          lenses.push(
            new vscode.CodeLens(at(c.chain.anchor.start.line), {
              title: engine().chainLensTitle(c, report.plans),
              command: 'flinkKpu.compare',
              arguments: [doc.uri.toString(), i],
              tooltip: 'Open the comparison of the binary join plan, MultiJoin and the DataStream union rewrite',
            }),
          );
        });
        if (chains.length > 0) {
          const jobs = service.jobsFor(doc.uri);
          const chosen = service.chosenJob(doc.uri);
          if (!chosen) {
            lenses.push(
              new vscode.CodeLens(at(chains[0].chain.anchor.start.line), {
                title: 'Estimated with defaults (no job descriptor names this file) · Create job descriptor',
                command: 'flinkKpu.createDescriptor',
                arguments: [doc.uri.toString()],
              }),
            );
          } else if (jobs.length > 1) {
            lenses.push(
              new vscode.CodeLens(at(chains[0].chain.anchor.start.line), {
                title: `Statistics from ${vscode.workspace.asRelativePath(chosen.descriptor)} · change`,
                command: 'flinkKpu.selectDescriptor',
                arguments: [doc.uri.toString()],
              }),
            );
          }
        }
      } else {
        const lineOf = (j: (typeof report.jobs)[number]) => (j.spec.name?.range ?? j.spec.range).start.line;
        report.jobs.forEach((j, i) => {
          const r = j.spec.name?.range ?? j.spec.range;
          // Instances of one Terraform resource (for_each, count) or module share a line: each lens names its job.
          const shared = report.jobs.some((o, k) => k !== i && lineOf(o) === r.start.line);
          const title = shared
            ? `${j.spec.name?.value ?? j.spec.address ?? `job ${i + 1}`}: ${engine().jobLensTitle(j)}`
            : engine().jobLensTitle(j);
          lenses.push(
            new vscode.CodeLens(at(r.start.line), {
              title,
              command: 'flinkKpu.compare',
              arguments: [doc.uri.toString(), 0, i],
              tooltip: 'Open the comparison of this job\u2019s plans',
            }),
          );
          if (j.spec.sql?.value.inline !== undefined) {
            j.estimate.chains.forEach((c, k) => {
              const mapped = engine().mapInlineSqlRange(j.spec.sql!.value, c.chain.anchor);
              if (mapped)
                lenses.push(
                  new vscode.CodeLens(toRange(mapped), {
                    title: engine().chainLensTitle(c, j.plans),
                    command: 'flinkKpu.compare',
                    arguments: [doc.uri.toString(), k, i],
                  }),
                );
            });
          }
        });
      }
      return lenses;
    },
  };
  return vscode.Disposable.from(
    changed,
    service.onDidChange(() => changed.fire()),
    vscode.languages.registerCodeLensProvider(selector, provider),
  );
}
