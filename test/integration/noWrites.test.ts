// The extension writes nothing to the user's files by itself: opening SQL and descriptors,
// typing in them, and every provider (CodeLens, inlay hints, hovers, diagnostics, code
// actions) and the comparison leave every file of the workspace as it was, and create none.
// (Code actions the user chooses are undoable WorkspaceEdits: see editor.test.ts.)
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { examplesDir, waitFor } from './helpers';

/** path -> size, mtime and content hash of every file below `dir` (and the bytes, to put back). */
function snapshot(
  dir: string,
  out = new Map<string, string>(),
  bytes = new Map<string, Buffer>(),
): Map<string, string> & { bytes?: Map<string, Buffer> } {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) snapshot(p, out, bytes);
    else {
      const b = readFileSync(p);
      bytes.set(p, b);
      out.set(p, `${st.size} ${st.mtimeMs} ${createHash('sha256').update(b).digest('hex')}`);
    }
  }
  return Object.assign(out, { bytes });
}

describe('no writes to user files', function () {
  this.timeout(120_000);

  // VS Code in a browser saves after 1 s by default (files.autoSave afterDelay): that would be the
  // workbench writing, not this extension, so it is off for this test (user settings of the run).
  const files = () => vscode.workspace.getConfiguration('files');
  let autoSave: unknown;
  before(async () => {
    autoSave = files().inspect('autoSave')?.globalValue;
    await files().update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await files().update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
  });

  it('opening, typing, every provider and the comparison change no file on disk', async () => {
    const dir = examplesDir();
    const before = snapshot(dir);
    try {
      const sql = vscode.Uri.file(path.join(dir, 'offer-enrichment', 'enrichment.sql'));
      const descriptor = vscode.Uri.file(path.join(dir, 'offer-enrichment', 'offer-enrichment.flinkjob.yaml'));
      for (const uri of [sql, descriptor]) {
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(doc);
        await waitFor(
          'CodeLens',
          async () =>
            (
              (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ??
              []
            ).length > 0,
          30_000,
        );
        // Type: a half-written statement, then more, as a person would.
        for (const piece of ['\nSELECT * FROM offer JOIN', ' stock ON', " stock.sku = offer.sku WHERE '"]) {
          const edit = new vscode.WorkspaceEdit();
          edit.insert(uri, doc.lineAt(doc.lineCount - 1).range.end, piece);
          assert.ok(await vscode.workspace.applyEdit(edit), 'typed');
          assert.ok(doc.isDirty, 'the typed text is only in the editor');
          await vscode.commands.executeCommand(
            'vscode.executeInlayHintProvider',
            uri,
            new vscode.Range(0, 0, doc.lineCount, 0),
          );
          await vscode.commands.executeCommand(
            'vscode.executeHoverProvider',
            uri,
            new vscode.Position(Math.max(0, doc.lineCount - 1), 2),
          );
          await vscode.commands.executeCommand(
            'vscode.executeCodeActionProvider',
            uri,
            new vscode.Range(0, 0, doc.lineCount, 0),
          );
        }
        await new Promise((r) => setTimeout(r, 1_000)); // past the analysis debounce
        if (uri === sql) {
          await vscode.commands.executeCommand('flinkKpu.compare', uri.toString(), 0);
          await new Promise((r) => setTimeout(r, 1_000));
        }
        assert.ok(doc.isDirty, 'still unsaved after the providers and the comparison ran');
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert');
        assert.ok(!doc.isDirty);
      }
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const after = snapshot(dir);
      assert.deepEqual(
        [...after.keys()].filter((p) => !before.has(p)),
        [],
        'no file was created',
      );
      assert.deepEqual(
        [...before].filter(([p, v]) => after.get(p) !== v).map(([p]) => p),
        [],
        'no file was changed',
      );
    } finally {
      // Whatever happened, the examples are put back as they were.
      const now = snapshot(dir);
      for (const [p, b] of before.bytes ?? []) if (now.get(p) !== before.get(p)) writeFileSync(p, b);
    }
  });
});
