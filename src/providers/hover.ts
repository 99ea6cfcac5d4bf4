// Hovers: on a descriptor's parallelism settings, KPU bundling explained with the job's
// own numbers; on a join keyword, that join's state with its formula.
import * as vscode from 'vscode';
import { engine } from './engine';
import { toRange } from './convert';
import { providerReport } from './preamble';
import type { AnalysisService } from './service';
import type { Range } from '../text';

function compareLink(uri: vscode.Uri, chain: number, job = 0): string {
  return `command:flinkKpu.compare?${encodeURIComponent(JSON.stringify([uri.toString(), chain, job]))}`;
}

export function registerHover(service: AnalysisService, selector: vscode.DocumentSelector): vscode.Disposable {
  const provider: vscode.HoverProvider = {
    async provideHover(doc, pos, token) {
      const report = await providerReport(service, doc, token);
      if (!report) return undefined;
      const hit = (r: Range | undefined) => (r ? toRange(r).contains(pos) : false);
      const md = (text: string, r: Range) => {
        const m = new vscode.MarkdownString(text);
        m.isTrusted = { enabledCommands: ['flinkKpu.compare'] };
        return new vscode.Hover(m, toRange(r));
      };
      if (report.kind === 'sql') {
        const i = report.sql?.joins.findIndex((j) => hit(j.range)) ?? -1;
        if (i < 0) return undefined;
        const chain = report.estimate?.chains.findIndex((c) => c.chain.joins.some((j) => j.join === i)) ?? -1;
        // The join's state with its formulas: from the full report (the summary has no terms).
        const full = await service.fullReport(doc);
        if (!full || token.isCancellationRequested) return undefined;
        const text = engine().joinHoverMarkdown(full, i, chain >= 0 ? compareLink(doc.uri, chain) : undefined);
        return text ? md(text, report.sql!.joins[i].range) : undefined;
      }
      for (let k = 0; k < report.jobs.length; k++) {
        const j = report.jobs[k];
        const s = j.spec;
        const ranges = [
          s.parallelism?.range,
          s.parallelism?.keyRange,
          s.parallelismPerKPU?.range,
          s.parallelismPerKPU?.keyRange,
          s.configurationType?.keyRange,
          s.autoScaling?.keyRange,
        ];
        const at =
          ranges.find(hit) ??
          (s.parallelismBlockRange && hit(s.parallelismBlockRange) ? s.parallelismBlockRange : undefined);
        if (!at) continue;
        return md(
          engine().kpuHoverMarkdown(j.plans, {
            hasSql: !!j.sql,
            assumptions: service.settings.estimate.assumptions,
            compareCommand: j.sql ? compareLink(doc.uri, 0, k) : undefined,
            statsFrom: j.sql ? 'this descriptor' : undefined,
          }),
          at,
        );
      }
      return undefined;
    },
  };
  return vscode.languages.registerHoverProvider(selector, provider);
}
