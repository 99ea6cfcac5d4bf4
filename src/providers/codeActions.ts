// Code actions on our diagnostics and on any join chain: compare the plans (preferred),
// generate the DataStream union rewrite, enable MultiJoin where the Flink version allows it, add a STATE_TTL hint where state is
// unbounded. Every edit is a WorkspaceEdit the user chose, so it can be undone.
import * as vscode from 'vscode';
import { toRange } from './convert';
import type { AnalysisService } from './service';

export const MULTIJOIN_SET = "SET 'table.optimizer.multi-join.enabled' = 'true';";

export function registerCodeActions(service: AnalysisService, selector: vscode.DocumentSelector): vscode.Disposable {
  const provider: vscode.CodeActionProvider = {
    async provideCodeActions(doc, range, context, token) {
      if (service.kind(doc) !== 'sql') return [];
      // Asked on every cursor move: the parse runs on the parse threads, not here.
      await service.prefetch(doc);
      if (token.isCancellationRequested) return [];
      const report = service.report(doc);
      const chains = report?.estimate?.chains ?? [];
      const actions: vscode.CodeAction[] = [];
      const chainAt = chains.findIndex((c) => toRange(c.chain.range).intersection(range) !== undefined || context.diagnostics.some((d) => d.code === 'state-amplification' && toRange(c.chain.range).contains(d.range.start)));
      if (chainAt >= 0) {
        const compare = new vscode.CodeAction('Compare join plan with DataStream union rewrite', vscode.CodeActionKind.QuickFix);
        compare.command = { command: 'flinkKpu.compare', title: 'Compare', arguments: [doc.uri.toString(), chainAt] };
        compare.isPreferred = true;
        compare.diagnostics = context.diagnostics.filter((d) => d.code === 'state-amplification');
        actions.push(compare);
        // Generated from a SQL file's text (in a program the SQL is inside string literals).
        if (!report?.program) {
          const rewrite = new vscode.CodeAction('Generate the DataStream union rewrite (Java)', vscode.CodeActionKind.Refactor);
          rewrite.command = { command: 'flinkKpu.generateRewrite', title: 'Generate the DataStream union rewrite', arguments: [doc.uri.toString(), chainAt] };
          actions.push(rewrite);
        }
      }
      // In a program the SQL sits inside string literals: a SQL edit there could break the host syntax.
      for (const d of report?.program ? [] : context.diagnostics) {
        if (d.code === 'multijoin-available') {
          const a = new vscode.CodeAction("Enable MultiJoin (SET 'table.optimizer.multi-join.enabled'); breaks savepoint compatibility", vscode.CodeActionKind.QuickFix);
          a.diagnostics = [d];
          a.edit = new vscode.WorkspaceEdit();
          a.edit.insert(doc.uri, new vscode.Position(0, 0), `-- MultiJoin changes the job graph: restore from a savepoint taken before this change will fail.\n${MULTIJOIN_SET}\n`);
          actions.push(a);
        }
        if (d.code === 'unbounded-state') {
          const chain = chains.find((c) => toRange(c.chain.range).contains(d.range.start) || c.chain.inputs.some((i) => toRange(i.range).isEqual(d.range)));
          const input = chain?.chain.inputs.find((i) => toRange(i.range).isEqual(d.range)) ?? chain?.chain.inputs.find((i) => i.appendOnly);
          const select = chain ? toRange(chain.chain.select).end : undefined;
          if (input && select) {
            const a = new vscode.CodeAction(`Add STATE_TTL hint for ${input.alias} (7 days)`, vscode.CodeActionKind.QuickFix);
            a.diagnostics = [d];
            a.edit = new vscode.WorkspaceEdit();
            a.edit.insert(doc.uri, select, ` /*+ STATE_TTL('${input.alias}' = '7d') */`);
            actions.push(a);
          }
        }
      }
      if (!service.chosenJob(doc.uri) && chains.length > 0) {
        const a = new vscode.CodeAction('Create job descriptor for this SQL file', vscode.CodeActionKind.Refactor);
        a.command = { command: 'flinkKpu.createDescriptor', title: 'Create job descriptor', arguments: [doc.uri.toString()] };
        actions.push(a);
      }
      return actions;
    },
  };
  return vscode.languages.registerCodeActionsProvider(selector, provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.Refactor] });
}
