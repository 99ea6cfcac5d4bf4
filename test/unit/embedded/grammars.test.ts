// The host-language grammars load before any test reads a program (a root hook: the unit
// tests are one bundle). Reading before a grammar has loaded is tested on its own.
import { loadHostGrammar } from '../../../src/embedded';

before(async () => {
  await Promise.all((['java', 'kotlin', 'scala', 'python'] as const).map((l) => loadHostGrammar(l)));
});
