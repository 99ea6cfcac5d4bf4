// Table-API SQL inside job code, in the real extension host: the Java and PyFlink examples get
// the same CodeLens as the SQL file, join inlay hints and hovers at the mapped positions (worked
// out by hand from the example files), and run-time SQL is reported where it is written.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { examplesDir, waitFor } from './helpers';

const javaUri = () => vscode.Uri.file(path.join(examplesDir(), 'offer-enrichment-java', 'OfferEnrichmentJob.java'));
const pythonUri = () => vscode.Uri.file(path.join(examplesDir(), 'offer-enrichment-python', 'offer_enrichment.py'));
const sqlUri = () => vscode.Uri.file(path.join(examplesDir(), 'offer-enrichment', 'enrichment.sql'));

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

async function chainLens(uri: vscode.Uri): Promise<vscode.CodeLens> {
  return waitFor(
    `the chain CodeLens in ${path.basename(uri.fsPath)}`,
    async () => {
      const lenses =
        (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
      return lenses.find((l) => l.command?.title.startsWith('State '));
    },
    30_000,
  );
}

const label = (h: vscode.InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));

describe('Table-API SQL in job code', function () {
  this.timeout(90_000);

  it('puts the same chain CodeLens above the Java job\u2019s INSERT as above the SQL file\u2019s', async () => {
    const doc = await open(javaUri());
    const lens = await chainLens(doc.uri);
    // `        "INSERT INTO enriched_offer\n"` is line 131 (0-based 130).
    assert.equal(lens.range.start.line, 130);
    assert.match(lens.command!.title, /^State \d+ GB \(x\d\.\d vs union \d+ GB\) · 25 KPU · \$2,1\d\d\/mo/);
    const sqlLens = await chainLens((await open(sqlUri())).uri);
    assert.equal(lens.command!.title, sqlLens.command!.title);
    assert.equal(lens.command!.command, 'flinkKpu.compare');
  });

  it('shows each join\u2019s state right after its ON condition, inside the Java string literal', async () => {
    const doc = await open(javaUri());
    const hints = await waitFor(
      'join inlay hints in the Java job',
      async () => {
        const all =
          (await vscode.commands.executeCommand<vscode.InlayHint[]>(
            'vscode.executeInlayHintProvider',
            doc.uri,
            new vscode.Range(0, 0, doc.lineCount, 0),
          )) ?? [];
        return all.filter((h) => label(h).startsWith('state ')).length >= 4 ? all : undefined;
      },
      30_000,
    );
    const at = hints.map((h) => `${h.position.line}:${h.position.character} ${label(h)}`);
    // Line 134 `            + "JOIN stock AS s ON s.sku = o.sku\n"`: the SQL starts at character 15
    // (0-based), its 32 characters end at 47, before the `\n` escape. Likewise 135-137.
    for (const [line, character] of [
      [133, 47],
      [134, 59],
      [135, 51],
      [136, 71],
    ]) {
      assert.ok(
        at.some((s) => s.startsWith(`${line}:${character} state `)),
        `no state hint at ${line}:${character}: ${at.join(' | ')}`,
      );
    }
    assert.equal(doc.getText(new vscode.Range(133, 42, 133, 47)), 'o.sku');
  });

  it('explains a join\u2019s state on hover over its keyword in the Java string', async () => {
    const doc = await open(javaUri());
    const text = await waitFor(
      'a join hover',
      async () => {
        const hovers =
          (await vscode.commands.executeCommand<vscode.Hover[]>(
            'vscode.executeHoverProvider',
            doc.uri,
            new vscode.Position(133, 16),
          )) ?? [];
        const t = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
        return /stock/.test(t) ? t : undefined;
      },
      30_000,
    );
    assert.match(text, /offer/);
  });

  it('offers the comparison on the chain in the Java job, and no SQL edit into Java code', async () => {
    const doc = await open(javaUri());
    await chainLens(doc.uri);
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        new vscode.Range(133, 16, 133, 20),
      )) ?? [];
    const compare = actions.find((a) => a.title === 'Compare join plan with DataStream union rewrite');
    assert.ok(compare, actions.map((a) => a.title).join(' | '));
    assert.ok(!actions.some((a) => a.edit !== undefined), actions.map((a) => a.title).join(' | '));
  });

  it('gives the PyFlink job the same CodeLens, and reports a part of the SQL known only at run time where it is written', async () => {
    const doc = await open(pythonUri());
    const lens = await chainLens(doc.uri);
    // `INSERT INTO enriched_offer` is line 121 (0-based 120), right after `add_insert_sql(r"""`.
    assert.equal(lens.range.start.line, 120);
    assert.match(lens.command!.title, /· 25 KPU ·/);
    const scratch = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 't_env.execute_sql(f"SELECT * FROM {table}")\n',
    });
    await vscode.window.showTextDocument(scratch);
    const info = await waitFor(
      'embedded-sql-runtime-part',
      () =>
        vscode.languages
          .getDiagnostics(scratch.uri)
          .find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'embedded-sql-runtime-part'),
      30_000,
    );
    // At what is dynamic: the f-string's field `table` (not defined in the file), characters 35 to 40.
    assert.deepEqual([info.range.start.line, info.range.start.character, info.range.end.character], [0, 35, 40]);
    assert.match(info.message, /'table' is not defined in this file/);
    assert.equal(info.severity, vscode.DiagnosticSeverity.Information);
  });
});
