// Webview security, host side: the page's HTML document (its CSP and its one script), and the
// zod schemas every message passes on arrival, the page's (anything else is ignored by the host)
// and the host's (the page draws nothing else). The browser test is test/e2e/xss-security.test.ts.
import { strict as assert } from 'node:assert';
import { HostMessageSchema, PageMessageSchema, panelStateOf, WhatIfSchema } from '../../../src/present/messages';
import { analyzeSql } from '../../../src/sql';
import { comparePageHtml, nonce } from '../../../src/webview/html';
import { buildCompareModel } from '../../../src/present/compare';
import { compareMarkdown } from '../../../src/present/compareMarkdown';
import { SqlSession } from '../../../src/sql/session';

const NAME = '<img src=x onerror=alert(1)>';
const SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

describe('webview security', () => {
  it('writes a document with CSP default-src \u2019none\u2019, one script that carries the nonce, and no inline script', () => {
    const html = comparePageHtml({
      cspSource: SOURCE,
      styleUri: `${SOURCE}/ext/media/compare.css`,
      scriptUri: `${SOURCE}/ext/dist/webview/compare.js`,
      nonce: 'abc123DEF456ghi789',
    });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
    assert.deepEqual(csp.split('; '), [
      "default-src 'none'",
      `style-src ${SOURCE}`,
      `img-src ${SOURCE} data:`,
      "script-src 'nonce-abc123DEF456ghi789'",
    ]);
    assert.deepEqual(html.match(/<script[^>]*>[^<]*<\/script>/g), [
      `<script nonce="abc123DEF456ghi789" src="${SOURCE}/ext/dist/webview/compare.js"></script>`,
    ]);
    assert.deepEqual(html.match(/<link[^>]*>/g), [`<link rel="stylesheet" href="${SOURCE}/ext/media/compare.css">`]);
    assert.doesNotMatch(html, / on[a-z]+=/i);
  });

  it('escapes a quote in a resource URI rather than ending the attribute', () => {
    const html = comparePageHtml({ cspSource: SOURCE, styleUri: 'a"b', scriptUri: 'c"><script>', nonce: 'n' });
    assert.match(html, /href="a&quot;b"/);
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  it('makes a fresh nonce of at least 16 letters and digits for each load', () => {
    const a = nonce();
    const b = nonce();
    assert.match(a, /^[A-Za-z0-9]{16,}$/);
    assert.notEqual(a, b);
  });

  it('keeps a table named like markup verbatim in the model (the page renders it with textContent)', () => {
    const sql = analyzeSql(
      new SqlSession(),
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
      new SqlSession(),
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

  it('the page takes a comparison the host built, as it arrives (JSON), and nothing that is not one', () => {
    const sql = analyzeSql(
      new SqlSession(),
      [
        "CREATE TABLE a (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
        "CREATE TABLE b (id BIGINT, w STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
        'INSERT INTO s SELECT a.id, a.v, b.w FROM a JOIN b ON b.id = a.id;',
      ].join('\n'),
    );
    const model = buildCompareModel(sql, undefined, {}, 0, {}, 't')!;
    const state = { uri: 'file:///w/a.sql', chain: 0, job: 0, whatIf: { parallelism: 4 } };
    const wire = (m: unknown) => JSON.parse(JSON.stringify(m));
    assert.ok(HostMessageSchema.safeParse(wire({ type: 'model', model, state })).success);
    assert.ok(
      HostMessageSchema.safeParse(wire({ type: 'error', message: 'No join chain in this file to compare.' })).success,
    );
    const bad: unknown[] = [
      { type: 'model', model, state: { ...state, chain: -1 } },
      { type: 'model', model: { ...model, plans: model.plans.slice(0, 2) }, state },
      { type: 'model', model: { ...model, chains: [] }, state },
      { type: 'model', model: { ...model, amplification: '1.5' }, state },
      { type: 'model', state },
      { type: 'error' },
      { type: 'html', html: NAME },
      null,
    ];
    for (const m of bad)
      assert.equal(HostMessageSchema.safeParse(wire(m)).success, false, JSON.stringify(m)?.slice(0, 80));
  });

  it('restores a saved page state field by field: what is not valid takes its default', () => {
    assert.deepEqual(panelStateOf(undefined), { uri: '', chain: 0, job: 0, whatIf: {} });
    assert.deepEqual(panelStateOf({ uri: 'file:///w/a.sql', chain: 2, job: 1, whatIf: { parallelism: 4 } }), {
      uri: 'file:///w/a.sql',
      chain: 2,
      job: 1,
      whatIf: { parallelism: 4 },
    });
    assert.deepEqual(panelStateOf({ uri: 7, chain: -1, job: 1.5, whatIf: { parallelism: 0 } }), {
      uri: '',
      chain: 0,
      job: 0,
      whatIf: {},
    });
  });
});
