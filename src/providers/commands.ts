// Every command of the extension, registered in one place. What a command opens (the comparison
// panel) is passed in at registration: nothing here imports the webview layer.
import * as vscode from 'vscode';
import type { RefComparison } from '../present/views';
import { engine } from './engine';
import { compareWithGitRef } from './gitCompare';
import { NOT_CANCELLED, providerFullReport } from './preamble';
import type { AnalysisService } from './service';

/** The comparison views the commands open (implemented by src/webview/comparePanel.ts). */
export interface CompareViews {
  /** Opens (or re-targets) the comparison of one chain of `uri`, of its `job`-th job for a descriptor. */
  compare(uri: string, chain: number, job: number): unknown;
  /** Shows a file's jobs before (at a git ref) and after (the working copy) in the comparison panel. */
  compareWithRef(comparison: RefComparison): unknown;
}

function targetUri(arg: unknown): vscode.Uri | undefined {
  if (typeof arg === 'string' && arg.length > 0) return vscode.Uri.parse(arg);
  if (arg instanceof vscode.Uri) return arg;
  return vscode.window.activeTextEditor?.document.uri;
}

/**
 * The union rewrite of one chain of a SQL file, written as a Maven module into a folder the
 * user chooses (`<sink>-union-rewrite` inside it), never over a file: when any of its files is
 * there, nothing is written.
 */
async function generateRewrite(service: AnalysisService, target: vscode.Uri, chain: number): Promise<unknown> {
  const doc = await vscode.workspace.openTextDocument(target);
  const report = await providerFullReport(service, doc, NOT_CANCELLED);
  if (report?.kind !== 'sql' || report.program || !report.sql || !report.estimate) {
    return vscode.window.showInformationMessage(
      'The union rewrite is generated from a Flink SQL file (.sql): open the file of the chain.',
    );
  }
  const g = engine().generateRewrite(doc.getText(), report.sql, report.estimate, chain);
  if ('errors' in g) {
    const why = g.errors.map((e) => `line ${e.range.start.line}: ${e.message}`).join(' · ');
    return vscode.window.showErrorMessage(`The union rewrite of this chain cannot be generated: ${why}`);
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: vscode.workspace.getWorkspaceFolder(target)?.uri,
    openLabel: 'Write the union rewrite here',
    title: `The union rewrite of the chain into ${g.plan.sink.name}: folder for ${g.plan.sink.name}-union-rewrite/`,
  });
  if (!picked?.[0]) return undefined;
  const dir = vscode.Uri.joinPath(picked[0], `${g.plan.sink.name.replace(/[^A-Za-z0-9_.-]/g, '_')}-union-rewrite`);
  const files = [...g.files].map(([p, content]) => ({ uri: vscode.Uri.joinPath(dir, ...p.split('/')), content }));
  const taken: string[] = [];
  for (const f of files)
    if (
      await vscode.workspace.fs.stat(f.uri).then(
        () => true,
        () => false,
      )
    )
      taken.push(vscode.workspace.asRelativePath(f.uri));
  if (taken.length > 0) {
    return vscode.window.showErrorMessage(
      `${taken.slice(0, 2).join(', ')}${taken.length > 2 ? ` and ${taken.length - 2} more` : ''} already exist: nothing written (the union rewrite never overwrites a file). Choose another folder.`,
    );
  }
  for (const f of files) await vscode.workspace.fs.writeFile(f.uri, new TextEncoder().encode(f.content));
  const main = files.find((f) => f.uri.path.endsWith(`/${g.plan.jobClass}.java`))!.uri;
  const gb = engine().gb;
  const open = 'Open the job';
  const answer = await vscode.window.showInformationMessage(
    `Wrote the union rewrite to ${vscode.workspace.asRelativePath(dir)} (${files.length} files): its union stages hold ${gb(g.state.stateBytes)}, the SQL joins ${gb(g.chain.estimate.binary.stateBytes)}. It cannot restore the SQL job's savepoints.`,
    open,
  );
  if (answer === open) await vscode.window.showTextDocument(main);
  return dir;
}

