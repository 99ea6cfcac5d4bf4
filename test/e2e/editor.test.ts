// What a person sees in the editor: the join chain's CodeLens with its state, KPUs and monthly cost,
// and the job's KPUs in the status bar. Fails when the extension shows nothing.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { e2e, quickOpen } from './context';

describe('editor (e2e)', () => {
  it('the workbench opens the examples folder', async () => {
    const { page } = e2e();
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    await page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: 'offer-enrichment' })
      .first()
      .waitFor({ timeout: 60_000 });
  });

  it("shows the join chain's CodeLens (state, KPUs, cost) above the chain in enrichment.sql", async () => {
    const { page, screenshotsDir } = e2e();
    await quickOpen(page, 'enrichment.sql');
    const lens = page.locator('.codelens-decoration', { hasText: /State / }).first();
    try {
      // The lens sits above the chain's INSERT, further down than one screen: the editor keeps it
      // hidden until its line is in view, so page down through the file as a reader would.
      await lens.waitFor({ state: 'attached', timeout: 60_000 });
      await page.locator('.monaco-editor .view-lines').first().click();
      for (let i = 0; i < 40 && !(await lens.isVisible()); i++) {
        await page.keyboard.press('PageDown');
        await page.waitForTimeout(200);
      }
      await lens.waitFor({ state: 'visible', timeout: 10_000 });
    } finally {
      await page.screenshot({ path: path.join(screenshotsDir, 'editor.png') });
    }
    const text = ((await lens.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    assert.match(text, /^State \d[\d.,]* ?[KMGT]?i?B/, `CodeLens text: ${text}`);
    assert.match(text, /\d+ KPU/, `CodeLens text: ${text}`);
    assert.match(text, /Compare plans/, `CodeLens text: ${text}`);
  });

  it("shows the job's KPUs and monthly cost in the status bar", async () => {
    const { page } = e2e();
    const item = page.locator('.statusbar-item', { hasText: /\d+ KPU/ }).first();
    await item.waitFor({ timeout: 30_000 });
    const text = ((await item.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    assert.match(text, /^\d+ KPU · (\$[\d,.]+\/mo|no price)/, `status bar text: ${text}`);
  });
});
