// Code actions on our diagnostics and on any join chain: compare the plans (preferred),
// generate the DataStream union rewrite, enable MultiJoin where the Flink version allows it, add a STATE_TTL hint where state is
// unbounded. Every edit is a WorkspaceEdit the user chose, so it can be undone.
import * as vscode from 'vscode';
import type { ReportSummary } from '../analysis';
import type { Located } from '../descriptor';
import { toRange } from './convert';
import { engine } from './engine';
import { providerReport } from './preamble';
import type { AnalysisService } from './service';

export const MULTIJOIN_SET = "SET 'table.optimizer.multi-join.enabled' = 'true';";

/** The code of a diagnostic (a string, or an object with a link). */
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' && d.code !== null ? d.code.value : d.code);

/**
 * Quick fixes on `kpu-storage-exceeded`: set Parallelism to what fits the state, or lower
 * ParallelismPerKPU so the same Parallelism gets the KPUs it needs. The value is replaced where
 * the descriptor writes it (src/descriptor/writeBack.ts), so one edit serves every format (our
 * YAML, CloudFormation, AWS JSON, Terraform, FlinkDeployment); a value that is a reference or a
 * default gets no fix.
 */
function descriptorActions(
  report: ReportSummary,
  doc: vscode.TextDocument,
  context: vscode.CodeActionContext,
): vscode.CodeAction[] {
  const diags = context.diagnostics.filter((d) => codeOf(d) === 'kpu-storage-exceeded');
  const actions: vscode.CodeAction[] = [];
  for (const d of diags) {
    const job = report.jobs.find(
      (j) => j.spec.parallelism && toRange(j.spec.parallelism.range).contains(d.range.start),
    );
    const e = job?.plans.binary;
    if (!job || !e || e.fits) continue;
    const set = (what: string, located: Located<number> | undefined, value: number, title: string) => {
      const w = engine().writeBackLiteral(doc.getText(), located, 'integer', value);
      if (!w.ok) return;
      const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      a.diagnostics = [d];
      a.edit = new vscode.WorkspaceEdit();
      a.edit.replace(doc.uri, toRange(w.range), w.text);
      if (what === 'parallelism') a.isPreferred = true;
      actions.push(a);
    };
    const storage = e.kpu.byDimension.storage;
    const p = e.parallelismToFit;
    if (p !== undefined)
      set(
        'parallelism',
        job.spec.parallelism,
        p,
        `Set Parallelism to ${p}: ${storage} KPU hold the state (${storage + 1} billed)`,
      );
    // Parallelism P at ParallelismPerKPU k buys ceil(P / k) KPUs: the largest k with ceil(P / k) >= storage.
    const parallelism = job.spec.parallelism?.value ?? 1;
    const perKpu = job.spec.parallelismPerKPU?.value ?? 1;
    const k = storage > 0 ? Math.floor(parallelism / storage) : perKpu;
    if (k >= 1 && k < perKpu && Math.ceil(parallelism / k) >= storage) {
      set(
        'parallelismPerKPU',
        job.spec.parallelismPerKPU,
        k,
        `Set ParallelismPerKPU to ${k}: Parallelism ${parallelism} on ${Math.ceil(parallelism / k)} KPU holds the state`,
      );
    }
  }
  return actions;
}

