// "Flink KPU Lens: Compare with a git ref…": the file in the editor (a SQL file, a program or a
// descriptor) with its descriptor and SQL files, read at a ref the user picks (git, in the file's
// folder) and in the working copy (open documents as edited), each side analysed by the engine
// (analysis/side.ts) and paired job by job by the diff of `flink-kpu diff` (analysis/diff.ts).
import { dirname, posix } from 'node:path';
import * as vscode from 'vscode';
import type { SideFiles } from '../analysis/side';
import type { RefComparison } from '../present/views';
import { execGit } from '../git/exec';
import { filesAt, type Git, GitError, type RefChoice, refChoices, repositoryRoot, resolveCommit } from '../git/refs';
import { decodeText } from '../text';
import { engine } from './engine';
import type { AnalysisService } from './service';

/** The working copy as the editor has it: open documents with their unsaved edits, else the disk. */
function workspaceFiles(like: vscode.Uri): SideFiles {
  const uri = (path: string) => like.with({ path });
  return {
    async read(path) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri(path).toString());
      if (open) return open.getText();
      try {
        return decodeText(await vscode.workspace.fs.readFile(uri(path)));
      } catch {
        return undefined;
      }
    },
    async list(dir) {
      try {
        const entries = await vscode.workspace.fs.readDirectory(uri(dir));
        return entries.filter(([, type]) => (type & vscode.FileType.File) !== 0).map(([name]) => name);
      } catch {
        return undefined;
      }
    },
  };
}

/** A quick pick of the refs, the first preselected; any other text typed is offered as a ref too. */
async function pickRef(git: Git): Promise<RefChoice | undefined> {
  const { first, refs } = await refChoices(git);
  type Item = vscode.QuickPickItem & RefChoice;
  const items: Item[] = [first, ...refs].map((r) => ({ label: r.label, description: r.description, ref: r.ref }));
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'Compare with a git ref';
  pick.placeholder = 'A branch, tag or commit (type any ref git knows)';
  pick.items = items;
  pick.activeItems = [items[0]];
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    const known = items.some((i) => i.label === typed);
    pick.items = typed === '' || known ? items : [{ label: typed, description: 'the ref typed', ref: typed }, ...items];
  });
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      const typed = pick.value.trim();
      resolve(pick.selectedItems[0] ?? (typed ? { ref: typed, label: typed } : undefined));
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/** Why the comparison could not be made, as shown to the user (and returned to the tests). */
export interface RefComparisonError {
  error: string;
}

/**
 * Compares `target` with its state at `ref` (picked when not given). Resolves to the comparison,
 * which `show` puts in the comparison panel, or to the error the user was shown; undefined when
 * the user cancelled the pick.
 */
export async function compareWithGitRef(
  service: AnalysisService,
  target: vscode.Uri,
  ref: string | undefined,
  show: (comparison: RefComparison) => unknown,
): Promise<RefComparison | RefComparisonError | undefined> {
  const fail = (error: string): RefComparisonError => {
    void vscode.window.showErrorMessage(`Compare with a git ref: ${error}`);
    return { error };
  };
  if (target.scheme !== 'file') return fail('this file is not on disk, so git has no history of it.');
  // git reads the repository's own configuration, which can name programs to run.
  if (!vscode.workspace.isTrusted)
    return fail('git runs only in a trusted workspace (it reads the repository\u2019s configuration): trust it first.');
  const doc = await vscode.workspace.openTextDocument(target);
  await service.ready;
  const kind = service.kind(doc);
  if (!kind) return fail('open a Flink SQL file, a program with Table-API SQL or a job descriptor first.');
  const git = execGit(dirname(target.fsPath));
  try {
    const root = await repositoryRoot(git, posix.dirname(target.path));
    const chosen = ref !== undefined ? { ref, label: ref } : await pickRef(git);
    if (chosen === undefined) return undefined;
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Flink KPU Lens: comparing with ${chosen.label}` },
      async (progress) => {
        const commit = await resolveCommit(git, chosen.ref);
        const descriptor = kind === 'sql' ? service.chosenJob(target)?.descriptor.path : undefined;
        const side = { file: target.path, descriptor };
        const opts = service.settings.estimate;
        progress.report({ message: `reading ${posix.basename(target.path)} at ${commit.slice(0, 12)}` });
        const base = await engine().analyzeSide(side, filesAt(git, commit, root), opts);
        progress.report({ message: 'analysing the working copy' });
        const head = await engine().analyzeSide(side, workspaceFiles(target), opts);
        const relative = (p: string) => posix.relative(root, p);
        const comparison: RefComparison = {
          uri: target.toString(),
          file: relative(target.path),
          ref: chosen.ref,
          label: chosen.label,
          commit,
          newAtRef: !base.present,
          diff: engine().diffReports({ reports: base.reports, relative }, { reports: head.reports, relative }),
        };
        await show(comparison);
        return comparison;
      },
    );
  } catch (e) {
    if (e instanceof GitError) return fail(`${e.message}.`);
    throw e;
  }
}
