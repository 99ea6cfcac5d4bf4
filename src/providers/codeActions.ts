// Code actions on our diagnostics and on any join chain: compare the plans (preferred),
// generate the DataStream union rewrite, enable MultiJoin where the Flink version allows it, add a STATE_TTL hint where state is
// unbounded. Every edit is a WorkspaceEdit the user chose, so it can be undone.
import * as vscode from 'vscode';
import { toRange } from './convert';
import type { AnalysisService } from './service';

export const MULTIJOIN_SET = "SET 'table.optimizer.multi-join.enabled' = 'true';";

/** A number literal (quoted or not) at `range`, as the descriptor writes it; undefined for a reference (`var.p`, `!Ref P`) or a default. */
function numberAt(doc: vscode.TextDocument, range: vscode.Range): { quote: string } | undefined {
  const m = /^(["']?)\d+\1$/.exec(doc.getText(range).trim());
  return m ? { quote: m[1] } : undefined;
}

/**
 * Quick fixes on `kpu-storage-exceeded`: set Parallelism to what fits the state, or lower
 * ParallelismPerKPU so the same Parallelism gets the KPUs it needs. The value is replaced where
 * the descriptor writes it, so one edit serves every format (our YAML, CloudFormation, AWS JSON,
 * Terraform, FlinkDeployment); a value that is a reference or a default gets no fix.
 */
async function descriptorActions(
  service: AnalysisService,
  doc: vscode.TextDocument,
  context: vscode.CodeActionContext,
): Promise<vscode.CodeAction[]> {
  const diags = context.diagnostics.filter(
    (d) => (typeof d.code === 'object' && d.code !== null ? d.code.value : d.code) === 'kpu-storage-exceeded',
  );
  if (diags.length === 0) return [];
  await service.prefetch(doc);
  const report = service.report(doc);
  const actions: vscode.CodeAction[] = [];
  for (const d of diags) {
    const job = report?.jobs.find(
      (j) => j.spec.parallelism && toRange(j.spec.parallelism.range).contains(d.range.start),
    );
    const e = job?.plans.binary;
    if (!job || !e || e.fits) continue;
    const set = (
      what: string,
      located: { range: Parameters<typeof toRange>[0] } | undefined,
      value: number,
      title: string,
    ) => {
      const at = located && toRange(located.range);
      const lit = at && numberAt(doc, at);
      if (!at || !lit) return;
      const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      a.diagnostics = [d];
      a.edit = new vscode.WorkspaceEdit();
      a.edit.replace(doc.uri, at, `${lit.quote}${value}${lit.quote}`);
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
      if (service.kind(doc) === 'descriptor') return descriptorActions(service, doc, context);
      if (service.kind(doc) !== 'sql') return [];
      // Asked on every cursor move: the parse runs on the parse threads, not here.
      await service.prefetch(doc);
      if (token.isCancellationRequested) return [];
      const report = service.report(doc);
      const chains = report?.estimate?.chains ?? [];
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
        if (!report?.program) {
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
      for (const d of report?.program ? [] : context.diagnostics) {
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
          const chain = chains.find(
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
