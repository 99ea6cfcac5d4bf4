// What a job author sees in the editor, asked of the real extension host through the
// vscode API (execute*Provider commands, diagnostics, code actions, the webview tab).
// Expected values are worked out by hand from the example files and the AWS facts.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { examplesDir, waitFor } from './helpers';

const sqlUri = () => vscode.Uri.file(path.join(examplesDir(), 'offer-enrichment', 'enrichment.sql'));

/** Three upsert tables joined INNER on one key (a.id = b.id = c.id); the INSERT is line 4. */
const THREE_INPUTS_ONE_KEY = [
  "CREATE TABLE a (id STRING, x INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
  "CREATE TABLE b (id STRING, y INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
  "CREATE TABLE c (id STRING, z INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
  'INSERT INTO s SELECT a.id, x, y, z FROM a JOIN b ON a.id = b.id JOIN c ON c.id = a.id;',
  '',
].join('\n');

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  let last: string[] = [];
  try {
    return await waitFor(
      `CodeLens in ${path.basename(uri.fsPath)}`,
      async () => {
        const lenses =
          (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
        last = lenses.map((l) => l.command?.title ?? '').filter((t) => t.length > 0);
        return last.some((t) => t.startsWith('State ') || /KPU billed/.test(t)) ? last : undefined;
      },
      30_000,
    );
  } catch (e) {
    // What the editor showed instead, for the failure's message: the lenses and the diagnostics.
    const diagnostics = vscode.languages
      .getDiagnostics(uri)
      .map((d) => `${codeOf(d)} ${d.range.start.line + 1}: ${d.message.slice(0, 120)}`);
    throw new Error(
      `${(e as Error).message}; lenses: [${last.join(' | ')}]; diagnostics: [${diagnostics.join(' | ')}]`,
    );
  }
}

async function hoverText(uri: vscode.Uri, line: number, character: number): Promise<string> {
  return waitFor(
    `a hover at ${path.basename(uri.fsPath)}:${line + 1}:${character + 1}`,
    async () => {
      const hovers =
        (await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          uri,
          new vscode.Position(line, character),
        )) ?? [];
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return /Flink KPU Lens|join/.test(text) ? text : undefined;
    },
    30_000,
  );
}

