// What the e2e runner (scripts/vscode-test/run-e2e.mjs) hands the tests: the workbench page it opened
// on examples/ with this extension loaded for development, and where screenshots go.
import type { Page } from 'playwright-core';

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

/** Opens a workspace file the way a person does: Quick Open (Ctrl+P), its name, Enter. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 0; attempt < 3; attempt++) {
    await page
      .locator('.monaco-workbench')
      .click({ position: { x: 700, y: 400 } })
      .catch(() => {});
    await page.keyboard.press('Control+P');
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      break;
    } catch {
      if (attempt === 2) throw new Error('Quick Open did not appear');
    }
  }
  await input.fill(fileName);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page
    .locator(`.tab.active[aria-label*="${fileName}"], .tab.active:has-text("${fileName}")`)
    .first()
    .waitFor({ timeout: 15_000 });
}
