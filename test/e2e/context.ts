// What the e2e runner (scripts/vscode-test/run-e2e.mjs) hands the tests: the workbench page it opened
// on examples/ with this extension loaded for development, and where screenshots go.
import type { Locator, Page } from 'playwright-core';

export interface E2EContext {
  page: Page;
  /** Absolute path of the open folder (examples/). */
  workspaceDir: string;
  /** Git-ignored folder for the screenshots a person can check (.vscode-test/screenshots/). */
  screenshotsDir: string;
}

export function e2e(): E2EContext {
  const ctx = (globalThis as { __flinkKpuE2E?: E2EContext }).__flinkKpuE2E;
  if (!ctx) throw new Error('run the e2e tests with scripts/vscode-test/run-e2e.mjs (npm run test:e2e)');
  return ctx;
}

/** Takes the keyboard focus out of a webview or an input: a click on the workbench (a miss is fine). */
async function clickWorkbench(page: Page, x: number, y: number): Promise<void> {
  await page
    .locator('.monaco-workbench')
    .click({ position: { x, y } })
    .catch(() => {});
}

/**
 * Opens a quick input with `keys`, types `text` and clicks the row `row` finds, as a person does.
 * On a loaded machine a focus change that lands late (a webview's, a theme's repaint) can close
 * the input between these steps: the whole sequence is then done again, up to three times.
 */
export async function pickInQuickInput(
  page: Page,
  keys: string[],
  text: string,
  row: (page: Page) => Locator,
): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  let failure: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      if (attempt > 0) {
        await page.keyboard.press('Escape');
        await clickWorkbench(page, 5, 400);
      }
      for (const key of keys) await page.keyboard.press(key);
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(text, { timeout: 10_000 });
      const target = row(page).first();
      await target.waitFor({ timeout: 15_000 });
      await target.click({ timeout: 10_000 });
      await input.waitFor({ state: 'hidden', timeout: 10_000 });
      return;
    } catch (e) {
      failure = e;
    }
  }
  throw new Error(`the quick input (${keys.join(' ')}) did not take "${text}": ${String(failure)}`);
}

/** Opens a workspace file the way a person does: Quick Open (Ctrl+P), its name, its row. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await clickWorkbench(page, 700, 400);
  await pickInQuickInput(page, ['Control+P'], fileName, (p) =>
    p.locator('.quick-input-list .monaco-list-row', { hasText: fileName }),
  );
  await page
    .locator(`.tab.active[aria-label*="${fileName}"], .tab.active:has-text("${fileName}")`)
    .first()
    .waitFor({ timeout: 15_000 });
}

/** Runs a command through the command palette (F1) by its exact title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  // The row whose label is exactly the title (fuzzy matching lists look-alikes first, such as
  // "File: Compare New Untitled Text Files").
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await pickInQuickInput(page, ['F1'], `>${title}`, (p) =>
    p.locator('.quick-input-list .monaco-list-row', { has: p.locator('.label-name', { hasText: exact }) }),
  );
}

/** Picks a colour theme (Ctrl+K Ctrl+T) by its name. */
export async function pickTheme(page: Page, theme: string): Promise<void> {
  await clickWorkbench(page, 5, 400);
  await pickInQuickInput(page, ['Control+k', 'Control+t'], theme, (p) =>
    p.locator('.quick-input-list .monaco-list-row', { hasText: theme }),
  );
}
