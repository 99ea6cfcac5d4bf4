// The comparison a person opens from the CodeLens: three plans side by side, the job's
// KPUs and cost under each, in the webview. Runs after editor.test.ts (same page).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { e2e, pickTheme, quickOpen } from './context';

// Run in the comparison page (browser code, as text: the tests are compiled without the DOM's types).
/** The body's background is dark: the theme's colours have reached the page. */
const DARK_BACKGROUND = `(() => {
  const [r, g, b] = (getComputedStyle(document.body).backgroundColor.match(/\\d+/g) || ['255', '255', '255']).map(Number);
  return r + g + b < 3 * 90;
})()`;
/** The lowest WCAG contrast ratio of any text of the page against the background behind it. */
const WORST_CONTRAST = `(() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c;
    }
    return rgb(getComputedStyle(document.body).backgroundColor);
  };
  let min = { ratio: Infinity, what: '' };
  for (const el of document.querySelectorAll('h1, h2, p, li, td, th, label, .total, .bars text')) {
    if (!el.textContent.trim()) continue;
    const style = getComputedStyle(el);
    const fg = rgb(el instanceof SVGElement ? style.fill : style.color);
    const [a, b] = [lum(fg), lum(background(el))].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < min.ratio) min = { ratio, what: el.tagName + '.' + (el.getAttribute('class') || '') + ' "' + el.textContent.trim().slice(0, 30) + '"' };
  }
  return min;
})()`;

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
    assert.ok(
      note.includes(`Its union stages hold ${totals[2]} (the SQL joins ${totals[0]})`),
      `${note} | ${totals.join(' | ')}`,
    );
  });

  it('keeps a what-if input\u2019s focus and keys while the page re-renders between keystrokes', async () => {
    const { page } = e2e();
    const view = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    const app = view.locator('#app');
    const renders = async () => Number((await app.getAttribute('data-renders')) ?? '0');
    const input = view.locator('#wi-parallelism');
    // Select the figure in the page itself: Ctrl+A in a webview goes through the workbench's
    // keybindings and comes back as a "select all" that a loaded machine delivers after the
    // next key, which then replaces that key.
    await input.selectText();
    // Each key, then the re-render its what-if brings (the page counts its renders): no timing.
    for (const key of ['4', '8']) {
      const before = await renders();
      await page.keyboard.type(key);
      for (let i = 0; i < 300 && (await renders()) <= before; i++) await page.waitForTimeout(100);
      assert.ok((await renders()) > before, 'the page re-rendered after the key');
    }
    assert.equal(await input.inputValue(), '48');
    assert.equal(await input.evaluate((el) => el === el.ownerDocument.activeElement), true);
    // Parallelism 48 / ParallelismPerKPU 1 + 1 orchestration = 49 KPU billed. A render counted
    // above may be an earlier what-if's: wait for the page to show the last one.
    const billed = /KPU billed \(\+1 orchestration\)\s*49/;
    const table = async () => (await view.locator('table').textContent()) ?? '';
    for (let i = 0; i < 300 && !billed.test(await table()); i++) await page.waitForTimeout(100);
    assert.match(await table(), billed);
  });

  it('stays readable in the dark and high-contrast themes: every text at least 4.5:1 against its background', async () => {
    const { page, screenshotsDir } = e2e();
    for (const [theme, file] of [
      ['Default Dark Modern', 'webview-dark.png'],
      ['Default High Contrast', 'webview-high-contrast.png'],
    ] as const) {
      await pickTheme(page, theme);
      // The webview's document: the frame that holds the page's #app.
      let frame: Frame | undefined;
      for (let i = 0; i < 100 && !frame; i++) {
        for (const f of page.frames()) if (await f.$('#app[data-renders]').catch(() => null)) frame = f;
        if (!frame) await page.waitForTimeout(100);
      }
      assert.ok(frame, 'the comparison page is open');
      // The theme's colours reach the page as CSS variables: wait until the body's background is the theme's.
      const dark = async () => (await frame!.evaluate(DARK_BACKGROUND)) as boolean;
      for (let i = 0; i < 100 && !(await dark()); i++) await page.waitForTimeout(100);
      assert.ok(await dark(), `${theme}: the page took the theme's background`);
      const worst = (await frame.evaluate(WORST_CONTRAST)) as { ratio: number; what: string };
      await page.screenshot({ path: path.join(screenshotsDir, file) });
      assert.ok(worst.ratio >= 4.5, `${theme}: ${worst.what} has a contrast of ${worst.ratio.toFixed(2)}:1`);
    }
    // The suite's own theme again, for the tests after this one.
    await pickTheme(page, 'Default Light Modern');
  });
});