describe('editor experience', function () {
  this.timeout(90_000);

  it('puts the chain state, amplification, KPUs and cost in a CodeLens above the join chain', async () => {
    const doc = await open(sqlUri());
    const titles = await lensTitles(doc.uri);
    const chain = titles.find((t) => t.startsWith('State '));
    assert.ok(chain, titles.join(' | '));
    // The descriptor names this file: Parallelism 24 / ParallelismPerKPU 1 = 24 KPU + 1 orchestration.
    assert.match(chain, /^State \d+ GB \(x\d\.\d vs union \d+ GB\) · 25 KPU · \$[\d,]+\/mo/);
    // 25 KPU × 0.11 USD × 730 h = 2,007.50 USD, + 24 × 50 GB × 0.10 USD = 120 USD, + backups: about $2,1xx.
    assert.match(chain, /\$2,1\d\d\/mo/);
    assert.match(chain, /Compare plans$/);
  });

  it('takes a descriptor\u2019s unsaved edit into the SQL file\u2019s numbers, and its undo too', async () => {
    // The workbench would save the edit after 1 s (files.autoSave afterDelay): off, so it stays unsaved.
    const files = () => vscode.workspace.getConfiguration('files');
    const autoSave = files().inspect('autoSave')?.globalValue;
    await files().update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    const descUri = vscode.Uri.file(path.join(examplesDir(), 'offer-enrichment', 'offer-enrichment.flinkjob.yaml'));
    const desc = await vscode.workspace.openTextDocument(descUri);
    const line = desc
      .getText()
      .split(/\r?\n/)
      .findIndex((l) => /^parallelism: 24\b/.test(l));
    assert.ok(line >= 0);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(descUri, new vscode.Range(line, 0, line, 'parallelism: 24'.length), 'parallelism: 4');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      assert.ok(desc.isDirty);
      // Parallelism 4 / ParallelismPerKPU 1 = 4 KPU + 1 orchestration, unsaved.
      await waitFor('the SQL file\u2019s lens at 5 KPU', async () =>
        (await lensTitles(sqlUri())).find((t) => / · 5 KPU · /.test(t)),
      );
    } finally {
      const undo = new vscode.WorkspaceEdit();
      undo.replace(descUri, new vscode.Range(line, 0, line, 'parallelism: 4'.length), 'parallelism: 24');
      await vscode.workspace.applyEdit(undo);
      await desc.save();
      await files().update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the SQL file\u2019s lens back at 25 KPU', async () =>
      (await lensTitles(sqlUri())).find((t) => / · 25 KPU · /.test(t)),
    );
  });

  it('offers to set Parallelism to what fits when the state does not fit, as an undoable edit', async () => {
    const files = () => vscode.workspace.getConfiguration('files');
    const autoSave = files().inspect('autoSave')?.globalValue;
    await files().update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    const descUri = vscode.Uri.file(path.join(examplesDir(), 'offer-enrichment', 'offer-enrichment.flinkjob.yaml'));
    const desc = await open(descUri);
    const line = desc
      .getText()
      .split(/\r?\n/)
      .findIndex((l) => /^parallelism: 24\b/.test(l));
    const setLine = async (text: string) => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(descUri, desc.lineAt(line).range, text);
      assert.ok(await vscode.workspace.applyEdit(edit));
    };
    try {
      await setLine('parallelism: 4');
      // 188 GB of state, 171 GB on disk / (50 GB × 0.8) = 4.3 → 5 KPU of storage > 4 configured:
      // Parallelism (5 − 1) × 1 + 1 = 5 fits.
      const diag = await waitFor('kpu-storage-exceeded at parallelism', () =>
        vscode.languages.getDiagnostics(descUri).find((d) => codeOf(d) === 'kpu-storage-exceeded'),
      );
      assert.equal(diag.range.start.line, line);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        descUri,
        diag.range,
      );
      const fix = actions.find((a) => /^Set Parallelism to 5: 5 KPU hold the state \(6 billed\)$/.test(a.title));
      assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(desc.lineAt(line).text, 'parallelism: 5');
      await waitFor(
        'the error gone',
        () => !vscode.languages.getDiagnostics(descUri).some((d) => codeOf(d) === 'kpu-storage-exceeded'),
      );
    } finally {
      await setLine('parallelism: 24');
      await desc.save();
      await files().update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
    }
  });

  it('opens the walkthrough\u2019s example job, which gets its lens like any Flink SQL file', async () => {
    await vscode.commands.executeCommand('flinkKpu.openExample');
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc?.isUntitled);
    assert.equal(doc.languageId, 'flink-sql');
    const titles = await lensTitles(doc.uri);
    // Four inputs on two keys (customer_id, sku): the union rewrite has two stages and holds less.
    assert.ok(
      titles.some((t) => /^State [\d.]+ MB \(x1\.\d vs union [\d.]+ MB\)/.test(t)),
      titles.join(' | '),
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('logs each analysis in the "Flink KPU Lens" Output channel: the file, its time, its chains and its statistics', async () => {
    await open(sqlUri());
    await lensTitles(sqlUri());
    const line = await waitFor('an analysis log line for enrichment.sql', async () => {
      const lines = (await vscode.commands.executeCommand<string[]>('flinkKpu.recentLog')) ?? [];
      return lines.find((l) => l.includes('offer-enrichment/enrichment.sql: Flink SQL'));
    });
    // One chain (offer ⋈ stock ⋈ latest_price ⋈ product ⋈ merchant), estimated with a descriptor of
    // the example workspace that names the file (several do: the chosen one's job is offer-enrichment).
    assert.match(
      line,
      /enrichment\.sql: Flink SQL, [\d.]+ ms; 1 join chain; statistics: [^;]+\(job offer-enrichment\); 0 errors/,
    );
    await vscode.commands.executeCommand('flinkKpu.showLog');
  });

  it('shows each join\u2019s state as an inlay hint right after its ON condition', async () => {
    const doc = await open(sqlUri());
    const hints = await waitFor(
      'join inlay hints',
      async () => {
        const all =
          (await vscode.commands.executeCommand<vscode.InlayHint[]>(
            'vscode.executeInlayHintProvider',
            doc.uri,
            new vscode.Range(0, 0, doc.lineCount, 0),
          )) ?? [];
        return all.length >= 4 ? all : undefined;
      },
      30_000,
    );
    const label = (h: vscode.InlayHint) =>
      typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
    const at = hints.map((h) => `${h.position.line}:${h.position.character} ${label(h)}`);
    // Lines 107-110 (0-based 106-109) end their ON conditions at characters 32, 44, 36 and 56 (before `;`).
    for (const [line, character] of [
      [106, 32],
      [107, 44],
      [108, 36],
      [109, 56],
    ]) {
      assert.ok(
        at.some((s) => s.startsWith(`${line}:${character} state `)),
        `no state hint at ${line}:${character}: ${at.join(' | ')}`,
      );
    }
  });

  for (const [file, line, character] of [
    ['offer-enrichment/offer-enrichment.flinkjob.yaml', 6, 2],
    ['infra/offer-enrichment.cfn.yaml', 40, 14],
    ['infra/offer-enrichment.tf', 33, 10],
    ['infra/describe-application.json', 11, 12],
    ['infra/flink-deployment.yaml', 22, 6],
  ] as const) {
    it(`explains KPU bundling on parallelism in ${path.basename(file)}`, async () => {
      const doc = await open(vscode.Uri.file(path.join(examplesDir(), file)));
      const text = await hoverText(doc.uri, line, character);
      assert.match(text, /1 vCPU \+ 4 GB memory \+ 50 GB running storage/);
      // flink-deployment.yaml: ceil(24 / 4 slots) = 6 task managers × 8 GiB (8.59 GB) / 4 GB = 12.9
      // KPU of memory > 6 × 2 vCPU = 12 KPU of CPU: memory binds. The AWS formats: CPU binds.
      assert.match(
        text,
        file.endsWith('flink-deployment.yaml') ? /\*\*memory binds\*\*: 13 KPU required/ : /\*\*CPU binds\*\*/,
      );
      // What AWS bills: the configured KPUs plus the orchestration KPU (issue 16: not what the state needs).
      assert.match(text, /AWS bills the configuration plus 1 orchestration KPU/);
    });
  }

  it('reads a Terraform file with the other files of its module: three for_each instances at var.parallelism from variables.tf', async () => {
    const doc = await open(vscode.Uri.file(path.join(examplesDir(), 'terraform-module', 'main.tf')));
    // Parallelism 4 (the default in variables.tf) / ParallelismPerKPU 1 = 4 KPU + 1 orchestration,
    // for each of the 3 instances; read alone, the variable would be undeclared and Parallelism 1.
    const titles = await waitFor(
      'a 5 KPU lens for each instance',
      async () => {
        const t = await lensTitles(doc.uri);
        return t.filter((x) => /^stream-\w+: 5 KPU billed \(4 \+ 1 orchestration\)/.test(x)).length === 3
          ? t
          : undefined;
      },
      30_000,
    );
    // The three instances share a line: each lens names its application.
    assert.deepEqual(
      titles.filter((x) => /KPU billed/.test(x)).map((x) => x.split(':')[0]),
      ['stream-orders', 'stream-payments', 'stream-shipping'],
    );
  });

  it('reports a syntax error where it is and clears it when the text is fixed', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'flink-sql',
      content: "CREATE TABLE t (id INT) WITH ('connector' = 'kafka');\nSELEC id FROM t;\n",
    });
    await vscode.window.showTextDocument(doc);
    const found = await waitFor(
      'sql-syntax on line 2',
      () => {
        const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => codeOf(x) === 'sql-syntax');
        return d.length ? d : undefined;
      },
      30_000,
    );
    assert.equal(found[0].range.start.line, 1);
    assert.equal(found[0].range.start.character, 0);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(1, 0, 1, 5), 'SELECT');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(
      'the sql-syntax diagnostic to go',
      () => vscode.languages.getDiagnostics(doc.uri).every((x) => codeOf(x) !== 'sql-syntax'),
      30_000,
    );
  });

  it('offers the comparison on a join chain, and the command opens the webview', async () => {
    const doc = await open(sqlUri());
    await lensTitles(doc.uri);
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        new vscode.Range(106, 0, 106, 4),
      )) ?? [];
    const compare = actions.find((a) => a.title === 'Compare join plan with DataStream union rewrite');
    assert.ok(compare, actions.map((a) => a.title).join(' | '));
    assert.equal(compare.isPreferred, true);
    await vscode.commands.executeCommand(compare.command!.command, ...(compare.command!.arguments ?? []));
    const tab = await waitFor(
      'the comparison tab',
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('flinkKpu.compare')),
      30_000,
    );
    assert.match(tab.label, /Compare/);
  });

  it('offers to generate the DataStream union rewrite of the chain', async () => {
    const doc = await open(sqlUri());
    await lensTitles(doc.uri);
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        new vscode.Range(106, 0, 106, 4),
      )) ?? [];
    const rewrite = actions.find((a) => a.title === 'Generate the DataStream union rewrite (Java)');
    assert.ok(rewrite, actions.map((a) => a.title).join(' | '));
    assert.equal(rewrite.command?.command, 'flinkKpu.generateRewrite');
    assert.deepEqual(rewrite.command?.arguments, [doc.uri.toString(), 0]);
    assert.ok((await vscode.commands.getCommands(true)).includes('flinkKpu.generateRewrite'));
  });

  it('offers "Enable MultiJoin" only where the Flink version has it', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'flink-sql', content: THREE_INPUTS_ONE_KEY });
    await vscode.window.showTextDocument(doc);
    // No descriptor: Flink 1.20 by default, so MultiJoin is reported unavailable, not offered.
    const info = await waitFor(
      'multijoin-unavailable',
      () => vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === 'multijoin-unavailable'),
      30_000,
    );
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        info.range,
      )) ?? [];
    assert.ok(!actions.some((a) => a.title.startsWith('Enable MultiJoin')));
  });

  it('offers "Enable MultiJoin" on Flink 2.2 (setting), and the SET it inserts clears the diagnostic', async () => {
    const config = vscode.workspace.getConfiguration('flinkKpu');
    await config.update('flinkVersion', '2.2', vscode.ConfigurationTarget.Global);
    try {
      const doc = await vscode.workspace.openTextDocument({ language: 'flink-sql', content: THREE_INPUTS_ONE_KEY });
      await vscode.window.showTextDocument(doc);
      // Three INNER joins on one key (a.id = b.id = c.id) on Flink 2.2: MultiJoin can run the chain.
      const info = await waitFor(
        'multijoin-available',
        () => vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === 'multijoin-available'),
        30_000,
      );
      assert.equal(info.range.start.line, 3);
      const actions =
        (await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          doc.uri,
          info.range,
        )) ?? [];
      const enable = actions.find((a) => a.title.startsWith('Enable MultiJoin'));
      assert.ok(enable?.edit, actions.map((a) => a.title).join(' | '));
      assert.match(enable.title, /savepoint/);
      assert.ok(await vscode.workspace.applyEdit(enable.edit));
      assert.match(doc.getText(), /^-- .*savepoint.*\nSET 'table.optimizer.multi-join.enabled' = 'true';\n/);
      await waitFor(
        'multijoin-available to go',
        () => vscode.languages.getDiagnostics(doc.uri).every((d) => codeOf(d) !== 'multijoin-available'),
        30_000,
      );
      // The edit is an ordinary one: undo takes it back.
      await vscode.commands.executeCommand('undo');
      assert.ok(!doc.getText().includes('multi-join'));
    } finally {
      await config.update('flinkVersion', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('parses SQL on its parse threads, and parses on the host\u2019s thread when the setting says 0, without a reload', async () => {
    type Stats = { threads: number; parsedOffThread: number };
    const stats = async () => (await vscode.commands.executeCommand<Stats>('flinkKpu.parseStats'))!;
    // Table names no other test uses, so that no statement is cached already.
    const unique = (tag: string) =>
      [
        ...['a', 'b', 'c'].map(
          (t) =>
            `CREATE TABLE ${t}_${tag} (id STRING, ${t}v INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');`,
        ),
        `INSERT INTO s SELECT a.id, av, bv, cv FROM a_${tag} a JOIN b_${tag} b ON a.id = b.id JOIN c_${tag} c ON c.id = a.id;`,
      ].join('\n');
    const before = await stats();
    assert.ok(before.threads >= 1, JSON.stringify(before));
    const text = unique(`t${Date.now()}`);
    const doc = await vscode.workspace.openTextDocument({ language: 'flink-sql', content: text });
    await vscode.window.showTextDocument(doc);
    const lens = await lensTitles(doc.uri);
    assert.ok(
      lens.some((t) => t.startsWith('State ')),
      lens.join(' | '),
    );
    // The four statements were parsed on the threads.
    assert.ok((await stats()).parsedOffThread >= before.parsedOffThread + 4, JSON.stringify(await stats()));
    const config = vscode.workspace.getConfiguration('flinkKpu');
    await config.update('parseThreads', 0, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the parse threads to stop', async () => (await stats()).threads === 0);
      const off = await stats();
      const other = await vscode.workspace.openTextDocument({
        language: 'flink-sql',
        content: unique(`u${Date.now()}`),
      });
      await vscode.window.showTextDocument(other);
      const titles = await lensTitles(other.uri);
      assert.ok(
        titles.some((t) => t.startsWith('State ')),
        titles.join(' | '),
      );
      assert.equal((await stats()).parsedOffThread, off.parsedOffThread);
    } finally {
      await config.update('parseThreads', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the parse threads to start again', async () => (await stats()).threads >= 1);
  });

  it('analyses a 10 MB SQL file up to its budget on the parse threads, and says from which line it stopped', async () => {
    type Stats = { threads: number; parsedOffThread: number };
    const stats = async () => (await vscode.commands.executeCommand<Stats>('flinkKpu.parseStats'))!;
    // The budget counts from the request: a small file analysed first warms the analysis thread
    // and its parse threads (the test before restarted them), so the 2 s go to parsing, not to
    // starting threads on a busy machine.
    const warm = await vscode.workspace.openTextDocument({
      language: 'flink-sql',
      content:
        "CREATE TABLE wa (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');\n" +
        "CREATE TABLE wb (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');\n" +
        'SELECT wa.id FROM wa JOIN wb ON wa.id = wb.id;\n',
    });
    await vscode.window.showTextDocument(warm);
    await waitFor(
      'the small file analysed on the threads',
      async () =>
        (
          (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', warm.uri, 10)) ??
          []
        ).find((l) => l.command?.title.startsWith('State ')),
      60_000,
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const before = await stats();
    const tag = `big${Date.now()}`;
    // 55,000 statements of ~190 characters: far more than 2 s of parsing.
    const lines = Array.from(
      { length: 55_000 },
      (_, i) =>
        `CREATE TABLE ${tag}_${i} (id BIGINT, name STRING, amount DECIMAL(10, 2), ts TIMESTAMP(3), PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'topic' = 't${i}');`,
    );
    const text = lines.join('\n');
    assert.ok(text.length > 10_000_000, String(text.length));
    const doc = await vscode.workspace.openTextDocument({ language: 'flink-sql', content: text });
    await vscode.window.showTextDocument(doc);
    // (A second sql-budget diagnostic says the joins of the parsed statements were not resolved either.)
    const budget = await waitFor(
      'the sql-budget diagnostic',
      () =>
        vscode.languages
          .getDiagnostics(doc.uri)
          .find((d) => codeOf(d) === 'sql-budget' && / of 55000 statements/.test(d.message)),
      60_000,
    );
    const m =
      /^Analysis stopped after 2000 ms: (\d+) of 55000 statements \(from line (\d+)\) were not analysed\.$/.exec(
        budget.message,
      );
    assert.ok(m, budget.message);
    // The statements before that line were analysed (on the threads), the rest were not.
    const from = Number(m[2]);
    assert.ok(from > 1, budget.message);
    assert.equal(Number(m[1]), 55_000 - from + 1);
    assert.equal(budget.range.start.line, from - 1);
    assert.equal(budget.range.end.line, 54_999);
    const after = await stats();
    assert.ok(
      after.parsedOffThread - before.parsedOffThread >= from - 1,
      `${JSON.stringify(before)} ${JSON.stringify(after)} ${budget.message}`,
    );
    // Closed for good before the next test: VS Code hands a new untitled document the name
    // (and, while it is still open, the document) of one that is closing.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor('the 10 MB document to close', () => doc.isClosed, 60_000);
  });

  it('starts analysing a plain .sql document once an edit makes it Flink SQL', async () => {
    // Over 300 lines: it is looked at again by the debounced diagnostics run, not on every request.
    // An untitled document of its own name: VS Code can hand a new `Untitled-N` the model (the
    // text) of the 10 MB document the test before closed, and this test then edited that text
    // (55,004 statements, analysed up to the budget: no chain, no CodeLens).
    let doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(`untitled:/plain-${Date.now()}.sql`));
    const fill = new vscode.WorkspaceEdit();
    fill.insert(doc.uri, new vscode.Position(0, 0), 'SELECT 1;\n'.repeat(400));
    assert.ok(await vscode.workspace.applyEdit(fill));
    if (doc.languageId !== 'sql') doc = await vscode.languages.setTextDocumentLanguage(doc, 'sql');
    assert.equal(doc.lineCount, 401);
    await vscode.window.showTextDocument(doc);
    // Nothing Flink-specific yet: no CodeLens.
    const none =
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? [];
    assert.equal(none.length, 0);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), THREE_INPUTS_ONE_KEY);
    assert.ok(await vscode.workspace.applyEdit(edit));
    // The upsert-kafka DDL is Flink SQL: the chain gets its CodeLens.
    const titles = await lensTitles(doc.uri);
    assert.ok(
      titles.some((t) => t.startsWith('State ')),
      titles.join(' | '),
    );
  });

  it('offers a STATE_TTL hint for an unbounded append-only input, and the hint bounds it', async () => {
    const sql = [
      "CREATE TABLE clicks (id STRING, url STRING) WITH ('connector' = 'kafka');",
      "CREATE TABLE views (id STRING, page STRING) WITH ('connector' = 'kafka');",
      'INSERT INTO s SELECT c.id, c.url, v.page FROM clicks c JOIN views v ON c.id = v.id;',
      '',
    ].join('\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'flink-sql', content: sql });
    await vscode.window.showTextDocument(doc);
    const unbounded = await waitFor(
      'two unbounded-state warnings',
      () => {
        const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => codeOf(x) === 'unbounded-state');
        return d.length === 2 ? d : undefined;
      },
      30_000,
    );
    // `clicks c` is on line 3 (0-based 2) at character 46.
    const onClicks = unbounded.find((d) => d.range.start.character === 46);
    assert.ok(onClicks, unbounded.map((d) => `${d.range.start.line}:${d.range.start.character}`).join(' '));
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        onClicks.range,
      )) ?? [];
    const ttl = actions.find((a) => a.title.startsWith('Add STATE_TTL hint for c'));
    assert.ok(ttl?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(ttl.edit));
    assert.match(doc.lineAt(2).text, /^INSERT INTO s SELECT \/\*\+ STATE_TTL\('c' = '7d'\) \*\/ c\.id/);
    await waitFor(
      'one unbounded-state warning left',
      () => vscode.languages.getDiagnostics(doc.uri).filter((x) => codeOf(x) === 'unbounded-state').length === 1,
      30_000,
    );
  });
});

describe('create job descriptor', function () {
  this.timeout(90_000);

  it('scaffolds <name>.flinkjob.yaml next to the SQL file from its DDL', async () => {
    const dir = vscode.Uri.file(path.join(os.tmpdir(), `flink-kpu-scaffold-${Date.now()}`));
    const sqlFile = vscode.Uri.joinPath(dir, 'clicks.sql');
    await vscode.workspace.fs.writeFile(sqlFile, new TextEncoder().encode(THREE_INPUTS_ONE_KEY));
    try {
      await open(sqlFile);
      await vscode.commands.executeCommand('flinkKpu.createDescriptor', sqlFile.toString());
      const created = await waitFor(
        'the descriptor editor',
        () => vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('/clicks.flinkjob.yaml')),
        30_000,
      );
      const text = created.getText();
      assert.match(text, /^name: clicks$/m);
      assert.match(text, /^sql: clicks\.sql$/m);
      // The three upsert inputs of the chain, each with a row count to fill in.
      for (const t of ['a', 'b', 'c']) assert.match(text, new RegExp(`^  ${t}:\\n    rows: 1M$`, 'm'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false });
    }
  });
});
