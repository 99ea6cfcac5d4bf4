// The comparison a person opens from the CodeLens: three plans side by side, the job's
// KPUs and cost under each, in the webview. Runs after editor.test.ts (same page).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { e2e, quickOpen } from './context';

describe('comparison webview (e2e)', () => {
  it('opens from the chain\u2019s CodeLens and shows the three plans with their numbers', async () => {
    const { page, screenshotsDir } = e2e();
    const lensLink = page.locator('.codelens-decoration a', { hasText: /^State / }).first();
    if (!(await lensLink.isVisible().catch(() => false))) {
      await quickOpen(page, 'enrichment.sql');
      await page.locator('.monaco-editor .view-lines').first().click();
      for (let i = 0; i < 40 && !(await lensLink.isVisible()); i++) {
        await page.keyboard.press('PageDown');
        await page.waitForTimeout(200);
      }
    }
    await lensLink.click();
    // A webview is an iframe in an iframe; the page's own document is the inner one.
    const view = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    try {
      await view.locator('h1', { hasText: 'Compare join plans' }).waitFor({ timeout: 60_000 });
      await view.locator('.plan h2').first().waitFor({ timeout: 30_000 });
    } finally {
      await page.screenshot({ path: path.join(screenshotsDir, 'webview.png') });
    }
    const plans = (await view.locator('.plan h2').allTextContents()).map((t) => t.trim());
    // sku joins form one key group and merchant_id another: the union rewrite has 2 stages.
    assert.deepEqual(plans, ['Binary joins (as written)', 'MultiJoin (Flink 2.1+)', 'DataStream union (2 stages)']);
    const totals = (await view.locator('.plan .total').allTextContents()).map((t) => t.trim());
    // Flink 1.20 (the descriptor's version) has no MultiJoin.
    assert.equal(totals[1], 'not available');
    assert.match(totals[0], /^\d+(\.\d)? GB$/);
    const table = (await view.locator('table').textContent()) ?? '';
    // Parallelism 24 / ParallelismPerKPU 1 + 1 orchestration = 25 KPU billed under every plan.
    assert.match(table, /KPU billed \(\+1 orchestration\)\s*25\s*(n\/a)?\s*25/);
    assert.match((await view.locator('.why').textContent()) ?? '', /CPU/);
    // Beside the button that generates the union rewrite: the state of its union stages, the
    // union plan's figure above, and the SQL joins'.
    assert.ok(await view.locator('#generate-rewrite').isEnabled());
    const note = (await view.locator('p.rewrite').textContent()) ?? '';
    assert.ok(note.includes(`Its union stages hold ${totals[2]} (the SQL joins ${totals[0]})`), `${note} | ${totals.join(' | ')}`);
  });
});