export function registerCommands(
  context: vscode.ExtensionContext,
  service: AnalysisService,
  views: CompareViews,
): vscode.Disposable {
  const commands: Record<string, (...args: unknown[]) => unknown> = {
    'flinkKpu.compare': (uri, chain, job) => {
      const target = targetUri(uri);
      if (!target)
        return vscode.window.showInformationMessage(
          'Open a Flink SQL file or job descriptor to compare its join plans.',
        );
      return views.compare(target.toString(), typeof chain === 'number' ? chain : 0, typeof job === 'number' ? job : 0);
    },
    'flinkKpu.compareWithGitRef': (uri, ref) => {
      const target = targetUri(uri);
      if (!target)
        return vscode.window.showInformationMessage(
          'Open a Flink SQL file or job descriptor to compare it with a git ref.',
        );
      return compareWithGitRef(service, target, typeof ref === 'string' ? ref : undefined, (c) =>
        views.compareWithRef(c),
      );
    },
    'flinkKpu.selectDescriptor': async (uri) => {
      const target = targetUri(uri);
      if (!target) return;
      const jobs = service.jobsFor(target);
      if (jobs.length === 0)
        return vscode.window.showInformationMessage('No job descriptor in this workspace names this SQL file.');
      const pick = await vscode.window.showQuickPick(
        jobs.map((j) => ({
          label: j.spec.name?.value ?? '(unnamed job)',
          description: vscode.workspace.asRelativePath(j.descriptor),
          job: j,
        })),
        { placeHolder: 'Which job\u2019s statistics should estimate this file?' },
      );
      if (pick) await service.chooseJob(target, pick.job);
    },
    'flinkKpu.createDescriptor': async (uri) => {
      const target = targetUri(uri);
      if (!target) return;
      const doc = await vscode.workspace.openTextDocument(target);
      const report = await providerFullReport(service, doc, NOT_CANCELLED);
      if (!report?.sql)
        return vscode.window.showInformationMessage('This file is not Flink SQL that Flink KPU Lens reads.');
      const name = target.path
        .split('/')
        .pop()!
        .replace(/\.((flink\.)?sql|java|kts?|scala|sc|py)$/i, '');
      const dest = target.with({ path: target.path.replace(/[^/]+$/, `${name}.flinkjob.yaml`) });
      const exists = await vscode.workspace.fs.stat(dest).then(
        () => true,
        () => false,
      );
      if (exists) {
        await vscode.window.showTextDocument(dest);
        return vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(dest)} exists already.`);
      }
      const edit = new vscode.WorkspaceEdit();
      edit.createFile(dest, { ignoreIfExists: true });
      edit.insert(dest, new vscode.Position(0, 0), engine().scaffoldDescriptor(target.path, report.sql));
      await vscode.workspace.applyEdit(edit);
      await vscode.window.showTextDocument(dest);
      await service.indexDescriptors();
      service.fire();
    },
    'flinkKpu.showLog': () => service.showLog(),
    'flinkKpu.openExample': async () => {
      // The walkthrough's example job, shipped with the extension, as an untitled Flink SQL document.
      const bytes = await vscode.workspace.fs.readFile(
        vscode.Uri.joinPath(context.extensionUri, 'media', 'walkthrough', 'example.sql'),
      );
      const doc = await vscode.workspace.openTextDocument({
        language: 'flink-sql',
        content: new TextDecoder().decode(bytes),
      });
      await vscode.window.showTextDocument(doc);
    },
    'flinkKpu.generateRewrite': (uri, chain) => {
      const target = targetUri(uri);
      if (!target)
        return vscode.window.showInformationMessage(
          'Open a Flink SQL file to generate the union rewrite of one of its join chains.',
        );
      return generateRewrite(service, target, typeof chain === 'number' ? chain : 0);
    },
    'flinkKpu.setFlinkSqlLanguage': async () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (doc) await vscode.languages.setTextDocumentLanguage(doc, 'flink-sql');
    },
  };
  return vscode.Disposable.from(...Object.entries(commands).map(([id, f]) => vscode.commands.registerCommand(id, f)));
}
