// The host-language grammars load before any test reads a program (a root hook: the unit
// tests are one bundle), so `pending` (a program read before its grammar has loaded) is not
// seen here; a grammar that fails to load is.
import { strict as assert } from 'node:assert';
import { loadHostGrammar } from '../../../src/embedded';
import { grammars } from '../../../src/treeSitter';

before(async () => {
  await Promise.all((['java', 'kotlin', 'scala', 'python'] as const).map((l) => loadHostGrammar(l)));
});

describe('tree-sitter grammars', () => {
  it('a grammar that cannot be loaded says why, and may be tried again', async () => {
    await assert.rejects(grammars.language('tree-sitter-none.wasm', '/nonexistent'));
    assert.match(grammars.failure('tree-sitter-none.wasm') ?? '', /./);
    assert.equal(grammars.languageIfLoaded('tree-sitter-none.wasm'), undefined);
    // A second try starts afresh (and fails again here).
    const again = grammars.language('tree-sitter-none.wasm', '/nonexistent');
    assert.equal(grammars.failure('tree-sitter-none.wasm'), undefined);
    await assert.rejects(again);
  });
});
