// Webview security, host side and page: the CSP and resource roots the panel sets, the page
// script's DOM use (text only, no inline handlers, no remote resources), and the zod schemas
// every message from the page passes (anything else is ignored). The browser test is
// test/e2e/xss-security.test.ts.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeSql } from '../../../src/sql';
import { buildCompareModel, compareMarkdown, PageMessageSchema, WhatIfSchema } from '../../../src/webview/model';

const ROOT = path.join(__dirname, '..', '..');
/** A source file without its comments (which may name what the code avoids). */
const source = (p: string) =>
  readFileSync(path.join(ROOT, p), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
const NAME = '<img src=x onerror=alert(1)>';

describe('webview security', () => {
  it('the panel sets CSP default-src \u2019none\u2019 with a fresh nonce per load and limits resources to media/', () => {
    const panel = source('src/webview/comparePanel.ts');
    assert.match(panel, /`default-src 'none'`/);
    assert.match(panel, /`script-src 'nonce-\$\{n\}'`/);
    assert.doesNotMatch(panel, /unsafe-inline|unsafe-eval|https?:\/\/(?!www\.w3\.org)/);
    // One nonce per html() call, from crypto.getRandomValues.
    assert.match(panel, /private html\(\): string \{[\s\S]*?const n = nonce\(\);/);
    assert.match(panel, /getRandomValues/);
    // Every script tag carries it; no inline script in the page.
    const scripts = panel.match(/<script[^>]*>/g) ?? [];
    assert.ok(
      scripts.length === 1 && scripts.every((s) => s.includes('nonce="${n}"') && s.includes('src=')),
      scripts.join(),
    );
    // localResourceRoots is media/ only, where the panel is created and where it is restored.
    const roots = panel.match(/localResourceRoots: \[[^\]]*\]/g) ?? [];
    assert.ok(
      roots.length >= 2 &&
        roots.every((r) => r === "localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')]"),
      roots.join(),
    );
    assert.doesNotMatch(panel, /retainContextWhenHidden|enableCommandUris/);
    // Messages are parsed before use.
    assert.match(panel, /PageMessageSchema\.safeParse\(raw\)[\s\S]*?if \(!parsed\.success\) return;/);
  });

  it('the page script writes user text only as text and loads nothing remote', () => {
    const js = source('media/compare.js');
    assert.doesNotMatch(js, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function|srcdoc/);
    assert.doesNotMatch(js, /setAttribute\(\s*['"]on/i);
    assert.doesNotMatch(js, /\.on[a-z]+\s*=/, 'event handlers are added with addEventListener');
    const urls = js.match(/https?:\/\/[^\s'"`]+/g) ?? [];
    assert.deepEqual(urls, ['http://www.w3.org/2000/svg'], 'only the SVG namespace name');
    const css = source('media/compare.css');
    assert.doesNotMatch(css, /url\(|@import/);
  });

  it('keeps a table named like markup verbatim in the model (the page renders it with textContent)', () => {
    const sql = analyzeSql(
      [
        `CREATE TABLE \`${NAME}\` (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');`,
        "CREATE TABLE b (id BIGINT, w STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
        `INSERT INTO s SELECT x.id, x.v, b.w FROM \`${NAME}\` AS x JOIN b ON b.id = x.id;`,
      ].join('\n'),
    );
    const m = buildCompareModel(sql, undefined, {}, 0, {}, 'untitled')!;
    assert.ok(m.chains[0].includes(NAME));
    assert.deepEqual(
      m.inputs.map((i) => i.name),
      [NAME, 'b'],
    );
    assert.match(
      compareMarkdown(m),
      /<img src=x onerror=alert\(1\)>/,
      'Markdown export opens as an untitled document: text, not HTML',
    );
  });

  it('says the statistics are defaults when no descriptor names the file (what-if or not)', () => {
    const sql = analyzeSql(
      "CREATE TABLE a (id BIGINT) WITH ('connector' = 'upsert-kafka');\nINSERT INTO s SELECT * FROM a JOIN b ON a.id = b.id;",
    );
    for (const whatIf of [{}, { parallelism: 4 }])
      assert.match(buildCompareModel(sql, undefined, {}, 0, whatIf, 't')!.statsFrom, /documented defaults/);
  });

  it('ignores every page message that is not exactly one of its own', () => {
    const bad: unknown[] = [
      null,
      undefined,
      42,
      'ready',
      [],
      {},
      { type: 'READY' },
      { type: 'ready ' },
      { type: '__proto__' },
      { type: 'constructor' },
      { type: 'selectChain' },
      { type: 'selectChain', chain: -1 },
      { type: 'selectChain', chain: 1.5 },
      { type: 'selectChain', chain: '0' },
      { type: 'selectChain', chain: Number.NaN },
      { type: 'selectChain', chain: 1e9 },
      { type: 'whatIf' },
      { type: 'whatIf', whatIf: null },
      { type: 'whatIf', whatIf: { parallelism: 0 } },
      { type: 'whatIf', whatIf: { parallelism: Number.POSITIVE_INFINITY } },
      { type: 'whatIf', whatIf: { parallelismPerKPU: 9 } },
      { type: 'whatIf', whatIf: { region: 'us-east-1"><script>' } },
      { type: 'whatIf', whatIf: { region: 'x'.repeat(41) } },
      { type: 'whatIf', whatIf: { stateTtlDays: -1 } },
      { type: 'whatIf', whatIf: { rows: { a: -1 } } },
      { type: 'whatIf', whatIf: { rows: { a: 1e16 } } },
      { type: 'whatIf', whatIf: { rows: { ['k'.repeat(301)]: 1 } } },
      { type: 'whatIf', whatIf: { rows: { a: '5' } } },
      { type: 'run', command: 'workbench.action.terminal.new' },
      { type: 'reveal', uri: 'file:///etc/passwd' },
    ];
    for (const m of bad) {
      const r = PageMessageSchema.safeParse(m);
      // A known type with an unknown extra field (reveal + uri) is accepted without the field: the host never reads it.
      if (r.success) assert.deepEqual(Object.keys(r.data), ['type'], JSON.stringify(m));
    }
    assert.ok(bad.filter((m) => PageMessageSchema.safeParse(m).success).length === 1);
    const parsed = PageMessageSchema.parse({ type: 'whatIf', whatIf: { parallelism: 4, evil: 'x' } });
    assert.deepEqual(parsed, { type: 'whatIf', whatIf: { parallelism: 4 } }, 'unknown what-if fields are dropped');
    assert.equal(WhatIfSchema.safeParse({ rows: JSON.parse('{"__proto__": 5}') }).success, true);
    assert.equal(
      Object.getPrototypeOf(WhatIfSchema.parse({ rows: JSON.parse('{"__proto__": {"x": 1}}') }).rows ?? {}),
      Object.prototype,
    );
  });
});
