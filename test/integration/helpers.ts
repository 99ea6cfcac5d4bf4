// Small helpers shared by the integration suites (bundled into each test file).
import * as path from 'node:path';
import * as vscode from 'vscode';

/** publisher.name from package.json. */
export const EXTENSION_ID = 'flink-kpu-lens.flink-kpu-lens';

/** The examples workspace: the open folder when there is one, else the repository's examples/. */
export function examplesDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder && folder.uri.scheme === 'file' && path.basename(folder.uri.fsPath) === 'examples')
    return folder.uri.fsPath;
  return path.resolve(__dirname, '..', '..', '..', 'examples');
}

/** Polls until `probe` returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
