// Activation cost as the real extension host sees it: loading the bundle and running
// activate(). Asserted only to exist; `npm run bench` reads the figure this test records.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, examplesDir, waitFor } from './helpers';

describe('activation', () => {
  it('records how long loading and activating took', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    await waitFor('activation', () => ext.isActive, 30_000);
    const stats = await vscode.commands.executeCommand<{ activationMs?: number }>('flinkKpu.activationStats');
    assert.ok(
      stats && typeof stats.activationMs === 'number' && Number.isFinite(stats.activationMs) && stats.activationMs > 0,
      JSON.stringify(stats),
    );
    const out = path.resolve(examplesDir(), '..', '.vscode-test');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'activation.json'), JSON.stringify(stats));
  });
});
