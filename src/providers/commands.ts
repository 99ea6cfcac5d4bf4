// Every command of the extension, registered in one place.
import * as vscode from 'vscode';
import { engine } from './engine';
import { ComparePanel } from '../webview/comparePanel';
import type { AnalysisService } from './service';

function targetUri(arg: unknown): vscode.Uri | undefined {
  if (typeof arg === 'string' && arg.length > 0) return vscode.Uri.parse(arg);
  if (arg instanceof vscode.Uri) return arg;
  return vscode.window.activeTextEditor?.document.uri;
}

export function registerCommands(context: vscode.ExtensionContext, service: AnalysisService): vscode.Disposable {
  const commands: Record<string, (...args: unknown[]) => unknown> = {
    'flinkKpu.compare': (uri, chain, job) => {
      const target = targetUri(uri);
      if (!target) return vscode.window.showInformationMessage('Open a Flink SQL file or job descriptor to compare its join plans.');
      return ComparePanel.show(context, service, target.toString(), typeof chain === 'number' ? chain : 0, typeof job === 'number' ? job : 0);
    },
    'flinkKpu.selectDescriptor': async (uri) => {
      const target = targetUri(uri);
      if (!target) return;
      const jobs = service.jobsFor(target);
      if (jobs.length === 0) return vscode.window.showInformationMessage('No job descriptor in this workspace names this SQL file.');
      const pick = await vscode.window.showQuickPick(
        jobs.map((j) => ({ label: j.spec.name?.value ?? '(unnamed job)', description: vscode.workspace.asRelativePath(j.descriptor), job: j })),
        { placeHolder: 'Which job\u2019s statistics should estimate this file?' },
      );
      if (pick) await service.chooseJob(target, pick.job);
    },
    'flinkKpu.createDescriptor': async (uri) => {
      const target = targetUri(uri);
      if (!target) return;
      const doc = await vscode.workspace.openTextDocument(target);
      await service.prefetch(doc);
      const report = service.report(doc);
      if (!report?.sql) return vscode.window.showInformationMessage('This file is not Flink SQL that Flink KPU Lens reads.');
      const name = target.path.split('/').pop()!.replace(/\.((flink\.)?sql|java|kts?|scala|sc|py)$/i, '');
      const dest = target.with({ path: target.path.replace(/[^/]+$/, `${name}.flinkjob.yaml`) });
      const exists = await vscode.workspace.fs.stat(dest).then(() => true, () => false);
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
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'media', 'walkthrough', 'example.sql'));
      const doc = await vscode.workspace.openTextDocument({ language: 'flink-sql', content: new TextDecoder().decode(bytes) });
      await vscode.window.showTextDocument(doc);
    },
    'flinkKpu.setFlinkSqlLanguage': async () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (doc) await vscode.languages.setTextDocumentLanguage(doc, 'flink-sql');
    },
  };
  return vscode.Disposable.from(...Object.entries(commands).map(([id, f]) => vscode.commands.registerCommand(id, f)));
}
