// "Apply to the descriptor" of the comparison panel: the what-if values that differ from the job's
// are written into the job descriptor the analysis used, at the ranges of the values it read
// (src/descriptor/writeBack.ts decides what is a literal and how to spell the new value), as one
// WorkspaceEdit: the user sees it in the descriptor and can undo it like any edit.
import * as vscode from 'vscode';
import type { FileReport } from '../analysis';
import type { JobSettings, WriteBackPlan } from '../descriptor/writeBack';
import { toRange } from '../providers/convert';
import { engine } from '../providers/engine';
import { NOT_CANCELLED, providerFullReport } from '../providers/preamble';
import type { AnalysisService } from '../providers/service';
import type { ApplyView } from '../present/views';

/** The descriptor document to write and its plan, or why there is none. */
export type WriteBack = { doc: vscode.TextDocument; plan: WriteBackPlan } | { reason: string };

/**
 * The plan for writing `after` over `before` into the descriptor of the comparison's job: the
 * descriptor itself (its `job`-th job), or for a SQL file the descriptor job that estimates it.
 * The descriptor is analysed afresh, so the ranges are those of its current text.
 */
export async function planDescriptorWriteBack(
  service: AnalysisService,
  doc: vscode.TextDocument,
  report: FileReport,
  job: number,
  before: JobSettings,
  after: JobSettings,
): Promise<WriteBack> {
  let target = doc;
  let descriptor = report;
  let jobIndex = job;
  if (report.kind === 'sql') {
    const chosen = service.chosenJob(doc.uri);
    if (!chosen)
      return {
        reason:
          'no job descriptor names this file, so there is nowhere to write the values: create one (Flink KPU Lens: Create job descriptor) first',
      };
    target = await vscode.workspace.openTextDocument(chosen.descriptor);
    const r = await providerFullReport(service, target, NOT_CANCELLED);
    if (r?.kind !== 'descriptor') return { reason: `${vscode.workspace.asRelativePath(target.uri)} cannot be read` };
    descriptor = r;
    // The index's job number may not be the analysis's (a Terraform module's jobs): the job that runs this file.
    const named = r.jobs.findIndex((j) => j.sqlPath === doc.uri.path && j.spec.name?.value === chosen.spec.name?.value);
    jobIndex = named >= 0 ? named : chosen.jobIndex;
  }
  const j = descriptor.jobs[jobIndex];
  if (!j) return { reason: `${vscode.workspace.asRelativePath(target.uri)} has no job ${jobIndex + 1}` };
  const sql = report.kind === 'sql' ? report.sql : j.sql;
  const plan = engine().planWriteBack(j.spec, target.getText(), before, after, {
    sqlSetsStateTtl: sql?.stateTtlSec !== undefined,
  });
  return { doc: target, plan };
}

/** The page's view of a plan: what would be written and what not. */
export function applyView(w: WriteBack): ApplyView {
  if ('reason' in w) return { reason: w.reason, edits: [], skipped: [] };
  return {
    descriptor: vscode.workspace.asRelativePath(w.doc.uri),
    edits: w.plan.edits.map(({ label, from, to }) => ({ label, from, to })),
    skipped: w.plan.skipped,
  };
}

/** Makes the plan's edits as one undoable edit, shows the descriptor, and tells the user what was and was not written. */
export async function applyWriteBack(w: WriteBack): Promise<ApplyView> {
  const view = applyView(w);
  if ('reason' in w) {
    void vscode.window.showWarningMessage(`Nothing written: ${w.reason}.`);
    return view;
  }
  const notWritten = w.plan.skipped.map((s) => `${s.label}: ${s.reason}`).join('; ');
  if (w.plan.edits.length === 0) {
    void vscode.window.showWarningMessage(`Nothing written to ${view.descriptor}. ${notWritten}.`);
    return view;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of w.plan.edits) edit.replace(w.doc.uri, toRange(e.range), e.text);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`${view.descriptor} could not be edited (it changed meanwhile?): try again.`);
    return { ...view, edits: [] };
  }
  await vscode.window.showTextDocument(w.doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: true });
  const written = `Wrote ${w.plan.edits.map((e) => `${e.label} ${e.from} → ${e.to}`).join(', ')} into ${view.descriptor} (not saved yet; Undo takes it back).`;
  if (notWritten) void vscode.window.showWarningMessage(`${written} Not written: ${notWritten}.`);
  else void vscode.window.showInformationMessage(written);
  return view;
}