export function registerCodeActions(service: AnalysisService, selector: vscode.DocumentSelector): vscode.Disposable {
  const provider: vscode.CodeActionProvider = {
    async provideCodeActions(doc, range, context, token) {
      // Asked on every cursor move: the parse runs on the parse threads, not here. A descriptor
      // has actions only on a `kpu-storage-exceeded` diagnostic.
      const report = await providerReport(service, doc, token, {
        wanted: (kind) => kind === 'sql' || context.diagnostics.some((d) => codeOf(d) === 'kpu-storage-exceeded'),
      });
      if (!report) return [];
      if (report.kind === 'descriptor') return descriptorActions(report, doc, context);
      const chains = report.estimate?.chains ?? [];
      const actions: vscode.CodeAction[] = [];
      const chainAt = chains.findIndex(
        (c) =>
          toRange(c.chain.range).intersection(range) !== undefined ||
          context.diagnostics.some(
            (d) => d.code === 'state-amplification' && toRange(c.chain.range).contains(d.range.start),
          ),
      );
      if (chainAt >= 0) {
        const compare = new vscode.CodeAction(
          'Compare join plan with DataStream union rewrite',
          vscode.CodeActionKind.QuickFix,
        );
        compare.command = { command: 'flinkKpu.compare', title: 'Compare', arguments: [doc.uri.toString(), chainAt] };
        compare.isPreferred = true;
        compare.diagnostics = context.diagnostics.filter((d) => d.code === 'state-amplification');
        actions.push(compare);
        // Generated from a SQL file's text (in a program the SQL is inside string literals).
        if (!report.program) {
          const rewrite = new vscode.CodeAction(
            'Generate the DataStream union rewrite (Java)',
            vscode.CodeActionKind.Refactor,
          );
          rewrite.command = {
            command: 'flinkKpu.generateRewrite',
            title: 'Generate the DataStream union rewrite',
            arguments: [doc.uri.toString(), chainAt],
          };
          actions.push(rewrite);
        }
      }
      // In a program the SQL sits inside string literals: a SQL edit there could break the host syntax.
      const diagnostics = report.program ? [] : context.diagnostics;
      // Where state is unbounded, the hint goes after the chain's SELECT, for the input the
      // diagnostic names: the full report's chains say where those are.
      const full = diagnostics.some((d) => d.code === 'unbounded-state') ? await service.fullReport(doc) : undefined;
      if (token.isCancellationRequested) return [];
      const fullChains = full?.estimate?.chains ?? [];
      for (const d of diagnostics) {
        if (d.code === 'multijoin-available') {
          const a = new vscode.CodeAction(
            "Enable MultiJoin (SET 'table.optimizer.multi-join.enabled'); breaks savepoint compatibility",
            vscode.CodeActionKind.QuickFix,
          );
          a.diagnostics = [d];
          a.edit = new vscode.WorkspaceEdit();
          a.edit.insert(
            doc.uri,
            new vscode.Position(0, 0),
            `-- MultiJoin changes the job graph: restore from a savepoint taken before this change will fail.\n${MULTIJOIN_SET}\n`,
          );
          actions.push(a);
        }
        if (d.code === 'unbounded-state') {
          const chain = fullChains.find(
            (c) =>
              toRange(c.chain.range).contains(d.range.start) ||
              c.chain.inputs.some((i) => toRange(i.range).isEqual(d.range)),
          );
          const input =
            chain?.chain.inputs.find((i) => toRange(i.range).isEqual(d.range)) ??
            chain?.chain.inputs.find((i) => i.appendOnly);
          const select = chain ? toRange(chain.chain.select).end : undefined;
          if (input && select) {
            const a = new vscode.CodeAction(
              `Add STATE_TTL hint for ${input.alias} (7 days)`,
              vscode.CodeActionKind.QuickFix,
            );
            a.diagnostics = [d];
            a.edit = new vscode.WorkspaceEdit();
            a.edit.insert(doc.uri, select, ` /*+ STATE_TTL('${input.alias}' = '7d') */`);
            actions.push(a);
          }
        }
      }
      if (!service.chosenJob(doc.uri) && chains.length > 0) {
        const a = new vscode.CodeAction('Create job descriptor for this SQL file', vscode.CodeActionKind.Refactor);
        a.command = {
          command: 'flinkKpu.createDescriptor',
          title: 'Create job descriptor',
          arguments: [doc.uri.toString()],
        };
        actions.push(a);
      }
      return actions;
    },
  };
  return vscode.languages.registerCodeActionsProvider(selector, provider, {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.Refactor],
  });
}
