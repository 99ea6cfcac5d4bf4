// The extension in a real VS Code extension host: installed, activated by a Flink SQL file of the
// examples workspace, and reporting a SQL syntax error as a diagnostic.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, examplesDir, waitFor } from './helpers';

describe('extension', () => {
  it('is installed under its publisher.name id', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among ${vscode.extensions.all.length} extensions`);
  });

  it('activates when a SQL file from examples/ is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const doc = await vscode.workspace.openTextDocument(
      vscode.Uri.file(path.join(examplesDir(), 'offer-enrichment', 'enrichment.sql')),
    );
    await vscode.window.showTextDocument(doc);
    await waitFor('the extension to activate', () => ext.isActive, 30_000);
    assert.equal(ext.isActive, true);
  });

  it('reports `SELEC broken;` as a sql-syntax error on its first line', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'flink-sql', content: 'SELEC broken;\n' });
    await vscode.window.showTextDocument(doc);
    const diagnostics = await waitFor(
      'a sql-syntax diagnostic',
      () => {
        const found = vscode.languages.getDiagnostics(doc.uri).filter((d) => codeOf(d) === 'sql-syntax');
        return found.length ? found : undefined;
      },
      30_000,
    );
    const d = diagnostics[0];
    assert.equal(d.range.start.line, 0, `diagnostic on line ${d.range.start.line}: ${d.message}`);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  });
});

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
}
