// What the marketplace shows of the extension: its icon, keywords, changelog and walkthrough,
// each pointing at files and commands that exist.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('extension manifest', () => {
  it('has an icon (a 128×128 PNG), keywords and a changelog for this version', () => {
    const png = readFileSync(join(root, pkg.icon));
    assert.deepEqual([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.ok(pkg.keywords.includes('flink sql'));
    assert.match(
      readFileSync(join(root, 'CHANGELOG.md'), 'utf8'),
      new RegExp(`^## ${pkg.version.replace(/\./g, '\\.')}$`, 'm'),
    );
  });

  it('has a walkthrough whose steps show files that exist and run commands the extension contributes', () => {
    const commands = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
    const [walk] = pkg.contributes.walkthroughs;
    assert.deepEqual(
      walk.steps.map((s: { id: string }) => s.id),
      ['openExample', 'readLens', 'comparePlans', 'describeJob'],
    );
    for (const step of walk.steps) {
      assert.ok(existsSync(join(root, step.media.markdown)), step.media.markdown);
      for (const [, cmd] of step.description.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(commands.has(cmd), cmd);
    }
    // The example job ships with the extension (media/ is packaged).
    assert.ok(existsSync(join(root, 'media', 'walkthrough', 'example.sql')));
  });
});
