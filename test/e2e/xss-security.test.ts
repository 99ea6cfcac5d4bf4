// Webview security in the real workbench: a table named `<img src=x onerror=alert(1)>` in an
// untitled Flink SQL document (typed through the workbench, so no such file exists on disk)
// shows in the comparison as text; the page creates no img element, fires no dialog, runs under
// CSP default-src 'none' with one nonce, and has no inline event handler or remote resource.
// The file name sorts after webview.test.ts, so this runs last on the shared page.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { e2e, runCommand } from './context';

const NAME = '<img src=x onerror=alert(1)>';
const SQL = [
  `CREATE TABLE \`${NAME}\` (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');`,
  "CREATE TABLE b (id BIGINT, w STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
  "CREATE TABLE c (id BIGINT, z STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');",
  `INSERT INTO sink SELECT x.id, x.v, b.w, c.z FROM \`${NAME}\` AS x JOIN b ON b.id = x.id JOIN c ON c.id = x.id;`,
  '',
].join('\n');

describe('webview security (e2e)', () => {
  it(`shows a table named ${NAME} as text: no img element, no dialog, strict CSP with a nonce`, async () => {
    const { page, screenshotsDir } = e2e();
    const dialogs: string[] = [];
    const onDialog = (d: { message(): string; dismiss(): Promise<void> }) => {
      dialogs.push(d.message());
      void d.dismiss();
    };
    page.on('dialog', onDialog);
    try {
      await runCommand(page, 'View: Close All Editors');
      await runCommand(page, 'File: New Untitled Text File');
      await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
      await page.keyboard.insertText(SQL);
      await runCommand(page, 'Flink KPU Lens: Treat this file as Flink SQL');
      const lensLink = page
        .locator('.editor-group-container.active .codelens-decoration a', { hasText: /^State / })
        .first();
      await lensLink.waitFor({ state: 'visible', timeout: 60_000 });
      await lensLink.click();

      const view = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
      await view.locator('.plan h2').first().waitFor({ timeout: 60_000 });
      const body = (await view.locator('body').textContent()) ?? '';
      assert.ok(body.includes(NAME), `the name shows as text: ${body.slice(0, 300)}`);
      assert.equal(await view.locator('img').count(), 0, 'no img element in the page');

      const page$ = await view.locator('html').evaluate((root) => {
        const doc = root.ownerDocument;
        const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
        const scripts = [...doc.querySelectorAll('script')].map((s) => ({
          nonce: s.nonce || s.getAttribute('nonce') || '',
          src: s.getAttribute('src') ?? '',
          inline: (s.textContent ?? '').trim().length > 0,
          vscodeShim: /acquireVsCodeApi/.test(s.textContent ?? ''),
        }));
        const handlers = [...doc.querySelectorAll('*')].flatMap((el) =>
          [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}.${a.name}`),
        );
        const urls = [...doc.querySelectorAll('[src], [href]')].map(
          (el) => el.getAttribute('src') ?? el.getAttribute('href') ?? '',
        );
        return { csp, scripts, handlers, urls };
      });
      assert.match(page$.csp, /(^|;)\s*default-src 'none'\s*(;|$)/, page$.csp);
      const nonce = /script-src 'nonce-([A-Za-z0-9]+)'/.exec(page$.csp)?.[1];
      assert.ok(nonce && nonce.length >= 16, `script-src allows one nonce: ${page$.csp}`);
      assert.doesNotMatch(page$.csp, /unsafe-inline|unsafe-eval/, page$.csp);
      // Besides the nonce, only the webview's own resource origin (webview.cspSource) and data: images.
      for (const directive of page$.csp.split(';').map((d: string) => d.trim().split(/\s+/))) {
        for (const source of directive.slice(1))
          assert.match(
            source,
            /^('none'|'self'|'nonce-[A-Za-z0-9]+'|https:\/\/\*\.vscode-cdn\.net|vscode-webview-resource:|data:)$/,
            `${directive[0]} allows ${source}`,
          );
        if (directive[0] === 'script-src') assert.deepEqual(directive.slice(1), [`'nonce-${nonce}'`]);
      }
      // Our page has one script, dist/webview/compare.js with the nonce; the only other one is the
      // acquireVsCodeApi shim VS Code itself puts into every webview document.
      const ours = page$.scripts.filter((s) => !s.vscodeShim);
      assert.equal(ours.length, 1, JSON.stringify(page$.scripts));
      assert.ok(
        ours[0].nonce === nonce && !ours[0].inline && /\/dist\/webview\/compare\.js$/.test(ours[0].src),
        JSON.stringify(ours),
      );
      assert.deepEqual(page$.handlers, []);
      // Resources come only from the extension's own files through the webview resource origin:
      // the stylesheet in media/ and the bundled page script in dist/webview/.
      for (const u of page$.urls)
        assert.match(u, /\/(media\/compare\.css|dist\/webview\/compare\.js)$/, `resource ${u}`);
      await page.waitForTimeout(500);
      assert.deepEqual(dialogs, [], 'no alert or other dialog fired');
    } finally {
      await page.screenshot({ path: path.join(screenshotsDir, 'xss.png') }).catch(() => {});
      page.off('dialog', onDialog);
      // Leave no dirty untitled editor behind for anything that runs later on this page.
      await runCommand(page, 'View: Close All Editors').catch(() => {});
      const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Don.t Save/ });
      if (await dontSave.isVisible().catch(() => false)) await dontSave.click();
    }
  });
});
