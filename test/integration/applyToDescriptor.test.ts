// "Apply to the descriptor" of the comparison panel: the page's messages, sent as the page sends
// them (a test cannot click inside the webview), and the descriptor's text afterwards, worked out
// by hand from the example files.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { examplesDir, waitFor } from './helpers';

/** What the panel answers for the page's messages (src/webview/comparePanel.ts: receive). */
interface PanelLike {
  receive(message: unknown): Promise<
    | {
        descriptor?: string;
        edits: { label: string; from: string; to: string }[];
        skipped: { label: string; reason: string }[];
      }
    | undefined
  >;
}

describe('comparison panel: apply the what-if to the descriptor', function () {
  this.timeout(90_000);

  it('writes the changed Parallelism and rows where the descriptor has them, and says why not the TTL', async () => {
    const files = () => vscode.workspace.getConfiguration('files');
    const autoSave = files().inspect('autoSave')?.globalValue;
    await files().update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    const dir = path.join(examplesDir(), 'offer-enrichment');
    const sqlUri = vscode.Uri.file(path.join(dir, 'enrichment.sql'));
    const descUri = vscode.Uri.file(path.join(dir, 'offer-enrichment.flinkjob.yaml'));
    const desc = await vscode.workspace.openTextDocument(descUri);
    const original = desc.getText();
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sqlUri));
      // The SQL file's job is the descriptor's once the index of descriptors is built: its chain's
      // CodeLens then bills the descriptor's 24 + 1 = 25 KPU (documented defaults would bill fewer).
      await waitFor('enrichment.sql estimated with its descriptor', async () => {
        const lenses =
          (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', sqlUri, 100)) ??
          [];
        return lenses.find((l) => / · 25 KPU · /.test(l.command?.title ?? ''));
      });
      const panel = await waitFor('the comparison of enrichment.sql', async () => {
        const p = await vscode.commands.executeCommand<PanelLike>('flinkKpu.compare', sqlUri.toString(), 0);
        return p && typeof p.receive === 'function' ? p : undefined;
      });
      // As the page sends it after the user typed: Parallelism 24 → 30, offer 120M → 150M rows, a TTL of 3 days.
      await panel.receive({ type: 'whatIf', whatIf: { parallelism: 30, stateTtlDays: 3, rows: { offer: 150e6 } } });
      const view = await panel.receive({ type: 'applyToDescriptor' });
      assert.ok(view, 'the panel answers the apply');
      assert.equal(view.descriptor, 'offer-enrichment/offer-enrichment.flinkjob.yaml');
      assert.deepEqual(
        view.edits.map((e) => [e.label, e.from, e.to]),
        [
          ['Parallelism', '24', '30'],
          ['Rows of offer', '120M', '150000000'],
        ],
      );
      // enrichment.sql's SET 'table.exec.state.ttl' = '0' turns TTL off and wins over the descriptor,
      // as a SET wins in Flink: a TTL written into the descriptor would change nothing, so it is not
      // written, and the user is told where to change it.
      assert.deepEqual(
        view.skipped.map((s) => s.label),
        ['State TTL'],
      );
      assert.match(view.skipped[0].reason, /^the SQL sets 'table\.exec\.state\.ttl', which wins over the descriptor/);
      const expected = original
        .replace(/^parallelism: 24$/m, 'parallelism: 30')
        .replace(/^( {4}rows: )120M( +# live offers)/m, '$1150M$2');
      assert.notEqual(expected, original);
      assert.equal(desc.getText(), expected);
      // A normal edit: the document is changed, not saved.
      assert.equal(desc.isDirty, true);
    } finally {
      const all = new vscode.Range(desc.positionAt(0), desc.positionAt(desc.getText().length));
      const undo = new vscode.WorkspaceEdit();
      undo.replace(descUri, all, original);
      await vscode.workspace.applyEdit(undo);
      await desc.save();
      await files().update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
    }
  });
});
